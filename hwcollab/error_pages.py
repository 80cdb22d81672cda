"""The site's own 404 and 500 pages under DEBUG (`make run`), instead of Django's technical pages.

Whoever opens the site `make run` serves (an author trying it, a colleague shown a demo) meets what a visitor of
the real site meets: Django's technical 404 lists every URL pattern and does not fit a phone. Developers still get
the traceback of a 500 in the terminal (logged here, as Django logs it), and `DEBUG_ERROR_PAGES=django` brings
Django's pages back. Only the dev settings install this middleware.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.http import Http404

from home.views import page_not_found, server_error

logger = logging.getLogger("django.request")


class SiteErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        got_request_exception.send(sender=None, request=request)
        logger.error("Internal Server Error: %s", request.path, exc_info=sys.exc_info(), extra={"request": request})
        return server_error(request)
