from django.conf import settings


class RevalidateCachedPagesMiddleware:
    """Let browsers keep a cached page but check back with the server every time.

    wagtail-cache stamps the pages it caches with max-age, which would let a
    browser show a page for minutes after it was unpublished. The server-side
    copy is cleared on publish, so browsers only need to revalidate.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = getattr(settings, "WAGTAIL_CACHE_HEADER", "X-Wagtail-Cache")
        if response.get(header) in ("hit", "miss"):
            response["Cache-Control"] = "no-cache"
            if "Expires" in response:
                del response["Expires"]
        return response
