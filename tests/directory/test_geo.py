import pytest

from directory import geo


def test_albany_to_new_york_is_about_136_miles():
    albany, manhattan = geo.lookup_zip("12207"), geo.lookup_zip("10001")
    miles = geo.distance_miles(albany.latitude, albany.longitude, manhattan.latitude, manhattan.longitude)
    assert 130 < miles < 142


@pytest.mark.parametrize(
    ("zip_code", "region"),
    [
        ("12207", "capital-region"),
        ("10001", "new-york-city"),
        ("14604", "finger-lakes"),
        ("14202", "western-new-york"),
        ("13202", "central-new-york"),
        ("11501", "long-island"),
        ("13601", "north-country"),
        ("13617", "north-country"),
    ],
)
def test_region_comes_from_the_county(zip_code, region):
    assert geo.lookup_zip(zip_code).ny_region == region


@pytest.mark.parametrize("value", ["", "1220", "122077", "abcde", "00000", "99999", None, "<b>12207</b>"])
def test_malformed_or_unknown_zip_is_none(value):
    assert geo.lookup_zip(value) is None


def test_zip_plus_four_is_accepted():
    assert geo.lookup_zip(" 12207-1234 ").zip_code == "12207"


def test_bounding_box_contains_points_within_the_radius():
    albany = geo.lookup_zip("12207")
    box = geo.bounding_box(albany.latitude, albany.longitude, 25)
    troy = geo.lookup_zip("12180")
    assert box.min_latitude <= troy.latitude <= box.max_latitude
    assert box.min_longitude <= troy.longitude <= box.max_longitude
    manhattan = geo.lookup_zip("10001")
    assert not box.min_latitude <= manhattan.latitude <= box.max_latitude


def test_every_new_york_county_has_a_region():
    counties = {info.county for info in geo._zip_index().values() if info.state == "NY" and info.county}
    missing = {c for c in counties if not geo.ZipInfo("", "", "NY", c, 0, 0).ny_region}
    assert missing == set()


def test_zips_within_gives_great_circle_miles_nearest_first():
    found = geo.zips_within("10001", 250)
    miles = {zip_code: distance for distance, zip_code in found}
    assert miles["10001"] == 0
    assert miles["12207"] == pytest.approx(132.15, abs=0.01)  # Albany
    assert miles["14604"] == pytest.approx(249.25, abs=0.01)  # Rochester
    assert [distance for distance, _zip in found] == sorted(distance for distance, _zip in found)
    assert "14202" not in miles  # Buffalo, about 290 miles


def test_zips_within_includes_the_radius_edge_and_nothing_beyond():
    albany = {zip_code: distance for distance, zip_code in geo.zips_within("10001", 250)}["12207"]
    assert "12207" in {zip_code for _miles, zip_code in geo.zips_within("10001", albany)}
    assert "12207" not in {zip_code for _miles, zip_code in geo.zips_within("10001", albany - 0.001)}
    every_zip = geo.zips_within("10001", 10)
    assert all(distance <= 10 for distance, _zip in every_zip)
    assert len(every_zip) > 100  # Manhattan: hundreds of ZIP codes, most with no employers


@pytest.mark.parametrize("value", ["", "00000", "abcde", None])
def test_zips_within_an_unknown_zip_is_empty(value):
    assert geo.zips_within(value, 25) == ()
