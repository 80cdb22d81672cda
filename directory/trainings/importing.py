"""Creating and updating trainings in bulk: the CSV import, synthetic data and demo content.

`TrainingImporter` is the trainings kind of the shared CSV import (`directory/importing.py`): rows are validated by
`TrainingRowForm` (the CSV columns are documented in docs/trainings-import.md) and written by `TrainingWriter`.
`TrainingWriter` creates or updates TrainingPages under the training index by `external_id`:
- an existing training whose values are all the same is left alone (importing twice changes nothing);
- a changed training is saved in place and gets a new revision (its latest and live one), so that the editor
  opens what the import wrote;
- new trainings are inserted in bulk: page rows (tree paths computed here), training rows, relations, one
  published revision each, reference index rows and search index entries: `add_child`, `save_revision().publish()`
  and their signals, row by row, cannot meet the import's size target (docs/benchmarks.md).
"""

import uuid
from decimal import Decimal

from django import forms
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRel
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page, ReferenceIndex, Revision

from directory import geo
from directory.fields import ChoiceListField
from directory.importing import CsvImporter, ImportFileError, RowError
from directory.trainings.models import (
    COST_ITEMS,
    Credential,
    DeliveryFormat,
    EarningsPeriod,
    EntryRequirement,
    Funding,
    LengthUnit,
    Schedule,
    SupportService,
    TrainingLanguage,
    TrainingPage,
    TrainingProvider,
)
from search import bulk_index

# The facts people choose a program by (docs/trainings-import.md): a column and a field of the same name.
FACT_FIELDS = [
    "tuition",
    "fees",
    "books_supplies",
    "exam_fees",
    "funding",
    "entry_requirement",
    "prerequisites",
    "next_start",
    "support_services",
    "employment_rate_q2",
    "employment_rate_q4",
    "median_earnings",
    "median_earnings_period",
    "completers",
    "outcomes_period",
    "outcomes_source",
    "outcomes_are_demo",
]

COLUMNS = [
    "external_id",
    "title",
    "provider",
    "provider_website",
    "summary",
    "description",
    "credential",
    "format",
    "schedule",
    "street_address",
    "city",
    "state",
    "zip_code",
    "cost",
    "cost_note",
    "length_value",
    "length_unit",
    "languages",
    "careers",
    "enrollment_url",
    "contact_phone",
    "contact_email",
    "last_verified",
    *FACT_FIELDS,
]
REQUIRED_COLUMNS = ["external_id", "title"]
LIST_SEPARATOR = ";"

# Fields compared and written for each training (M2M sets are compared separately).
TRAINING_FIELDS = [
    "title",
    "summary",
    "description",
    "credential",
    "delivery_format",
    "schedule",
    "street_address",
    "city",
    "state",
    "zip_code",
    "cost",
    "cost_note",
    "length_value",
    "length_unit",
    "enrollment_url",
    "contact_phone",
    "contact_email",
    "last_verified",
    *FACT_FIELDS,
]
# Nullable fields: an empty cell is None ("not reported"), never 0.
NULLABLE_FIELDS = {
    "cost",
    "length_value",
    "last_verified",
    "next_start",
    "employment_rate_q2",
    "employment_rate_q4",
    "median_earnings",
    "completers",
    *(name for name, _label in COST_ITEMS),
}
MONEY_FIELDS = {"cost", "median_earnings", *(name for name, _label in COST_ITEMS)}


def _choice_lookup(choices):
    """Accept a value or its label, any case: 'certificate', 'Certificate', 'In person', 'in-person'."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
        lookup[value.replace("-", " ").lower()] = value
    return lookup


CREDENTIALS = _choice_lookup(Credential.choices)
FORMATS = _choice_lookup(DeliveryFormat.choices)
SCHEDULES = _choice_lookup(Schedule.choices)
LENGTH_UNITS = _choice_lookup(LengthUnit.choices)
FUNDING = _choice_lookup(Funding.choices) | {"etpl": Funding.WIOA, "wioa-eligible": Funding.WIOA}
ENTRY_REQUIREMENTS = _choice_lookup(EntryRequirement.choices) | {
    "ged": EntryRequirement.HIGH_SCHOOL,
    "hse": EntryRequirement.HIGH_SCHOOL,
    "high school": EntryRequirement.HIGH_SCHOOL,
    "license": EntryRequirement.LICENCE,
    "rn": EntryRequirement.LICENCE,
}
SUPPORT_SERVICES = _choice_lookup(SupportService.choices)
EARNINGS_PERIODS = _choice_lookup(EarningsPeriod.choices) | {
    "quarter": "quarterly",
    "year": "annual",
    "yearly": "annual",
}
YES_NO = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "": False,
}


def _money_field():
    return forms.DecimalField(min_value=0, max_value=1_000_000, decimal_places=2, required=False)


def _percent_field():
    return forms.IntegerField(min_value=0, max_value=100, required=False)


def text_to_rich_text(text):
    """Plain text (blank lines separate paragraphs) to the HTML a RichTextField stores."""
    paragraphs = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs if paragraph)


class TrainingRowForm(forms.Form):
    """One CSV row. Choice columns accept the value or the label; lists are separated by semicolons."""

    external_id = forms.CharField(max_length=100)
    title = forms.CharField(max_length=255)
    provider = forms.CharField(max_length=255, required=False)
    provider_website = forms.URLField(max_length=500, required=False, assume_scheme="https")
    summary = forms.CharField(max_length=400, required=False)
    description = forms.CharField(required=False)
    credential = forms.CharField(required=False)
    format = forms.CharField(required=False)
    schedule = forms.CharField(required=False)
    street_address = forms.CharField(max_length=255, required=False)
    city = forms.CharField(max_length=100, required=False)
    state = forms.CharField(max_length=2, required=False)
    zip_code = forms.CharField(max_length=10, required=False)
    cost = forms.DecimalField(min_value=0, max_value=1_000_000, decimal_places=2, required=False)
    cost_note = forms.CharField(max_length=255, required=False)
    length_value = forms.IntegerField(min_value=1, max_value=100_000, required=False)
    length_unit = forms.CharField(required=False)
    languages = forms.CharField(required=False)
    careers = forms.CharField(required=False)
    enrollment_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    contact_phone = forms.CharField(max_length=40, required=False)
    contact_email = forms.EmailField(required=False)
    last_verified = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    tuition = _money_field()
    fees = _money_field()
    books_supplies = _money_field()
    exam_fees = _money_field()
    funding = forms.CharField(required=False)
    entry_requirement = forms.CharField(required=False)
    prerequisites = forms.CharField(max_length=1000, required=False)
    next_start = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    support_services = forms.CharField(required=False)
    employment_rate_q2 = forms.CharField(required=False)
    employment_rate_q4 = forms.CharField(required=False)
    median_earnings = _money_field()
    median_earnings_period = forms.CharField(required=False)
    completers = forms.IntegerField(min_value=0, max_value=10_000_000, required=False)
    outcomes_period = forms.CharField(max_length=100, required=False)
    outcomes_source = forms.CharField(max_length=255, required=False)
    outcomes_are_demo = forms.CharField(required=False)

    def __init__(self, *args, languages, careers, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_languages = languages  # lower-case code or name -> code
        self.known_careers = careers  # slug -> CareerPage

    def _choice(self, name, lookup, label):
        value = self.cleaned_data[name].strip()
        if not value:
            return ""
        try:
            return lookup[value.lower()]
        except KeyError:
            allowed = ", ".join(sorted(set(lookup.values())))
            raise forms.ValidationError(f"unknown {label} “{value[:40]}” (use one of: {allowed})") from None

    def clean_credential(self):
        return self._choice("credential", CREDENTIALS, "credential")

    def clean_format(self):
        return self._choice("format", FORMATS, "format")

    def clean_schedule(self):
        return self._choice("schedule", SCHEDULES, "schedule")

    def clean_length_unit(self):
        return self._choice("length_unit", LENGTH_UNITS, "length unit")

    def clean_entry_requirement(self):
        return self._choice("entry_requirement", ENTRY_REQUIREMENTS, "entry requirement")

    def clean_median_earnings_period(self):
        return self._choice("median_earnings_period", EARNINGS_PERIODS, "earnings period")

    def _choice_list(self, name, lookup, label):
        values, unknown = [], []
        for item in self._list(name):
            value = lookup.get(item.lower())
            (values if value else unknown).append(value or item)
        if unknown:
            allowed = ", ".join(sorted(set(lookup.values())))
            raise forms.ValidationError(
                f"unknown {label} {', '.join(f'“{u[:40]}”' for u in unknown)} (use one of: {allowed})"
            )
        return list(dict.fromkeys(values))

    def clean_funding(self):
        return self._choice_list("funding", FUNDING, "funding")

    def clean_support_services(self):
        return self._choice_list("support_services", SUPPORT_SERVICES, "support service")

    def _percent(self, name):
        value = self.cleaned_data[name].strip().removesuffix("%").strip()
        if not value:
            return None
        if not value.isdigit() or len(value) > 3 or int(value) > 100:
            raise forms.ValidationError(f"“{value[:20]}” is not a percentage from 0 to 100")
        return int(value)

    def clean_employment_rate_q2(self):
        return self._percent("employment_rate_q2")

    def clean_employment_rate_q4(self):
        return self._percent("employment_rate_q4")

    def clean_outcomes_are_demo(self):
        value = self.cleaned_data["outcomes_are_demo"].strip().lower()
        if value not in YES_NO:
            raise forms.ValidationError(f"“{value[:20]}” is not yes or no")
        return YES_NO[value]

    def clean_state(self):
        return self.cleaned_data["state"].strip().upper()

    def clean_zip_code(self):
        value = self.cleaned_data["zip_code"].strip()
        if not value:
            return ""
        if geo.normalize_zip(value) is None:
            raise forms.ValidationError(f"“{value[:20]}” is not a 5-digit ZIP code")
        info = geo.lookup_zip(value)
        if info is None:
            raise forms.ValidationError(f"unknown ZIP code {geo.normalize_zip(value)}")
        return info.zip_code

    def _list(self, name):
        return [item.strip() for item in self.cleaned_data[name].split(LIST_SEPARATOR) if item.strip()]

    def clean_languages(self):
        codes, unknown = [], []
        for item in self._list("languages"):
            code = self.known_languages.get(item.lower())
            (codes if code else unknown).append(code or item)
        if unknown:
            raise forms.ValidationError(f"unknown language(s): {', '.join(u[:40] for u in unknown)}")
        return sorted(set(codes))

    def clean_careers(self):
        slugs, unknown = [], []
        for item in self._list("careers"):
            (slugs if item in self.known_careers else unknown).append(item)
        if unknown:
            raise forms.ValidationError(f"unknown career page slug(s): {', '.join(u[:60] for u in unknown)}")
        return sorted(set(slugs))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("length_value") is not None and not cleaned.get("length_unit"):
            self.add_error("length_unit", "a length needs a unit (hours, weeks or months)")
        if cleaned.get("length_unit") and cleaned.get("length_value") is None and "length_value" not in self.errors:
            self.add_error("length_value", "a length unit needs a number")
        fmt = cleaned.get("format")
        needs_zip = fmt in (DeliveryFormat.IN_PERSON, DeliveryFormat.HYBRID)
        if needs_zip and not cleaned.get("zip_code") and "zip_code" not in self.errors:
            self.add_error("zip_code", "in-person and hybrid programs need a ZIP code")
        items = [cleaned.get(name) for name, _label in COST_ITEMS]
        if any(item is not None for item in items) and cleaned.get("cost") is not None:
            total = sum((item for item in items if item is not None), Decimal(0))
            if total != cleaned["cost"]:
                self.add_error("cost", f"differs from the sum of the itemised costs ({total}); leave cost empty")
        earnings_without_period = cleaned.get("median_earnings") is not None and not cleaned.get(
            "median_earnings_period"
        )
        if earnings_without_period and "median_earnings_period" not in self.errors:
            self.add_error("median_earnings_period", "median earnings need a period (quarterly or annual)")
        return cleaned

    def validate(self, data):
        """Validate another row with this form: rebinding skips the per-instance deep copy of 23 fields,
        about a third of the import's time at 10,000 rows."""
        self.data = data
        self.is_bound = True
        self._errors = None
        self._bound_fields_cache = {}
        return self.is_valid()

    def error_text(self):
        parts = []
        for field, errors in self.errors.items():
            for error in errors:
                parts.append(f"{field}: {error}" if field != "__all__" else str(error))
        return "; ".join(parts)

    def training_values(self):
        """(field values for TrainingPage, provider (name, website), language codes, career slugs)."""
        data = self.cleaned_data
        values = {
            "title": data["title"].strip(),
            "summary": data["summary"].strip(),
            "description": text_to_rich_text(data["description"]) if data["description"].strip() else "",
            "credential": data["credential"],
            "delivery_format": data["format"],
            "schedule": data["schedule"],
            "street_address": data["street_address"].strip(),
            "city": data["city"].strip(),
            "state": data["state"] or ("NY" if data["zip_code"] else ""),
            "zip_code": data["zip_code"],
            "cost": data["cost"],
            "cost_note": data["cost_note"].strip(),
            "length_value": data["length_value"],
            "length_unit": data["length_unit"],
            "enrollment_url": data["enrollment_url"],
            "contact_phone": data["contact_phone"].strip(),
            "contact_email": data["contact_email"],
            "last_verified": data["last_verified"],
            "funding": data["funding"],
            "entry_requirement": data["entry_requirement"],
            "prerequisites": data["prerequisites"].strip(),
            "next_start": data["next_start"],
            "support_services": data["support_services"],
            "employment_rate_q2": data["employment_rate_q2"],
            "employment_rate_q4": data["employment_rate_q4"],
            "median_earnings": data["median_earnings"],
            "median_earnings_period": data["median_earnings_period"],
            "completers": data["completers"],
            "outcomes_period": data["outcomes_period"].strip(),
            "outcomes_source": data["outcomes_source"].strip(),
            "outcomes_are_demo": data["outcomes_are_demo"],
        }
        items = {name: data[name] for name, _label in COST_ITEMS}
        values.update(items)
        if any(item is not None for item in items.values()):
            # The total is derived (TrainingPage.set_derived_fields); compared as saved.
            values["cost"] = sum((item for item in items.values() if item is not None), Decimal(0))
        provider = (data["provider"].strip(), data["provider_website"]) if data["provider"].strip() else None
        return values, provider, data["languages"], data["careers"]


def _normalized(field, value):
    if field in MONEY_FIELDS and value is not None:
        return Decimal(value).quantize(Decimal("0.01"))
    if value is None and field not in NULLABLE_FIELDS:
        return ""
    if field in ("funding", "support_services"):
        return ChoiceListField.to_list(value)
    return value


class TrainingWriter:
    """Creates or updates trainings under `index_page` by external id. Use `add()` per row, then `flush()`."""

    BATCH_SIZE = 500

    def __init__(self, index_page, dry_run=False):
        self.index_page = index_page
        self.dry_run = dry_run
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}
        self.providers = {provider.name: provider for provider in TrainingProvider.objects.all()}
        self.languages = {language.code: language for language in TrainingLanguage.objects.all()}
        # Career pages through the relation: career_pages sits above trainings. Those in the index's language:
        # a translated career keeps its slug, and a training links to the career of its own language.
        career_page_model = TrainingPage._meta.get_field("related_careers").related_model
        self.careers = {
            career.slug: career for career in career_page_model.objects.filter(locale_id=index_page.locale_id)
        }
        self.existing = {
            training.external_id: training
            for training in TrainingPage.objects.exclude(external_id="")
            .select_related("provider")
            .prefetch_related("languages", "related_careers")
        }
        self.slugs = set(Page.objects.child_of(index_page).values_list("slug", flat=True))
        self.seen = set()
        self.pending = []
        self.content_type = ContentType.objects.get_for_model(TrainingPage)
        self.page_content_type = ContentType.objects.get_for_model(Page)
        last_child = index_page.get_last_child()
        self.next_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1

    # Lookups for TrainingRowForm.
    def language_lookup(self):
        lookup = {}
        for code, language in self.languages.items():
            lookup[code.lower()] = code
            lookup[language.name.lower()] = code
        return lookup

    def provider_for(self, provider):
        if provider is None:
            return None
        name, website = provider
        existing = self.providers.get(name)
        if existing is None:
            existing = TrainingProvider(name=name, website=website or "")
            if not self.dry_run:
                existing.save()
            self.providers[name] = existing
        elif website and existing.website != website:
            existing.website = website
            if not self.dry_run:
                existing.save(update_fields=["website"])
        return existing

    def is_duplicate(self, external_id):
        if external_id in self.seen:
            return True
        self.seen.add(external_id)
        return False

    def add(self, external_id, values, provider, language_codes, career_slugs):
        """Returns "created", "updated" or "unchanged"."""
        provider_obj = self.provider_for(provider)
        training = self.existing.get(external_id)
        if training is None:
            self.pending.append((external_id, values, provider_obj, language_codes, career_slugs))
            outcome = "created"
            if len(self.pending) >= self.BATCH_SIZE:
                self.flush()
        elif self._unchanged(training, values, provider_obj, language_codes, career_slugs):
            outcome = "unchanged"
        else:
            outcome = "updated"
            if not self.dry_run:
                self._update(training, values, provider_obj, language_codes, career_slugs)
        self.counts[outcome] += 1
        return outcome

    def _unchanged(self, training, values, provider, language_codes, career_slugs):
        for field, value in values.items():
            if _normalized(field, getattr(training, field)) != _normalized(field, value):
                return False
        if (training.provider_id or None) != (provider.pk if provider else None):
            return False
        if sorted(language.code for language in training.languages.all()) != sorted(language_codes):
            return False
        return sorted(career.slug for career in training.related_careers.all()) == sorted(career_slugs)

    @transaction.atomic
    def _update(self, training, values, provider, language_codes, career_slugs):
        for field, value in values.items():
            setattr(training, field, value)
        training.draft_title = training.title
        training.provider = provider
        # ParentalManyToManyField values are written to the database by save().
        training.languages.set([self.languages[code] for code in language_codes])
        training.related_careers.set([self.careers[slug] for slug in career_slugs])
        revision = self._revisions([training], timezone.now())[0]
        training.latest_revision = training.live_revision = revision
        training.latest_revision_created_at = revision.created_at
        training.has_unpublished_changes = False
        training.save()
        if ReferenceIndex.is_indexed(TrainingPage):
            ReferenceIndex.create_or_update_for_object(training)

    def _revisions(self, trainings, now):
        """A saved revision of each training's current values (as `save_revision` stores them)."""
        revisions = [
            Revision(
                content_type_id=self.content_type.pk,
                base_content_type_id=self.page_content_type.pk,
                object_id=str(training.pk),
                created_at=now,
                content=training.serializable_data(),
                object_str=str(training),
            )
            for training in trainings
        ]
        return Revision.objects.bulk_create(revisions, batch_size=self.BATCH_SIZE)

    def _unique_slug(self, title, external_id):
        base = slugify(title)[:200] or slugify(external_id)[:200] or "training"
        slug, number = base, 2
        while slug in self.slugs:
            slug = f"{base}-{number}"
            number += 1
        self.slugs.add(slug)
        return slug

    def flush(self):
        """Insert the pending new trainings: page rows in bulk, training rows, relations and search entries."""
        pending, self.pending = self.pending, []
        if not pending or self.dry_run:
            return
        index = self.index_page
        now = timezone.now()
        with transaction.atomic():
            trainings = []
            for external_id, values, provider, _languages, _careers in pending:
                slug = self._unique_slug(values["title"], external_id)
                training = TrainingPage(
                    **values,
                    external_id=external_id,
                    provider=provider,
                    draft_title=values["title"],
                    slug=slug,
                    content_type=self.content_type,
                    path=Page._get_path(index.path, index.depth + 1, self.next_step),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                )
                training.set_derived_fields()
                self.next_step += 1
                trainings.append(training)

            page_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
            page_rows = [Page(**{name: getattr(t, name) for name in page_fields}) for t in trainings]
            Page.objects.bulk_create(page_rows, batch_size=self.BATCH_SIZE)
            for training, page_row in zip(trainings, page_rows, strict=True):
                training.id = training.page_ptr_id = page_row.pk
                training._state.adding = False
            _insert_training_rows(trainings, self.BATCH_SIZE)
            Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(trainings))

            language_links, career_links = [], []
            for training, (_id, _values, _provider, language_codes, career_slugs) in zip(
                trainings, pending, strict=True
            ):
                language_links += [
                    TrainingPage.languages.through(
                        trainingpage_id=training.pk, traininglanguage_id=self.languages[c].pk
                    )
                    for c in language_codes
                ]
                career_links += [
                    TrainingPage.related_careers.through(trainingpage_id=training.pk, careerpage_id=self.careers[s].pk)
                    for s in career_slugs
                ]
            TrainingPage.languages.through.objects.bulk_create(language_links, batch_size=self.BATCH_SIZE)
            TrainingPage.related_careers.through.objects.bulk_create(career_links, batch_size=self.BATCH_SIZE)

            # The relations in memory too (new pages have no comments), so that the revision content and
            # the reference index are built without a query per training.
            child_relations = [relation.get_accessor_name() for relation in get_all_child_relations(TrainingPage)]
            for training, (_id, _values, _provider, language_codes, career_slugs) in zip(
                trainings, pending, strict=True
            ):
                training.languages.set([self.languages[code] for code in language_codes])
                training.related_careers.set([self.careers[slug] for slug in career_slugs])
                for name in child_relations:
                    setattr(training, name, [])
            revisions = self._revisions(trainings, now)
            for training, revision in zip(trainings, revisions, strict=True):
                training.latest_revision = training.live_revision = revision
                training.latest_revision_created_at = now
            # One UPDATE with a subquery: bulk_update's CASE per row cost more than everything else here.
            revision_id = Subquery(
                Revision.objects.filter(
                    base_content_type_id=self.page_content_type.pk, object_id=Cast(OuterRef("pk"), CharField())
                )
                .order_by("-pk")
                .values("pk")[:1]
            )
            Page.objects.filter(pk__in=[training.pk for training in trainings]).update(
                latest_revision_id=revision_id, live_revision_id=revision_id, latest_revision_created_at=now
            )
            _insert_references(trainings, self.content_type, self.page_content_type, self.BATCH_SIZE)
            # On PostgreSQL one INSERT … SELECT FROM unnest(…) per batch instead of the backend's SearchVector
            # expressions compiled per field per training (60 % of a 10,000-row import).
            bulk_index.add_bulk(TrainingPage, trainings)
            bulk_index.refresh_title_norms(TrainingPage)
        index.numchild += len(trainings)
        for training in trainings:
            self.existing[training.external_id] = training


def _reference_fields():
    """TrainingPage's fields that the reference index reads (as `ReferenceIndex._extract_references_from_object`
    selects them): foreign keys not marked ignored, and fields that extract references (rich text)."""
    foreign_keys, content_fields = [], []
    for field in TrainingPage._meta.get_fields():
        if field.is_relation and field.many_to_one:
            ignored = getattr(field, "wagtail_reference_index_ignore", False) or getattr(
                field.related_model, "wagtail_reference_index_ignore", False
            )
            if not ignored and not isinstance(field, (ParentalKey, GenericRel, GenericForeignKey)):
                foreign_keys.append(field)
        if hasattr(field, "extract_references"):
            content_fields.append(field)
    return foreign_keys, content_fields


def _insert_references(trainings, content_type, base_content_type, batch_size):
    """The reference index rows of new trainings (the provider, links in the description), in bulk:
    `ReferenceIndex.create_or_update_for_object` costs queries and a scan of every field per object. New pages
    have no child objects (comments), the other source of references."""
    if not ReferenceIndex.is_indexed(TrainingPage):
        return
    foreign_keys, content_fields = _reference_fields()
    rows = []
    for training in trainings:
        references = set()
        for field in foreign_keys:
            value = field.value_from_object(training)
            if value is not None:
                to_type = ReferenceIndex._get_base_content_type(field.related_model).pk
                references.add((to_type, str(value), field.name, field.name))
        for field in content_fields:
            value = field.value_from_object(training)
            if value is not None:
                for to_model, to_object_id, model_path, content_path in field.extract_references(value):
                    to_type = ReferenceIndex._get_base_content_type(to_model).pk
                    references.add(
                        (to_type, to_object_id, f"{field.name}.{model_path}", f"{field.name}.{content_path}")
                    )
        rows += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(training.pk),
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references
        ]
    ReferenceIndex.objects.bulk_create(rows, batch_size=batch_size)


def _insert_training_rows(trainings, batch_size):
    """INSERT the TrainingPage table rows (their page rows exist). Django's bulk_create refuses
    multi-table models, so this uses the same batched insert it does, falling back to one save each."""
    fields = TrainingPage._meta.local_concrete_fields
    queryset = TrainingPage._base_manager.all()
    batched_insert = getattr(queryset, "_batched_insert", None)
    if batched_insert is None:  # pragma: no cover - a future Django without the private API
        for training in trainings:
            training.save_base(raw=True, force_insert=True)
        return
    batched_insert(trainings, fields, batch_size)


def get_or_create_training_index():
    """The /trainings/ page, created under the home page (the site root) if missing. The default language's:
    imported trainings are English, and their Spanish versions are translations of them."""
    from directory.trainings.models import TrainingIndexPage
    from home.models import HomePage

    default_locale = Locale.get_default()
    index = TrainingIndexPage.objects.filter(locale=default_locale).first()
    if index is not None:
        return index
    home = HomePage.objects.filter(locale=default_locale).first()
    if home is None:
        raise LookupError("There is no home page yet: run `python manage.py load_demo_content` first.")
    index = TrainingIndexPage(
        title="Find a training",
        slug="trainings",
        intro="<p>Search certificate, degree, and professional development trainings across New York.</p>",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


class TrainingImporter(CsvImporter):
    """The trainings CSV (docs/trainings-import.md): one transaction, published under /trainings/."""

    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS
    duplicate_message = "external_id “{external_id}” already appears earlier in the file"
    atomic = True
    verbose_name_plural = "trainings"
    # After a bulk load of this many new trainings on PostgreSQL the planner statistics are refreshed.
    analyze_after = 1000

    def start(self):
        try:
            index = get_or_create_training_index()
        except LookupError as error:
            raise ImportFileError(str(error)) from None
        self.writer = TrainingWriter(index, dry_run=self.dry_run)
        self.form = TrainingRowForm(languages=self.writer.language_lookup(), careers=self.writer.careers)

    def clean_row(self, row):
        if not self.form.validate(row):
            raise RowError(self.form.error_text())
        return {"external_id": self.form.cleaned_data["external_id"].strip(), "row": self.form.training_values()}

    def write_row(self, values):
        self.result.count(self.writer.add(values["external_id"], *values["row"]))

    def finish(self):
        self.writer.flush()

    def after_import(self):
        if connection.vendor == "postgresql" and self.result.created >= self.analyze_after:
            # With the statistics of nearly empty tables PostgreSQL planned the training search with nested
            # loops over thousands of rows.
            # The search index's own statistics are the search backend's (its refresh_title_norms).
            models = [Page, TrainingPage, TrainingPage.languages.through, TrainingPage.related_careers.through]
            tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")
