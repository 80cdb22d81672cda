"""Previews for an external front end (wagtail-headless-preview), switched by one setting.

With HEADLESS_PREVIEW_CLIENT_URL set, the editor's preview sends the browser to that front
end with `?content_type=app.model&token=...`; the front end reads the draft from
/api/v2/page_preview/ with the same two parameters (hwcollab.api.PagePreviewEndpoint).
Unset, pages keep Wagtail's own preview.
"""

from django.conf import settings
from wagtail_headless_preview.models import HeadlessPreviewMixin as PackagePreviewMixin


def headless_preview_enabled():
    return bool(getattr(settings, "HEADLESS_PREVIEW_CLIENT_URL", ""))


class HeadlessPreviewMixin(PackagePreviewMixin):
    """Put before Page in a page model's bases."""

    def get_client_root_url(self, request):
        return settings.HEADLESS_PREVIEW_CLIENT_URL.rstrip("/") + "/"

    def serve_preview(self, request, mode_name):
        if headless_preview_enabled():
            return super().serve_preview(request, mode_name)
        # Skip the package's override: Wagtail renders the preview with the site's templates.
        return super(PackagePreviewMixin, self).serve_preview(request, mode_name)
