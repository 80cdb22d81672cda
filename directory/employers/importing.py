"""Importing employers in bulk (CSV import and synthetic data). Columns: docs/employers-import.md.

`EmployerImporter` is the employers kind of the shared CSV import (`directory/importing.py`).
Rows are validated one by one by `clean_row` (errors carry the CSV line number) and written in batches with
bulk_create/bulk_update, so 100,000 rows take minutes and little memory. Idempotent by
`external_id`: a row whose values did not change is left alone.

- `publish=True`: rows are written live. No revision is created (the first edit in the admin
  makes one); the search index is updated in bulk.
- `publish=False`: new rows are saved as drafts, changes to live rows go into a revision only
  (the live row is untouched), and every changed listing enters the moderation workflow
  (WorkflowState + TaskState created in bulk; moderators get one summary email).
"""

import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Revision, TaskState, WorkflowState

from directory import geo
from directory.employers.models import (
    CARE_SETTING_CHOICES,
    RESERVED_SLUGS,
    EmployerSnippet,
    phone_validator,
)
from directory.importing import CsvImporter, RowError
from search import bulk_index

logger = logging.getLogger(__name__)

REQUIRED_COLUMNS = ["external_id", "name", "zip"]
OPTIONAL_COLUMNS = [
    "description",
    "care_settings",
    "job_titles",
    "other_job_titles",
    "street",
    "city",
    "state",
    "phone",
    "website",
    "careers_url",
    "hiring_now",
    "last_verified",
    "contact_name",
    "contact_email",
    "description_es",
    "other_job_titles_es",
]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Model fields the import writes (compared to decide whether a row changed).
IMPORT_FIELDS = [
    "name",
    "description",
    "description_es",
    "other_job_titles_es",
    "care_settings",
    "job_titles",
    "other_job_titles",
    "street",
    "city",
    "state",
    "zip_code",
    "latitude",
    "longitude",
    "region",
    "phone",
    "website",
    "careers_url",
    "hiring_now",
    "last_verified",
    "contact_name",
    "contact_email",
]
BATCH_SIZE = 1000
TRUE_VALUES = {"yes", "y", "true", "1", "x"}
FALSE_VALUES = {"no", "n", "false", "0", ""}
SETTING_BY_TEXT = {
    **{value: value for value, _label in CARE_SETTING_CHOICES},
    **{label.lower(): value for value, label in CARE_SETTING_CHOICES},
}
url_validator = URLValidator(schemes=["http", "https"])
email_validator = EmailValidator()


def _split(value):
    return [part.strip() for part in (value or "").replace("|", ";").split(";") if part.strip()]


def _check(validator, value, column):
    try:
        validator(value)
    except ValidationError as error:
        raise RowError(f"{column}: {error.messages[0]} (got {value[:80]!r})") from None


def clean_row(row):
    """A dict of model field values from one CSV row, or RowError with a readable message."""
    values = {column: (row.get(column) or "").strip() for column in COLUMNS}
    for column in REQUIRED_COLUMNS:
        if not values[column]:
            raise RowError(f"{column} is required")
    if len(values["external_id"]) > 100:
        raise RowError("external_id: at most 100 characters")
    if len(values["name"]) > 200:
        raise RowError("name: at most 200 characters")
    info = geo.lookup_zip(values["zip"])
    if info is None:
        raise RowError(f"zip: {values['zip'][:20]!r} is not a real 5-digit US ZIP code")
    settings = []
    for text in _split(values["care_settings"]):
        setting = SETTING_BY_TEXT.get(text.lower())
        if setting is None:
            raise RowError(f"care_settings: unknown setting {text!r} (see docs/employers-import.md)")
        settings.append(setting)
    hiring = values["hiring_now"].lower()
    if hiring not in TRUE_VALUES | FALSE_VALUES:
        raise RowError(f"hiring_now: use yes or no (got {values['hiring_now'][:20]!r})")
    last_verified = None
    if values["last_verified"]:
        try:
            last_verified = datetime.date.fromisoformat(values["last_verified"])
        except ValueError:
            raise RowError(f"last_verified: use YYYY-MM-DD (got {values['last_verified'][:20]!r})") from None
    for column in ("website", "careers_url"):
        if values[column]:
            _check(url_validator, values[column], column)
    if values["contact_email"]:
        _check(email_validator, values["contact_email"], "contact_email")
    if values["phone"]:
        _check(phone_validator, values["phone"], "phone")
    state = (values["state"] or info.state).upper()
    if len(state) != 2:
        raise RowError("state: use the 2-letter code, e.g. NY")
    return {
        "external_id": values["external_id"],
        "name": " ".join(values["name"].split()),
        "description": values["description"],
        "description_es": values["description_es"],
        "other_job_titles_es": values["other_job_titles_es"][:500],
        "care_settings": list(dict.fromkeys(settings)),
        "job_titles": list(dict.fromkeys(_split(values["job_titles"]))),
        "other_job_titles": values["other_job_titles"][:500],
        "street": values["street"][:255],
        "city": (values["city"] or info.city.title())[:100],
        "state": state,
        "zip_code": info.zip_code,
        "latitude": info.latitude,
        "longitude": info.longitude,
        "region": info.ny_region,
        "phone": values["phone"][:40],
        "website": values["website"][:500],
        "careers_url": values["careers_url"][:500],
        "hiring_now": hiring in TRUE_VALUES,
        "last_verified": last_verified,
        "contact_name": values["contact_name"][:200],
        "contact_email": values["contact_email"][:254],
    }


class EmployerImporter(CsvImporter):
    columns = COLUMNS
    required_columns = REQUIRED_COLUMNS
    duplicate_message = "external_id {external_id!r} is already used on line {first_line}"
    missing_columns_message = "Line 1: missing column(s) {missing}. Expected columns: {columns}."
    verbose_name_plural = "employers"

    def __init__(self, publish=False, dry_run=False, batch_size=BATCH_SIZE, index=True):
        super().__init__(dry_run=dry_run)
        self.publish = publish
        self.batch_size = batch_size
        self.index = index
        self.summary = self.result
        self.result.extra.update(in_moderation=0, published=publish)
        self.content_type = ContentType.objects.get_for_model(EmployerSnippet)
        self.workflow = EmployerSnippet().get_workflow()
        self.task = self.workflow.tasks.first() if self.workflow else None
        self.now = timezone.now()
        self.indexed_any = False
        self.batch = []

    # -- the shared import's hooks ------------------------------------------------------------------

    def clean_row(self, row):
        return clean_row(row)

    def write_row(self, values):
        self.batch.append(values)
        if len(self.batch) >= self.batch_size:
            self.write_batch(self.batch)
            self.batch = []

    def finish(self):
        if self.batch:
            self.write_batch(self.batch)
            self.batch = []
        if self.index and self.indexed_any:
            bulk_index.refresh_title_norms(EmployerSnippet)

    def after_import(self):
        count = self.result.extra["in_moderation"]
        if count:
            try:
                notify_moderators(count)
            except Exception as error:  # the import itself succeeded; say so and go on
                logger.warning("Could not email the moderators about %s imported employers: %s", count, error)
                self.result.warnings.append(f"Could not email the moderators: {error}")

    # -- writing ----------------------------------------------------------------------------

    def write_batch(self, batch):
        existing = {
            employer.external_id: employer
            for employer in EmployerSnippet.objects.filter(external_id__in=[values["external_id"] for values in batch])
        }
        new_rows, changed_rows = [], []
        for values in batch:
            employer = existing.get(values["external_id"])
            if employer is None:
                new_rows.append(values)
            elif any(getattr(employer, name) != values[name] for name in IMPORT_FIELDS):
                changed_rows.append((employer, values))
            else:
                self.result.unchanged += 1
        self.result.created += len(new_rows)
        self.result.updated += len(changed_rows)
        if not self.publish:
            self.result.extra["in_moderation"] += len(new_rows) + len(changed_rows)
        if self.dry_run or not (new_rows or changed_rows):
            return
        with transaction.atomic():
            created = self.create(new_rows)
            updated_rows, revised = self.update(changed_rows)
            if not self.publish:
                self.start_moderation([*created, *revised])
        if self.index:
            to_index = [*created, *updated_rows]
            if to_index:
                bulk_index.add_bulk(EmployerSnippet, to_index)
                self.indexed_any = True
        # With DEBUG on (the dev settings), Django keeps every SQL statement of a command in memory:
        # hundreds of megabytes for 100,000 rows.
        reset_queries()

    def unique_slugs(self, names_and_ids):
        wanted = {}
        for name, external_id in names_and_ids:
            base = slugify(name)[:200] or "employer"
            if base in RESERVED_SLUGS:
                base = f"{base}-employer"
            wanted[external_id] = base
        taken = set(EmployerSnippet.objects.filter(slug__in=set(wanted.values())).values_list("slug", flat=True))
        slugs = {}
        for external_id, base in wanted.items():
            slug = base
            if slug in taken:
                slug = f"{base}-{slugify(external_id)}"[:220]
                suffix = 2
                while slug in taken or EmployerSnippet.objects.filter(slug=slug).exists():
                    slug = f"{base}-{slugify(external_id)}-{suffix}"[:220]
                    suffix += 1
            taken.add(slug)
            slugs[external_id] = slug
        return slugs

    def create(self, rows):
        if not rows:
            return []
        slugs = self.unique_slugs([(values["name"], values["external_id"]) for values in rows])
        employers = []
        for values in rows:
            employer = EmployerSnippet(**values, slug=slugs[values["external_id"]])
            employer.live = self.publish
            employer.has_unpublished_changes = not self.publish
            if self.publish:
                employer.first_published_at = employer.last_published_at = self.now
            employer.created_at = employer.updated_at = self.now
            employers.append(employer)
        return EmployerSnippet.objects.bulk_create(employers, batch_size=self.batch_size)

    def update(self, changed):
        """Returns (rows whose own columns changed, rows that got a revision for moderation)."""
        row_updates, revised = [], []
        for employer, values in changed:
            if self.publish or not employer.live:
                for name, value in values.items():
                    setattr(employer, name, value)
                employer.updated_at = self.now
                if self.publish:
                    employer.live = True
                    employer.has_unpublished_changes = False
                    employer.last_published_at = self.now
                    employer.first_published_at = employer.first_published_at or self.now
                row_updates.append(employer)
                if not self.publish:
                    revised.append(employer)
            else:
                # Live listing, changes need approval: put them in a revision, keep the live row.
                live_values = {name: getattr(employer, name) for name in IMPORT_FIELDS}
                for name, value in values.items():
                    setattr(employer, name, value)
                employer._import_content = employer.serializable_data()
                for name, value in live_values.items():
                    setattr(employer, name, value)
                revised.append(employer)
        if row_updates:
            EmployerSnippet.objects.bulk_update(
                row_updates,
                [
                    *IMPORT_FIELDS,
                    "updated_at",
                    "live",
                    "has_unpublished_changes",
                    "first_published_at",
                    "last_published_at",
                ],
                batch_size=self.batch_size,
            )
        return row_updates, revised

    def start_moderation(self, employers):
        """Revision + in-progress workflow for each employer, in bulk (no per-row notifications)."""
        employers = [employer for employer in employers if employer.pk]
        if not employers:
            return
        busy = set(
            WorkflowState.objects.filter(
                base_content_type=self.content_type,
                object_id__in=[str(employer.pk) for employer in employers],
                status=WorkflowState.STATUS_IN_PROGRESS,
            ).values_list("object_id", flat=True)
        )
        revisions = [
            Revision(
                content_type=self.content_type,
                base_content_type=self.content_type,
                object_id=str(employer.pk),
                object_str=employer.name,
                content=getattr(employer, "_import_content", None) or employer.serializable_data(),
                created_at=self.now,
            )
            for employer in employers
        ]
        revisions = Revision.objects.bulk_create(revisions, batch_size=self.batch_size)
        for employer, revision in zip(employers, revisions, strict=True):
            employer.latest_revision = revision
            employer.has_unpublished_changes = True
        EmployerSnippet.objects.bulk_update(
            employers, ["latest_revision", "has_unpublished_changes"], batch_size=self.batch_size
        )
        if self.workflow is None or self.task is None:
            logger.error("No moderation workflow for employers: imported drafts wait unmoderated.")
            return
        to_start = [
            (employer, revision)
            for employer, revision in zip(employers, revisions, strict=True)
            if str(employer.pk) not in busy
        ]
        states = WorkflowState.objects.bulk_create(
            [
                WorkflowState(
                    content_type=self.content_type,
                    base_content_type=self.content_type,
                    object_id=str(employer.pk),
                    workflow=self.workflow,
                    status=WorkflowState.STATUS_IN_PROGRESS,
                    created_at=self.now,
                )
                for employer, _revision in to_start
            ],
            batch_size=self.batch_size,
        )
        task_state_type = ContentType.objects.get_for_model(TaskState)
        task_states = TaskState.objects.bulk_create(
            [
                TaskState(
                    workflow_state=state,
                    revision=revision,
                    task=self.task,
                    status=TaskState.STATUS_IN_PROGRESS,
                    content_type=task_state_type,
                    started_at=self.now,
                )
                for state, (_employer, revision) in zip(states, to_start, strict=True)
            ],
            batch_size=self.batch_size,
        )
        for state, task_state in zip(states, task_states, strict=True):
            state.current_task_state = task_state
        WorkflowState.objects.bulk_update(states, ["current_task_state"], batch_size=self.batch_size)


def notify_moderators(count):
    """One email to the Moderators for `count` imported listings waiting in moderation."""
    from django.core.mail import send_mail

    from directory.employers.views import moderator_emails

    recipients = moderator_emails()
    if recipients:
        send_mail(
            f"{count} imported employer listings to review",
            f"The CSV import sent {count} employer listings to moderation. "
            "Find them in the admin under Employers, status “In moderation”.",
            None,
            recipients,
        )
