import csv

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from career_pages.models import CareerPage
from directory.trainings.compare import chosen_ids

from .forms import DeleteAccountForm, ProfileForm, SavedItemForm
from .models import ComparedTraining, Profile, SavedItem
from .saving import (
    PENDING_SAVE_SESSION_KEY,
    PlanFull,
    employer_directory_base,
    listed_object,
    public_url,
    remove_from_plan,
    save_to_plan,
    training_model,
)


def private(view):
    """Signed-in only, never cached by a browser or proxy (the pages are personal)."""
    return never_cache(login_required(view))


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request, fallback):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


# Profile and account ------------------------------------------------------------------------------


@private
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    profile = Profile.for_user(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, gettext("Your profile is saved."))
            return redirect("accounts:profile")
        return render(request, "accounts/profile_edit.html", {"form": form}, status=400)
    return render(request, "accounts/profile_edit.html", {"form": form})


@private
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    if user.is_staff or user.is_superuser:
        # Staff accounts own pages, revisions and moderation history: administrators remove them.
        return render(request, "accounts/delete_account_staff.html", status=403)
    form = DeleteAccountForm(user, request.POST or None)
    saved_count = user.saved_items.count()
    compared_count = user.compared_trainings.count()
    if request.method == "POST":
        # The password check is throttled like allauth's reauthentication (10 a minute per user).
        allowed = ratelimit.consume(request, action="reauthenticate", user=user)
        if allowed and form.is_valid():
            with transaction.atomic():
                user.delete()  # cascades to the profile, saved items, programs chosen to compare and email addresses
            logout(request)
            messages.success(request, gettext("Your account and everything saved with it have been deleted."))
            return redirect("/")
        status = 400
        if not allowed:
            form.is_valid()
            form.add_error(None, gettext("Too many attempts. Wait a minute, then try again."))
            status = 429
        return render(
            request,
            "accounts/delete_account.html",
            {"form": form, "saved_count": saved_count, "compared_count": compared_count},
            status=status,
        )
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "saved_count": saved_count, "compared_count": compared_count},
    )


# Saving and removing listings ---------------------------------------------------------------------


def _listing_or_404(kind, pk):
    obj = listed_object(kind, pk)
    if obj is None:
        raise Http404("No such training or employer.")
    return obj


def _toggle_response(request, obj, kind, saved, message):
    fallback = public_url(obj) or reverse("accounts:plan")
    if wants_json(request):
        action_name = "accounts:unsave" if saved else "accounts:save"
        return JsonResponse(
            {
                "saved": saved,
                "message": message,
                "action": reverse(action_name, args=[kind, obj.pk]),
                "plan_url": reverse("accounts:plan"),
            }
        )
    messages.success(request, message)
    return redirect(safe_next(request, fallback))


@never_cache
@require_http_methods(["GET", "POST"])
def save(request, kind, pk):
    obj = _listing_or_404(kind, pk)
    if not request.user.is_authenticated:
        if request.method == "POST":
            # Remember what they were saving; accounts.signals finishes the save when they sign in.
            request.session[PENDING_SAVE_SESSION_KEY] = {"kind": kind, "pk": obj.pk}
            return redirect_to_login(safe_next(request, public_url(obj) or "/"))
        # The signed-out Save link: after sign-in, back here to confirm the save.
        return redirect_to_login(request.get_full_path())
    if request.method == "GET":
        return render(request, "accounts/save_confirm.html", {"object": obj, "kind": kind})
    try:
        _item, created = save_to_plan(request.user, obj)
    except PlanFull:
        message = gettext("Your plan already holds %(count)d items. Remove something to save more.") % {
            "count": SavedItem.MAX_PER_USER
        }
        if wants_json(request):
            return JsonResponse({"saved": False, "message": message}, status=409)
        messages.error(request, message)
        return redirect("accounts:plan")
    if created:
        message = gettext("Saved “%(title)s” to your career plan.") % {"title": obj}
    else:
        message = gettext("“%(title)s” is already in your career plan.") % {"title": obj}
    return _toggle_response(request, obj, kind, True, message)


@never_cache
@require_POST
def unsave(request, kind, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(safe_next(request, "/"))
    obj = _listing_or_404(kind, pk)
    remove_from_plan(request.user, obj)
    message = gettext("Removed “%(title)s” from your career plan.") % {"title": obj}
    return _toggle_response(request, obj, kind, False, message)


# The plan ------------------------------------------------------------------------------------------


def _user_items(user):
    return SavedItem.objects.filter(user=user).select_related("training__provider", "employer")


@private
@require_GET
def plan(request):
    return _render_plan(request)


def _render_plan(request, invalid_item=None, invalid_form=None, status=200):
    items = list(_user_items(request.user))
    employer_base = employer_directory_base()
    compared = chosen_ids(request)
    for item in items:
        item.url = item.get_public_url(employer_base=employer_base)
        item.in_comparison = item.training_id is not None and item.training_id in compared
        item.form = (
            invalid_form
            if invalid_item and item.pk == invalid_item.pk
            else SavedItemForm(instance=item, prefix=f"item-{item.pk}")
        )
    profile = (
        Profile.objects.filter(user=request.user)
        .prefetch_related(Prefetch("careers_of_interest", queryset=CareerPage.objects.live().public()))
        .first()
    )
    context = {
        "trainings": [item for item in items if item.kind == SavedItem.Kind.TRAINING],
        "employers": [item for item in items if item.kind == SavedItem.Kind.EMPLOYER],
        "item_count": len(items),
        "compare_count": len(compared),
        "profile": profile,
    }
    return render(request, "accounts/plan.html", context, status=status)


@private
@require_POST
def item_update(request, item_id):
    item = get_object_or_404(_user_items(request.user), pk=item_id)
    form = SavedItemForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    if not form.is_valid():
        return _render_plan(request, invalid_item=item, invalid_form=form, status=400)
    form.save()
    message = gettext("Updated “%(title)s”.") % {"title": item.display_title}
    if wants_json(request):
        return JsonResponse({"message": message, "status": item.status})
    messages.success(request, message)
    return redirect(f"{reverse('accounts:plan')}#item-{item.pk}")


@private
@require_POST
def item_remove(request, item_id):
    item = get_object_or_404(SavedItem, pk=item_id, user=request.user)
    title = item.display_title
    item.delete()
    messages.success(request, gettext("Removed “%(title)s” from your career plan.") % {"title": title})
    return redirect("accounts:plan")


CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Stop spreadsheet programs from running a note or title as a formula (CSV injection)."""
    text = str(value)
    return f"'{text}" if text.startswith(CSV_FORMULA_PREFIXES) else text


@private
@require_GET
def plan_export(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="hwcollab-career-plan-{stamp}.csv"'
    response.write("\ufeff")  # byte-order mark: spreadsheet programs then read accents correctly
    writer = csv.writer(response)
    writer.writerow(
        [
            gettext("Type"),
            gettext("Name"),
            gettext("Status"),
            gettext("Private note"),
            gettext("Listed"),
            gettext("Link"),
            gettext("Saved on"),
            gettext("Updated on"),
        ]
    )
    employer_base = employer_directory_base()
    for item in _user_items(request.user).order_by("kind", "title"):
        url = item.get_public_url(employer_base=employer_base)
        writer.writerow(
            [
                item.get_kind_display(),
                csv_safe(item.display_title),
                item.get_status_display(),
                csv_safe(item.note),
                gettext("Yes") if item.is_listed else gettext("No longer listed"),
                request.build_absolute_uri(url) if url else "",
                timezone.localtime(item.created_at).date().isoformat(),
                timezone.localtime(item.updated_at).date().isoformat(),
            ]
        )
    # The programs chosen to compare are kept in the account too: the export holds everything it keeps.
    choices = list(ComparedTraining.objects.filter(user=request.user).select_related("training"))
    public = set(
        training_model()
        .objects.live()
        .public()
        .filter(pk__in=[c.training_id for c in choices])
        .values_list("pk", flat=True)
    )
    for choice in choices:
        training = choice.training
        listed = training.pk in public
        url = (training.get_url() or "") if listed else ""
        added_on = timezone.localtime(choice.added_at).date().isoformat()
        writer.writerow(
            [
                gettext("Chosen to compare"),
                csv_safe(training.title),
                "",
                "",
                "Yes" if listed else "No longer listed",
                request.build_absolute_uri(url) if url else "",
                added_on,
                added_on,
            ]
        )
    return response
