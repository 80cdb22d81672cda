from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import HomeCardBlock
from home.seo import SeoMetadataMixin


class HomePage(SeoMetadataMixin, Page):
    """The site root: a hero, an introduction and cards to careers, trainings and employers."""

    hero_heading = models.CharField(
        max_length=120, help_text="The page's main heading, e.g. Find your way into a health-care career."
    )
    hero_text = models.TextField(blank=True, max_length=300, help_text="One or two sentences under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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
    api_fields = [APIField("hero_heading"), APIField("hero_text"), APIField("intro"), APIField("cards")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["career_pages.CareerIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"
