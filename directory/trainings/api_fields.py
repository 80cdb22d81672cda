"""Serializer fields that training models name in their `api_fields` (see docs/api.md)."""

from rest_framework.fields import Field


class ProviderField(Field):
    """A training provider (a snippet): {"id", "name", "website"}."""

    def to_representation(self, provider):
        return {"id": provider.pk, "name": provider.name, "website": provider.website or None}


class StringListField(Field):
    """A ChoiceListField (stored as one delimited string) as a JSON list of strings."""

    def to_representation(self, value):
        return list(value or [])
