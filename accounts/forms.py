from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from career_pages.models import CareerPage
from directory.geo import lookup_zip, normalize_zip

from .models import Profile, SavedItem


class ProfileForm(forms.ModelForm):
    # Up to 10 characters so "12207-1234" is accepted; five digits are stored.
    home_zip = forms.CharField(
        label=Profile._meta.get_field("home_zip").verbose_name,
        help_text=Profile._meta.get_field("home_zip").help_text,
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric", "size": 10}),
    )
    careers_of_interest = forms.ModelMultipleChoiceField(
        queryset=CareerPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Careers you are interested in"),
    )

    class Meta:
        model = Profile
        fields = ["name", "home_zip", "careers_of_interest"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["careers_of_interest"].queryset = CareerPage.objects.live().public().order_by("title")

    def clean_home_zip(self):
        value = (self.cleaned_data.get("home_zip") or "").strip()
        if not value:
            return ""
        zip_code = normalize_zip(value)
        if zip_code is None:
            raise forms.ValidationError(_("Enter a five-digit ZIP code, like 12207."))
        if lookup_zip(zip_code) is None:
            raise forms.ValidationError(
                _("We don't know the ZIP code %(zip)s. Check it and try again."), params={"zip": zip_code}
            )
        return zip_code


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To confirm it is you."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data.get("password") or ""
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class SavedItemForm(forms.ModelForm):
    class Meta:
        model = SavedItem
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}
        labels = {"note": _("Private note"), "status": _("Status")}
        help_texts = {"note": _("Only you can see it. Up to 2,000 characters.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def password_rules_html():
    """The password validators' rules as the site's list (css/accounts.css .password-rules).

    Django's field group puts it in the field's help text element and points the input's aria-describedby at it.
    """
    items = format_html_join("", "<li>{}</li>", ((text,) for text in password_validators_help_texts()))
    return format_html(
        '<span class="password-rules__intro">{}</span><ul class="password-rules">{}</ul>', _("Your password:"), items
    )


class SiteWordingMixin:
    """allauth's forms in the site's words: labels, help and autocomplete, no placeholders standing in for labels.

    `site_labels` maps a field name to its label, `site_help` to its help text; fields a form lacks are skipped.
    """

    site_labels = {
        "login": _("Email address"),
        "email": _("Email address"),
        "password": _("Password"),
        "password1": _("Password"),
        "password2": _("Password again"),
        "remember": _("Keep me signed in on this device"),
    }
    site_help = {
        "password2": _("Type the same password, to be sure it has no typo."),
    }
    # New passwords (sign-up, reset from the emailed link) show the rules they must meet.
    new_password_field = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.site_labels:
                field.label = self.site_labels[name]
            if name in self.site_help:
                field.help_text = self.site_help[name]
            field.widget.attrs.pop("placeholder", None)
        if self.new_password_field in self.fields:
            self.fields[self.new_password_field].help_text = password_rules_html()


class LoginForm(SiteWordingMixin, AllauthLoginForm):
    pass


class ResetPasswordForm(SiteWordingMixin, AllauthResetPasswordForm):
    site_help = {"email": _("The address you signed up with. We will email you a link to choose a new password.")}


class ResetPasswordKeyForm(SiteWordingMixin, AllauthResetPasswordKeyForm):
    site_labels = {**SiteWordingMixin.site_labels, "password1": _("New password"), "password2": _("New password again")}
    new_password_field = "password1"  # noqa: S105 - a field name, not a password


class SignupForm(SiteWordingMixin, AllauthSignupForm):
    """allauth's signup form, answering in the same time whether or not the address has an account.

    allauth already answers both the same way (prevent enumeration); but creating an account hashes the password,
    which takes a noticeable fraction of a second, so an answer without that hash would tell that the address is
    taken. Hash it anyway.
    """

    new_password_field = "password1"  # noqa: S105 - a field name, not a password

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
