"""An author translates a page in the Wagtail admin with wagtail-localize, and syncs it after the English changes
(docs/translation.md): the steps a member of the "Moderators" group (who may publish) takes, through the admin's
own views. wagtail-localize's migration gives the editing groups "Can submit translations"."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from tests.career_pages.factories import CareerPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("editor", "editor@example.org", "a-long-password-1")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def career(career_index):
    return CareerPageFactory(parent=career_index, title="Care Coordination", slug="care-coordination")


def translate_string(client, translation, source_text, spanish):
    segment = StringSegment.objects.get(source=translation.source, string__data=source_text)
    url = reverse("wagtail_localize:edit_string_translation", args=[translation.id, segment.id])
    # The translation editor saves each string with a PUT of a form-encoded value.
    response = client.put(url, data=f"value={spanish}", content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 201), response.content[:300]


def test_an_editor_translates_a_page_and_syncs_it_after_the_english_changes(
    client, editor, career, django_capture_on_commit_callbacks
):
    spanish = Locale.objects.get(language_code="es")
    client.force_login(editor)

    # "Translate this page": the form lists Spanish; submitting it makes the Spanish page (and its parents).
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[career.id])
    response = client.get(submit_url)
    assert response.status_code == 200
    assert "Español" in response.content.decode() or "Spanish" in response.content.decode()
    response = client.post(submit_url, {"locales": [spanish.id]})
    assert response.status_code == 302
    spanish_page = career.get_translation(spanish)
    translation = Translation.objects.get(source__object_id=career.translation_key, target_locale=spanish)

    # The Spanish page opens in wagtail-localize's translation editor, not the ordinary edit form.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[spanish_page.id]))
    assert response.status_code == 200
    assert "js-translation-editor" in response.content.decode()

    # The author translates the title and publishes.
    translate_string(client, translation, "Care Coordination", "Coordinación de atención")
    # wagtail-localize publishes once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:edit", args=[spanish_page.id]), {"action": "publish"})
    assert response.status_code == 302
    spanish_page.refresh_from_db()
    assert spanish_page.live
    assert spanish_page.title == "Coordinación de atención"
    assert client.get(spanish_page.url).status_code == 200

    # The English changes; "Sync translated pages" brings the new English string to the Spanish page, where it
    # stays English until translated, and the title keeps its Spanish.
    career.tagline = "Help people get the care they need."
    career.save_revision().publish()
    source = TranslationSource.objects.get(object_id=career.translation_key, locale=career.locale)
    update_url = reverse("wagtail_localize:update_translations", args=[source.id])
    assert client.get(update_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(update_url, {"publish_translations": "on"})
    assert response.status_code == 302
    spanish_page.refresh_from_db()
    assert spanish_page.tagline == "Help people get the care they need."
    assert spanish_page.title == "Coordinación de atención"
    translation.refresh_from_db()
    translate_string(
        client, translation, "Help people get the care they need.", "Ayude a las personas a recibir atención."
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[spanish_page.id]), {"action": "publish"})
    spanish_page.refresh_from_db()
    assert spanish_page.tagline == "Ayude a las personas a recibir atención."


def test_the_editing_groups_may_submit_translations():
    for name in ("Editors", "Moderators"):
        assert Group.objects.get(name=name).permissions.filter(codename="submit_translation").exists(), name


def test_an_editor_without_the_translation_permission_cannot_submit(client, career):
    user = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-1")
    group = Group.objects.create(name="No translations")
    for permission in Group.objects.get(name="Moderators").permissions.exclude(codename="submit_translation"):
        group.permissions.add(permission)
    user.groups.add(group)
    client.force_login(user)
    response = client.get(reverse("wagtail_localize:submit_page_translation", args=[career.id]))
    assert response.status_code in (302, 403)
    assert not career.get_translations().exists()
