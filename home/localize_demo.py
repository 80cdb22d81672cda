"""Demo content in Spanish through wagtail-localize's translation workflow (docs/demo-content.md#spanish).

`translate_page(page, strings)` does what an author does in the admin ("Translate this page"), with the Spanish
strings of the demo's data file (hwcollab/translations/demo-content-es.json) as the translation memory:

1. a `TranslationSource` extracted from the English page (updated when the English changed);
2. a `Translation` of it into Spanish (a synced translation, so authors can sync and edit it later);
3. a `StringTranslation` for each extracted string the data file translates (keyed by the English string as
   wagtail-localize extracts it: HTML, with links as `<a id="a1">`);
4. the Spanish page saved from those (`save_target`, strings without a translation stay English) and published.

Idempotent: block ids of the English page are made stable (derived from their position), so the strings keep
their contexts from one run to the next; the Spanish page is saved again only when the English page, a Spanish
string or its live state changed.
"""

import json
import uuid

from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

# Keys of a page's serialised content that change whenever the English page is published again, not its content.
VOLATILE_KEYS = frozenset(
    {
        "latest_revision",
        "live_revision",
        "last_published_at",
        "latest_revision_created_at",
        "first_published_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "live",
        "numchild",
        "url_path",
        "path",
    }
)
BLOCK_ID_NAMESPACE = uuid.UUID("6f1c7d52-3f7e-4d8a-9d0c-2d6f3b1e9a10")


def _stable_ids(value, seed):
    """`value` (raw stream data) with every block and list item id derived from `seed` and its position."""
    if isinstance(value, list):
        return [_stable_ids(item, f"{seed}.{number}") for number, item in enumerate(value)]
    if isinstance(value, dict):
        result = {key: _stable_ids(item, f"{seed}.{key}") for key, item in value.items()}
        if "id" in value and ("type" in value or "value" in value):
            result["id"] = str(uuid.uuid5(BLOCK_ID_NAMESPACE, f"{seed}:{value.get('type', 'item')}"))
        return result
    return value


def stabilise_block_ids(page):
    """Give the blocks of `page`'s stream fields ids derived from their position; publish if any changed.

    The demo loaders build the English bodies afresh on each run, which gives every block a new random id; the
    Spanish strings are stored per block (their context), so they need ids that stay put."""
    changed = False
    for field in page._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        raw = list(getattr(page, field.name).raw_data)
        stable = _stable_ids(json.loads(json.dumps(raw, default=str)), f"{page.translation_key}:{field.name}")
        if stable != json.loads(json.dumps(raw, default=str)):
            setattr(page, field.name, stable)
            changed = True
    if changed:
        page.save_revision().publish()
        page.refresh_from_db()
    return changed


def _content(source):
    data = json.loads(source.content_json) if source is not None else None
    if isinstance(data, dict):
        return {key: value for key, value in data.items() if key not in VOLATILE_KEYS}
    return data


def spanish_locale(language="es"):
    return Locale.objects.get(language_code=language)


@transaction.atomic
def translate_page(page, strings, language="es"):
    """Create or update the `language` version of `page` from `strings` (English string → translation).

    Returns (translated page, the English strings that have no translation, so stay English)."""
    page = page.specific
    locale = spanish_locale(language)
    stabilise_block_ids(page)
    before = TranslationSource.objects.filter(object_id=page.translation_key, locale_id=page.locale_id).first()
    previous = _content(before)
    source, created = TranslationSource.update_or_create_from_instance(page)
    changed = created or previous != _content(source)
    translation, new_translation = Translation.objects.get_or_create(source=source, target_locale=locale)
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
        changed = True
    missing = []
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context").order_by("order"):
        english = segment.string.data
        spanish = strings.get(english)
        if not spanish:
            missing.append(english)
            continue
        existing = StringTranslation.objects.filter(
            translation_of=segment.string, locale=locale, context=segment.context
        ).first()
        if existing is None:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                data=spanish,
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
            changed = True
        elif existing.data != spanish:
            existing.data = spanish
            existing.has_error = False
            existing.save()
            changed = True
    target = page.get_translation_or_none(locale)
    if changed or new_translation or target is None or not target.live or target.has_unpublished_changes:
        # A draft first, then published here: save_target(publish=True) would publish when the transaction
        # commits, after the pages below this one need it (and never inside a test's transaction).
        translation.save_target(publish=False)
        target = page.get_translation(locale).specific
        target.get_latest_revision().publish()
        target.refresh_from_db()
    return target.specific, missing
