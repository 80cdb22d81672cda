from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .text import MAX_QUERY_LENGTH, query_terms


class SearchSynonym(index.Indexed, models.Model):
    """A word or abbreviation visitors type, and the words the content uses for it.

    Matching works both ways: a search for "CM" also finds "care management", and a
    search for "care management" also finds "CM".
    """

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text='What visitors type, e.g. "CM" or "RN". Case does not matter.',
    )
    expansions = models.TextField(
        help_text='What it means, one per line, e.g. "care management". Each line is searched as a whole.',
    )

    panels = [FieldPanel("term"), FieldPanel("expansions")]
    search_fields = [index.SearchField("term"), index.AutocompleteField("term"), index.SearchField("expansions")]

    class Meta:
        ordering = ["term"]
        verbose_name = "search synonym"
        verbose_name_plural = "search synonyms"

    def __str__(self):
        return f"{self.term} = {', '.join(self.expansion_list)}"

    @property
    def expansion_list(self):
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if not query_terms(self.term or ""):
            errors["term"] = "Enter at least one letter or digit."
        if not any(query_terms(line) for line in self.expansion_list):
            errors["expansions"] = "Enter at least one expansion (letters or digits), one per line."
        if errors:
            raise ValidationError(errors)


class SearchQueryLog(models.Model):
    """How often a search was made on one day and how many results it found.

    Holds only the normalised query text and counters: no user, session, IP address or time
    of day. Queries that look like e-mail addresses or phone numbers are redacted before
    they are stored (see search.text.redact).
    """

    query = models.CharField(max_length=MAX_QUERY_LENGTH)
    date = models.DateField(db_index=True)
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(
        default=0, help_text="How many of the searches found nothing at all."
    )
    last_result_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query", "date"], name="site_search_log_query_date")]
        verbose_name = "search query log"
        verbose_name_plural = "search query logs"

    def __str__(self):
        return f"{self.query} ({self.date}: {self.searches})"
