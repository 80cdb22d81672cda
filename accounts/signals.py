"""Finish a save that a signed-out visitor started, as soon as they sign in (or confirm their email)."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext

from .comparing import merge_session_choices
from .saving import PENDING_SAVE_SESSION_KEY, PlanFull, listed_object, save_to_plan


@receiver(user_logged_in, dispatch_uid="accounts_complete_pending_save")
def complete_pending_save(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    pending = request.session.pop(PENDING_SAVE_SESSION_KEY, None)
    if not isinstance(pending, dict):
        return
    obj = listed_object(pending.get("kind"), pending.get("pk"))
    if obj is None:
        return
    try:
        _item, created = save_to_plan(user, obj)
    except PlanFull:
        messages.error(request, gettext("Your plan is full. Remove something to save more."))
        return
    if created:
        messages.success(request, gettext("Saved “%(title)s” to your career plan.") % {"title": obj})


@receiver(user_logged_in, dispatch_uid="accounts_merge_compare_choices")
def merge_compare_choices(sender, request, user, **kwargs):
    """The programs chosen to compare before signing in join those kept in the account."""
    if request is None or not hasattr(request, "session"):
        return
    merge_session_choices(request, user)
