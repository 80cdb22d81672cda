"""Occupations (2018 SOC) and the wages BLS reports for them, per area and release (docs/occupations.md)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

SOC_CODE_PATTERN = r"^\d{2}-\d{4}$"
validate_soc_code = RegexValidator(SOC_CODE_PATTERN, "A SOC code is two digits, a hyphen and four digits: 21-1094.")

# BLS's markers in place of a number. They are kept as such: a figure BLS did not publish is never a 0.
NOT_PUBLISHED_MARKERS = {"*", "**", "-"}
TOP_CODED_MARKER = "#"


class Occupation(index.Indexed, models.Model):
    """One occupation of the 2018 Standard Occupational Classification, keyed by its code."""

    class Source(models.TextChoices):
        BLS = "bls", "BLS OEWS"
        EDITOR = "editor", "Added by an editor"

    soc_code = models.CharField(
        "SOC code",
        primary_key=True,
        max_length=7,
        validators=[validate_soc_code],
        help_text="The 2018 SOC code, e.g. 21-1094.",
    )
    title = models.CharField(max_length=200, help_text="BLS's title, e.g. Community Health Workers.")
    group = models.CharField(
        max_length=20, blank=True, help_text="BLS's O_GROUP: total, major, minor, broad or detailed."
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.EDITOR, editable=False)

    panels = [FieldPanel("soc_code"), FieldPanel("title"), FieldPanel("group")]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("soc_code"),
        index.FilterField("group"),
    ]

    class Meta:
        ordering = ["soc_code"]

    def __str__(self):
        return f"{self.soc_code} {self.title}"

    @property
    def from_bls(self):
        return self.source == self.Source.BLS


class WageArea(models.Model):
    """An OEWS area: the nation, New York State, a metropolitan or a nonmetropolitan area."""

    class Kind(models.TextChoices):
        NATIONAL = "national", "United States"
        STATE = "state", "State"
        METRO = "metro", "Metropolitan area"
        NONMETRO = "nonmetro", "Nonmetropolitan area"

    code = models.CharField(max_length=7, primary_key=True, help_text="BLS's AREA code, e.g. 36 or 10580.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    area_type = models.PositiveSmallIntegerField(help_text="BLS's AREA_TYPE.")
    state = models.CharField(max_length=20, blank=True, help_text="BLS's PRIM_STATE.")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        # BLS titles the state by its name alone; on a page "New York" would read as the city.
        if self.kind == self.Kind.STATE and "State" not in self.title:
            return gettext("%(name)s State") % {"name": self.title}
        return self.title


class OewsRelease(models.Model):
    """One yearly OEWS release: its figures are for May of `year`."""

    year = models.PositiveSmallIntegerField(unique=True)
    imported_at = models.DateTimeField(auto_now=True)
    source_file = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return gettext("May %(year)s") % {"year": self.year}

    @property
    def citation(self):
        return gettext("BLS OEWS, May %(year)s") % {"year": self.year}


@dataclass(frozen=True)
class Figure:
    """One wage or employment figure: a number, a number at BLS's top code, or not published."""

    value: Decimal | None
    marker: str = ""

    @property
    def published(self):
        return self.value is not None

    @property
    def top_coded(self):
        return self.marker == TOP_CODED_MARKER


class Wage(models.Model):
    """What BLS reports for one occupation in one area in one release (all industries)."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="wages")
    area = models.ForeignKey(WageArea, on_delete=models.CASCADE, related_name="wages")
    release = models.ForeignKey(OewsRelease, on_delete=models.CASCADE, related_name="wages")
    employment = models.PositiveIntegerField(null=True, blank=True, help_text="TOT_EMP, rounded by BLS.")
    employment_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    h_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    a_mean = models.PositiveIntegerField(null=True, blank=True)
    mean_rse = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    h_pct10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    h_pct25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    h_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    h_pct75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    h_pct90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    a_pct10 = models.PositiveIntegerField(null=True, blank=True)
    a_pct25 = models.PositiveIntegerField(null=True, blank=True)
    a_median = models.PositiveIntegerField(null=True, blank=True)
    a_pct75 = models.PositiveIntegerField(null=True, blank=True)
    a_pct90 = models.PositiveIntegerField(null=True, blank=True)
    # BLS's marker for each figure that is not a plain number: {"h_median": "*", "a_pct90": "#"}.
    markers = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "area", "release"], name="unique_wage_per_release"),
        ]
        indexes = [models.Index(fields=["area", "release"])]

    def __str__(self):
        return f"{self.occupation_id} in {self.area_id}, May {self.release.year}"

    def figure(self, name):
        value = getattr(self, name)
        return Figure(None if value is None else Decimal(value), (self.markers or {}).get(name, ""))
