"""Serializer fields that training models name in their `api_fields` (see docs/api.md)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework.fields import Field

PROVIDER_SCHEMA = {
    "type": ["object", "null"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "website": {"type": ["string", "null"]},
    },
    "required": ["id", "name", "website"],
}


@extend_schema_field(PROVIDER_SCHEMA)
class ProviderField(Field):
    """A training provider (a snippet): {"id", "name", "website"}."""

    def to_representation(self, provider):
        return {"id": provider.pk, "name": provider.name, "website": provider.website or None}


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class StringListField(Field):
    """A ChoiceListField (stored as one delimited string) as a JSON list of strings."""

    def to_representation(self, value):
        return list(value or [])
