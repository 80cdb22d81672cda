"""The login audit (django-axes' records) as two Wagtail reports, for superusers only."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import AdminOnlyMenuItem

from .content_checker import use_site_content_checker
from .login_security import LoginFailuresReport, LoginsReport

REPORTS = [
    ("login-failures", "login_failures_report", LoginFailuresReport),
    ("logins", "logins_report", LoginsReport),
]


def _superuser(user):
    return user.is_superuser


@hooks.register("register_admin_urls")
def register_login_audit_urls():
    urls = []
    for slug, name, view in REPORTS:
        urls += [
            path(f"reports/{slug}/", user_passes_test(_superuser)(view.as_view()), name=name),
            path(
                f"reports/{slug}/results/",
                user_passes_test(_superuser)(view.as_view(results_only=True)),
                name=f"{name}_results",
            ),
        ]
    return urls


def _menu_item(name, label, order):
    return AdminOnlyMenuItem(label, reverse(name), icon_name="key", order=order)


@hooks.register("register_reports_menu_item")
def register_login_failures_menu_item():
    return _menu_item("login_failures_report", "Failed logins", 900)


@hooks.register("register_reports_menu_item")
def register_logins_menu_item():
    return _menu_item("logins_report", "Logins", 901)


# The userbar's accessibility checker, on the live site and in the editor's checks panel (hwcollab/content_checker.py).
hooks.register("construct_wagtail_userbar", use_site_content_checker)
