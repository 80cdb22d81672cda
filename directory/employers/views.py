"""Views behind `EmployerDirectoryPage`'s routes: search, detail, submission and thank-you."""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.csrf import csrf_protect

from directory.employers.forms import SORT_CHOICES, EmployerSearchForm, EmployerSubmissionForm
from directory.employers.models import (
    CARE_SETTING_LABELS,
    REGION_LABELS,
    SUBMISSION_LANGUAGE_CHOICES,
    EmployerSnippet,
    career_job_title_choices,
)
from directory.employers.search import EmployerSearch
from directory.hooks import search_data
from directory.search_options import RADIUS_CHOICES, RESULTS_PER_PAGE, FilterOption

logger = logging.getLogger(__name__)

SUBMISSIONS_PER_IP = getattr(settings, "EMPLOYER_SUBMISSIONS_PER_HOUR", 5)
RATE_LIMIT_WINDOW_SECONDS = 60 * 60
# A database connection lost part way: not a reason to keep a submission half done, but to try it again whole.
LOST_CONNECTION = (OperationalError, InterfaceError)
SEARCH_PARAMETERS = ["q", "setting", "region", "job_title", "hiring", "near", "radius", "sort"]


# -- search -------------------------------------------------------------------------------


def _query_string(values, **changes):
    params = {
        "q": values["q"],
        "setting": values["setting"],
        "region": values["region"],
        "job_title": values["job_title"],
        "hiring": "1" if values["hiring"] else "",
        "near": values["near"].zip_code if values["near"] else "",
        "radius": values["radius"] if values["near"] else "",
        "sort": values["sort"] if values["sort"] not in ("name", "relevance", "distance") else "",
    }
    params.update(changes)
    return urlencode({key: value for key, value in params.items() if value not in ("", None, [], False)}, doseq=True)


def _widen_suggestions(values):
    """Links that relax one criterion at a time, for the empty state."""
    suggestions = []
    if values["near"] and values["radius"] < 100:
        radii = [*(miles for miles, _label in RADIUS_CHOICES), 250]
        wider = next(radius for radius in radii if radius > values["radius"])
        label = gettext("Search within %(miles)d miles") % {"miles": wider}
        suggestions.append((label, _query_string(values, radius=wider)))
    if values["hiring"]:
        suggestions.append((gettext("Include employers not hiring right now"), _query_string(values, hiring="")))
    if values["setting"]:
        suggestions.append((gettext("Any care setting"), _query_string(values, setting=[])))
    if values["job_title"]:
        label = gettext("Any job title, not only “%(job_title)s”") % {"job_title": values["job_title"]}
        suggestions.append((label, _query_string(values, job_title="")))
    if values["region"]:
        suggestions.append((gettext("All of New York"), _query_string(values, region="")))
    if values["q"]:
        label = gettext("Remove the words “%(words)s”") % {"words": values["q"]}
        suggestions.append((label, _query_string(values, q="")))
    if values["near"]:
        suggestions.append((gettext("Anywhere in New York"), _query_string(values, near="", radius="")))
    return suggestions


def directory_search(request, page):
    form = EmployerSearchForm(search_data(request) or None)
    values = form.valid_values()
    search = EmployerSearch(values)
    paginator = Paginator(search.results_source(), RESULTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))  # bad or out-of-range page -> a valid one
    results = search.with_distances(page_obj.object_list)
    directory_url = page.url
    for result in results:
        result.url = f"{directory_url}{result.employer.slug}/"
    active_filters = []
    for setting in values["setting"]:
        remaining = [value for value in values["setting"] if value != setting]
        active_filters.append((CARE_SETTING_LABELS[setting], _query_string(values, setting=remaining)))
    if values["region"]:
        active_filters.append((REGION_LABELS[values["region"]], _query_string(values, region="")))
    if values["job_title"]:
        active_filters.append((values["job_title"], _query_string(values, job_title="")))
    if values["hiring"]:
        active_filters.append((gettext("Hiring now"), _query_string(values, hiring="")))
    facets = search.facets()
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "values": values,
            "results": results,
            "page_obj": page_obj,
            "paginator": paginator,
            "facets": facets,
            # In the shape of the trainings' facets, for the shared filter markup (directory/filters/).
            "setting_options": [
                FilterOption(value, label, count, value in values["setting"]) for value, label, count in facets.settings
            ],
            "hiring_option": FilterOption("1", gettext("Hiring now"), facets.hiring, bool(values["hiring"])),
            "more_results": search.more,
            "broad": search.broad,
            "text_count_cap": search.count_cap,
            "job_title_choices": career_job_title_choices(),
            "radius_choices": RADIUS_CHOICES,
            "sort_choices": [choice for choice in SORT_CHOICES if choice[0] != "distance" or values["near"]],
            "query_string": _query_string(values),
            "active_filters": active_filters,
            "widen_suggestions": _widen_suggestions(values) if not paginator.count else [],
            "has_criteria": any(request.GET.get(name) for name in SEARCH_PARAMETERS),
        }
    )
    # Same bad-input rule as the trainings search: a 200 page with the message beside the field,
    # and the rest of the search still runs. (The submission form's POST keeps its 400.)
    return TemplateResponse(request, "employers/employer_directory_page.html", context)


def employer_detail(request, page, slug):
    try:
        employer = EmployerSnippet.objects.public().select_related("logo").get(slug=slug)
    except EmployerSnippet.DoesNotExist:
        raise Http404("No such employer") from None
    context = page.get_context(request)
    context.update({"employer": employer, "directory_page": page})
    return TemplateResponse(request, "employers/employer_detail.html", context)


# -- submission ---------------------------------------------------------------------------


def client_ip(request):
    # Behind a proxy, set USE_X_FORWARDED_HOST/SECURE_PROXY_SSL_HEADER and let the proxy
    # overwrite REMOTE_ADDR; trusting X-Forwarded-For here would let anyone dodge the limit.
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_key(request):
    return f"employer-submit:{client_ip(request)}"


def rate_limited(request):
    """True once this IP has sent SUBMISSIONS_PER_IP listings within the hour (Django's cache)."""
    return (cache.get(_rate_key(request)) or 0) >= SUBMISSIONS_PER_IP


def count_submission(request):
    key = _rate_key(request)
    if not cache.add(key, 1, RATE_LIMIT_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, RATE_LIMIT_WINDOW_SECONDS)


def possible_duplicates(employer):
    return EmployerSnippet.objects.filter(name__iexact=employer.name, zip_code=employer.zip_code).exclude(
        pk=employer.pk
    )


def submission_language():
    """The language of the page the visitor submitted from ("en" or "es"): the moderators are told it."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(SUBMISSION_LANGUAGE_CHOICES) else settings.LANGUAGE_CODE


def save_submission(form):
    """Save a valid submission as a draft with a revision; returns (employer, duplicates)."""
    employer = form.save(commit=False)
    employer.live = False
    employer.submission_language = submission_language()
    duplicates = list(possible_duplicates(employer).only("pk", "name", "zip_code", "live"))
    if duplicates:
        listed = ", ".join(f"#{other.pk} {other.name} ({'live' if other.live else 'not live'})" for other in duplicates)
        employer.moderator_notes = f"Possible duplicate: same name and ZIP as {listed}."
    employer.save()
    employer.save_revision(log_action=True)
    return employer, duplicates


def start_moderation(employer):
    workflow = employer.get_workflow()
    if workflow is None:
        logger.error("No moderation workflow for employers; submission %s waits as a draft.", employer.pk)
        return None
    try:
        with transaction.atomic():
            return workflow.start(employer, user=None)
    except LOST_CONNECTION:
        raise  # the whole submission is tried again (hwcollab/middleware.py)
    except Exception:
        # The draft is saved already; moderators still find it under Employers > Draft.
        logger.exception("Could not start moderation for employer submission %s", employer.pk)
        return None


def moderator_emails():
    group = Group.objects.filter(name="Moderators").first()
    if group is None:
        return []
    return sorted({user.email for user in group.user_set.filter(is_active=True).exclude(email="") if user.email})


def email_moderators(request, employer, duplicates):
    recipients = moderator_emails()
    if not recipients:
        logger.warning("No moderator has an email address; employer submission %s not announced.", employer.pk)
        return False
    edit_url = request.build_absolute_uri(reverse("wagtailsnippets_employers_employersnippet:edit", args=[employer.pk]))
    # For the moderators, in English whatever page the visitor used (the language is said, not used).
    language = dict(SUBMISSION_LANGUAGE_CHOICES).get(employer.submission_language, "English")
    lines = [
        f"A new employer listing is waiting for review: {employer.name} ({employer.city}, {employer.zip_code}).",
        f"Language of the submission: {language}",
        "",
        f"Review it: {edit_url}",
    ]
    if duplicates:
        lines += ["", "POSSIBLE DUPLICATE: a listing with the same name and ZIP already exists:"]
        lines += [f"- #{other.pk} {other.name} ({'live' if other.live else 'not live'})" for other in duplicates]
    subject = ("[Possible duplicate] " if duplicates else "") + f"Employer listing to review: {employer.name}"
    try:
        # A savepoint: a failure to queue the message must not abort the submission's transaction.
        with transaction.atomic():
            send_mail(subject, "\n".join(lines), None, recipients)
    except LOST_CONNECTION:
        raise
    except Exception:
        # Never lose the submission over email: it is saved and in the moderators' queue.
        logger.exception("Could not email moderators about employer submission %s", employer.pk)
        return False
    return True


def email_submitter(employer):
    """A confirmation to whoever sent the listing, in the language of the form they used (the request's)."""
    if not employer.submitter_email:
        return False
    subject = gettext("We have your employer listing: %(name)s") % {"name": employer.name}
    lines = [
        gettext("Thank you for listing %(name)s on the Health Workforce Collaborative.") % {"name": employer.name},
        "",
        gettext(
            "A moderator reviews every listing before it appears, usually within five working days. "
            "If something needs changing, we email you at this address."
        ),
        "",
        gettext("Your contact details are only for our moderators and are never shown on the site."),
    ]
    try:
        with transaction.atomic():
            send_mail(subject, "\n".join(lines), None, [employer.submitter_email])
    except LOST_CONNECTION:
        raise
    except Exception:
        logger.exception("Could not email the submitter of employer submission %s", employer.pk)
        return False
    return True


def receive_submission(request, form):
    """Save a valid submission, put it into moderation, tell the moderators and confirm to the submitter, all in
    one transaction.

    Outgoing email is queued in the same database (hwcollab/mail.py), so the submission, its workflow and its
    notifications are saved together or not at all: a dropped connection leaves nothing half done, and the
    request can be tried again (hwcollab/middleware.py)."""
    with transaction.atomic():
        employer, duplicates = save_submission(form)
        start_moderation(employer)
        email_moderators(request, employer, duplicates)
        email_submitter(employer)
    return employer


RATE_LIMITED_MESSAGE = gettext_lazy(
    "You have sent several listings in the last hour. Please try again later, or email us."
)


@csrf_protect
def submit_employer(request, page):
    form = EmployerSubmissionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_spam:
            logger.info("Employer submission honeypot filled from %s; discarded.", client_ip(request))
            return HttpResponseRedirect(page.url + "submit/thanks/")
        if rate_limited(request):
            # Answered before the form is validated: a refusal costs nothing, whatever was sent.
            form.refuse(RATE_LIMITED_MESSAGE)
            status = 429
        elif form.is_valid():
            receive_submission(request, form)
            count_submission(request)
            return HttpResponseRedirect(page.url + "submit/thanks/")
        else:
            status = 400
    context = page.get_context(request)
    context.update({"form": form, "directory_page": page})
    return TemplateResponse(request, "employers/employer_submit.html", context, status=status)


def submit_thanks(request, page):
    context = page.get_context(request)
    context.update({"directory_page": page})
    return TemplateResponse(request, "employers/employer_submit_thanks.html", context)
