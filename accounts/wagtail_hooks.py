"""What accounts adds to the training and employer pages (directory/hooks.py says what each hook is)."""

from wagtail import hooks

from directory.hooks import LISTING_ACTIONS, SEARCH_DEFAULTS
from directory.trainings.compare import COMPARE_STORE_HOOK
from occupations.pay import VISITOR_ZIP_HOOK

from .comparing import compare_store
from .search_defaults import home_zip, search_defaults
from .templatetags.accounts_tags import save_button

hooks.register(LISTING_ACTIONS, save_button)
hooks.register(SEARCH_DEFAULTS, search_defaults)
hooks.register(VISITOR_ZIP_HOOK, lambda request: home_zip(getattr(request, "user", None)))
hooks.register(COMPARE_STORE_HOOK, compare_store)
