from django import template
from django.utils.html import format_html

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
