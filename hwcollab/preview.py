"""Previews for an external front end (wagtail-headless-preview), switched by one setting.

With HEADLESS_PREVIEW_CLIENT_URL set, the editor's preview sends the browser to that front
end with `?content_type=app.model&token=...`; the front end reads the draft from
/api/v2/page_preview/ with the same two parameters. Unset, pages keep Wagtail's own preview.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page
from wagtail_headless_preview.models import HeadlessPreviewMixin as PackagePreviewMixin
from wagtail_headless_preview.models import PagePreview

# A preview token older than this no longer opens the draft (the package deletes them after a day).
PREVIEW_TOKEN_MAX_AGE = 60 * 60 * 24


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


class PreviewNotFound(LookupError):
    pass


def page_from_preview(content_type_label, token):
    """The draft page a preview token stands for.

    BadRequestError for malformed parameters, PreviewNotFound for a token that is unknown,
    forged or expired.
    """
    app_label, _, model_name = (content_type_label or "").partition(".")
    if not app_label or not model_name or not token:
        raise BadRequestError("content_type (app_label.model) and token are required")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name.lower())
    except ContentType.DoesNotExist as e:
        raise BadRequestError("content_type doesn't exist") from e
    model = content_type.model_class()
    if model is None or not issubclass(model, Page) or not issubclass(model, PackagePreviewMixin):
        raise BadRequestError("content_type is not a previewable page type")
    try:
        model.get_preview_signer().unsign(token, max_age=PREVIEW_TOKEN_MAX_AGE)
    except signing.BadSignature as e:
        raise PreviewNotFound("preview not found or expired") from e
    preview = PagePreview.objects.filter(content_type=content_type, token=token).first()
    if preview is None:
        raise PreviewNotFound("preview not found or expired")
    page = preview.as_page()
    if not page.pk:
        # A page not saved yet: the API's URL building needs some primary key.
        page.pk = 0
    return page
