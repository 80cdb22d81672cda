"""Blocks of the home page, and the link block every page's blocks share."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

ANCHOR_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def validate_anchor(value):
    if value and not ANCHOR_RE.match(value):
        raise ValidationError("Use lowercase letters, digits and hyphens only, e.g. get-trained.")


# --- Links --------------------------------------------------------------------------------------


class LinkValue(blocks.StructValue):
    @property
    def kind(self):
        for kind in ("page", "anchor", "email", "url"):
            if self.get(kind):
                return kind
        return ""

    @property
    def href(self):
        kind = self.kind
        if kind == "page":
            return self["page"].url or ""
        if kind == "anchor":
            return f"#{self['anchor']}"
        if kind == "email":
            return f"mailto:{self['email']}"
        if kind == "url":
            return self["url"]
        return ""


class LinkBlock(blocks.StructBlock):
    """One target: a page of this site, a section of the current page, an email address or a URL."""

    page = blocks.PageChooserBlock(required=False, help_text="A page of this site.")
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        validators=[validate_anchor],
        help_text="Or a section of this page: its anchor, e.g. get-trained.",
    )
    email = blocks.EmailBlock(required=False, help_text="Or an email address.")
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        help_text="Or a URL: https://… for another site, or a path of this site such as /trainings/.",
    )

    class Meta:
        icon = "link"
        label = "Link"
        value_class = LinkValue
        form_classname = "link-block"
        help_text = "Fill in exactly one of page, anchor, email or URL."

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in ("page", "anchor", "email", "url") if value.get(name)]
        if len(chosen) != 1:
            message = "Choose a target." if not chosen else "Choose only one target: " + ", ".join(chosen) + "."
            raise StructBlockValidationError(non_block_errors=[ValidationError(message)])
        url = value.get("url")
        if url and not (url.startswith("/") and not url.startswith("//")):
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError as error:
                raise StructBlockValidationError(
                    block_errors={"url": ValidationError("Enter a full URL (https://…) or a path starting with /.")}
                ) from error
        return value

    def get_api_representation(self, value, context=None):
        if not value:
            return None
        page = value.get("page")
        return {
            "type": value.kind or None,
            "url": value.href or None,
            "page": {"id": page.pk, "title": page.title} if page else None,
        }


class HomeCardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=60, help_text="Where the card goes, e.g. Explore careers.")
    text = blocks.CharBlock(required=False, max_length=200, help_text="One sentence about what the visitor finds.")
    image = ImageBlock(required=False, help_text="Optional picture at the top of the card.")
    link = LinkBlock()

    class Meta:
        icon = "pick"
        label = "Card"
        template = "home/blocks/home_card.html"
        help_text = "A card on the home page that leads to careers, trainings or employers."
        preview_value = {
            "heading": "Explore careers",
            "text": "See what health-care jobs involve, what they pay and how to get in.",
            "link": {"url": "/careers/"},
        }
