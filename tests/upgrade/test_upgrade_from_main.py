"""A database made by the code before the trainings/employers redesign migrates with nothing lost.

build_old_database.py builds the database with the code of OLD_COMMIT (its own migrations, demo content, CSV
imports, a moderated submission, saved items, page revisions, search index) and records what it holds; then
this checkout's `manage.py migrate` runs on it and collect_facts.py records the same facts with this checkout's
code. Every fact must be the same, save the app labels of the directory's models' content types (which keep
their ids).

On SQLite the database is a file; with DATABASE_URL naming PostgreSQL, a database of its own on that server
(created and dropped here). Select with `-m upgrade`, leave out with `-m "not upgrade"`.
"""

import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.upgrade.upgrade_facts import HTML_SEARCHES

pytestmark = pytest.mark.upgrade

# The last commit of main before the redesign (issue 14): the layout existing sites have.
OLD_COMMIT = "ec3a3b8"
REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SUBPROCESS_TIMEOUT = 600


def git(*args, **kwargs):
    return subprocess.run(  # noqa: S603 - fixed argv
        ["git", "-C", str(REPO), *args],  # noqa: S607 - git from PATH, as a developer runs it
        capture_output=True,
        check=False,
        **kwargs,
    )


def export_old_tree(destination):
    """OLD_COMMIT's files in destination (git archive: the repository is left untouched)."""
    if git("cat-file", "-e", f"{OLD_COMMIT}^{{commit}}").returncode != 0:
        pytest.skip(f"commit {OLD_COMMIT} is not in this clone (a shallow clone?): `git fetch --unshallow` to run it")
    archive = destination.parent / "old.tar"
    result = git("archive", "--format=tar", "-o", str(archive), OLD_COMMIT)
    assert result.returncode == 0, result.stderr.decode()
    destination.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(destination, filter="data")
    return destination


def database_url(tmp_dir):
    """(DATABASE_URL for the upgrade database, a function that drops it)."""
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_dir / 'upgrade.sqlite3'}", lambda: None

    import psycopg

    config = dj_database_url.parse(url)
    name = f"test_{config['NAME']}_upgrade_{os.getpid()}"[:63]
    server = {
        "dbname": "postgres",
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
    }

    def execute(sql):
        with psycopg.connect(**server, autocommit=True) as connection:
            connection.execute(sql)

    execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    execute(f'CREATE DATABASE "{name}"')
    user = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{name}", lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_python(args, tree, url):
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "DJANGO_SETTINGS_MODULE": "hwcollab.settings.test",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "TASKS_LOG_LEVEL": "WARNING",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{' '.join(map(str, args))} in {tree} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    """(facts recorded by the old code, facts recorded by this checkout after its migrate)."""
    tmp_dir = tmp_path_factory.mktemp("upgrade")
    old_tree = export_old_tree(tmp_dir / "old")
    url, drop = database_url(tmp_dir)
    try:
        run_python([HERE / "build_old_database.py", tmp_dir / "old.json"], old_tree, url)
        run_python(["manage.py", "migrate", "--noinput"], REPO, url)
        run_python([HERE / "collect_facts.py", tmp_dir / "new.json"], REPO, url)
    finally:
        drop()
        keep = os.environ.get("UPGRADE_FACTS_DIR")
        if keep:  # to read what was compared: the two JSON files
            Path(keep).mkdir(parents=True, exist_ok=True)
            for name in ("old.json", "new.json"):
                if (tmp_dir / name).exists():
                    shutil.copy(tmp_dir / name, Path(keep) / name)
    return json.loads((tmp_dir / "old.json").read_text()), json.loads((tmp_dir / "new.json").read_text())


def test_the_old_database_has_what_the_checks_need(facts):
    """The builder made what the other tests compare: without it they would compare empty lists."""
    old, _new = facts
    models = {page["model"] for page in old["pages"]}
    assert {"trainingpage", "trainingindexpage", "employerdirectorypage", "careerpage", "homepage"} <= models
    assert any(page["revisions"] >= 3 and page["has_unpublished_changes"] for page in old["pages"])
    assert {state["status"] for state in old["workflow_states"]} == {"in_progress", "approved"}
    assert any(state["target"]["str"] == "Harbor Upgrade Partners" for state in old["workflow_states"])
    assert {item["kind"] for item in old["saved_items"]} == {"training", "employer"}
    assert any(not item["is_listed"] for item in old["saved_items"])
    assert {training["external_id"] for training in old["trainings"]} >= {"UPG-T1", "UPG-T2", "UPG-T3"}
    assert all(search["results"] or search.get("json") for search in old["searches"].values() if "results" in search)
    assert all(response["status"] == 200 for response in old["api"].values())
    assert {ct["app_label"] for ct in old["content_types"]} == {"directory"}


def test_the_same_rows_in_every_table_that_matters(facts):
    old, new = facts
    assert new["counts"] == old["counts"]
    assert new["index_entries_per_model"] == old["index_entries_per_model"]
    assert new["log_entries_per_model"] == old["log_entries_per_model"]
    assert new["reference_index_per_model"] == old["reference_index_per_model"]


def test_content_types_keep_their_ids_and_point_at_the_new_apps(facts):
    old, new = facts
    new_by_id = {ct["id"]: ct for ct in new["content_types"]}
    for ct in old["content_types"]:
        assert ct["id"] in new_by_id, f"content type {ct} is gone: rows pointing at it would be lost"
        assert new_by_id[ct["id"]]["model"] == ct["model"]
        assert new_by_id[ct["id"]]["has_model"], f"content type {new_by_id[ct['id']]} points at no model"
    models = [ct["model"] for ct in new["content_types"]]
    assert len(models) == len(set(models)), f"two content types for one model: {new['content_types']}"
    if {"trainings", "employers"} <= set(new["installed_app_labels"]):
        assert [ct for ct in new["content_types"] if ct["app_label"] == "directory"] == []
    others_old = {label: pk for label, pk in old["content_type_ids"].items() if label.split(".")[0] != "directory"}
    others_new = {label: pk for label, pk in new["content_type_ids"].items() if label in others_old}
    assert others_new == others_old


def test_permissions_and_workflow_assignments_are_kept(facts):
    old, new = facts
    assert set(new["groups"]) == set(old["groups"])
    for group, permissions in old["groups"].items():
        assert set(permissions) <= set(new["groups"][group]), f"{group} lost permissions"
        # wagtail-localize's migration gives the editing groups its one permission, "Can submit translations".
        assert set(new["groups"][group]) - set(permissions) <= {"submit_translation"}
    assert new["group_page_permissions"] == old["group_page_permissions"]
    assert new["workflow_content_types"] == old["workflow_content_types"]


def test_every_page_keeps_its_url_title_and_revisions(facts):
    old, new = facts
    assert new["pages"] == old["pages"]
    assert all(page["status"] == 200 for page in new["pages"] if "status" in page)


def test_every_employer_keeps_its_listing_and_revisions(facts):
    old, new = facts
    assert new["employers"] == old["employers"]
    assert new["trainings"] == old["trainings"]


def test_every_revision_still_loads(facts):
    old, new = facts
    broken = [revision for revision in new["revisions"] if not isinstance(revision["as_object"], dict)]
    assert broken == []
    assert new["revisions"] == old["revisions"]


def test_moderation_in_progress_stays_in_progress_on_its_employer(facts):
    old, new = facts
    assert new["workflow_states"] == old["workflow_states"]


def test_saved_items_and_plans_still_resolve(facts):
    old, new = facts
    assert new["saved_items"] == old["saved_items"]
    assert new["profiles"] == old["profiles"]
    assert new["plans"] == old["plans"]


@pytest.mark.parametrize("name", [name for name, _url in HTML_SEARCHES])
def test_search_results_are_the_same(facts, name):
    old, new = facts
    assert new["searches"][name] == old["searches"][name]


def test_suggestions_are_the_same(facts):
    old, new = facts
    for name in old["searches"]:
        if name.startswith("suggest"):
            assert new["searches"][name] == old["searches"][name], name


def _keeps(old, new):
    """`new` says everything `old` said, the same way; fields added since are allowed (a client ignores them)."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(key in new and _keeps(value, new[key]) for key, value in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(old) == len(new) and all(map(_keeps, old, new))
    return old == new


def test_api_answers_as_before(facts):
    """Requests as clients send them today (type=directory.TrainingPage) get the same responses, meta.type
    included (docs/api.md, "Type names of trainings and employers"): every field as before, new ones added."""
    old, new = facts
    for name in old["api"]:
        assert _keeps(old["api"][name], new["api"][name]), name
