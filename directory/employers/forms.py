"""Public forms for employers: the directory search (GET) and the submission form (POST)."""

from urllib.parse import urlsplit

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from directory import geo
from directory.employers.models import CARE_SETTING_CHOICES, EmployerSnippet, career_job_title_choices
from directory.fields import BoundedMultipleChoiceField
from directory.search_options import DEFAULT_RADIUS

HTTPS_ONLY = _("Enter the full address starting with https://, for example https://example.org.")
MAX_RADIUS = 250
SORT_CHOICES = [
    ("distance", _("Distance")),
    ("relevance", _("Best match")),
    ("name", _("Name (A–Z)")),
    ("verified", _("Recently verified")),
]


class EmployerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search employers"), max_length=200, required=False)
    setting = BoundedMultipleChoiceField(
        label=_("Care setting"), choices=CARE_SETTING_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All of New York")), *geo.REGION_CHOICES], required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    hiring = forms.BooleanField(label=_("Hiring now"), required=False)
    near = forms.CharField(
        label=_("Near ZIP code"), max_length=10, required=False, error_messages={"max_length": geo.ZIP_FORMAT_MESSAGE}
    )
    radius = forms.IntegerField(label=_("Within (miles)"), min_value=1, max_value=MAX_RADIUS, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean_job_title(self):
        return " ".join(self.cleaned_data["job_title"].split())

    def clean_near(self):
        return geo.clean_search_zip(self.cleaned_data["near"])

    def clean_radius(self):
        return self.cleaned_data["radius"] or DEFAULT_RADIUS

    def clean(self):
        cleaned = super().clean()
        sort = cleaned.get("sort")
        near, q = cleaned.get("near"), cleaned.get("q")
        if sort == "distance" and not near and "near" not in self.errors:
            if self.data.get("sort"):
                self.add_error("sort", _("Enter a ZIP code to sort by distance."))
            sort = ""
        if sort == "relevance" and not q:
            sort = ""
        cleaned["sort"] = sort or ("distance" if near else "relevance" if q else "name")
        return cleaned

    def valid_values(self):
        """The cleaned values of the fields that passed validation (bad ones are dropped, not fatal)."""
        values = {
            "q": "",
            "setting": [],
            "region": "",
            "job_title": "",
            "hiring": False,
            "near": None,
            "radius": DEFAULT_RADIUS,
            "sort": "name",
        }
        if not self.is_bound:
            return values
        self.is_valid()
        for name, value in self.cleaned_data.items():
            if name not in self.errors:
                values[name] = value
        if values["sort"] == "distance" and not values["near"]:
            values["sort"] = "relevance" if values["q"] else "name"
        return values


class TelInput(forms.TextInput):
    """type="tel": phones show the number keypad (an attrs "type" would be a second type attribute)."""

    input_type = "tel"


class HttpsURLField(forms.URLField):
    """A web address for a public listing: https only. A bare "example.org" becomes https://example.org.

    The model field still takes http (imports and editors may need it): the public form is stricter.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)

    def run_validators(self, value):
        # Not a URL at all keeps Django's own message; a URL with another scheme gets this one.
        super().run_validators(value)
        if value and urlsplit(value).scheme != "https":
            raise forms.ValidationError(HTTPS_ONLY, code="https_only")


class EmployerSubmissionForm(forms.ModelForm):
    """What an employer (or someone on its behalf) may submit; moderators review it before it goes live."""

    # Humans never see this field (hidden with CSS and aria-hidden); bots fill it in.
    website_url_confirm = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    care_settings = BoundedMultipleChoiceField(
        label=_("Care settings"), choices=CARE_SETTING_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    job_titles = BoundedMultipleChoiceField(
        label=_("Job titles you hire for"),
        choices=career_job_title_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    submitter_email = forms.EmailField(label=_("Your email"), help_text=_("We only use it to ask about this listing."))
    contact_email = forms.EmailField(
        label=_("Contact email for the listing (optional)"),
        required=False,
        help_text=_("Not shown publicly. Leave blank to use your email."),
    )

    class Meta:
        model = EmployerSnippet
        fields = [
            "name",
            "description",
            "care_settings",
            "job_titles",
            "other_job_titles",
            "hiring_now",
            "street",
            "city",
            "zip_code",
            "phone",
            "website",
            "careers_url",
            "contact_name",
            "submitter_email",
            "contact_email",
        ]
        # Every label the public form shows, so each is translated (the model's names are for the admin).
        labels = {
            "name": _("Employer name"),
            "description": _("Description"),
            "other_job_titles": _("Other job titles"),
            "hiring_now": _("We are hiring now"),
            "street": _("Street"),
            "city": _("City"),
            "zip_code": _("ZIP code"),
            "phone": _("Phone"),
            "website": _("Website"),
            "careers_url": _("Careers page URL"),
        }
        help_texts = {
            "description": _("What you do and who you serve, in a few sentences."),
            "other_job_titles": _("Any other titles you hire for, separated by commas."),
            "zip_code": _("Used to show how far you are from people searching."),
            "website": _("Starting with https://"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "phone": TelInput}
        field_classes = {"website": HttpsURLField, "careers_url": HttpsURLField}

    # The honeypot goes last, after every real field.
    field_order = [*Meta.fields, "website_url_confirm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        for name in ("name", "city", "zip_code", "description"):
            self.fields[name].widget.attrs.setdefault("required", "")
        self.fields["zip_code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel"})
        self.fields["submitter_email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["contact_name"].widget.attrs.update({"autocomplete": "name"})
        if not self.fields["job_titles"].choices:
            del self.fields["job_titles"]

    def refuse(self, message):
        """Show what was sent with one message above the form, without validating it (nothing is saved)."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_error(None, message)

    @property
    def is_spam(self):
        return bool(self.data.get("website_url_confirm", "").strip())

    def clean_zip_code(self):
        info = geo.lookup_zip(self.cleaned_data["zip_code"])
        if info is None:
            raise forms.ValidationError(_("Enter a real 5-digit US ZIP code, for example 12207."))
        return info.zip_code

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_email") and cleaned.get("submitter_email"):
            cleaned["contact_email"] = cleaned["submitter_email"]
        return cleaned
