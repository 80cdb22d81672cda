"""What BLS reports for a page's occupations in one area: the figures, their text and the bars' geometry.

A page builds one `LocalPay` per request (one query, the wages of all its occupations; the areas and the newest
release are cached), and every block reads its figures from it (docs/occupations.md).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import gettext, gettext_lazy, pgettext
from wagtail import hooks

from occupations.api_schemas import WAGE_FIGURE_NAMES
from occupations.areas import STATEWIDE_AREA_CODE, area_code_for_zip
from occupations.models import Figure, OewsRelease, Wage, WageArea

# One scale for every pay bar on the site, so two careers' bars compare: $0 to BLS's top code, $239,200 a year
# ($115 an hour), rounded up. Higher figures reach the end of the bar and say so.
PAY_SCALE_MAX = Decimal(240_000)
HOURS_PER_YEAR = 2080
NOT_PUBLISHED = gettext_lazy("Not published by BLS")
# `fn(request)` returns the signed-in visitor's home ZIP code or "" (accounts/wagtail_hooks.py registers it).
VISITOR_ZIP_HOOK = "occupations_visitor_zip"
AREA_PARAMETER = "area"
CHOOSER_KINDS = (WageArea.Kind.STATE, WageArea.Kind.METRO, WageArea.Kind.NONMETRO)
KIND_ORDER = {kind: position for position, kind in enumerate(CHOOSER_KINDS)}


def money(amount, cents=False):
    if amount is None:
        return ""
    return f"${Decimal(amount):,.2f}" if cents else f"${Decimal(amount):,.0f}"


def hourly_text(figure):
    if not figure.published:
        return NOT_PUBLISHED
    amount = money(figure.value, cents=True)
    if figure.top_coded:
        return gettext("%(amount)s or more an hour") % {"amount": amount}
    return gettext("%(amount)s an hour") % {"amount": amount}


def annual_text(figure):
    if not figure.published:
        return NOT_PUBLISHED
    amount = money(figure.value)
    if figure.top_coded:
        return gettext("%(amount)s or more a year") % {"amount": amount}
    return gettext("%(amount)s a year") % {"amount": amount}


def scale_position(amount):
    """Where an annual amount sits on the shared scale, in percent (0-100)."""
    if amount is None:
        return None
    return round(float(min(Decimal(amount), PAY_SCALE_MAX) / PAY_SCALE_MAX * 100), 1)


@dataclass
class OccupationPay:
    """One occupation's figures in one area (`wage` is None when BLS reports nothing for it there)."""

    occupation: object
    wage: Wage | None
    area: WageArea
    release: OewsRelease

    def figure(self, name):
        return self.wage.figure(name) if self.wage is not None else Figure(None)

    @property
    def soc_code(self):
        return self.occupation.soc_code

    @property
    def title(self):
        return self.occupation.title

    @property
    def published(self):
        return self.wage is not None and (self.figure("a_median").published or self.figure("h_median").published)

    @property
    def median_hourly(self):
        return hourly_text(self.figure("h_median"))

    @property
    def median_annual(self):
        return annual_text(self.figure("a_median"))

    def _range(self, low, high, text):
        low, high = self.figure(low), self.figure(high)
        if not (low.published and high.published):
            return NOT_PUBLISHED
        return f"{text(low).split(' ')[0]} - {text(high)}"

    @property
    def range_hourly(self):
        return self._range("h_pct10", "h_pct90", hourly_text)

    @property
    def range_annual(self):
        return self._range("a_pct10", "a_pct90", annual_text)

    @property
    def employment_text(self):
        employment = self.figure("employment")
        return f"{employment.value:,.0f}" if employment.published else NOT_PUBLISHED

    def cells(self):
        """The table view's row: (label, hourly text, yearly text) per figure."""
        return [
            (label, hourly_text(self.figure(f"h_{name}")), annual_text(self.figure(f"a_{name}")))
            for label, name in (
                (gettext("10th percentile"), "pct10"),
                (gettext("25th percentile"), "pct25"),
                (gettext("Median"), "median"),
                (gettext("75th percentile"), "pct75"),
                (gettext("90th percentile"), "pct90"),
                (pgettext("average", "Mean"), "mean"),
            )
        ]

    @property
    def bar(self):
        """The range bar on the shared scale: 10th to 90th percentile, the median marked (annual figures)."""
        low, median, high = (self.figure(name) for name in ("a_pct10", "a_median", "a_pct90"))
        if not median.published:
            return None
        bar = {"median": scale_position(median.value), "beyond": high.published and high.value > PAY_SCALE_MAX}
        if low.published and high.published:
            bar["start"] = scale_position(low.value)
            bar["width"] = round(max(scale_position(high.value) - bar["start"], 1.0), 1)
        return bar

    def as_salary_distribution(self):
        """schema.org MonetaryAmountDistribution of the yearly figures."""
        data = {
            "@type": "MonetaryAmountDistribution",
            "name": f"{self.title} (SOC {self.soc_code}), {self.area.display_title}, {self.release.citation}",
            "currency": "USD",
            "duration": "P1Y",
        }
        for key, name in (
            ("percentile10", "a_pct10"),
            ("percentile25", "a_pct25"),
            ("median", "a_median"),
            ("percentile75", "a_pct75"),
            ("percentile90", "a_pct90"),
        ):
            figure = self.figure(name)
            if figure.published:
                data[key] = int(figure.value)
        return data

    def as_api(self):
        return {
            "soc_code": self.soc_code,
            "title": self.title,
            "area": self.area.code,
            "release": self.release.year,
            "figures": wage_figures_json(self.wage) if self.wage is not None else None,
        }


def figure_json(figure):
    """A number, or null; `marker` says why BLS gave none ("*") or that it is top-coded ("#")."""
    if not figure.published:
        return {"value": None, "marker": figure.marker or "*"}
    value = figure.value
    value = int(value) if value == value.to_integral_value() else float(value)
    return {"value": value, "marker": figure.marker} if figure.marker else {"value": value}


WAGE_JSON_FIELDS = WAGE_FIGURE_NAMES


def area_json(area):
    return {"code": area.code, "title": area.display_title, "kind": area.kind}


def wage_figures_json(wage):
    return {name: figure_json(wage.figure(name)) for name in WAGE_JSON_FIELDS}


# The areas and the newest release change only with an import (which forgets them): cached, so a page
# asks the database for its wages alone.
AREAS_CACHE_KEY = "occupations:areas-and-release"
AREAS_CACHE_SECONDS = 60 * 60


def forget_cached_areas():
    cache.delete(AREAS_CACHE_KEY)


def areas_and_release():
    cached = cache.get(AREAS_CACHE_KEY)
    if cached is None:
        cached = (chooser_areas(), OewsRelease.objects.order_by("-year").first())
        cache.set(AREAS_CACHE_KEY, cached, AREAS_CACHE_SECONDS)
    return cached


def chooser_areas():
    areas = [area for area in WageArea.objects.filter(kind__in=CHOOSER_KINDS) if area.state.startswith("NY")]
    return sorted(areas, key=lambda area: (KIND_ORDER[area.kind], area.title))


def visitor_zip(request):
    for fn in hooks.get_hooks(VISITOR_ZIP_HOOK):
        zip_code = fn(request)
        if zip_code:
            return zip_code
    return ""


class LocalPay:
    """The area a page shows, the areas a visitor may choose, and the wages of the page's occupations there."""

    def __init__(self, areas, area, release, wages, note="", error="", from_zip=False):
        self.areas, self.area, self.release = areas, area, release
        self.wages, self.note, self.error, self.from_zip = wages, note, error, from_zip
        self._form_count = 0

    @property
    def available(self):
        return self.area is not None and self.release is not None

    @property
    def heading(self):
        return gettext("What BLS reports in %(area)s") % {"area": self.area.display_title} if self.available else ""

    def form_id(self):
        """A distinct id for each area chooser on the page."""
        self._form_count += 1
        return f"pay-area-{self._form_count}"

    def for_occupations(self, occupations):
        if not self.available:
            return []
        seen, result = set(), []
        for occupation in occupations or []:
            if occupation is None or occupation.soc_code in seen:
                continue
            seen.add(occupation.soc_code)
            result.append(OccupationPay(occupation, self.wages.get(occupation.soc_code), self.area, self.release))
        return result

    @classmethod
    def build(cls, soc_codes, area_code=None, request=None):
        """The figures for `area_code` (validated), else the visitor's home area, else New York State.

        `error` says why a requested area was not used; a bad area never fails the page.
        """
        areas, release = areas_and_release()
        by_code = {area.code: area for area in areas}
        statewide = by_code.get(STATEWIDE_AREA_CODE)
        area, note, error, from_zip = None, "", "", False
        if area_code is not None:
            area = by_code.get(area_code.strip())
            if area is None:
                error = gettext("We have no BLS figures for that area. Choose one from the list.")
        elif request is not None:
            zip_code = visitor_zip(request)
            if zip_code:
                area = by_code.get(area_code_for_zip(zip_code))
                from_zip = area is not None
                if area is not None and area.code == STATEWIDE_AREA_CODE:
                    note = gettext(
                        "Your home ZIP code is not in one of the metropolitan areas BLS reports, so these are the "
                        "statewide figures. Choose an area to see others."
                    )
                elif area is not None:
                    note = gettext("Showing the area of your home ZIP code. Choose another to compare.")
        area = area or statewide
        release = release if area is not None else None
        wages = {}
        codes = sorted(set(soc_codes))
        if release is not None and codes:
            wages = {
                wage.occupation_id: wage
                for wage in Wage.objects.filter(release=release, area=area, occupation_id__in=codes)
            }
        return cls(areas, area, release, wages, note=note, error=error, from_zip=from_zip)
