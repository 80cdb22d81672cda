from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import HomeCardBlock, InformationBodyBlock
from home.seo import SeoMetadataMixin
from home.translation import TranslationFallbackMixin


class HomePage(TranslationFallbackMixin, SeoMetadataMixin, Page):
    """The site root: a hero, an introduction and cards to careers, trainings and employers."""

    hero_heading = models.CharField(
        max_length=120, help_text="The page's main heading, e.g. Find your way into a health-care career."
    )
    hero_text = models.TextField(blank=True, max_length=300, help_text="One or two sentences under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=(
            "A picture beside the heading (cropped to 3:2 around the image's focal point). Give the image "
            "alt text in the image library if it shows something the text does not say."
        ),
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], help_text="A short welcome.")
    cards = StreamField(
        [("card", HomeCardBlock())],
        blank=True,
        max_num=6,
        help_text="Cards to the main parts of the site: careers, trainings, employers.",
    )

    meta_description_fallback_fields = ("hero_text", "intro")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("hero_image")], "Hero"),
        FieldPanel("intro"),
        FieldPanel("cards"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_heading"), index.SearchField("intro")]
    api_fields = [
        APIField("hero_heading"),
        APIField("hero_text"),
        APIField("hero_image", serializer=ImageRenditionField("fill-1200x800")),
        APIField("intro"),
        APIField("cards"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["career_pages.CareerIndexPage", "home.InformationPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class InformationPage(SeoMetadataMixin, Page):
    """About, Contact, Privacy, Accessibility statement, Terms: plain pages editors own.

    Those with "Show in menus" ticked (promote tab) are linked from every page's footer, in the order of
    the page tree (home/footer.py).
    """

    intro = models.TextField(blank=True, max_length=300, help_text="One or two sentences under the title.")
    body = StreamField(InformationBodyBlock(), blank=True, help_text="Headings, text, lists of terms, contact details.")
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the content was last checked to be true; shown under the title."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body"), FieldPanel("last_reviewed")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body"), APIField("last_reviewed")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    # Linked from the footer unless the editor unticks "Show in menus".
    show_in_menus_default = True

    class Meta:
        verbose_name = "information page"


@register_setting(icon="site")
class SiteIdentitySettings(BaseSiteSetting):
    """What every page's footer says about who runs and funds the site."""

    funder_acknowledgement = models.TextField(
        blank=True,
        max_length=400,
        help_text=(
            "Shown in every page's footer, e.g. the funder's required acknowledgement line. "
            "Plain text; leave empty to show none."
        ),
    )

    panels = [FieldPanel("funder_acknowledgement")]

    class Meta:
        verbose_name = "site identity"
