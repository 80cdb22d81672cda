from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password
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


class SignupForm(AllauthSignupForm):
    """allauth's signup form, answering in the same time whether or not the address has an account.

    allauth already answers both the same way (prevent enumeration); but creating an account hashes the password,
    which takes a noticeable fraction of a second, so an answer without that hash would tell that the address is
    taken. Hash it anyway.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
