from collections import Counter

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from career_pages.api_fields import RelatedTrainingsField
from career_pages.blocks import CareerBodyBlock
from home.preview import HeadlessPreviewMixin
from home.seo import SeoMetadataMixin


class CareerIndexPage(SeoMetadataMixin, Page):
    """/careers/: lists the careers below it."""

    intro = models.TextField(
        blank=True, max_length=400, help_text="A sentence or two above the list of careers.", default=""
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["career_pages.CareerPage"]
    max_count = 1

    class Meta:
        verbose_name = "careers index page"

    def careers(self):
        return CareerPage.objects.child_of(self).live().public().order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["careers"] = self.careers()
        return context


class CareerPage(HeadlessPreviewMixin, SeoMetadataMixin, Page):
    """One career, as one long scrolling page of sections."""

    tagline = models.CharField(
        max_length=80, blank=True, help_text="Small line under the title, e.g. Trainings and Resources."
    )
    short_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Other name(s) people use for this career, e.g. Care Management/Care Coordination.",
    )
    intro = models.CharField(
        max_length=250,
        default="Career information and resources",
        help_text="One line under the title; also the search description when that is empty.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture at the top of the page.",
    )
    body = StreamField(
        CareerBodyBlock(),
        blank=True,
        help_text="The sections of the page, in order. The page navigation is built from their headings.",
    )

    meta_description_fallback_fields = ("intro",)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("short_title"), FieldPanel("intro"), FieldPanel("hero_image")],
            "Top of the page",
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("short_title"),
        index.SearchField("intro"),
        index.SearchField("search_job_titles"),
        index.SearchField("body"),
    ]
    api_fields = [
        APIField("tagline"),
        APIField("short_title"),
        APIField("intro"),
        APIField("hero_image", serializer=ImageRenditionField("fill-1200x500")),
        APIField("hero_image_small", serializer=ImageRenditionField("fill-600x250", source="hero_image")),
        APIField("job_titles"),
        APIField("body"),
        APIField("related_trainings", serializer=RelatedTrainingsField()),
    ]

    parent_page_types = ["career_pages.CareerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "career page"

    # --- Reading the body ---------------------------------------------------------------------

    def sections(self):
        return [block.value for block in self.body if block.block_type == "section"]

    def content_blocks(self, block_type):
        """The values of every block of `block_type` in every section, in page order."""
        return [
            child.value
            for section in self.sections()
            for child in section.get("content") or []
            if child.block_type == block_type
        ]

    def job_titles(self) -> list[str]:
        """Job-title strings of the page's Definition blocks, in order, without duplicates."""
        titles = []
        for definition in self.content_blocks("definition"):
            for job in definition.get("job_titles") or []:
                title = (job.get("title") or "").strip()
                if title and title not in titles:
                    titles.append(title)
        return titles

    def search_job_titles(self):
        return " ".join(self.job_titles())

    def pay_roles(self):
        """Role fact cards with a valid pay range, from every Quick facts block."""
        return [
            role for facts in self.content_blocks("quick_facts") for role in facts.get("roles") or [] if role.has_pay
        ]

    # --- Validation ---------------------------------------------------------------------------

    def clean(self):
        super().clean()
        anchors = [section.anchor_id for section in self.sections()]
        errors = []
        duplicates = sorted(anchor for anchor, count in Counter(anchors).items() if count > 1)
        if duplicates:
            errors.append(
                "Two sections share the anchor " + ", ".join(f"#{anchor}" for anchor in duplicates) + ": "
                "give one of them a different heading or anchor."
            )
        for link in self._links():
            if link.get("anchor") and link["anchor"] not in anchors:
                errors.append(f"A link points to #{link['anchor']}, but no section of this page has that anchor.")
        if errors:
            raise ValidationError(errors)

    def _links(self):
        for cards in self.content_blocks("action_cards"):
            for card in cards.get("cards") or []:
                yield card.get("link") or {}
        for call_to_action in self.content_blocks("call_to_action"):
            yield call_to_action.get("link") or {}

    # --- SEO ----------------------------------------------------------------------------------

    def get_json_ld(self):
        data = {
            "@context": "https://schema.org",
            "@type": "Occupation",
            "name": self.title,
            "description": self.get_meta_description(),
            "url": self.full_url,
            "occupationLocation": [{"@type": "State", "name": "New York"}],
        }
        if self.job_titles():
            data["alternateName"] = self.job_titles()
        roles = [role for facts in self.content_blocks("quick_facts") for role in facts.get("roles") or []]
        education = [
            f"{role.get('role')}: {role['education']}" if role.get("role") else role["education"]
            for role in roles
            if role.get("education")
        ]
        if education:
            data["educationRequirements"] = education
        salaries = [
            {
                "@type": "MonetaryAmountDistribution",
                "name": role.get("role") or self.title,
                "currency": "USD",
                "duration": "PT1H" if role.get("pay_period") == "hour" else "P1Y",
                "minValue": float(role["pay_min"]),
                "maxValue": float(role["pay_max"]),
            }
            for role in roles
            if role.has_pay
        ]
        if salaries:
            data["estimatedSalary"] = salaries
        return data
