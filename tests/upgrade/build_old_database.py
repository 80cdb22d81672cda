"""Build a database the way a site running an older commit has one, and write what it holds as JSON.

Run by tests/upgrade/test_upgrade_from_main.py in a subprocess, with the older commit's tree first on
PYTHONPATH and as the working directory, DJANGO_SETTINGS_MODULE and DATABASE_URL set:

    python tests/upgrade/build_old_database.py OUT.json

Everything goes through that commit's own code: its migrations, `load_demo_content`, `import_trainings` and
`import_employers` with CSV files in its documented columns, the public submission form, the moderation
workflow, the save buttons and the plan's forms, page edits, and `update_index`.
"""

import csv
import io
import json
import sys
import tempfile
from pathlib import Path

import upgrade_facts

TRAININGS_CSV = [
    {
        "external_id": "UPG-T1",
        "title": "Community Health Worker Certificate (Upgrade Test)",
        "provider": "Hudson Upgrade College",
        "provider_website": "https://hudson-upgrade.example.edu",
        "summary": "Train as a community health worker in Albany.",
        "description": "Twelve weeks of classes.\n\nA practicum with a health home.",
        "credential": "certificate",
        "format": "in-person",
        "schedule": "part-time",
        "street_address": "80 Upgrade Street",
        "city": "Albany",
        "state": "NY",
        "zip_code": "12207",
        "cost": "1200",
        "cost_note": "Financial aid available",
        "length_value": "12",
        "length_unit": "weeks",
        "languages": "en;Spanish",
        "careers": "care-coordination-and-care-management",
        "enrollment_url": "https://hudson-upgrade.example.edu/chw",
        "contact_phone": "(518) 555-0100",
        "contact_email": "chw@hudson-upgrade.example.edu",
        "last_verified": "2026-10-01",
    },
    {
        "external_id": "UPG-T2",
        "title": "Care Coordination Online Course (Upgrade Test)",
        "provider": "Hudson Upgrade College",
        "summary": "Self-paced care coordination basics.",
        "credential": "continuing-education",
        "format": "online",
        "schedule": "self-paced",
        "cost": "0",
        "length_value": "20",
        "length_unit": "hours",
        "languages": "en",
        "careers": "care-coordination-and-care-management",
    },
    {
        "external_id": "UPG-T3",
        "title": "Peer Navigator Training (Upgrade Test)",
        "provider": "Rochester Upgrade Institute",
        "summary": "Evening classes for peer navigators.",
        "credential": "exam-prep",
        "format": "hybrid",
        "schedule": "evenings-weekends",
        "city": "Rochester",
        "zip_code": "14604",
        "length_value": "3",
        "length_unit": "months",
    },
]
EMPLOYERS_LIVE_CSV = [
    {
        "external_id": "UPG-E1",
        "name": "Upgrade Valley Health Home",
        "zip": "12207",
        "description": "A health home for families in the Capital Region.",
        "care_settings": "health-home;community-based",
        "job_titles": "Care Coordinator",
        "other_job_titles": "Peer Navigator, Outreach Worker",
        "street": "5 Upgrade Plaza",
        "phone": "(518) 555-0150",
        "website": "https://upgrade-valley.example.org",
        "careers_url": "https://upgrade-valley.example.org/jobs",
        "hiring_now": "yes",
        "last_verified": "2026-10-15",
        "contact_name": "Private Person",
        "contact_email": "private@upgrade-valley.example.org",
    },
    {
        "external_id": "UPG-E2",
        "name": "Upgrade Lakeside Hospital",
        "zip": "14604",
        "description": "A community hospital with care management.",
        "care_settings": "hospital",
        "hiring_now": "no",
    },
]
EMPLOYERS_MODERATED_CSV = [
    {
        "external_id": "UPG-E3",
        "name": "Upgrade Moderated Care Agency",
        "zip": "13202",
        "description": "Home care in Syracuse, waiting for a moderator.",
        "care_settings": "home-care",
        "hiring_now": "yes",
    },
]
SUBMISSION = {
    "description": "Care coordination for families, sent through the public form.",
    "care_settings": ["health-home", "community-based"],
    "other_job_titles": "Peer Navigator",
    "hiring_now": "on",
    "street": "1 Harbor Way",
    "city": "Albany",
    "zip_code": "12207",
    "phone": "(518) 555-0142",
    "website": "https://harbor-upgrade.example.org",
    "careers_url": "https://harbor-upgrade.example.org/jobs",
    "contact_name": "Pat Submitter",
    "submitter_email": "pat@harbor-upgrade.example.org",
    "contact_email": "",
    "website_url_confirm": "",
}


def write_csv(path, rows):
    columns = list(dict.fromkeys(column for row in rows for column in row))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def run(command, *args):
    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=out)
    except SystemExit as exit_:
        if exit_.code:
            raise RuntimeError(f"{command} {' '.join(args)} failed:\n{out.getvalue()}") from None
    return out.getvalue()


def submit(client, name):
    response = client.post("/employers/submit/", {**SUBMISSION, "name": name})
    if response.status_code != 302:
        raise RuntimeError(f"submission of {name} answered {response.status_code}:\n{response.content.decode()[:3000]}")


def check(condition, message):
    if not condition:
        raise RuntimeError(message)


def build(workdir):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.test import Client
    from wagtail.models import Page, WorkflowState

    run("migrate", "--noinput")
    run("load_demo_content")

    user_model = get_user_model()
    admin = user_model.objects.create_superuser("upgrade-admin", "admin@hwcollab.test", "admin-password")
    moderator = user_model.objects.create_user("upgrade-moderator", "moderator@hwcollab.test", "mod-password")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    moderator.is_staff = True
    moderator.save()

    trainings_csv = workdir / "trainings.csv"
    write_csv(trainings_csv, TRAININGS_CSV)
    run("import_trainings", str(trainings_csv), "--no-progress")
    live_csv = workdir / "employers-live.csv"
    write_csv(live_csv, EMPLOYERS_LIVE_CSV)
    run("import_employers", str(live_csv), "--publish", "--no-progress")
    moderated_csv = workdir / "employers-moderated.csv"
    write_csv(moderated_csv, EMPLOYERS_MODERATED_CSV)
    run("import_employers", str(moderated_csv), "--no-progress")

    models = upgrade_facts.directory_models()
    employer_model = models["EmployerSnippet"]
    training_model = models["TrainingPage"]

    # A public submission left in moderation, and one a moderator approved (so it is live).
    cache.clear()
    visitor_client = Client()
    submit(visitor_client, "Harbor Upgrade Partners")
    submit(visitor_client, "Approved Upgrade Clinic")
    approved = employer_model.objects.get(name="Approved Upgrade Clinic")
    state = WorkflowState.objects.get(object_id=str(approved.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    state.current_task_state.approve(user=moderator)
    approved.refresh_from_db()
    check(approved.live, "the approved submission did not go live")
    pending = employer_model.objects.get(name="Harbor Upgrade Partners")
    check(pending.workflow_in_progress, "the pending submission is not in moderation")

    # A live employer with a change waiting for a moderator (the live version stays public).
    edited = employer_model.objects.get(external_id="UPG-E2")
    edited.description = "A community hospital with care management and a new clinic."
    revision = edited.save_revision(user=admin)
    edited.get_workflow().start(edited, user=admin)
    check(revision.pk == employer_model.objects.get(pk=edited.pk).latest_revision_id, "draft revision not latest")

    # A training page edited and published twice, then given an unpublished draft.
    training = training_model.objects.get(external_id="UPG-T1")
    for title in (
        "Community Health Worker Certificate (Upgrade Test, 2027)",
        "Community Health Worker Certificate (Upgrade Test)",
    ):
        training = training_model.objects.get(pk=training.pk)
        training.title = title
        training.summary = f"{training.summary.split(' [')[0]} [{title[-5:-1]}]"
        training.save_revision(user=admin).publish(user=admin)
    training = training_model.objects.get(pk=training.pk)
    training.summary = "An unpublished draft of the summary."
    training.save_revision(user=admin)

    # A visitor with a profile, two saved items (through the save buttons) and a status and note on one.
    visitor = user_model.objects.create_user("upgrade-visitor", "visitor@example.org", "visitor-password")
    client = Client()
    client.force_login(visitor)
    saved_training = training_model.objects.get(external_id="UPG-T3")
    saved_employer = employer_model.objects.get(external_id="UPG-E1")
    demo_training = training_model.objects.live().exclude(external_id__startswith="UPG-").order_by("pk").first()
    for kind, pk in (("training", saved_training.pk), ("employer", saved_employer.pk), ("training", demo_training.pk)):
        response = client.post(f"/accounts/save/{kind}/{pk}/")
        check(response.status_code in (200, 302), f"saving {kind} {pk} answered {response.status_code}")
    item = visitor.saved_items.get(training=saved_training)
    response = client.post(
        f"/accounts/plan/items/{item.pk}/",
        {f"item-{item.pk}-status": "applied", f"item-{item.pk}-note": "Asked about evening classes."},
    )
    check(response.status_code == 302, f"updating the saved item answered {response.status_code}")
    career = Page.objects.get(slug="care-coordination-and-care-management")
    response = client.post(
        "/accounts/profile/", {"name": "Una Upgrade", "home_zip": "12207", "careers_of_interest": [career.pk]}
    )
    check(response.status_code == 302, f"saving the profile answered {response.status_code}")
    # A saved training that was later unpublished: the plan keeps it under its saved title.
    gone = training_model.objects.live().exclude(external_id__startswith="UPG-").order_by("-pk").first()
    client.post(f"/accounts/save/training/{gone.pk}/")
    gone.unpublish()

    run("update_index")


def main():
    out_path = Path(sys.argv[1])
    upgrade_facts.django_setup()
    with tempfile.TemporaryDirectory() as workdir:
        build(Path(workdir))
    facts = upgrade_facts.collect(upgrade_facts.client_factory())
    out_path.write_text(json.dumps(facts, indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
