"""Moderation states: what the public sees at each step, and who may approve."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.employers.models import EmployerSnippet
from directory.employers.signals import employer_changed
from tests.directory.employers.support import make_employer, submit_for_moderation

pytestmark = pytest.mark.django_db


def approve_url(employer):
    task_state = employer.current_workflow_task_state
    return reverse(
        "wagtailsnippets_employers_employersnippet:workflow_action", args=[employer.pk, "approve", task_state.pk]
    )


def public_views(client, employer):
    """What the public can see of `employer`: (in directory, detail status, in search, in sitemap)."""
    listing = client.get("/employers/").content.decode()
    detail = client.get(f"/employers/{employer.slug}/")
    search = client.get("/employers/", {"q": employer.name.split()[0]}).content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    return (
        employer.name in listing,
        detail.status_code,
        employer.name in search,
        f"/employers/{employer.slug}/" in sitemap,
    )


def test_migration_creates_groups_and_workflow_for_employers():
    workflow = EmployerSnippet().get_workflow()
    assert workflow.name == "Employer listing moderation"
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == ["Moderators"]
    from django.contrib.auth.models import Group

    moderators = Group.objects.get(name="Moderators")
    assert moderators.permissions.filter(codename="publish_employersnippet").exists()
    assert not Group.objects.get(name="Editors").permissions.filter(codename="publish_employersnippet").exists()


def test_draft_in_moderation_is_invisible_everywhere_public(client, directory_page):
    employer = make_employer("Zephyr Draft Health", publish=False)
    submit_for_moderation(employer)
    assert public_views(client, employer) == (False, 404, False, False)


def test_approval_by_a_moderator_makes_the_listing_visible(client, directory_page, moderator):
    employer = make_employer("Zephyr Pending Health", publish=False)
    submit_for_moderation(employer)
    changes = []

    def receiver(sender, instance, action, **kwargs):
        changes.append((instance.pk, action))

    employer_changed.connect(receiver)
    try:
        client.force_login(moderator)
        response = client.post(approve_url(employer))
        client.logout()
    finally:
        employer_changed.disconnect(receiver)
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.live
    assert changes == [(employer.pk, "published")]
    assert public_views(client, employer) == (True, 200, True, True)


def test_edited_live_listing_keeps_its_live_version_until_approved(client, directory_page, moderator):
    employer = make_employer("Original Name Care")
    employer.name = "Renamed Care"
    employer.description = "Edited description awaiting approval"
    employer.save_revision()
    submit_for_moderation(employer)

    employer = EmployerSnippet.objects.get(pk=employer.pk)
    assert employer.name == "Original Name Care"  # the row stays the live version
    page = client.get(f"/employers/{employer.slug}/").content.decode()
    assert "Original Name Care" in page
    assert "Renamed Care" not in page
    assert "Edited description awaiting approval" not in client.get("/employers/").content.decode()

    client.force_login(moderator)
    client.post(approve_url(employer))
    client.logout()
    page = client.get(f"/employers/{employer.slug}/").content.decode()
    assert "Renamed Care" in page
    assert "Edited description awaiting approval" in page


def test_user_outside_moderators_cannot_approve(client, directory_page, editor):
    employer = make_employer("Unapproved Care", publish=False)
    submit_for_moderation(employer)
    client.force_login(editor)
    response = client.post(approve_url(employer))
    assert response.status_code in (302, 403)
    employer.refresh_from_db()
    assert not employer.live
    assert WorkflowState.objects.get(object_id=str(employer.pk)).status == WorkflowState.STATUS_IN_PROGRESS


def test_rejection_keeps_the_listing_unpublished(client, directory_page, moderator):
    employer = make_employer("Rejected Care", publish=False)
    submit_for_moderation(employer)
    task_state = employer.current_workflow_task_state
    client.force_login(moderator)
    url = reverse(
        "wagtailsnippets_employers_employersnippet:workflow_action", args=[employer.pk, "reject", task_state.pk]
    )
    client.post(url, {"comment": "Not a health-care employer"})
    client.logout()
    employer.refresh_from_db()
    assert not employer.live
    assert client.get(f"/employers/{employer.slug}/").status_code == 404


def test_unpublishing_hides_the_listing_and_signals(client, directory_page):
    employer = make_employer("Soon Gone Care")
    changes = []

    def receiver(sender, instance, action, **kwargs):
        changes.append(action)

    employer_changed.connect(receiver)
    try:
        employer.unpublish()
    finally:
        employer_changed.disconnect(receiver)
    assert changes == ["unpublished"]
    assert client.get(f"/employers/{employer.slug}/").status_code == 404


def test_dashboard_shows_pending_listings_to_moderators(client, directory_page, moderator):
    employer = make_employer("Awaiting Review Care", publish=False)
    submit_for_moderation(employer)
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in html
    assert "Awaiting Review Care" in html


def test_admin_list_filters_by_status_and_exports_csv(client, directory_page, moderator):
    make_employer("Live One Care")
    pending = make_employer("Pending One Care", publish=False)
    submit_for_moderation(pending)
    make_employer("Plain Draft Care", publish=False)
    client.force_login(moderator)
    index = reverse("wagtailsnippets_employers_employersnippet:list")
    in_moderation = client.get(index, {"status": "in-moderation"}).content.decode()
    assert "Pending One Care" in in_moderation
    assert "Live One Care" not in in_moderation
    drafts = client.get(index, {"status": "draft"}).content.decode()
    assert "Plain Draft Care" in drafts
    assert "Pending One Care" not in drafts
    export = client.get(index, {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Live One Care" in body
    inspect = client.get(reverse("wagtailsnippets_employers_employersnippet:inspect", args=[pending.pk]))
    assert inspect.status_code == 200
