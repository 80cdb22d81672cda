"""Training programs: the provider snippet, the /trainings/ index page (which serves the search) and TrainingPage."""

from decimal import Decimal

from django import forms
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import dateformat
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from directory import geo
from directory.fields import ChoiceListField
from directory.trainings.api_fields import ProviderField, StringListField
from home.preview import HeadlessPreviewMixin
from home.seo import SeoMetadataMixin, page_public_url

NOT_REPORTED = _("Not reported")


# The fact groups and labels the code recognises (in the active language, as the page shows them).
AT_A_GLANCE = _("At a glance")
COST_AND_FUNDING = _("Cost and funding")
OUTCOMES = _("Outcomes")
LOCATION = _("Location")
PERIOD = _("Period")
SOURCE = _("Source")


class Credential(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    CONTINUING_EDUCATION = "continuing-education", _("Professional development / continuing education")
    EXAM_PREP = "exam-prep", _("Certification exam preparation")
    APPRENTICESHIP = "apprenticeship", _("Registered apprenticeship")


class DeliveryFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in-person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class Schedule(models.TextChoices):
    FULL_TIME = "full-time", _("Full-time")
    PART_TIME = "part-time", _("Part-time")
    SELF_PACED = "self-paced", _("Self-paced")
    EVENINGS_WEEKENDS = "evenings-weekends", _("Evenings/weekends")


class Funding(models.TextChoices):
    WIOA = "wioa", _("WIOA-eligible (on the ETPL)")
    FINANCIAL_AID = "financial-aid", _("Financial aid")
    EMPLOYER_PAID = "employer-paid", _("Employer-paid")
    APPRENTICESHIP = "apprenticeship", _("Earn while you learn (apprenticeship)")


class EntryRequirement(models.TextChoices):
    """The least a visitor needs to start, lowest first: "programs I can start with X" are those at or below X."""

    NONE = "none", _("No diploma needed")
    HIGH_SCHOOL = "high-school", _("High-school diploma or GED")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    LICENCE = "licence", _("RN or other licence")


ENTRY_LADDER = [value for value, _label in EntryRequirement.choices]


def entry_requirements_up_to(level):
    """The entry requirements a visitor who has `level` meets (the ladder up to it)."""
    return ENTRY_LADDER[: ENTRY_LADDER.index(level) + 1] if level in ENTRY_LADDER else []


class SupportService(models.TextChoices):
    CHILDCARE = "childcare", _("Childcare")
    TRANSIT = "transit", _("Reachable by public transit")
    WHEELCHAIR = "wheelchair", _("Wheelchair accessible")
    JOB_PLACEMENT = "job-placement", _("Job placement help")
    EVENING_WEEKEND = "evening-weekend", _("Evening and weekend classes")


# The bits of a training's `facet_bits` (derived on save): what the training search filters and counts the ways to
# pay and the support services by, an integer test per training rather than a text search. A new option needs a
# bit of its own here (tests/directory/trainings/test_facts.py checks that every option has one) and a data
# migration that sets it on the trainings saved before.
FULLY_FUNDED_BIT = 1
FUNDING_BITS = {
    Funding.WIOA: 1 << 1,
    Funding.FINANCIAL_AID: 1 << 2,
    Funding.EMPLOYER_PAID: 1 << 3,
    Funding.APPRENTICESHIP: 1 << 4,
}
SUPPORT_BITS = {
    SupportService.CHILDCARE: 1 << 8,
    SupportService.TRANSIT: 1 << 9,
    SupportService.WHEELCHAIR: 1 << 10,
    SupportService.JOB_PLACEMENT: 1 << 11,
    SupportService.EVENING_WEEKEND: 1 << 12,
}


# The single-valued facets in a training's `facet_code` (derived on save): each field's code (1, 2, …; 0 when
# empty) in the 4 bits from its shift, so that the training search counts these facets' options over the results
# grouped by one integer rather than testing every option on every training. A new option needs a code of its own
# here (tests/directory/trainings/test_facts.py checks that every option has one) and a data migration that sets it
# on the trainings saved before.
FACET_CODE_BITS = 4
FACET_CODES = {
    "credential": (
        0,
        {
            Credential.CERTIFICATE: 1,
            Credential.ASSOCIATE: 2,
            Credential.BACHELOR: 3,
            Credential.MASTER: 4,
            Credential.CONTINUING_EDUCATION: 5,
            Credential.EXAM_PREP: 6,
            Credential.APPRENTICESHIP: 7,
        },
    ),
    "delivery_format": (4, {DeliveryFormat.ONLINE: 1, DeliveryFormat.IN_PERSON: 2, DeliveryFormat.HYBRID: 3}),
    "schedule": (
        8,
        {Schedule.FULL_TIME: 1, Schedule.PART_TIME: 2, Schedule.SELF_PACED: 3, Schedule.EVENINGS_WEEKENDS: 4},
    ),
    "entry_requirement": (
        12,
        {
            EntryRequirement.NONE: 1,
            EntryRequirement.HIGH_SCHOOL: 2,
            EntryRequirement.ASSOCIATE: 3,
            EntryRequirement.BACHELOR: 4,
            EntryRequirement.LICENCE: 5,
        },
    ),
}


def facet_code(values):
    """The `facet_code` of a training whose fields have `values` (a mapping of the FACET_CODES fields)."""
    code = 0
    for field, (shift, codes) in FACET_CODES.items():
        code |= codes.get(values[field], 0) << shift
    return code


def bits_of(bits, values):
    """The bits (a mapping of value → bit) of `values` together; a value without a bit adds none."""
    mask = 0
    for value in values:
        mask |= bits.get(value, 0)
    return mask


def facet_bits(fully_funded, funding, support_services):
    """The `facet_bits` of a training with these values (the lists as stored or as lists)."""
    bits = FULLY_FUNDED_BIT if fully_funded else 0
    return (
        bits
        | bits_of(FUNDING_BITS, ChoiceListField.to_list(funding))
        | bits_of(SUPPORT_BITS, ChoiceListField.to_list(support_services))
    )


class EarningsPeriod(models.TextChoices):
    QUARTERLY = "quarterly", _("a quarter")
    ANNUAL = "annual", _("a year")


# Itemised costs; when any is given, `cost` (the total the search filters and sorts by) is their sum.
COST_ITEMS = [
    ("tuition", _("Tuition")),
    ("fees", _("Fees")),
    ("books_supplies", _("Books and supplies")),
    ("exam_fees", _("Exam or licence fees")),
]


def _money(value):
    if value == value.to_integral_value():
        return f"${value:,.0f}"
    return f"${value:,.2f}"


class LengthUnit(models.TextChoices):
    HOURS = "hours", _("Hours")
    WEEKS = "weeks", _("Weeks")
    MONTHS = "months", _("Months")


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
            return gettext("Free")
        if self.cost == self.cost.to_integral_value():
            return f"${self.cost:,.0f}"
        return f"${self.cost:,.2f}"

    @property
    def length_display(self):
        """ "12 weeks", "1 month" or "Not reported"."""
        if self.length_value is None or not self.length_unit:
            return NOT_REPORTED
        n = self.length_value
        if self.length_unit == LengthUnit.HOURS:
            return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": n}
        if self.length_unit == LengthUnit.WEEKS:
            return ngettext("%(count)s week", "%(count)s weeks", n) % {"count": n}
        if self.length_unit == LengthUnit.MONTHS:
            return ngettext("%(count)s month", "%(count)s months", n) % {"count": n}
        return f"{n} {self.length_unit}"

    @property
    def location_display(self):
        """ "Albany, NY", or "Online" for an online program without a city, else "Not reported"."""
        if self.city:
            return ", ".join(part for part in [self.city, self.state] if part)
        return gettext("Online") if self.is_online else NOT_REPORTED

    @property
    def funding_labels(self):
        """ "Free" (cost 0) first, then the funding the program accepts, as the visitor reads them."""
        labels = [gettext("Free")] if self.cost is not None and self.cost == 0 else []
        known = dict(Funding.choices)
        return labels + [str(known[value]) for value in ChoiceListField.to_list(self.funding) if value in known]

    @property
    def support_labels(self):
        known = dict(SupportService.choices)
        return [str(known[value]) for value in ChoiceListField.to_list(self.support_services) if value in known]

    @property
    def entry_label(self):
        return dict(EntryRequirement.choices).get(self.entry_requirement, "")

    @property
    def starts_with_label(self):
        """ "Starts with a GED"-style wording of the entry requirement, for a result's "why it matches" line."""
        return {
            EntryRequirement.NONE: gettext("No diploma needed"),
            EntryRequirement.HIGH_SCHOOL: gettext("Starts with a diploma or GED"),
            EntryRequirement.ASSOCIATE: gettext("Starts with an associate degree"),
            EntryRequirement.BACHELOR: gettext("Starts with a bachelor's degree"),
            EntryRequirement.LICENCE: gettext("Starts with a licence"),
        }.get(self.entry_requirement, "")


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


class TrainingIndexPage(SeoMetadataMixin, RoutablePageMixin, Page):
    """/trainings/: an editor-written intro above the training search (see directory.trainings.search), and the
    program finder at /trainings/finder/ (directory.trainings.finder)."""

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

    # Handed over by the app when it is ready (apps.py): the search and the finder import this module, not the
    # other way.
    @path("")
    def search(self, request):
        return apps.get_app_config("trainings").serve_search(self, request)

    @path("finder/")
    def finder(self, request):
        return apps.get_app_config("trainings").serve_finder(self, request)

    @path("compare/")
    def compare(self, request):
        return apps.get_app_config("trainings").serve_compare(self, request)


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
        help_text="Total tuition and fees. 0 means free; leave empty if unknown. When any itemised cost below is "
        "given, the total is their sum.",
    )
    tuition = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    fees = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Registration, lab and other fees.",
    )
    books_supplies = models.DecimalField(
        "books and supplies",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Books, uniforms, equipment.",
    )
    exam_fees = models.DecimalField(
        "exam or licence fees",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Certification exam and licence application fees.",
    )
    funding = ChoiceListField(
        choice_list=Funding.choices,
        help_text="Ways to pay the program accepts. WIOA-eligible: on New York's Eligible Training Provider List, "
        "so a WIOA Individual Training Account can pay for it.",
    )
    # Derived on save (cost 0 or employer-paid): the "Free or fully funded" filter.
    fully_funded = models.BooleanField(default=False, editable=False)
    # Derived on save: fully funded, the ways to pay and the support services as bits (FUNDING_BITS, SUPPORT_BITS).
    facet_bits = models.PositiveIntegerField(default=0, editable=False)
    # Derived on save: the credential, format, schedule and entry requirement as small numbers (FACET_CODES).
    facet_code = models.PositiveIntegerField(default=0, editable=False)
    entry_requirement = models.CharField(
        "minimum education or licence",
        max_length=20,
        choices=EntryRequirement.choices,
        blank=True,
        help_text="The least a student needs to start. Leave empty if unknown.",
    )
    prerequisites = models.TextField(
        max_length=1000, blank=True, help_text="Other requirements, e.g. a background check, vaccinations, a test."
    )
    next_start = models.DateField(
        "next start date", null=True, blank=True, db_index=True, help_text="The next date a class starts."
    )
    support_services = ChoiceListField(
        choice_list=SupportService.choices, verbose_name="support services", help_text="Every support offered."
    )

    employment_rate_q2 = models.PositiveSmallIntegerField(
        "employed 2 quarters after exit (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Percent of completers employed in the second quarter after exit. Leave empty if not reported.",
    )
    employment_rate_q4 = models.PositiveSmallIntegerField(
        "employed 4 quarters after exit (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Percent of completers employed in the fourth quarter after exit.",
    )
    median_earnings = models.DecimalField(
        "median earnings (US dollars)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="Median earnings of employed completers, for the period chosen beside it.",
    )
    median_earnings_period = models.CharField("earnings per", max_length=10, choices=EarningsPeriod.choices, blank=True)
    completers = models.PositiveIntegerField(null=True, blank=True, help_text="Number of people who completed.")
    outcomes_period = models.CharField(
        max_length=100, blank=True, help_text='Whom the figures cover, e.g. "Exited July 2022 to June 2023".'
    )
    outcomes_source = models.CharField(
        max_length=255, blank=True, help_text='Where the figures come from, e.g. "NYS DOL ETPL outcomes file".'
    )
    outcomes_are_demo = models.BooleanField(
        "outcomes are demo data",
        default=False,
        help_text="Tick for made-up figures (demo content): the page then says they are not real.",
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
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(name) for name, _label in COST_ITEMS]),
                FieldPanel("funding"),
            ],
            heading="Itemised costs and funding",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("entry_requirement"), FieldPanel("next_start")]),
                FieldPanel("prerequisites"),
                FieldPanel("support_services"),
            ],
            heading="Starting and support",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("employment_rate_q2"), FieldPanel("employment_rate_q4")]),
                FieldRowPanel(
                    [FieldPanel("median_earnings"), FieldPanel("median_earnings_period"), FieldPanel("completers")]
                ),
                FieldRowPanel([FieldPanel("outcomes_period"), FieldPanel("outcomes_source")]),
                FieldPanel("outcomes_are_demo"),
            ],
            heading="Outcomes",
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
        index.FilterField("entry_requirement"),
        index.FilterField("next_start"),
        index.FilterField("fully_funded"),
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
        APIField("tuition"),
        APIField("fees"),
        APIField("books_supplies"),
        APIField("exam_fees"),
        APIField("funding", serializer=StringListField()),
        APIField("fully_funded"),
        APIField("entry_requirement"),
        APIField("prerequisites"),
        APIField("next_start"),
        APIField("support_services", serializer=StringListField()),
        APIField("employment_rate_q2"),
        APIField("employment_rate_q4"),
        APIField("median_earnings"),
        APIField("median_earnings_period"),
        APIField("completers"),
        APIField("outcomes_period"),
        APIField("outcomes_source"),
        APIField("outcomes_are_demo"),
    ]
    exclude_fields_in_copy = ["external_id"]
    # Facts that read the same in every language: a translation copies them from the English page
    # (home/localize_fixes.py) instead of offering them for translation.
    translation_synchronized_fields = ("street_address", "city", "state", "zip_code", "contact_phone")
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
            # The training search reads these columns of every live training (TrainingSearcher._results_sql): from
            # this index (an index-only scan) rather than from the wide rows. Key columns rather than INCLUDE, which
            # SQLite lacks.
            models.Index(
                fields=[
                    "page_ptr",
                    "credential",
                    "delivery_format",
                    "schedule",
                    "cost",
                    "length_weeks",
                    "entry_requirement",
                    "next_start",
                    "facet_bits",
                    "facet_code",
                ],
                name="directory_training_facets",
            ),
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
        items = [getattr(self, name) for name, _label in COST_ITEMS]
        if any(item is not None for item in items):
            self.cost = sum((Decimal(item) for item in items if item is not None), Decimal(0))
        self.fully_funded = (
            self.cost is not None and self.cost == 0
        ) or Funding.EMPLOYER_PAID in ChoiceListField.to_list(self.funding)
        self.facet_bits = facet_bits(self.fully_funded, self.funding, self.support_services)
        self.facet_code = facet_code({field: getattr(self, field) for field in FACET_CODES})

    @property
    def cost_items(self):
        """[(label, "$1,200")] of the itemised costs given."""
        return [(label, _money(getattr(self, name))) for name, label in COST_ITEMS if getattr(self, name) is not None]

    @property
    def earnings_display(self):
        if self.median_earnings is None:
            return ""
        per = dict(EarningsPeriod.choices).get(self.median_earnings_period)
        return f"{_money(self.median_earnings)} {per}" if per else _money(self.median_earnings)

    def fact_groups(self):
        """Every fact a visitor chooses a program by, in a fixed order, for the training page and the comparison:
        [(heading, [(label, text)])], the text "" when not reported."""

        def date_text(value):
            return dateformat.format(value, pgettext("date format of a day", "F j, Y")) if value else ""

        def percent(value):
            return f"{value}%" if value is not None else ""

        cost = "" if self.cost is None else self.cost_display
        if cost and self.cost_note:
            cost = f"{cost} ({self.cost_note})"
        return [
            (
                AT_A_GLANCE,
                [
                    (_("Credential"), self.get_credential_display() if self.credential else ""),
                    (_("Format"), self.get_delivery_format_display() if self.delivery_format else ""),
                    (_("Schedule"), self.get_schedule_display() if self.schedule else ""),
                    (_("Length"), "" if self.length_value is None or not self.length_unit else self.length_display),
                    (_("Languages"), ", ".join(self.language_names)),
                    (
                        LOCATION,
                        gettext("Online")
                        if self.is_online and not self.address_lines
                        else ", ".join(self.address_lines),
                    ),
                ],
            ),
            (
                _("Can I start?"),
                [
                    (_("Minimum education or licence"), self.entry_label),
                    (_("Prerequisites"), self.prerequisites),
                    (_("Next start date"), date_text(self.next_start)),
                ],
            ),
            (
                COST_AND_FUNDING,
                [
                    (_("Total cost"), cost),
                    *[
                        (label, "" if getattr(self, name) is None else _money(getattr(self, name)))
                        for name, label in COST_ITEMS
                    ],
                    (_("Ways to pay"), ", ".join(self.funding_labels)),
                ],
            ),
            (_("Support"), [(_("Support services"), ", ".join(self.support_labels))]),
            (
                OUTCOMES,
                [
                    (_("Employed 2 quarters after exit"), percent(self.employment_rate_q2)),
                    (_("Employed 4 quarters after exit"), percent(self.employment_rate_q4)),
                    (_("Median earnings"), self.earnings_display),
                    (_("Completers"), f"{self.completers:,}" if self.completers is not None else ""),
                    (PERIOD, self.outcomes_period if self.has_outcomes else ""),
                    (SOURCE, self.outcomes_source if self.has_outcomes else ""),
                ],
            ),
        ]

    def reported_fact_groups(self):
        """`fact_groups` without the facts not reported (and without a group with none)."""
        groups = []
        for heading, facts in self.fact_groups():
            reported = [(label, text) for label, text in facts if text]
            if reported:
                groups.append((heading, reported))
        return groups

    def page_not_reported(self):
        """What the training page does not report, said once in one line: the provider, summary, description,
        careers and contact, then the facts (`not_reported`)."""
        missing = [] if self.provider_id else [gettext("provider")]
        if not self.summary:
            missing.append(gettext("summary"))
        missing += self.not_reported()
        if not self.description:
            missing.append(gettext("description"))
        if not self.related_careers.live().exists():
            missing.append(gettext("related careers"))
        if not (self.enrollment_url or self.contact_phone or self.contact_email):
            missing.append(gettext("how to enroll or ask a question"))
        return missing

    def not_reported(self):
        """The labels of the facts not reported ("schedule", "outcomes": the outcome figures count as one)."""
        missing = []
        for heading, facts in self.fact_groups():
            if heading == OUTCOMES and not self.has_outcomes:
                missing.append(gettext("outcomes"))
                continue
            if heading == COST_AND_FUNDING:
                facts = [fact for fact in facts if fact[0] not in dict(COST_ITEMS).values()]
            missing += [str(label).lower() for label, text in facts if not text and label not in (PERIOD, SOURCE)]
        return missing

    @property
    def has_outcomes(self):
        return any(
            value is not None
            for value in (self.employment_rate_q2, self.employment_rate_q4, self.median_earnings, self.completers)
        )

    # Display helpers: every field the visitor sees has a value or says "Not reported".
    @property
    def provider_name(self) -> str:
        return self.provider.name if self.provider_id else ""

    @property
    def provider_website(self) -> str:
        return self.provider.website if self.provider_id else ""

    @property
    def language_names(self) -> list[str]:
        return [language.name for language in self.languages.all()]

    @cached_property
    def address_lines(self):
        city_state = ", ".join(part for part in [self.city, self.state] if part)
        city_line = " ".join(part for part in [city_state, self.zip_code] if part)
        return [line for line in [self.street_address, city_line] if line]

    def get_json_ld(self, request=None):
        """schema.org EducationalOccupationalProgram for the detail page."""
        data = {
            "@context": "https://schema.org",
            "@type": "EducationalOccupationalProgram",
            "name": self.title,
            "url": page_public_url(self, request),
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
