"""Training programs: the provider snippet, the /trainings/ index page (which serves the search) and TrainingPage."""

from decimal import Decimal

from django import forms
from django.apps import apps
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from directory import geo
from directory.trainings.api_fields import ProviderField
from home.preview import HeadlessPreviewMixin
from home.seo import SeoMetadataMixin

NOT_REPORTED = "Not reported"


class Credential(models.TextChoices):
    CERTIFICATE = "certificate", "Certificate"
    ASSOCIATE = "associate", "Associate degree"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree"
    CONTINUING_EDUCATION = "continuing-education", "Professional development / continuing education"
    EXAM_PREP = "exam-prep", "Certification exam preparation"


class DeliveryFormat(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in-person", "In person"
    HYBRID = "hybrid", "Hybrid"


class Schedule(models.TextChoices):
    FULL_TIME = "full-time", "Full-time"
    PART_TIME = "part-time", "Part-time"
    SELF_PACED = "self-paced", "Self-paced"
    EVENINGS_WEEKENDS = "evenings-weekends", "Evenings/weekends"


class LengthUnit(models.TextChoices):
    HOURS = "hours", "Hours"
    WEEKS = "weeks", "Weeks"
    MONTHS = "months", "Months"


# Lengths are compared in weeks. A week of study is counted as 40 hours and a month as
# 52/12 weeks: a rough but stable rule, good enough to sort "shortest first".
HOURS_PER_WEEK = 40
WEEKS_PER_MONTH = 52 / 12


def length_in_weeks(value, unit):
    if value is None or not unit:
        return None
    if unit == LengthUnit.HOURS:
        return round(value / HOURS_PER_WEEK, 3)
    if unit == LengthUnit.MONTHS:
        return round(value * WEEKS_PER_MONTH, 3)
    return float(value)


class TrainingFacts:
    """How a training's format, cost, length and place read, for its page (TrainingPage) and its search result card
    (directory.trainings.cards.TrainingCard): both have the fields these read."""

    @property
    def is_online(self):
        return self.delivery_format == DeliveryFormat.ONLINE

    @property
    def cost_display(self):
        """ "Free", "$1,200", "$99.50" or "Not reported"."""
        if self.cost is None:
            return NOT_REPORTED
        if self.cost == 0:
            return "Free"
        if self.cost == self.cost.to_integral_value():
            return f"${self.cost:,.0f}"
        return f"${self.cost:,.2f}"

    @property
    def length_display(self):
        """ "12 weeks", "1 month" or "Not reported"."""
        if self.length_value is None or not self.length_unit:
            return NOT_REPORTED
        unit = LengthUnit(self.length_unit).label.lower() if self.length_unit in LengthUnit.values else self.length_unit
        if self.length_value == 1:
            unit = unit.removesuffix("s")
        return f"{self.length_value} {unit}"

    @property
    def location_display(self):
        """ "Albany, NY", or "Online" for an online program without a city, else "Not reported"."""
        if self.city:
            return ", ".join(part for part in [self.city, self.state] if part)
        return "Online" if self.is_online else NOT_REPORTED


@register_snippet
class TrainingProvider(index.Indexed, models.Model):
    """A school, college or agency offering training; several programs may share one."""

    name = models.CharField(max_length=255, unique=True)
    website = models.URLField(blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        db_table = "directory_trainingprovider"
        ordering = ["name"]
        verbose_name = "training provider"

    def __str__(self):
        return self.name


@register_snippet
class TrainingLanguage(models.Model):
    """A language a program is taught in (a short, curated list editors can extend)."""

    code = models.SlugField(max_length=20, unique=True, help_text="Used in search URLs, e.g. 'es'.")
    name = models.CharField(max_length=100, unique=True)

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        db_table = "directory_traininglanguage"
        ordering = ["name"]
        verbose_name = "training language"

    def __str__(self):
        return self.name


class TrainingIndexPage(SeoMetadataMixin, Page):
    """/trainings/: an editor-written intro above the training search (see directory.trainings.search)."""

    meta_description_default = (
        "Search certificate, degree and professional development trainings for health-care careers in "
        "New York State by keyword, ZIP code, cost and format."
    )

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["trainings.TrainingPage"]
    max_count = 1
    template = "trainings/training_index_page.html"

    class Meta:
        db_table = "directory_trainingindexpage"
        verbose_name = "training index page"

    def serve(self, request, *args, **kwargs):
        # Handed over by the app when it is ready (apps.py): the search imports this module, not the other way.
        return apps.get_app_config("trainings").serve_search(self, request)


class TrainingPage(HeadlessPreviewMixin, TrainingFacts, Page):
    external_id = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        help_text="Stable id from the CSV import (leave empty for programs entered by hand).",
    )
    provider = models.ForeignKey(
        TrainingProvider, null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings"
    )
    summary = models.TextField(max_length=400, blank=True, help_text="One or two sentences shown in search results.")
    description = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    credential = models.CharField(max_length=30, choices=Credential.choices, blank=True)
    delivery_format = models.CharField("format", max_length=20, choices=DeliveryFormat.choices, blank=True)
    schedule = models.CharField(max_length=30, choices=Schedule.choices, blank=True)

    street_address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True, default="NY")
    zip_code = models.CharField("ZIP code", max_length=10, blank=True)
    # Derived from zip_code on save; indexed for the bounding-box pre-filter of near searches.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)

    cost = models.DecimalField(
        "cost (US dollars)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Total tuition and fees. 0 means free; leave empty if unknown.",
    )
    cost_note = models.CharField(max_length=255, blank=True, help_text='E.g. "Financial aid available".')
    length_value = models.PositiveIntegerField("length", null=True, blank=True)
    length_unit = models.CharField(max_length=10, choices=LengthUnit.choices, blank=True)
    length_weeks = models.FloatField(null=True, blank=True, editable=False, db_index=True)

    languages = ParentalManyToManyField(TrainingLanguage, blank=True, related_name="trainings")
    related_careers = ParentalManyToManyField("career_pages.CareerPage", blank=True, related_name="trainings")

    enrollment_url = models.URLField("enrollment URL", max_length=500, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    last_verified = models.DateField(null=True, blank=True, help_text="When this information was last checked.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("provider"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("credential"), FieldPanel("delivery_format"), FieldPanel("schedule")]),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Program",
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]),
            ],
            heading="Location",
            help_text="Online programs may leave the location empty. Distance is measured from the ZIP code.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("cost"), FieldPanel("cost_note")]),
                FieldRowPanel([FieldPanel("length_value"), FieldPanel("length_unit")]),
            ],
            heading="Cost and length",
        ),
        FieldPanel("related_careers", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("enrollment_url"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                FieldPanel("last_verified"),
            ],
            heading="Enrollment and contact",
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("external_id")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        index.SearchField("description"),
        index.SearchField("city"),
        index.RelatedFields("provider", [index.SearchField("name")]),
        index.AutocompleteField("summary"),
        index.FilterField("credential"),
        index.FilterField("delivery_format"),
        index.FilterField("schedule"),
        index.FilterField("cost"),
        index.FilterField("length_weeks"),
        index.FilterField("latitude"),
        index.FilterField("longitude"),
        index.FilterField("zip_code"),
    ]
    api_fields = [
        APIField("provider", serializer=ProviderField()),
        APIField("provider_name"),
        APIField("provider_website"),
        APIField("summary"),
        APIField("description"),
        APIField("credential"),
        APIField("delivery_format"),
        APIField("schedule"),
        APIField("street_address"),
        APIField("city"),
        APIField("state"),
        APIField("zip_code"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("cost"),
        APIField("cost_note"),
        APIField("length_value"),
        APIField("length_unit"),
        APIField("language_names"),
        APIField("related_careers"),
        APIField("enrollment_url"),
        APIField("contact_phone"),
        APIField("contact_email"),
        APIField("last_verified"),
    ]
    exclude_fields_in_copy = ["external_id"]
    parent_page_types = ["trainings.TrainingIndexPage"]
    subpage_types = []
    template = "trainings/training_page.html"

    class Meta:
        db_table = "directory_trainingpage"
        verbose_name = "training"
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="directory_training_unique_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="directory_training_latlon"),
            models.Index(fields=["cost"], name="directory_training_cost"),
        ]

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        return super().save(*args, **kwargs)

    def set_derived_fields(self):
        """Coordinates from the ZIP code and the length in weeks (used for distance and sorting)."""
        info = geo.lookup_zip(self.zip_code)
        if info:
            self.zip_code = info.zip_code
            self.latitude, self.longitude = info.latitude, info.longitude
        else:
            self.latitude = self.longitude = None
        self.length_weeks = length_in_weeks(self.length_value, self.length_unit)

    # Display helpers: every field the visitor sees has a value or says "Not reported".
    @property
    def provider_name(self):
        return self.provider.name if self.provider_id else ""

    @property
    def provider_website(self):
        return self.provider.website if self.provider_id else ""

    @property
    def language_names(self):
        return [language.name for language in self.languages.all()]

    @cached_property
    def address_lines(self):
        city_state = ", ".join(part for part in [self.city, self.state] if part)
        city_line = " ".join(part for part in [city_state, self.zip_code] if part)
        return [line for line in [self.street_address, city_line] if line]

    def get_json_ld(self):
        """schema.org EducationalOccupationalProgram for the detail page."""
        data = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalProgram",
            "name": self.title,
            "url": self.full_url,
        }
        if self.summary:
            data["description"] = self.summary
        if self.provider_id:
            provider = {"@type": "EducationalOrganization", "name": self.provider.name}
            if self.provider.website:
                provider["url"] = self.provider.website
            data["provider"] = provider
        if self.credential:
            data["educationalCredentialAwarded"] = self.get_credential_display()
        if self.delivery_format:
            data["educationalProgramMode"] = {"online": "online", "in-person": "onsite", "hybrid": "blended"}[
                self.delivery_format
            ]
        if self.cost is not None:
            data["offers"] = {
                "@type": "Offer",
                "price": str(self.cost),
                "priceCurrency": "USD",
                "category": "Tuition",
            }
        if self.length_value is not None and self.length_unit:
            letter = {"hours": "H", "weeks": "W", "months": "M"}[self.length_unit]
            data["timeToComplete"] = f"PT{self.length_value}H" if letter == "H" else f"P{self.length_value}{letter}"
        if self.schedule == Schedule.EVENINGS_WEEKENDS:
            data["timeOfDay"] = "Evenings and weekends"
        if self.city or self.street_address:
            data["location"] = {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": self.street_address,
                    "addressLocality": self.city,
                    "addressRegion": self.state,
                    "postalCode": self.zip_code,
                    "addressCountry": "US",
                },
            }
        languages = self.language_names
        if languages:
            data["inLanguage"] = languages
        careers = [career.title for career in self.related_careers.all()]
        if careers:
            data["occupationalCategory"] = careers
        return data
