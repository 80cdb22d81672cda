import os
from functools import cache
from pathlib import Path

from django.http import Http404, HttpResponse


@cache
def _saved_html():
    path = os.environ.get("BENCH_STATIC_HTML", "")
    if not path or not Path(path).is_file():
        return None
    return Path(path).read_bytes()


def static_career_page(request):
    """The career page's HTML as saved by the benchmark: the floor that a dynamic page is compared with."""
    content = _saved_html()
    if content is None:
        raise Http404("No saved copy: BENCH_STATIC_HTML is not set.")
    response = HttpResponse(content, content_type="text/html; charset=utf-8")
    # Served as bytes, not from the page cache (which skips no-cache responses).
    response["Cache-Control"] = "no-cache"
    return response
