"""The program finder at /trainings/finder/: a few short questions, one per page, whose answers become an ordinary
training search URL (/trainings/?career=…&start_with=…).

A plain multi-step GET form: each step shows one question, the earlier answers travel as hidden fields, and the
buttons say where to go (next, skip, back). Nothing is stored, so it works without JavaScript or cookies and every
step's URL can be shared. A ZIP code is prefilled from the signed-in visitor's profile (the search defaults hook,
directory/hooks.py).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory import geo
from directory.hooks import SEARCH_DEFAULTS
from directory.trainings.forms import START_WITH_CHOICES
from directory.trainings.models import DeliveryFormat, Schedule, TrainingPage
from home.page_locale import in_visitor_locale


@dataclass
class Step:
    name: str  # the answer's query parameter in the finder
    question: str  # the step's h1
    hint: str
    kind: str  # "select", "radio" or "zip"


STEPS = [
    Step(
        "career", _("Which career are you interested in?"), _("Choose one, or skip if you are not sure yet."), "select"
    ),
    Step(
        "start_with", _("What education or licence do you have?"), _("We show programs you can start with it."), "radio"
    ),
    Step("time", _("How much time a week can you give?"), "", "radio"),
    Step(
        "cost", _("What can you pay?"), _("Funded programs include those a WIOA training account can pay for."), "radio"
    ),
    Step("where", _("Do you want to learn in person or online?"), "", "radio"),
    Step("near", _("What is your ZIP code?"), _("We list programs near you first, and online programs too."), "zip"),
]
STEP_NAMES = [step.name for step in STEPS]
TIME_CHOICES = [
    (Schedule.FULL_TIME.value, _("Full-time (about 40 hours a week)")),
    (Schedule.PART_TIME.value, _("Part-time (10 to 20 hours a week)")),
    (Schedule.EVENINGS_WEEKENDS.value, _("Evenings and weekends only")),
    (Schedule.SELF_PACED.value, _("Self-paced, when I can")),
]
COST_CHOICES = [("funded", _("Only free or funded programs")), ("any", _("Any cost"))]
WHERE_CHOICES = [("in-person", _("In person")), ("online", _("Online")), ("either", _("Either"))]


def careers():
    career_model = TrainingPage._meta.get_field("related_careers").related_model  # career_pages sits above
    return list(in_visitor_locale(career_model.objects.live().public()).order_by("title").values_list("slug", "title"))


def choices_for(step, career_choices):
    return {
        "career": career_choices,
        "start_with": START_WITH_CHOICES,
        "time": TIME_CHOICES,
        "cost": COST_CHOICES,
        "where": WHERE_CHOICES,
    }.get(step.name, [])


def clean_answer(step, value, career_choices):
    """(value, error): a known choice or a ZIP code we know; "" for none."""
    value = (value or "").strip()[:40]
    if not value:
        return "", ""
    if step.kind == "zip":
        info = geo.lookup_zip(value) if geo.normalize_zip(value) else None
        if info is None:
            return value, gettext("Enter a 5-digit New York ZIP code, such as 12207, or skip this question.")
        return info.zip_code, ""
    if value not in dict(choices_for(step, career_choices)):
        return "", gettext("Choose one of the options, or skip this question.")
    return value, ""


def search_query(answers):
    """The training search's query string for the finder's answers."""
    pairs = []
    if answers.get("career"):
        pairs.append(("career", answers["career"]))
    if answers.get("start_with"):
        pairs.append(("start_with", answers["start_with"]))
    if answers.get("time"):
        pairs.append(("schedule", answers["time"]))
    if answers.get("cost") == "funded":
        pairs += [("funding", "free"), ("funding", "wioa")]
    if answers.get("where") == "in-person":
        pairs += [("format", DeliveryFormat.IN_PERSON.value), ("format", DeliveryFormat.HYBRID.value)]
    elif answers.get("where") == "online":
        pairs.append(("format", DeliveryFormat.ONLINE.value))
    if answers.get("near"):
        pairs.append(("near", answers["near"]))
    return urlencode(pairs)


def profile_zip(request):
    for fn in hooks.get_hooks(SEARCH_DEFAULTS):
        values = fn(request) or {}
        if values.get("near"):
            return str(values["near"])
    return ""


def serve_finder(index_page, request):
    data = request.GET
    career_choices = careers()
    number = data.get("step", "")
    number = int(number) if number.isdigit() and 1 <= int(number) <= len(STEPS) else 1
    answers = {}
    for step in STEPS:  # the earlier answers, each checked again (they travel in the URL)
        value, error = clean_answer(step, data.get(step.name), career_choices)
        answers[step.name] = "" if error else value
    current = STEPS[number - 1]
    error = ""
    go = data.get("go", "")
    if go == "back":
        number = max(1, number - 1)
    elif go in ("next", "skip"):
        if go == "skip":
            answers[current.name] = ""
        else:
            value, error = clean_answer(current, data.get(current.name), career_choices)
            answers[current.name] = value
        if not error:
            if number == len(STEPS):
                url = index_page.get_url(request) or "/trainings/"
                query = search_query(answers)
                return HttpResponseRedirect(f"{url}?{query}" if query else url)
            number += 1
    step = STEPS[number - 1]
    if step.kind == "zip" and not answers["near"] and not error:
        answers["near"] = profile_zip(request)
    context = index_page.get_context(request)
    context.update(
        {
            "step": step,
            "number": number,
            "total": len(STEPS),
            "choices": choices_for(step, career_choices),
            "value": data.get(step.name, "") if error else answers.get(step.name, ""),
            "error": error,
            "hidden": [(name, value) for name, value in answers.items() if value and name != step.name],
            "results_query": search_query(answers),
            "finder_url": (index_page.get_url(request) or "/trainings/") + index_page.reverse_subpage("finder"),
        }
    )
    response = TemplateResponse(request, "trainings/training_finder.html", context)
    response["Cache-Control"] = "private, max-age=0" if request.user.is_authenticated else "public, max-age=60"
    return response
