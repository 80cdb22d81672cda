"""Staff logins (django-axes), the throttled admin password reset, the login audit and the Django admin switch."""

import importlib
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import clear_url_caches
from django.utils import timezone

from hwcollab.login_security import login_username
from tests.accounts.conftest import PASSWORD, make_visitor

pytestmark = pytest.mark.django_db

HERE = "203.0.113.5"
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("editor", "editor@hwcollab.org", PASSWORD)


def admin_login(client, password, ip=HERE, url="/admin/login/"):
    return client.post(url, {"username": "editor", "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return client.get("/admin/").status_code == 200


def fail(client, times, ip=HERE, url="/admin/login/"):
    # The failure that reaches the limit is already answered with the lockout page.
    return [admin_login(client, "wrong-password", ip, url).status_code for _ in range(times)]


def test_wrong_passwords_lock_the_admin_login_and_the_right_one_is_then_refused(client, settings, staff):
    assert fail(client, settings.AXES_FAILURE_LIMIT) == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = admin_login(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Too many attempts" in html
    assert 'class="site-header"' in html  # the site's own page, not a bare message


def test_fewer_failures_than_the_limit_still_let_the_right_password_in_and_start_again(client, settings, staff):
    fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert admin_login(client, PASSWORD).status_code == 302
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()


def test_a_lock_at_one_address_does_not_lock_the_account_elsewhere(client, settings, staff):
    fail(client, settings.AXES_FAILURE_LIMIT, ip=ELSEWHERE)
    assert admin_login(client, PASSWORD, ip=ELSEWHERE).status_code == 429
    assert admin_login(client, PASSWORD, ip=HERE).status_code == 302
    assert signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, settings, staff):
    fail(client, settings.AXES_FAILURE_LIMIT)
    assert admin_login(client, PASSWORD).status_code == 429
    # More wrong passwords during the lock do not make it longer.
    fail_during_lock = admin_login(client, "wrong-password")
    assert fail_during_lock.status_code == 429
    assert settings.AXES_COOLOFF_TIME.total_seconds() <= 10 * 60
    earlier = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert admin_login(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_django_admin_login_is_locked_too(client, settings, staff):
    fail(client, settings.AXES_FAILURE_LIMIT, url="/django-admin/login/")
    assert admin_login(client, PASSWORD, url="/django-admin/login/").status_code == 429


def test_failures_and_logins_are_recorded_for_the_audit(client, settings, staff):
    fail(client, settings.AXES_FAILURE_LIMIT)
    failures = AccessFailureLog.objects.filter(username="editor", ip_address=HERE)
    assert failures.count() == settings.AXES_FAILURE_LIMIT
    assert failures.filter(locked_out=True).count() == 1
    admin_login(client, PASSWORD, ip=ELSEWHERE)
    assert AccessLog.objects.filter(username="editor", ip_address=ELSEWHERE).count() == 1


def test_superusers_see_the_login_audit_reports(client, settings, staff):
    fail(client, 2)
    admin_login(client, PASSWORD)
    for url in ("/admin/reports/login-failures/", "/admin/reports/logins/"):
        response = client.get(url)
        assert response.status_code == 200
        assert HERE in response.content.decode()


def test_editors_do_not_see_the_login_audit_reports(client, db):
    editor = get_user_model().objects.create_user("plain-editor", "plain@hwcollab.org", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    response = client.get("/admin/reports/login-failures/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_visitors_still_sign_in_by_email_with_allauth(client, db):
    make_visitor()
    response = client.post("/accounts/login/", {"login": "Ana@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/plan/").status_code == 200
    # axes records a login under the account's username.
    assert AccessLog.objects.filter(username="ana", path_info="/accounts/login/").exists()


def test_visitors_keep_allauths_own_login_limit(client, db):
    make_visitor()
    for _ in range(5):
        client.post("/accounts/login/", {"login": "ana@example.org", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": PASSWORD})
    assert b"Too many failed login attempts" in response.content
    assert client.get("/accounts/plan/").status_code == 302
    # Axes counted them too, under the email.
    assert AccessFailureLog.objects.filter(username="ana@example.org").count() == 5


def test_admin_password_reset_sends_at_most_three_emails_per_address(client, staff):
    for _ in range(15):
        response = client.post("/admin/password_reset/", {"email": "editor@hwcollab.org"}, REMOTE_ADDR=HERE)
        # Over the limit the page is the same: it tells nothing about the address.
        assert response.status_code == 302 and response["Location"] == "/admin/password_reset/done/"
    assert len(mail.outbox) == 3


def test_admin_password_reset_sends_at_most_ten_emails_per_ip(client, db):
    for index in range(12):
        get_user_model().objects.create_superuser(f"editor{index}", f"editor{index}@hwcollab.org", PASSWORD)
        client.post("/admin/password_reset/", {"email": f"editor{index}@hwcollab.org"}, REMOTE_ADDR=HERE)
    assert len(mail.outbox) == 10
    client.post("/admin/password_reset/", {"email": "editor11@hwcollab.org"}, REMOTE_ADDR=ELSEWHERE)
    assert len(mail.outbox) == 11


@pytest.fixture
def reload_urls(settings):
    import hwcollab.urls

    def reload(**overrides):
        for name, value in overrides.items():
            setattr(settings, name, value)
        importlib.reload(hwcollab.urls)
        clear_url_caches()

    yield reload
    settings.DJANGO_ADMIN_ENABLED = True
    importlib.reload(hwcollab.urls)
    clear_url_caches()


def test_the_django_admin_is_not_served_when_disabled(client, staff, reload_urls):
    client.force_login(staff)
    assert client.get("/django-admin/").status_code == 200
    reload_urls(DJANGO_ADMIN_ENABLED=False)
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


def test_the_lock_names_an_account_by_username_or_email_whatever_its_case(rf):
    assert login_username(rf.get("/"), {"email": " Ana@Example.ORG ", "password": "x"}) == "ana@example.org"
    assert login_username(rf.get("/"), {"username": "Editor"}) == "editor"
    assert login_username(rf.post("/accounts/login/", {"login": "Ana@example.org"})) == "ana@example.org"
    assert login_username(rf.post("/admin/login/", {"username": "editor"})) == "editor"
    assert login_username(rf.post("/admin/login/", {})) is None
