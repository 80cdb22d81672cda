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


# --- Information pages (About, Contact, Privacy, Accessibility, Terms) ---------------------------


class InformationHeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=100, help_text="A heading that starts a part of the page, e.g. Cookies.")

    class Meta:
        icon = "title"
        label = "Heading"
        template = "home/blocks/information_heading.html"
        help_text = "A second-level heading; the page title is the only first-level one."
        preview_value = {"text": "What we store"}


class DefinitionItemBlock(blocks.StructBlock):
    term = blocks.CharBlock(max_length=120, help_text="What is described, e.g. the cookie's name.")
    description = blocks.TextBlock(max_length=600, help_text="What it is for, and for how long it is kept.")

    class Meta:
        icon = "list-ul"
        label = "Item"
        template = "home/blocks/definition_item.html"
        help_text = "One term and what it means."
        preview_value = {"term": "sessionid", "description": "Keeps you signed in. Deleted when you sign out."}


class DefinitionListBlock(blocks.StructBlock):
    items = blocks.ListBlock(DefinitionItemBlock(), min_num=1, max_num=30)

    class Meta:
        icon = "list-ul"
        label = "List of terms"
        template = "home/blocks/definition_list.html"
        help_text = "Terms with what each means, e.g. the cookies the site sets and how long each lasts."
        preview_value = {
            "items": [
                {"term": "sessionid", "description": "Keeps you signed in. Deleted when you sign out."},
                {"term": "csrftoken", "description": "Protects forms against forgery. Lasts one year."},
            ]
        }

    def clean(self, value):
        value = super().clean(value)
        terms = [item["term"].strip().lower() for item in value["items"]]
        duplicates = sorted({term for term in terms if terms.count(term) > 1})
        if duplicates:
            raise StructBlockValidationError(
                non_block_errors=[ValidationError("Each term once: " + ", ".join(duplicates) + " appears twice.")]
            )
        return value


class ContactDetailsBlock(blocks.StructBlock):
    email = blocks.EmailBlock(required=False, help_text="An address people may write to.")
    phone = blocks.CharBlock(required=False, max_length=40, help_text="A phone number, e.g. (518) 555-0100.")
    postal_address = blocks.TextBlock(required=False, max_length=300, help_text="A postal address, one line each.")

    class Meta:
        icon = "mail"
        label = "Contact details"
        template = "home/blocks/contact_details.html"
        help_text = "How to reach the team: fill in at least one of email, phone or postal address."
        preview_value = {"email": "hello@hwcollab.org", "phone": "(518) 555-0100"}

    def clean(self, value):
        value = super().clean(value)
        if not any(value.get(name) for name in ("email", "phone", "postal_address")):
            raise StructBlockValidationError(
                non_block_errors=[ValidationError("Fill in at least one of email, phone or postal address.")]
            )
        return value


class InformationBodyBlock(blocks.StreamBlock):
    """What an About, Contact, Privacy, Accessibility or Terms page is made of: plain text, no layout."""

    heading = InformationHeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        label="Text",
        help_text="Paragraphs and lists. Use a Heading block for headings.",
        template="home/blocks/information_text.html",
    )
    definitions = DefinitionListBlock()
    contact = ContactDetailsBlock()

    class Meta:
        block_counts = {"contact": {"max_num": 3}}
