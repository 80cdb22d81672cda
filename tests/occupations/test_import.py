from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from occupations.importing import import_oews, release_year_from_name
from occupations.models import Occupation, OewsRelease, Wage, WageArea
from tests.occupations.conftest import shipped_rows, write_csv

pytestmark = pytest.mark.django_db


def test_import_reads_bls_columns_into_occupations_areas_and_wages(sample_file):
    report = import_oews(sample_file)
    rows = shipped_rows()
    assert report.rows == len(rows) and report.created == len(rows) and not report.errors
    chw = Occupation.objects.get(soc_code="21-1094")
    assert (chw.title, chw.group, chw.from_bls) == ("Community Health Workers", "detailed", True)
    statewide = WageArea.objects.get(code="36")
    assert (statewide.display_title, statewide.kind) == ("New York State", "state")
    assert WageArea.objects.get(code="10580").kind == "metro"
    assert WageArea.objects.get(code="3600001").kind == "nonmetro"
    assert WageArea.objects.get(code="99").kind == "national"
    wage = Wage.objects.get(occupation=chw, area=statewide, release__year=2025)
    # The figures, as BLS publishes them.
    assert wage.h_median == Decimal("27.95")
    assert (wage.h_pct10, wage.h_pct90) == (Decimal("21.30"), Decimal("42.30"))
    assert (wage.a_pct10, wage.a_median, wage.a_pct90, wage.employment) == (44310, 58130, 87980, 5800)
    assert Wage.objects.get(occupation=chw, area_id="10580").h_median == Decimal("29.62")


def test_not_published_and_top_coded_are_kept_as_such_never_zero(tmp_path):
    row = dict(shipped_rows(codes={"21-1094"}, areas={"36"})[0])
    row.update({"H_MEDIAN": "*", "A_MEDIAN": "*", "H_PCT90": "#", "A_PCT90": "#", "TOT_EMP": "**", "H_MEAN": "-"})
    import_oews(write_csv(tmp_path / "oews_may2025.csv", [row]))
    wage = Wage.objects.get()
    assert wage.h_median is None and wage.a_median is None and wage.employment is None and wage.h_mean is None
    assert wage.figure("h_median").marker == "*" and not wage.figure("h_median").published
    top = wage.figure("a_pct90")
    assert top.top_coded and top.value == 239200
    assert wage.figure("h_pct90").top_coded and wage.h_pct90 == Decimal("115.00")


def test_import_is_idempotent_and_reports_counts(sample_file):
    first = import_oews(sample_file)
    second = import_oews(sample_file)
    assert first.created > 0
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert Wage.objects.count() == first.created
    assert Occupation.objects.count() == len({r["OCC_CODE"] for r in shipped_rows()})


def test_a_changed_figure_is_updated_in_place(tmp_path):
    rows = shipped_rows(codes={"21-1094"}, areas={"36"})
    import_oews(write_csv(tmp_path / "m2025.csv", rows))
    rows[0]["H_MEDIAN"] = "28.00"
    report = import_oews(write_csv(tmp_path / "m2025.csv", rows))
    assert (report.created, report.updated) == (0, 1)
    assert Wage.objects.get().h_median == Decimal("28.00")


def test_malformed_rows_are_reported_by_line_and_nothing_else_is_lost(tmp_path):
    rows = shipped_rows()
    rows[2] = {**rows[2], "H_MEDIAN": "lots"}
    rows[4] = {**rows[4], "OCC_CODE": "211094"}
    path = write_csv(tmp_path / "oews-may2025.csv", rows)
    err = StringIO()
    out = StringIO()
    call_command("import_oews", str(path), stdout=out, stderr=err)
    # Line 1 is the header: rows[2] is on line 4.
    assert "line 4: H_MEDIAN 'lots' is not a number, * or #" in err.getvalue()
    assert "line 6: OCC_CODE '211094' is not a SOC code like 21-1094" in err.getvalue()
    assert Wage.objects.count() == len(rows) - 2
    assert "2 with errors" in out.getvalue()


def test_a_duplicate_row_is_an_error_not_a_second_wage(tmp_path):
    rows = shipped_rows(codes={"21-1094"}, areas={"36"})
    err = StringIO()
    call_command("import_oews", str(write_csv(tmp_path / "m2025.csv", rows + rows)), stdout=StringIO(), stderr=err)
    assert "line 3: area 36 and occupation 21-1094 again (first on line 2)" in err.getvalue()
    assert Wage.objects.count() == 1


def test_earlier_releases_are_kept_and_the_newest_titles_win(tmp_path):
    rows = shipped_rows(codes={"21-1094"}, areas={"36"})
    import_oews(write_csv(tmp_path / "oews.csv", rows), year=2025)
    renamed = [{**rows[0], "OCC_TITLE": "Community Health Workers (new)", "H_MEDIAN": "30.00"}]
    import_oews(write_csv(tmp_path / "oews.csv", renamed), year=2026)
    assert list(OewsRelease.objects.values_list("year", flat=True)) == [2026, 2025]
    assert Wage.objects.get(release__year=2025).h_median == Decimal("27.95")
    assert Wage.objects.get(release__year=2026).h_median == Decimal("30.00")
    assert Occupation.objects.get().title == "Community Health Workers (new)"
    # Re-importing the older release does not rename it back.
    import_oews(write_csv(tmp_path / "oews.csv", rows), year=2025)
    assert Occupation.objects.get().title == "Community Health Workers (new)"


def test_lower_case_headers_extra_columns_and_industry_rows(tmp_path):
    rows = shipped_rows(codes={"21-1094"}, areas={"36"})
    columns = [c.lower() for c in rows[0]] + ["i_group", "naics"]
    lowered = [{k.lower(): v for k, v in rows[0].items()} | {"i_group": "cross-industry", "naics": "000000"}]
    lowered.append(lowered[0] | {"i_group": "sector", "naics": "62"})
    report = import_oews(write_csv(tmp_path / "all_data_M_2025.csv", lowered, columns=columns))
    assert (report.created, report.skipped) == (1, 1)


def test_a_file_without_bls_columns_is_refused_and_nothing_imported(tmp_path):
    path = tmp_path / "m2025.csv"
    path.write_text("name,pay\nx,1\n")
    with pytest.raises(CommandError, match="Not a BLS OEWS file: missing columns AREA"):
        call_command("import_oews", str(path), stdout=StringIO())
    assert not OewsRelease.objects.exists()


def test_the_release_year_comes_from_the_name_or_the_option(tmp_path):
    assert release_year_from_name("oews-ny-may2025.csv") == 2025
    assert release_year_from_name("all_data_M_2026.csv") == 2026
    assert release_year_from_name("wages.csv") is None
    path = write_csv(tmp_path / "wages.csv", shipped_rows(codes={"21-1094"}, areas={"36"}))
    with pytest.raises(CommandError, match="--year"):
        call_command("import_oews", str(path), stdout=StringIO())
    call_command("import_oews", str(path), "--year", "2026", stdout=StringIO())
    assert OewsRelease.objects.get().year == 2026


def test_dry_run_changes_nothing(sample_file):
    out = StringIO()
    call_command("import_oews", str(sample_file), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and not Wage.objects.exists()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_oews", "/nonexistent/m2025.csv", stdout=StringIO())


def test_the_shipped_file_imports_whole_without_errors():
    from occupations.demo import load_oews

    load_oews()
    assert Wage.objects.count() == 8795 and WageArea.objects.count() == 18
    assert Occupation.objects.get(soc_code="29-1141").title == "Registered Nurses"
