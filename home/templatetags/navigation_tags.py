from django import template
from django.utils.html import format_html
from django.utils.text import slugify

from home.footer import footer_for_request
from home.sections import section_url as _section_url

register = template.Library()


@register.simple_tag
def section_url(section):
    """{% section_url "trainings" %}: where that section lives now (home/sections.py)."""
    return _section_url(section)


@register.simple_tag(takes_context=True)
def nav_current(context, url):
    """aria-current for a header link: "page" on the section's own page, "true" inside it."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if path == url:
        return format_html(' aria-current="{}"', "page")
    if url != "/" and path.startswith(url):
        return format_html(' aria-current="{}"', "true")
    return ""


@register.simple_tag(takes_context=True)
def site_footer(context):
    """{% site_footer as footer %}: the footer's links and funder line (home/footer.py)."""
    return footer_for_request(context.get("request"))


@register.filter
def anchor_slug(text):
    """An id for a heading, so a footer or a message can link to that part of the page."""
    return slugify(text or "") or "section"
