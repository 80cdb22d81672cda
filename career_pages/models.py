from collections import Counter

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from career_pages.api_fields import CareerLocalPayField, RelatedTrainingsField
from career_pages.blocks import CareerBodyBlock
from home.preview import HeadlessPreviewMixin
from home.sections import content_version
from home.seo import SeoMetadataMixin, public_base_url
from occupations.models import Occupation
from occupations.pay import AREA_PARAMETER, STATEWIDE_AREA_CODE, LocalPay


class EducationLevel(models.TextChoices):
    """Typical entry education, in order: a visitor with one level can start any career at or below it."""

    NONE = "none", "No diploma"
    HIGH_SCHOOL = "high_school", "High school diploma or GED"
    CERTIFICATE = "certificate", "A certificate or training program"
    ASSOCIATE = "associate", "Associate degree"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree"
    DOCTORAL = "doctoral", "Doctoral or professional degree"


EDUCATION_ORDER = {level: position for position, level in enumerate(EducationLevel.values)}
CAREER_SORTS = {"title": "Name", "pay": "Median pay, highest first", "education": "Entry education, least first"}

# Seconds a rendered body stays cached; any publish forgets it sooner (home/sections.py, content_version).
FRAGMENT_CACHE_SECONDS = 86400


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

    def career_listing(self, education="", sort="title"):
        """(career, entry OccupationPay or None) for each career a visitor with `education` can start, sorted.

        The statewide medians of every career's entry occupation are read in one query.
        """
        careers = list(self.careers())
        if education in EDUCATION_ORDER:
            careers = [
                career
                for career in careers
                if career.entry_education and EDUCATION_ORDER[career.entry_education] <= EDUCATION_ORDER[education]
            ]
        codes = {career: career.entry_soc_code() for career in careers}
        pay = LocalPay.build([code for code in codes.values() if code], area_code=STATEWIDE_AREA_CODE)
        occupations = {occupation.soc_code: occupation for occupation in Occupation.objects.filter(
            soc_code__in=[code for code in codes.values() if code])}  # fmt: skip
        rows = []
        for career in careers:
            occupation = occupations.get(codes[career])
            figures = pay.for_occupations([occupation]) if occupation else []
            rows.append((career, figures[0] if figures else None))
        if sort == "pay":
            rows.sort(key=lambda row: -(row[1].figure("a_median").value or 0) if row[1] else 1)
        elif sort == "education":
            rows.sort(key=lambda row: EDUCATION_ORDER.get(row[0].entry_education, len(EDUCATION_ORDER)))
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        education = request.GET.get("education", "")
        sort = request.GET.get("sort", "title")
        errors = []
        if education and education not in EDUCATION_ORDER:
            errors.append("Choose your education from the list.")
            education = ""
        if sort not in CAREER_SORTS:
            errors.append("Choose an order from the list.")
            sort = "title"
        context.update(
            careers=self.careers(),
            career_rows=self.career_listing(education, sort),
            education_choices=EducationLevel.choices,
            sort_choices=list(CAREER_SORTS.items()),
            chosen_education=education,
            chosen_sort=sort,
            listing_errors=errors,
        )
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
    entry_education = models.CharField(
        max_length=20,
        blank=True,
        choices=EducationLevel.choices,
        help_text="The least education people typically start this career with (the careers list filters by it).",
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
            [
                FieldPanel("tagline"),
                FieldPanel("short_title"),
                FieldPanel("intro"),
                FieldPanel("entry_education"),
                FieldPanel("hero_image"),
            ],
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
        APIField("entry_education"),
        APIField("hero_image", serializer=ImageRenditionField("fill-1200x500")),
        APIField("hero_image_small", serializer=ImageRenditionField("fill-600x250", source="hero_image")),
        APIField("job_titles"),
        APIField("body"),
        APIField("related_trainings", serializer=RelatedTrainingsField()),
        # What BLS reports for the page's occupations in `?area=` (default New York State).
        APIField("local_pay", serializer=CareerLocalPayField()),
    ]

    parent_page_types = ["career_pages.CareerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "career page"

    # --- Rendering ----------------------------------------------------------------------------

    def fragment_cache_key(self, request):
        """The key of this page's rendered body and JSON-LD for `request`, or None when they must be rendered.

        Only for anonymous GETs of the live page without a query string: signed-in visitors see their own
        save buttons, previews show a draft, and a query string would let anyone fill the cache. The key
        holds the content version, which changes when any page, employer listing or image is saved.
        """
        user = getattr(request, "user", None)
        if (
            request is None
            or request.method != "GET"
            or request.GET
            or getattr(request, "is_preview", False)
            or user is None
            or user.is_authenticated
            or not self.live
        ):
            return None
        return f"{self.pk}:{self.latest_revision_id}:{content_version()}:{request.path}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["fragment_cache_key"] = self._fragment_cache_key = self.fragment_cache_key(request)
        # The JSON-LD (drawn in the head, before the lazy local pay) reads the same `?area=` as the body.
        self._request = request
        context["fragment_cache_seconds"] = FRAGMENT_CACHE_SECONDS
        # Lazy, so the wages are read only where they are drawn: not when the body comes from the cache.
        context["local_pay"] = SimpleLazyObject(lambda: self.local_pay(request))
        return context

    def get_json_ld_script(self, request=None):
        # The JSON-LD reads the whole body: cached with it, so a cached page decodes no StreamField.
        request = request or getattr(self, "_request", None)
        key = getattr(self, "_fragment_cache_key", None)
        if not key:
            return super().get_json_ld_script(request)
        # Its "url" holds the public host, which in development is the request's: part of the key.
        key = f"career-json-ld:{public_base_url(request)}:{key}"
        script = cache.get_or_set(
            key, lambda: super(CareerPage, self).get_json_ld_script(request), FRAGMENT_CACHE_SECONDS
        )
        return mark_safe(script)  # noqa: S308 - json_ld() escapes it

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
        """Job-title strings of the page's Definition blocks, in order, without duplicates.

        Read from the stored body: turning every block into its value would fetch the role cards' occupations
        too, a query per page wherever careers are listed.
        """
        titles = []
        for definition in self._raw_content("definition"):
            for job in definition.get("job_titles") or []:
                job = job.get("value", job) if isinstance(job, dict) and "type" in job else job
                title = str(job.get("title") or "").strip() if isinstance(job, dict) else ""
                if title and title not in titles:
                    titles.append(title)
        return titles

    def _raw_content(self, block_type):
        for section in self.body.raw_data:
            value = section.get("value") if isinstance(section, dict) else None
            for child in (value or {}).get("content") or [] if isinstance(value, dict) else []:
                if isinstance(child, dict) and child.get("type") == block_type and isinstance(child.get("value"), dict):
                    yield child["value"]

    def search_job_titles(self):
        return " ".join(self.job_titles())

    def occupations(self):
        """The SOC occupations the page's role cards and ladder steps name, in page order, without duplicates."""
        found = {}
        for facts in self.content_blocks("quick_facts"):
            for role in facts.get("roles") or []:
                for occupation in role.get("occupations") or []:
                    if occupation is not None:
                        found.setdefault(occupation.soc_code, occupation)
        for ladder in self.content_blocks("career_ladder"):
            for step in ladder.get("steps") or []:
                for occupation in step.get("occupations") or []:
                    if occupation is not None:
                        found.setdefault(occupation.soc_code, occupation)
        return list(found.values())

    def entry_soc_code(self):
        """The first SOC code the page's role cards name, read from the stored body without a query."""
        for section in self.body.raw_data:
            for child in (section.get("value") or {}).get("content") or []:
                if child.get("type") != "quick_facts":
                    continue
                for role in (child.get("value") or {}).get("roles") or []:
                    role = role.get("value", role) if isinstance(role, dict) else {}
                    for item in role.get("occupations") or []:
                        code = item.get("value") if isinstance(item, dict) else item
                        if code:
                            return str(code)
        return ""

    def soc_codes(self):
        return [occupation.soc_code for occupation in self.occupations()]

    def local_pay(self, request=None, area_code=None):
        """What BLS reports for this page's occupations: in `area_code`, else the visitor's area (cached per page)."""
        if area_code is None and request is not None:
            area_code = request.GET.get(AREA_PARAMETER)
        key = (id(request), area_code)
        cached = getattr(self, "_local_pay", None)
        if cached is None or cached[0] != key:
            self._local_pay = (key, LocalPay.build(self.soc_codes(), area_code=area_code, request=request))
        return self._local_pay[1]

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

    def get_json_ld(self, request=None):
        data = {
            "@context": "https://schema.org",
            "@type": "Occupation",
            "name": self.title,
            "description": self.get_meta_description(),
            "url": self.get_public_url(request),
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
        local_pay = self.local_pay(getattr(self, "_request", None))
        local = [item for item in local_pay.for_occupations(self.occupations()) if item.published]
        salaries += [item.as_salary_distribution() for item in local]
        if salaries:
            data["estimatedSalary"] = salaries
        codes = self.soc_codes()
        if codes:
            data["occupationalCategory"] = codes
        return data
