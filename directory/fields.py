"""Model fields shared by the directory's models."""

from django import forms
from django.db import models

SEPARATOR = "|"


class ChoiceListField(models.TextField):
    """A list of short strings stored as "|a|b|" so a single `__contains="|a|"` filter finds rows with "a".

    Works the same on SQLite and PostgreSQL (no JSON containment or arrays needed), and one
    aggregate query can count every choice for facets. Values may not contain "|".
    """

    description = "A list of strings"

    def __init__(self, *args, choice_list=None, lenient=False, **kwargs):
        # choice_list: a sequence of (value, label) or a callable returning one (evaluated per form).
        # lenient: accept values outside choice_list (choices that change over time).
        self.choice_list = choice_list
        self.lenient = lenient
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # Choices are a form concern; keep them out of migrations.
        return name, path, args, kwargs

    @staticmethod
    def to_list(value):
        if value is None or value == "":
            return []
        if isinstance(value, (list, tuple)):
            return [str(item).strip() for item in value if str(item).strip()]
        return [item for item in str(value).split(SEPARATOR) if item]

    @staticmethod
    def to_storage(values):
        values = [str(value).replace(SEPARATOR, "/").strip() for value in values if str(value).strip()]
        # Keep the author's order but drop duplicates.
        unique = list(dict.fromkeys(values))
        return f"{SEPARATOR}{SEPARATOR.join(unique)}{SEPARATOR}" if unique else ""

    @staticmethod
    def contains_lookup(value):
        """The `__contains` argument that matches rows holding `value`."""
        return f"{SEPARATOR}{value}{SEPARATOR}"

    def from_db_value(self, value, expression, connection):
        return self.to_list(value)

    def to_python(self, value):
        return self.to_list(value)

    def get_prep_value(self, value):
        if isinstance(value, str) and (value == "" or value.startswith(SEPARATOR)):
            return value  # already stored form (e.g. a lookup argument)
        return self.to_storage(self.to_list(value))

    def value_to_string(self, obj):
        # Serialisation (revisions, fixtures) must round-trip through to_python: use the stored form.
        return self.to_storage(self.value_from_object(obj))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": LenientMultipleChoiceField if self.lenient else BoundedMultipleChoiceField,
            "choices": self.choice_list or [],
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name[:1].upper() + self.verbose_name[1:],
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value"):
            defaults.pop(key, None)
        return form_class(**defaults)


# More values than any real choice list has: a form (or query string) that sends more is refused before any of
# its values is looked at, so one request cannot make the server check thousands of them.
MAX_CHOSEN_VALUES = 100


def check_chosen_count(values, limit=MAX_CHOSEN_VALUES):
    """Refuse a list of more than `limit` values (cheap: called before anything checks the values themselves)."""
    if values and len(values) > limit:
        raise forms.ValidationError(
            "Choose at most %(limit)d options.", code="too_many_choices", params={"limit": limit}
        )


def choice_values(choices):
    """The set of values of (value, label) choices, option groups flattened."""
    values = set()
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            values.update(str(inner) for inner, _inner_label in label)
        else:
            values.add(str(value))
    return values


class BoundedMultipleChoiceField(forms.MultipleChoiceField):
    """Django's MultipleChoiceField with bounded work: at most `max_choices` values, each checked against one
    evaluation of the choices (Django's own re-reads callable choices for every value it checks)."""

    def __init__(self, *args, max_choices=MAX_CHOSEN_VALUES, **kwargs):
        self.max_choices = max_choices
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        values = super().to_python(value)
        check_chosen_count(values, self.max_choices)
        return list(dict.fromkeys(values))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        allowed = choice_values(self.choices)
        for item in value:
            if item not in allowed:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )


class LenientMultipleChoiceField(BoundedMultipleChoiceField):
    """Checkboxes whose choices may change over time (e.g. job titles from career pages)."""

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if SEPARATOR in item:
                raise forms.ValidationError("Values may not contain “|”.", code="invalid_choice")
