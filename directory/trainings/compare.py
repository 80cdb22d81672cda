"""The comparison at /trainings/compare/?ids=12,40,7: two to four trainings side by side, every fact a row.

The ids in the query string make a comparison shareable and bookmarkable. The visitor's chosen programs are kept
while they search: "Compare" on a card or a training page adds one (`?add=ID`), "Remove" takes one out
(`?remove=ID`), and /trainings/compare/ without ids shows the chosen ones. A signed-out visitor's choices are kept in
the session (`COMPARE_SESSION_KEY`); an app above this one may keep a signed-in visitor's elsewhere by registering
the `COMPARE_STORE_HOOK` (accounts keeps them in the account, so they follow the visitor to another device).
Ids that are not numbers, not trainings, not live or in a private section are dropped with a note; never an error.
"""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from wagtail import hooks

from directory.trainings.models import TrainingPage
from directory.trainings.search import _public

COMPARE_SESSION_KEY = "training_compare"
MAX_COMPARED = 4
MAX_IDS_READ = 20  # a longer list is cut before any id is looked up


def parse_ids(text):
    """(ids, bad): the numeric ids of a comma-separated list, in order, without repeats; the rest as `bad`."""
    ids, bad = [], []
    for part in (text or "").split(",")[:MAX_IDS_READ]:
        part = part.strip()
        if not part:
            continue
        if part.isdigit() and len(part) <= 12:
            if int(part) not in ids:
                ids.append(int(part))
        else:
            bad.append(part[:20])
    return ids, bad


# `fn(request)` returns where this visitor's choices are kept, an object with `load()` (the ids, oldest choice
# first) and `save(ids)`, or None to leave them in the session. The first store returned is used.
COMPARE_STORE_HOOK = "training_compare_store"


class SessionChoices:
    """The choices kept in the visitor's session (every visitor's, unless a registered store keeps them)."""

    def __init__(self, request):
        self.session = getattr(request, "session", None)

    def load(self):
        if self.session is None:
            return []
        value = self.session.get(COMPARE_SESSION_KEY) or []
        return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []

    def save(self, ids):
        if self.session is not None:
            self.session[COMPARE_SESSION_KEY] = list(ids)[:MAX_COMPARED]

    def clear(self):
        if self.session is not None:
            self.session.pop(COMPARE_SESSION_KEY, None)


def choices_store(request):
    """Where this request's visitor keeps their choices, looked up once per request."""
    store = getattr(request, "_training_compare_store", None)
    if store is None:
        for fn in hooks.get_hooks(COMPARE_STORE_HOOK):
            store = fn(request)
            if store is not None:
                break
        else:
            store = SessionChoices(request)
        request._training_compare_store = store
    return store


def chosen_ids(request):
    """The ids the visitor has chosen to compare, oldest choice first, at most MAX_COMPARED."""
    return [pk for pk in choices_store(request).load() if isinstance(pk, int)][:MAX_COMPARED]


def _store(request, ids):
    choices_store(request).save(ids[:MAX_COMPARED])


def compare_url(index_page, ids, request=None):
    base = (index_page.get_url(request) or "/trainings/") + index_page.reverse_subpage("compare")
    return f"{base}?ids={','.join(str(pk) for pk in ids)}" if ids else base


def serve_compare(index_page, request):
    notes = []
    data = request.GET
    for action in ("add", "remove"):
        if action in data:
            ids = chosen_ids(request)
            given, _bad = parse_ids(data[action])
            pk = given[0] if given else None
            # Only a live, public training is added: anything else would push out a real choice, then be dropped.
            if (
                pk is not None
                and action == "add"
                and pk not in ids
                and _public(TrainingPage.objects.live()).filter(pk=pk).exists()
            ):
                if len(ids) >= MAX_COMPARED:
                    ids = ids[1:]  # the oldest choice makes room
                ids.append(pk)
            elif pk is not None and action == "remove":
                ids = [chosen for chosen in ids if chosen != pk]
            _store(request, ids)
            back = data.get("next", "")
            if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                return HttpResponseRedirect(back)
            return HttpResponseRedirect(compare_url(index_page, ids, request))
    if "ids" in data:
        ids, bad = parse_ids(data["ids"])
        if bad:
            notes.append(gettext("Ignored ids that are not numbers: %(ids)s.") % {"ids": ", ".join(bad)})
    else:
        ids = chosen_ids(request)
        if not ids:
            # The career page's "Compare training programs": the comparison once programs are chosen, else the search.
            return HttpResponseRedirect(index_page.get_url(request) or "/trainings/")
    if len(ids) > MAX_COMPARED:
        notes.append(
            gettext("You can compare up to %(max)d programs; showing the first %(max)d.") % {"max": MAX_COMPARED}
        )
        ids = ids[:MAX_COMPARED]
    found = _public(TrainingPage.objects.live()).filter(pk__in=ids).select_related("provider")
    found = found.prefetch_related("languages")
    by_id = {training.pk: training for training in found}
    trainings = [by_id[pk] for pk in ids if pk in by_id]
    if len(trainings) < len(ids):
        missing = len(ids) - len(trainings)
        notes.append(
            ngettext(
                "%(count)d program could not be shown: no longer published, private or not found.",
                "%(count)d programs could not be shown: no longer published, private or not found.",
                missing,
            )
            % {"count": missing}
        )
    if "ids" in data and trainings:
        _store(request, [training.pk for training in trainings])
    rows = []
    groups = [training.fact_groups() for training in trainings]
    if groups:
        for group_number, (heading, facts) in enumerate(groups[0]):
            cells = []
            for fact_number, (label, _text) in enumerate(facts):
                values = [group[group_number][1][fact_number][1] for group in groups]
                cells.append((label, values, len(set(values)) > 1))
            rows.append((heading, cells))
    context = index_page.get_context(request)
    context.update(
        {
            "trainings": trainings,
            "rows": rows,
            "notes": notes,
            "share_url": request.build_absolute_uri(compare_url(index_page, [t.pk for t in trainings], request)),
            "compare_base": compare_url(index_page, [], request),
        }
    )
    response = TemplateResponse(request, "trainings/training_compare.html", context)
    response["Cache-Control"] = "private, no-cache"
    return response
