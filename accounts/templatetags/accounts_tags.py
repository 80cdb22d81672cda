from urllib.parse import quote

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from accounts.saving import kind_of, saved_keys, title_of

register = template.Library()


def _plan_url(request, name, kind, pk):
    """The save or remove URL for one item: reverse() once per page, URL name and kind, then the id put in. A page of
    search results has 20 buttons, and reverse() cost more than the rest of a button."""
    patterns = request.__dict__.setdefault("_accounts_plan_url_patterns", {})
    if (name, kind) not in patterns:
        patterns[(name, kind)] = reverse(name, args=[kind, 0]).rsplit("/0/", 1)
    head, tail = patterns[(name, kind)]
    return f"{head}/{pk}/{tail}"


# Save / remove a training or employer. Signed-out visitors get a link (no CSRF cookie, so anonymous pages stay
# cacheable): it leads through sign-in to the save confirmation for this item. Signed-in visitors get a plain POST
# form (works without JavaScript); js/save-button.js submits it in the background when it can. Built here rather
# than in a template: a page of results has 20 buttons, and a template's rendering cost more than the rest of a
# result card.
SIGNED_OUT_BUTTON = (
    '<a class="button button--secondary button--small save-button" href="{}?next={}">'
    '{}<span class="visually-hidden">: {}</span></a>'
)
SIGNED_IN_BUTTON = (
    '<form method="post" action="{action}" class="save-form" data-save-form>'
    "{csrf_input}"
    '<input type="hidden" name="next" value="{next}">'
    '<span class="save-form__state" data-save-state{state_hidden}>✓ {in_plan}</span>'
    '<button type="submit" class="button button--secondary button--small save-button"'
    ' data-label-save="{save_label}" data-label-remove="{remove_label}">'
    '<span data-save-label>{label}</span><span class="visually-hidden">: {title}</span></button>'
    '<span class="visually-hidden" role="status" data-save-status></span></form>'
)
SAVE_SCRIPT = '<link rel="stylesheet" href="{}"><script src="{}" defer></script>'


def _csrf_input(context):
    """What {% csrf_token %} renders."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - the marker {% csrf_token %} skips, not a secret
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def save_button(context, obj):
    """{% save_button training %} or {% save_button employer %}: the Save to my plan link or form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(obj, "live", False) or context.get("is_preview"):
        return ""  # no visitor to save for (e.g. an email), or a draft or an admin preview
    kind = kind_of(obj)
    title = title_of(obj)
    next_path = request.get_full_path()
    if not user.is_authenticated:
        action = _plan_url(request, "accounts:save", kind, obj.pk)
        return format_html(SIGNED_OUT_BUTTON, action, quote(next_path, safe="/"), gettext("Save to my plan"), title)
    saved = (kind, obj.pk) in saved_keys(request)
    html = format_html(
        SIGNED_IN_BUTTON,
        action=_plan_url(request, "accounts:unsave" if saved else "accounts:save", kind, obj.pk),
        csrf_input=_csrf_input(context),
        next=next_path,
        state_hidden="" if saved else " hidden",
        label=gettext("Remove from my plan") if saved else gettext("Save to my plan"),
        in_plan=gettext("In your plan"),
        save_label=gettext("Save to my plan"),
        remove_label=gettext("Remove from my plan"),
        title=title,
    )
    # The script goes out once per page, however many buttons the page has.
    if not getattr(request, "_accounts_save_script_included", False):
        request._accounts_save_script_included = True
        html += format_html(SAVE_SCRIPT, static("css/save-button.css"), static("js/save-button.js"))
    return html
