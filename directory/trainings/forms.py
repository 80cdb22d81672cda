"""Forms for the directory. `TrainingSearchForm` validates the /trainings/ query string."""

import re

from django import forms
from django.utils.functional import lazy
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.fields import BoundedMultipleChoiceField
from directory.search_options import DEFAULT_RADIUS, RADIUS_CHOICES
from directory.trainings.models import (
    Credential,
    DeliveryFormat,
    EntryRequirement,
    Funding,
    Schedule,
    SupportService,
)

TRAINING_QUERY_MAX_LENGTH = 200
TRAINING_QUERY_MAX_WORDS = 12
WORD_PATTERN = re.compile(r"\w+")
TRAINING_MAX_COST = 1_000_000
TRAINING_SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("distance", _("Distance")),
    ("cost", _("Lowest cost")),
    ("length", _("Shortest")),
]


# "Free or fully funded" (cost 0 or employer-paid) comes first among the funding filters.
FUNDING_FILTER_CHOICES = [("free", _("Free or fully funded")), *Funding.choices]
START_WITH_CHOICES = [
    (EntryRequirement.NONE.value, _("No diploma")),
    (EntryRequirement.HIGH_SCHOOL.value, _("A high-school diploma or GED")),
    (EntryRequirement.ASSOCIATE.value, _("An associate degree")),
    (EntryRequirement.BACHELOR.value, _("A bachelor's degree")),
    (EntryRequirement.LICENCE.value, _("An RN or other licence")),
]
STARTS_CHOICES = [("3months", _("Within 3 months"))]
STARTS_WITHIN_DAYS = 92  # "within 3 months": today and the next 92 days


def _radius_list():
    """The radius choices as a visitor reads them: "5, 10, 25, 50 or 100"."""
    *first, last = [str(radius) for radius, _label in RADIUS_CHOICES]
    return gettext("%(first)s or %(last)s") % {"first": ", ".join(first), "last": last}


def lazy_format(message, **values):
    """`message % values` when it is shown, in the language active then (values may be callables)."""
    return lazy(
        lambda: str(message) % {key: value() if callable(value) else value for key, value in values.items()}, str
    )()


MAX_COST_MESSAGE = lazy_format(_("Enter a cost up to %(amount)s."), amount=f"${TRAINING_MAX_COST:,}")


def unknown_notice(label, value):
    return gettext("Unknown %(label)s “%(value)s” ignored.") % {"label": label, "value": _shown(value)}


def _shown(value):
    """A rejected value, shortened for a notice (the template escapes it)."""
    return Truncator(str(value)).chars(40)


class LenientMultipleChoiceField(BoundedMultipleChoiceField):
    """Unknown options are dropped by the form (and reported) rather than failing the whole field."""

    def validate(self, value):
        pass


class TrainingSearchForm(forms.Form):
    """The /trainings/ search. Invalid fields get an error beside them and are left out of the
    search; unknown options are ignored and listed in `notices`. Nothing here raises."""

    q = forms.CharField(label=_("Keywords"), required=False, strip=True)
    credential = LenientMultipleChoiceField(
        label=_("Credential"), required=False, choices=Credential.choices, widget=forms.CheckboxSelectMultiple
    )
    format = LenientMultipleChoiceField(
        label=_("Format"), required=False, choices=DeliveryFormat.choices, widget=forms.CheckboxSelectMultiple
    )
    career = forms.CharField(label=_("Career"), required=False)
    language = forms.CharField(label=_("Language"), required=False)
    schedule = forms.CharField(label=_("Schedule"), required=False)
    funding = LenientMultipleChoiceField(
        label=_("Cost and funding"), required=False, choices=FUNDING_FILTER_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    start_with = forms.CharField(label=_("Programs I can start with"), required=False)
    support = LenientMultipleChoiceField(
        label=_("Support"), required=False, choices=SupportService.choices, widget=forms.CheckboxSelectMultiple
    )
    starts = forms.CharField(label=_("Starts"), required=False)
    max_cost = forms.DecimalField(
        label=_("Maximum cost (US dollars)"),
        required=False,
        min_value=0,
        max_value=TRAINING_MAX_COST,
        max_digits=9,
        decimal_places=2,
        error_messages={
            "invalid": _("Enter a cost in whole dollars, such as 500."),
            "min_value": _("The maximum cost can't be negative."),
            "max_value": MAX_COST_MESSAGE,
            "max_digits": MAX_COST_MESSAGE,
            "max_decimal_places": _("Enter a cost in dollars and cents at most."),
            "max_whole_digits": MAX_COST_MESSAGE,
        },
    )
    near = forms.CharField(label=_("Near ZIP code"), required=False, strip=True)
    radius = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        choices=RADIUS_CHOICES,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": lazy_format(_("Choose a distance of %(radii)s miles."), radii=_radius_list)},
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=TRAINING_SORT_CHOICES)
    page = forms.CharField(required=False)

    def __init__(self, data=None, *args, careers=(), languages=(), **kwargs):
        self.field_notices = {}
        if data is not None and len(data.get("q") or "") > TRAINING_QUERY_MAX_LENGTH:
            data = data.copy()
            data["q"] = data["q"][:TRAINING_QUERY_MAX_LENGTH]
            self.field_notices["q"] = gettext(
                "Keywords are limited to %(length)d characters; the rest was left out."
            ) % {"length": TRAINING_QUERY_MAX_LENGTH}
        super().__init__(data, *args, **kwargs)
        self.notices = []
        # careers: (slug, title) pairs; languages: (code, name) pairs; queried once by the caller.
        self.career_choices = list(careers)
        self.language_choices = list(languages)
        self.schedule_choices = list(Schedule.choices)

    def clean_q(self):
        # Only letters, digits and spaces reach the search engine: operators and quotes mean nothing
        # to visitors and would otherwise be parsed as full-text query syntax.
        return " ".join(WORD_PATTERN.findall(self.cleaned_data["q"])[:TRAINING_QUERY_MAX_WORDS])

    def _keep_known(self, name, label):
        values = self.cleaned_data.get(name) or []
        field = self.fields[name]
        known = [value for value in values if field.valid_value(value)]
        for value in values:
            if value not in known:
                self.notices.append(unknown_notice(label, value))
        return list(dict.fromkeys(known))

    def clean_credential(self):
        return self._keep_known("credential", _("credential"))

    def clean_format(self):
        return self._keep_known("format", _("format"))

    def clean_funding(self):
        return self._keep_known("funding", _("funding option"))

    def clean_support(self):
        return self._keep_known("support", _("support service"))

    def clean_start_with(self):
        return self._choice("start_with", START_WITH_CHOICES, _("education or licence"))

    def clean_starts(self):
        return self._choice("starts", STARTS_CHOICES, _("start date"))

    def _choice(self, name, choices, label):
        value = self.cleaned_data.get(name, "")
        if value and value not in dict(choices):
            self.notices.append(unknown_notice(label, value))
            return ""
        return value

    def clean_career(self):
        return self._choice("career", self.career_choices, _("career"))

    def clean_language(self):
        return self._choice("language", self.language_choices, _("language"))

    def clean_schedule(self):
        return self._choice("schedule", self.schedule_choices, _("schedule"))

    def clean_near(self):
        return geo.clean_search_zip(self.cleaned_data["near"])

    def clean_page(self):
        value = (self.cleaned_data.get("page") or "").strip()
        if not value:
            return 1
        if value.isdigit() and 0 < len(value) <= 6 and int(value) >= 1:
            return int(value)
        self.notices.append(gettext("“%(value)s” isn't a page number; showing page 1.") % {"value": _shown(value)})
        return 1

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == "distance" and not cleaned.get("near"):
            if "near" not in self.errors:
                self.notices.append(gettext("Sorting by distance needs a ZIP code; sorted by best match instead."))
            cleaned["sort"] = ""
        return cleaned

    def search_params(self):
        """The search to run: valid values, and defaults for fields that failed validation."""
        self.is_valid()
        data = dict(self.cleaned_data)
        query = (data.get("q") or "").strip()
        near = data.get("near")
        radius = data.get("radius") or DEFAULT_RADIUS
        sort = data.get("sort") or ("distance" if near else "relevance")
        if sort == "distance" and not near:
            sort = "relevance"
        return {
            "q": query[:TRAINING_QUERY_MAX_LENGTH],
            "credential": data.get("credential") or [],
            "format": data.get("format") or [],
            "career": data.get("career") or "",
            "language": data.get("language") or "",
            "schedule": data.get("schedule") or "",
            "max_cost": data.get("max_cost"),
            "funding": data.get("funding") or [],
            "start_with": data.get("start_with") or "",
            "support": data.get("support") or [],
            "starts": data.get("starts") or "",
            "near": near,
            "radius": radius,
            "sort": sort,
            "page": data.get("page") or 1,
        }
