from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index


class CareerIndexPage(Page):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["career_pages.CareerPage"]


class CareerPage(Page):
    body = StreamField([("text", blocks.RichTextBlock())], blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["career_pages.CareerIndexPage"]
    subpage_types = []
