"""A narrow fix to wagtail-localize 1.14.5 on Wagtail 8, applied in HomeConfig.ready().

Extracting the strings of an ImageBlock nested in a StructBlock (the career page's hero and card images) fails:
`StreamFieldSegmentExtractor.handle_struct_block` hands its children the raw value only at the top level of a
stream, so a nested ImageBlock gets `raw_value=None` and `handle_image_block` calls `None.get()`. The raw value
is rebuilt from the block's own value (an Image with `contextual_alt_text` and `decorative`) in that case.

An optional CharBlock or TextBlock left empty has the value None, which `handle_block` turns into a string segment
and fails (`string must be either a StringValue or a str`). An empty text has nothing to translate: it gives no
segment, and the translated page keeps the source's (empty) value, as for any block without segments.

Model fields (`translatable_fields`, wagtail-localize's own setting, set here for every page model that has none):
a list stored in a text column (`directory.fields.ChoiceListField`, known by its `choice_list`) is a choice, not
text, so it is synchronised like a CharField with choices; a field the model excludes from copies
(`exclude_fields_in_copy`, e.g. a training's unique `external_id`) is neither translated nor synchronised, so the
translation keeps its own (empty) value; a model's `translation_synchronized_fields` (facts such as an address or a
phone number, the same in every language) are synchronised from the source rather than translated.
"""

from wagtail import blocks
from wagtail.models import Page, get_page_models
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.segments import extract

_original_handle_image_block = extract.StreamFieldSegmentExtractor.handle_image_block
_original_handle_block = extract.StreamFieldSegmentExtractor.handle_block
TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.BlockQuoteBlock)


def _raw_image_value(image):
    if image is None:
        return {}
    return {
        "image": image.pk,
        "alt_text": getattr(image, "contextual_alt_text", "") or "",
        "decorative": bool(getattr(image, "decorative", False)),
    }


def handle_image_block(self, block, image_block_value, raw_value=None):
    if raw_value is None:
        raw_value = _raw_image_value(image_block_value)
    return _original_handle_image_block(self, block, image_block_value, raw_value=raw_value)


def handle_block(self, block_type, block_value, raw_value=None):
    if isinstance(block_type, TEXT_BLOCKS) and not (block_value or "").strip():
        return []
    return _original_handle_block(self, block_type, block_value, raw_value=raw_value)


def page_translatable_fields(model):
    excluded = set(getattr(model, "exclude_fields_in_copy", ())) - set(Page.exclude_fields_in_copy)
    synchronized = set(getattr(model, "translation_synchronized_fields", ()))
    fields = []
    for translatable in get_translatable_fields(model):
        if translatable.field_name in excluded:
            continue
        field = model._meta.get_field(translatable.field_name)
        if getattr(field, "choice_list", None) is not None or translatable.field_name in synchronized:
            translatable = SynchronizedField(translatable.field_name)
        fields.append(translatable)
    return fields


def apply():
    # Computed for every model before any is set: a model inherits its base's setting otherwise.
    computed = {
        model: page_translatable_fields(model)
        for model in get_page_models()
        if model is not Page and "translatable_fields" not in model.__dict__
    }
    for model, fields in computed.items():
        model.translatable_fields = fields
    extractor = extract.StreamFieldSegmentExtractor
    if extractor.handle_image_block is not handle_image_block:
        extractor.handle_image_block = handle_image_block
    if extractor.handle_block is not handle_block:
        extractor.handle_block = handle_block
