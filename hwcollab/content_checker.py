"""The editor's content checker (Wagtail's userbar "Accessibility" panel, axe-core): the rules an author can act on.

Wagtail's defaults mix in rules about the site's own markup (buttons, form inputs) that an author cannot fix. This
item runs only rules about what authors write, on the page's <main> (the header and footer are the templates'),
with messages that say what to change in the editor. docs/accessibility-checker.md explains each one.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.userbar import ContentCheckerItem

# The rule ids (axe-core's, and Wagtail's own alt-text-quality and empty-meta-description), in the order the
# guide lists them.
CONTENT_RULES = [
    "heading-order",
    "empty-heading",
    "p-as-heading",
    "link-name",
    "image-alt",
    "alt-text-quality",
    "image-redundant-alt",
    "empty-table-header",
    "th-has-data-cells",
    "td-has-header",
    "list",
    "listitem",
    "frame-title",
    "empty-meta-description",
]

CONTENT_MESSAGES = {
    "heading-order": {
        "error_name": _("A heading level is skipped"),
        "help_text": _("Use the next level down (a heading 3 under a heading 2), not a smaller-looking one."),
    },
    "empty-heading": {
        "error_name": _("A heading has no text"),
        "help_text": _("Write the heading, or remove the empty heading block or line."),
    },
    "p-as-heading": {
        "error_name": _("Bold text is used as a heading"),
        "help_text": _("Choose a heading level from the toolbar instead of making a paragraph bold."),
    },
    "link-name": {
        "error_name": _("A link has no text"),
        "help_text": _("Give the link words that say where it goes, or remove it."),
    },
    "image-alt": {
        "error_name": _("An image has no alt text"),
        "help_text": _("Describe the image in the image's alt text, or mark it as decorative."),
    },
    "alt-text-quality": {
        "error_name": _("An image's alt text looks like a file name"),
        "help_text": _("Replace it with a short description of what the image shows."),
    },
    "image-redundant-alt": {
        "error_name": _("An image's alt text repeats the text next to it"),
        "help_text": _("Describe what the image adds, or mark it as decorative."),
    },
    "empty-table-header": {
        "error_name": _("A table header cell is empty"),
        "help_text": _("Write a header for every column or row that has one."),
    },
    "th-has-data-cells": {
        "error_name": _("A table header has no cells under it"),
        "help_text": _("Remove the unused header, or fill in its column or row."),
    },
    "td-has-header": {
        "error_name": _("A large table has no header row or column"),
        "help_text": _("Turn on the table's header row (and header column if the first column names the rows)."),
    },
    "list": {
        "error_name": _("A list is not built correctly"),
        "help_text": _("Make the list again with the list button in the toolbar."),
    },
    "listitem": {
        "error_name": _("A list item is outside a list"),
        "help_text": _("Make the list again with the list button in the toolbar."),
    },
    "frame-title": {
        "error_name": _("An embedded video or map has no title"),
        "help_text": _("Use an embed the site supports, or ask a developer to add a title."),
    },
    "empty-meta-description": {
        "error_name": _("The page has no search description"),
        "help_text": _("Write one or two sentences in the Promote tab's search description."),
    },
}


class SiteContentCheckerItem(ContentCheckerItem):
    """The content checker with this site's rules and plain messages for authors."""

    # The page's own content only: the header, footer and skip link are the templates', not the author's.
    axe_include = ["main"]
    axe_run_only = CONTENT_RULES
    # Rules in runOnly are on; listed here too so the configuration says it plainly.
    axe_rules = {rule: {"enabled": True} for rule in CONTENT_RULES}
    axe_messages = CONTENT_MESSAGES


def use_site_content_checker(request, items, page):
    """construct_wagtail_userbar: put this site's checker in place of Wagtail's, keeping where it runs."""
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, SiteContentCheckerItem):
            items[index] = SiteContentCheckerItem(in_editor=item.in_editor)
