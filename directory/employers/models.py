"""Employers: the moderated `EmployerSnippet` and the `/employers/` directory page.

The row of an `EmployerSnippet` is always its *live* version once it has been published:
Wagtail keeps edits in revisions until they are approved, so public code reads rows with
`live=True` (use `EmployerSnippet.objects.public()`), never revisions.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Page,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from directory import geo
from directory.fields import ChoiceListField
from home.seo import SeoMetadataMixin

CARE_SETTING_CHOICES = [
    ("hospital", _("Hospital")),
    ("primary-care", _("Primary care practice")),
    ("health-home", _("Health home")),
    ("managed-care", _("Managed care plan or payer")),
    ("community-based", _("Community-based organization")),
    ("behavioral-health", _("Behavioral health agency")),
    ("long-term-care", _("Long-term care or nursing home")),
    ("home-care", _("Home care agency")),
    ("fqhc", _("Community health center / FQHC")),
    ("health-department", _("Local health department")),
    ("other", _("Other")),
]
CARE_SETTING_LABELS = dict(CARE_SETTING_CHOICES)
REGION_LABELS = dict(geo.REGION_CHOICES)

# Fields anyone may see. Everything else on the model (contact_*, submitter_email,
# moderator_notes, external_id) is for moderators only: never in public HTML, search, sitemap or API.
PUBLIC_FIELDS = [
    "name",
    "slug",
    "description",
    "care_settings",
    "job_titles",
    "other_job_titles",
    "street",
    "city",
    "state",
    "zip_code",
    "region",
    "latitude",
    "longitude",
    "phone",
    "website",
    "careers_url",
    "hiring_now",
    "logo",
    "logo_alt_text",
    "last_verified",
]
PRIVATE_FIELDS = ["contact_name", "contact_email", "submitter_email", "moderator_notes", "external_id"]
RESERVED_SLUGS = {"submit", "thanks", "search", "page"}

phone_validator = RegexValidator(
    r"^\+?1?[\s.\-]?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}(\s*(x|ext\.?)\s*\d{1,6})?$",
    _("Enter a US phone number, for example (518) 555-0142."),
)


class CareerJobTitle(models.Model):
    """A job title that a live page names (a career page's job-title blocks): what employers choose from.

    Derived data, never edited: written when such a page is published and removed when it is unpublished or
    deleted (directory/employers/signals.py), so that reading the choices is one query, however many career
    pages there are. Any page type with a `job_titles()` method takes part; employers import no career code.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "title"], name="employers_careerjobtitle_unique")]
        indexes = [models.Index(fields=["title"], name="employers_careerjobtitle_title")]

    def __str__(self):
        return self.title

    @classmethod
    def replace_for_page(cls, page, titles):
        """The page's job titles become exactly `titles` (none when it is no longer live)."""
        cls.objects.filter(page_id=page.pk).delete()
        cls.objects.bulk_create([cls(page_id=page.pk, title=title[:255]) for title in dict.fromkeys(titles)])
        forget_job_title_choices()


JOB_TITLE_CHOICES_CACHE_KEY = "employers:career_job_title_choices"


def career_job_title_choices():
    """The job titles of every live career page, sorted, without duplicates, as form choices.

    Read once per change of the pages (the default cache keeps them until a page's titles change), not per
    form or search: the submission form and the search both show them.
    """
    choices = cache.get(JOB_TITLE_CHOICES_CACHE_KEY)
    if choices is None:
        titles = CareerJobTitle.objects.order_by("title").values_list("title", flat=True).distinct()
        choices = [(title, title) for title in titles]
        cache.set(JOB_TITLE_CHOICES_CACHE_KEY, choices, timeout=None)
    return choices


def forget_job_title_choices(**kwargs):
    # Now for this transaction's own reads, and again at commit so that no request re-caches the old titles.
    cache.delete(JOB_TITLE_CHOICES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(JOB_TITLE_CHOICES_CACHE_KEY))


# The public fields with a Spanish version (`<name>_es`).
TRANSLATED_FIELDS = ("description", "other_job_titles", "logo_alt_text")
SUBMISSION_LANGUAGE_CHOICES = [("en", "English"), ("es", "Spanish")]


def validate_us_zip(value):
    if geo.lookup_zip(value) is None:
        raise ValidationError(_("Enter a real 5-digit US ZIP code, for example 12207."))


class EmployerQuerySet(models.QuerySet):
    def public(self):
        """Only what the public may see: the live version of published listings."""
        return self.filter(live=True)


class EmployerSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=220,
        unique=True,
        blank=True,
        help_text="The address of the listing: /employers/<slug>/. Filled in from the name if left blank.",
    )
    description = models.TextField(blank=True, help_text="What the employer does and who it serves (plain text).")
    care_settings = ChoiceListField(
        "care settings", choice_list=CARE_SETTING_CHOICES, help_text="Choose every setting that applies."
    )
    job_titles = ChoiceListField(
        "job titles it hires for",
        choice_list=career_job_title_choices,
        lenient=True,
        help_text="Job titles from the career pages.",
    )
    other_job_titles = models.CharField(
        "other job titles", max_length=500, blank=True, help_text="Any other titles, separated by commas."
    )
    street = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2, default="NY")
    zip_code = models.CharField("ZIP code", max_length=10, validators=[validate_us_zip])
    region = models.CharField(max_length=32, choices=geo.REGION_CHOICES, blank=True, db_index=True, editable=False)
    latitude = models.FloatField(null=True, blank=True, db_index=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, db_index=True, editable=False)
    phone = models.CharField(max_length=40, blank=True, validators=[phone_validator])
    website = models.URLField(max_length=500, blank=True)
    careers_url = models.URLField("careers page", max_length=500, blank=True)
    hiring_now = models.BooleanField("hiring now", default=False, db_index=True)
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    logo_alt_text = models.CharField(
        "logo alt text", max_length=255, blank=True, help_text="Describe the logo for screen readers."
    )
    last_verified = models.DateField("last verified", null=True, blank=True, db_index=True)

    # Spanish versions of the free text visitors read (docs/employers.md#spanish): shown on /es/ and in the API
    # with ?locale=es; empty means the English text is shown. Not a TranslatableMixin snippet: a listing is one
    # moderated object, reviewed once in both languages.
    description_es = models.TextField(
        "description (Spanish)", blank=True, help_text="The description in Spanish. Leave blank to show the English."
    )
    other_job_titles_es = models.CharField(
        "other job titles (Spanish)",
        max_length=500,
        blank=True,
        help_text="The other job titles in Spanish, separated by commas. Leave blank to show the English.",
    )
    logo_alt_text_es = models.CharField(
        "logo alt text (Spanish)", max_length=255, blank=True, help_text="The logo's description in Spanish."
    )

    # Private: moderators only.
    # The language the visitor used on the submission form (its page's language), for the moderators.
    submission_language = models.CharField(
        "language of the submission", max_length=10, blank=True, choices=SUBMISSION_LANGUAGE_CHOICES
    )
    contact_name = models.CharField("contact name", max_length=200, blank=True)
    contact_email = models.EmailField("contact email", blank=True)
    submitter_email = models.EmailField("submitter's email", blank=True)
    moderator_notes = models.TextField("moderator notes", blank=True)
    external_id = models.CharField(
        "external ID", max_length=100, null=True, blank=True, unique=True, help_text="Set by the CSV import."
    )

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="employer")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="employer",
        for_concrete_model=False,
    )

    objects = EmployerQuerySet.as_manager()

    public_panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("care_settings"),
        MultiFieldPanel([FieldPanel("job_titles"), FieldPanel("other_job_titles")], heading="Hiring"),
        FieldPanel("hiring_now"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("state"), FieldPanel("zip_code")]),
            ],
            heading="Address",
        ),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("website"), FieldPanel("careers_url")]),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("logo_alt_text")], heading="Logo"),
        FieldPanel("last_verified"),
        MultiFieldPanel(
            [FieldPanel("description_es"), FieldPanel("other_job_titles_es"), FieldPanel("logo_alt_text_es")],
            heading="In Spanish",
        ),
    ]
    private_panels = [
        FieldPanel("contact_name"),
        FieldPanel("contact_email"),
        FieldPanel("submitter_email"),
        FieldPanel("moderator_notes"),
        FieldPanel("submission_language", read_only=True),
        FieldPanel("external_id", read_only=True),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(public_panels, heading="Listing"),
            ObjectList(private_panels, heading="Moderators only"),
            ObjectList([PublishingPanel()], heading="Publishing"),
        ]
    )

    # Private fields are deliberately absent: the index feeds public search.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        # The Spanish text too, so that a Spanish query finds a listing by what /es/ shows of it.
        index.SearchField("description_es"),
        index.SearchField("other_job_titles_es"),
        index.SearchField("care_settings_text"),
        index.SearchField("job_titles_text", boost=2),
        index.SearchField("city"),
        index.FilterField("id"),
        index.FilterField("live"),
        index.FilterField("region"),
        index.FilterField("hiring_now"),
    ]

    class Meta:
        db_table = "directory_employersnippet"
        verbose_name = "employer"
        verbose_name_plural = "employers"
        ordering = ["name"]
        indexes = [
            # The radius is a set of ZIP codes (directory.employers.search): equality lookups on zip_code, then
            # the facet columns and the nearest-first tie-break (name), so the counts and the page's ids of a
            # distance search read only this index.
            models.Index(
                fields=["zip_code", "live", "hiring_now", "region", "care_settings", "name"],
                name="employer_zip_page_idx",
            ),
            models.Index(fields=["live", "name"], name="employer_live_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.apply_zip()
        if not self.slug:
            self.slug = self.unique_slug()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "zip_code" in update_fields:
            kwargs["update_fields"] = {*update_fields, "latitude", "longitude", "region"}
        super().save(*args, **kwargs)

    @property
    def revisions(self):
        return self._revisions

    # -- derived values -------------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.slug and self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "This address is reserved; choose another."})

    def apply_zip(self):
        """Latitude, longitude and region (and a missing city) from the ZIP code."""
        info = geo.lookup_zip(self.zip_code)
        if info is None:
            self.latitude = self.longitude = None
            self.region = ""
            return
        self.zip_code = info.zip_code
        self.latitude, self.longitude = info.latitude, info.longitude
        self.region = info.ny_region
        if not self.city:
            self.city = info.city.title()

    def unique_slug(self):
        base = slugify(self.name)[:200] or "employer"
        if base in RESERVED_SLUGS:
            base = f"{base}-employer"
        slug, suffix = base, 2
        others = EmployerSnippet.objects.exclude(pk=self.pk) if self.pk else EmployerSnippet.objects.all()
        while others.filter(slug=slug).exists():
            slug = f"{base}-{suffix}"
            suffix += 1
        return slug

    @property
    def care_setting_labels(self) -> list[str]:
        return [str(CARE_SETTING_LABELS.get(value, value)) for value in self.care_settings]

    @property
    def care_settings_text(self):
        # The search index reads the English labels, whichever language the listing was saved in.
        with override(settings.LANGUAGE_CODE):
            return " ".join(self.care_setting_labels)

    @property
    def all_job_titles(self) -> list[str]:
        extra = [title.strip() for title in self.other_job_titles.split(",") if title.strip()]
        return list(dict.fromkeys([*self.job_titles, *extra]))

    def in_language(self, name, language=None):
        """The field `name` in `language` (the active one by default): its `_es` version on Spanish pages when
        there is one, else the English."""
        language = (language or get_language() or "en").split("-")[0]
        if language == "es" and name in TRANSLATED_FIELDS:
            translated = getattr(self, f"{name}_es")
            if translated and translated.strip():
                return translated
        return getattr(self, name)

    @property
    def shown_description(self):
        return self.in_language("description")

    @property
    def shown_logo_alt_text(self):
        return self.in_language("logo_alt_text")

    @property
    def shown_job_titles(self) -> list[str]:
        """The job titles for the active language: the other titles from their Spanish version on /es/."""
        other = self.in_language("other_job_titles")
        extra = [title.strip() for title in other.split(",") if title.strip()]
        return list(dict.fromkeys([*self.job_titles, *extra]))

    @property
    def job_titles_text(self):
        return " ".join(self.all_job_titles)

    @property
    def region_label(self) -> str:
        return str(REGION_LABELS.get(self.region, ""))

    @property
    def status_label(self):
        if self.workflow_in_progress:
            return "In moderation"
        if self.live:
            return "Live + draft" if self.has_unpublished_changes else "Live"
        return "Draft"

    @property
    def workflow_in_progress(self):
        # Cheap enough for admin lists; public code never needs it.
        return self.workflow_states.filter(status="in_progress").exists()

    def get_url(self, request=None):
        # The directory of the page's language (/es/employers/ on Spanish pages), else the first one.
        directories = EmployerDirectoryPage.objects.live()
        directory = directories.filter(locale__language_code=get_language()).first() or directories.first()
        if directory is None:
            return None
        base = directory.get_url(request=request)
        return f"{base}{self.slug}/" if base else None

    # -- preview ------------------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "employers/employer_detail.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update({"employer": self, "is_preview": True})
        return context


def _views():
    """directory.employers.views, handed over by the app when it is ready (apps.py): the views import this module,
    so this module may not import them."""
    return apps.get_app_config("employers").views


class EmployerDirectoryPage(SeoMetadataMixin, RoutablePageMixin, Page):
    """`/employers/`: search, detail pages and the public submission form."""

    meta_description_default = (
        "Find New York State employers that hire care managers and care coordinators, by region, care setting "
        "and ZIP code, and list your organization."
    )

    intro = RichTextField(blank=True, help_text="Shown above the search form.")
    submit_intro = RichTextField(blank=True, help_text="Shown above the submission form.")
    thank_you_text = RichTextField(
        blank=True, help_text="Shown after a submission. Leave blank for the standard text about review."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("submit_intro"),
        FieldPanel("thank_you_text"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = []
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        db_table = "directory_employerdirectorypage"
        verbose_name = "employer directory page"

    @path("")
    def directory_index(self, request):
        return _views().directory_search(request, self)

    @path("submit/")
    def submit(self, request):
        return _views().submit_employer(request, self)

    @path("submit/thanks/")
    def submit_thanks(self, request):
        return _views().submit_thanks(request, self)

    @path("<slug:slug>/")
    def employer_detail(self, request, slug):
        return _views().employer_detail(request, self, slug)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request=request)
        base = self.get_full_url(request=request)
        if not base:
            return urls
        # Live rows only, public columns only; capped to stay inside one sitemap file.
        live_employers = EmployerSnippet.objects.public().order_by("pk").values_list("slug", "updated_at")[:40000]
        urls.extend({"location": f"{base}{slug}/", "lastmod": updated_at} for slug, updated_at in live_employers)
        return urls
