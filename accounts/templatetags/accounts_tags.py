from django import template
from django.urls import reverse

from accounts.saving import kind_of, saved_keys, title_of

register = template.Library()


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
        "action": reverse("accounts:unsave" if saved else "accounts:save", args=[kind, obj.pk]),
        "saved": saved,
        "signed_in": user.is_authenticated,
        "title": title_of(obj),
        "next": request.get_full_path(),
        "include_script": include_script,
    }
