"""Staff login security: how django-axes names a login, the throttled Wagtail password reset, and the
login audit reports for superusers (docs/accounts.md#staff-logins)."""

import logging

from allauth.core import ratelimit
from axes.models import AccessFailureLog, AccessLog
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import account
from wagtail.admin.views.reports import ReportView

logger = logging.getLogger(__name__)

RESET_ACTION = "admin_password_reset"


def login_username(request, credentials=None):
    """The account a login attempt names, for axes: a username (Wagtail, Django admin) or an email (allauth)."""
    if credentials:
        name = credentials.get("username") or credentials.get("email")
    else:
        data = getattr(request, "data", request.POST)
        name = data.get("username") or data.get("login")
    # allauth matches emails whatever their case: so must the lock, or changing the case would dodge it.
    return name.strip().casefold() if name else None


class ThrottledPasswordResetView(account.PasswordResetView):
    """Wagtail's admin password reset, sending at most ACCOUNT_RATE_LIMITS["admin_password_reset"] emails.

    Over the limit the answer is the usual "check your email" page, so it tells nothing about the address.
    """

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        if not ratelimit.consume(self.request, action=RESET_ACTION, key=email):
            logger.warning("Admin password reset over the rate limit; no email sent")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class LoginAuditReport(ReportView):
    """A read-only list of axes' records, newest first, for superusers (wagtail_hooks.py checks)."""

    header_icon = "key"
    paginate_by = 50
    columns = [
        DateColumn("attempt_time", label=_("Time")),
        Column("username", label=_("Username")),
        Column("ip_address", label=_("IP address")),
        Column("path_info", label=_("Path")),
        Column("user_agent", label=_("Browser")),
    ]
    list_export = ["attempt_time", "username", "ip_address", "path_info", "user_agent"]

    def get_queryset(self):
        return self.model.objects.order_by("-attempt_time")


class LoginFailuresReport(LoginAuditReport):
    model = AccessFailureLog
    page_title = _("Failed logins")
    index_url_name = "login_failures_report"
    index_results_url_name = "login_failures_report_results"
    columns = [*LoginAuditReport.columns, BooleanColumn("locked_out", label=_("Locked out"))]
    list_export = [*LoginAuditReport.list_export, "locked_out"]


class LoginsReport(LoginAuditReport):
    model = AccessLog
    page_title = _("Logins")
    index_url_name = "logins_report"
    index_results_url_name = "logins_report_results"
    columns = [*LoginAuditReport.columns, DateColumn("logout_time", label=_("Signed out"))]
    list_export = [*LoginAuditReport.list_export, "logout_time"]
