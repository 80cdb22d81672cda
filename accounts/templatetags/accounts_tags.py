from django import template
from django.urls import reverse

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


@register.inclusion_tag("accounts/includes/save_button.html", takes_context=True)
def save_button(context, obj):
    """{% save_button training %} or {% save_button employer %}: the Save to my plan form."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(obj, "live", False) or context.get("is_preview"):
        return {"show": False}  # no visitor to save for (e.g. an email), or a draft or an admin preview
    kind = kind_of(obj)
    saved = (kind, obj.pk) in saved_keys(request)
    # The script tag goes out once per page, however many buttons the page has.
    include_script = not getattr(request, "_accounts_save_script_included", False)
    request._accounts_save_script_included = True
    return {
        "show": True,
        "action": _plan_url(request, "accounts:unsave" if saved else "accounts:save", kind, obj.pk),
        "saved": saved,
        "signed_in": user.is_authenticated,
        "title": title_of(obj),
        "next": request.get_full_path(),
        "include_script": include_script,
    }
