"""What an upgrade must keep, read from a database as JSON-ready facts.

Imported by build_old_database.py (running on the code of an older commit) and by collect_facts.py (running
on this checkout), so it names no model by import path: models are found through their content types, and the
directory's models by class name, whichever app label they have.
"""

import html
import re

DIRECTORY_APP_LABELS = ("directory", "trainings", "employers")
# (name, URL): the searches whose results must be the same before and after an upgrade.
HTML_SEARCHES = [
    ("site search care", "/search/?q=care"),
    ("site search coordinator", "/search/?q=coordinator"),
    ("site search trainings", "/search/?q=training&kind=trainings"),
    ("site search employers", "/search/?q=health&kind=employers"),
    ("trainings q=care", "/trainings/?q=care"),
    ("trainings q=community health worker", "/trainings/?q=community+health+worker"),
    ("trainings near 12207", "/trainings/?near=12207&radius=50"),
    ("trainings all", "/trainings/"),
    ("employers q=care", "/employers/?q=care"),
    ("employers q=hospital", "/employers/?q=hospital"),
    ("employers near 12207", "/employers/?near=12207&radius=50"),
    ("employers all", "/employers/"),
]
JSON_SEARCHES = [
    ("suggest care", "/search/suggest/?q=care"),
    ("suggest ho", "/search/suggest/?q=ho"),
]
# The API as clients call it today (the type names of docs/api.md before issue 14), compared response for response.
API_REQUESTS = [
    ("trainings", "/api/v2/pages/?type=directory.TrainingPage&fields=title,city,cost,provider_name&order=id&limit=100"),
    ("trainings search", "/api/v2/pages/?type=directory.TrainingPage&search=care&fields=title"),
    ("trainings near", "/api/v2/pages/?type=directory.TrainingPage&near=12207&radius=50&fields=title"),
    ("trainings filters", "/api/v2/pages/?type=directory.TrainingPage&credential=certificate&fields=title,credential"),
    ("training index", "/api/v2/pages/?type=directory.TrainingIndexPage"),
    ("employer directory", "/api/v2/pages/?type=directory.EmployerDirectoryPage"),
    ("employers", "/api/v2/employers/?limit=100"),
    ("employers search", "/api/v2/employers/?search=care"),
    ("all pages", "/api/v2/pages/?fields=title&order=id&limit=100"),
]

TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
MAIN_RE = re.compile(r"<main\b.*?</main>", re.S | re.I)
HREF_RE = re.compile(r"""href=["']([^"'#?]*)""", re.I)


def text(value):
    return " ".join(html.unescape(value).split())


def page_title(content):
    match = TITLE_RE.search(content)
    return text(match.group(1)) if match else None


def linked_urls(content, known):
    """The known URLs that <main> links to, in order, each once: a search's results."""
    match = MAIN_RE.search(content)
    body = match.group(0) if match else content
    seen = []
    for href in HREF_RE.findall(body):
        if href in known and href not in seen:
            seen.append(href)
    return seen


def model_label(content_type):
    return f"{content_type.app_label}.{content_type.model}"


# The directory's models in a database from before the split. Tables added since hold derived data (the career
# pages' job titles, tested in tests/directory/employers/test_job_titles.py), not what a site had.
MODELS_BEFORE_THE_SPLIT = frozenset(
    [
        "EmployerDirectoryPage",
        "EmployerSnippet",
        "TrainingIndexPage",
        "TrainingLanguage",
        "TrainingPage",
        "TrainingProvider",
    ]
)


def directory_models():
    """{class name: model} for the directory's models from before the split, under any of their app labels."""
    from django.contrib.contenttypes.models import ContentType

    found = {}
    for content_type in ContentType.objects.filter(app_label__in=DIRECTORY_APP_LABELS).order_by("pk"):
        model = content_type.model_class()
        if model is not None and model.__name__ in MODELS_BEFORE_THE_SPLIT:
            found[model.__name__] = model
    return found


def object_summary(obj):
    if obj is None:
        return None
    return {"class": type(obj).__name__, "pk": obj.pk, "str": str(obj)}


def collect(client_for):
    """Every fact as a dict. client_for(user_or_None) returns a logged-in (or anonymous) Django test client."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import (
        ModelLogEntry,
        Page,
        PageLogEntry,
        ReferenceIndex,
        Revision,
        TaskState,
        WorkflowContentType,
        WorkflowState,
    )
    from wagtail.search.models import IndexEntry

    from accounts.models import Profile, SavedItem

    models = directory_models()
    facts = {"installed_app_labels": sorted(config.label for config in apps.get_app_configs())}

    facts["content_types"] = [
        {"id": ct.pk, "app_label": ct.app_label, "model": ct.model, "has_model": ct.model_class() is not None}
        for ct in ContentType.objects.filter(app_label__in=DIRECTORY_APP_LABELS).order_by("pk")
    ]
    facts["content_type_ids"] = {model_label(ct): ct.pk for ct in ContentType.objects.order_by("pk")}

    facts["counts"] = {
        "Page": Page.objects.count(),
        "Revision": Revision.objects.count(),
        "WorkflowState": WorkflowState.objects.count(),
        "TaskState": TaskState.objects.count(),
        "PageLogEntry": PageLogEntry.objects.count(),
        "ModelLogEntry": ModelLogEntry.objects.count(),
        "ReferenceIndex": ReferenceIndex.objects.count(),
        "IndexEntry": IndexEntry.objects.count(),
        "SavedItem": SavedItem.objects.count(),
        "Profile": Profile.objects.count(),
        "User": get_user_model().objects.count(),
        **{f"directory:{name}": model.objects.count() for name, model in sorted(models.items())},
    }
    facts["index_entries_per_model"] = {}
    for entry_ct, count in _count_by(IndexEntry.objects.all(), "content_type"):
        facts["index_entries_per_model"][ContentType.objects.get_for_id(entry_ct).model] = count
    facts["log_entries_per_model"] = {}
    for entry_ct, count in _count_by(ModelLogEntry.objects.all(), "content_type"):
        facts["log_entries_per_model"][ContentType.objects.get_for_id(entry_ct).model] = count
    facts["reference_index_per_model"] = {}
    for entry_ct, count in _count_by(ReferenceIndex.objects.all(), "content_type"):
        facts["reference_index_per_model"][ContentType.objects.get_for_id(entry_ct).model] = count

    facts["groups"] = {
        group.name: sorted(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.order_by("name")
    }
    facts["group_page_permissions"] = sorted(
        [gpp.group.name, gpp.page.url_path, gpp.permission.codename]
        for gpp in _group_page_permissions().select_related("group", "page", "permission")
    )
    facts["workflow_content_types"] = sorted(
        [wct.content_type.model, wct.workflow.name]
        for wct in WorkflowContentType.objects.select_related("content_type", "workflow")
    )

    anonymous = client_for(None)
    pages = []
    known_urls = set()
    for page in Page.objects.order_by("path"):
        specific = page.specific
        url = page.get_url() if page.live else None
        entry = {
            "id": page.pk,
            "model": page.content_type.model,
            "class": type(specific).__name__,
            "title": page.title,
            "url_path": page.url_path,
            "url": url,
            "live": page.live,
            "has_unpublished_changes": page.has_unpublished_changes,
            "latest_revision_id": page.latest_revision_id,
            "live_revision_id": page.live_revision_id,
            "revisions": Revision.page_revisions.filter(object_id=str(page.pk)).count(),
        }
        if url and page.depth > 1:
            response = anonymous.get(url)
            entry["status"] = response.status_code
            entry["html_title"] = page_title(response.content.decode())
            if entry["model"] in ("trainingpage", "careerpage"):
                known_urls.add(url)
        pages.append(entry)
    facts["pages"] = pages

    employer_model = models["EmployerSnippet"]
    employers = []
    for employer in employer_model.objects.order_by("pk"):
        url = employer.get_url() if employer.live else None
        entry = {
            "id": employer.pk,
            "name": employer.name,
            "slug": employer.slug,
            "live": employer.live,
            "has_unpublished_changes": employer.has_unpublished_changes,
            "latest_revision_id": employer.latest_revision_id,
            "live_revision_id": employer.live_revision_id,
            "revisions": employer.revisions.count(),
            "workflow_in_progress": employer.workflow_in_progress,
            "url": url,
        }
        if url:
            response = anonymous.get(url)
            entry["status"] = response.status_code
            entry["html_title"] = page_title(response.content.decode())
            known_urls.add(url)
        employers.append(entry)
    facts["employers"] = employers

    facts["trainings"] = [
        {
            "id": training.pk,
            "external_id": training.external_id,
            "title": training.title,
            "provider": str(training.provider) if training.provider_id else None,
            "languages": sorted(str(language) for language in training.languages.all()),
            "careers": sorted(career.slug for career in training.related_careers.all()),
            "zip_code": training.zip_code,
            "latitude": training.latitude,
            "longitude": training.longitude,
        }
        for training in models["TrainingPage"].objects.order_by("pk")
    ]

    revisions = []
    for revision in Revision.objects.order_by("pk").select_related("content_type", "base_content_type"):
        entry = {
            "id": revision.pk,
            "model": revision.content_type.model,
            "base_model": revision.base_content_type.model,
            "object_id": revision.object_id,
            "object_str": revision.object_str,
            "user_id": revision.user_id,
            "approved_go_live_at": revision.approved_go_live_at.isoformat() if revision.approved_go_live_at else None,
        }
        try:
            entry["as_object"] = object_summary(revision.as_object())
        except Exception as error:  # a revision that no longer loads is the finding, not a crash
            entry["as_object"] = f"error: {type(error).__name__}: {error}"
        revisions.append(entry)
    facts["revisions"] = revisions

    states = []
    for state in WorkflowState.objects.order_by("pk").select_related("workflow", "content_type", "base_content_type"):
        task_state = state.current_task_state
        try:
            target = object_summary(state.content_object)
        except Exception as error:
            target = f"error: {type(error).__name__}: {error}"
        states.append(
            {
                "id": state.pk,
                "model": state.content_type.model,
                "base_model": state.base_content_type.model,
                "object_id": state.object_id,
                "status": state.status,
                "workflow": state.workflow.name,
                "task": task_state.task.name if task_state else None,
                "task_status": task_state.status if task_state else None,
                "target": target,
                "task_states": sorted(
                    [ts.task.name, ts.status, ts.revision_id] for ts in state.task_states.select_related("task")
                ),
            }
        )
    facts["workflow_states"] = states

    saved = []
    for item in SavedItem.objects.order_by("pk").select_related("user"):
        target = item.target
        saved.append(
            {
                "id": item.pk,
                "user": item.user.email,
                "kind": item.kind,
                "training_id": item.training_id,
                "employer_id": item.employer_id,
                "title": item.title,
                "status": item.status,
                "note": item.note,
                "target": object_summary(target),
                "is_listed": item.is_listed,
                "url": item.get_public_url(),
            }
        )
    facts["saved_items"] = saved
    facts["profiles"] = [
        {
            "user": profile.user.email,
            "name": profile.name,
            "home_zip": profile.home_zip,
            "careers": sorted(page.slug for page in profile.careers_of_interest.all()),
        }
        for profile in Profile.objects.order_by("pk").select_related("user")
    ]
    plans = {}
    for user in get_user_model().objects.filter(saved_items__isnull=False).distinct().order_by("pk"):
        client = client_for(user)
        response = client.get("/accounts/plan/")
        content = response.content.decode()
        export = client.get("/accounts/plan/export.csv")
        plans[user.email] = {
            "status": response.status_code,
            "linked": linked_urls(content, known_urls),
            "titles_shown": [
                item["title"] for item in saved if item["user"] == user.email and item["title"] in content
            ],
            "export_status": export.status_code,
            "export": export.content.decode("utf-8-sig").splitlines(),
        }
    facts["plans"] = plans

    searches = {}
    for name, url in HTML_SEARCHES:
        response = anonymous.get(url)
        searches[name] = {"status": response.status_code, "results": linked_urls(response.content.decode(), known_urls)}
    for name, url in JSON_SEARCHES:
        response = anonymous.get(url)
        body = response.json() if response.status_code == 200 else None
        searches[name] = {"status": response.status_code, "json": body}
    facts["searches"] = searches

    api = {}
    for name, url in API_REQUESTS:
        response = anonymous.get(url)
        api[name] = {"url": url, "status": response.status_code, "json": response.json()}
    first_training = models["TrainingPage"].objects.live().order_by("pk").first()
    response = anonymous.get(f"/api/v2/pages/{first_training.pk}/")
    api["training detail"] = {"url": f"/api/v2/pages/{first_training.pk}/", "status": response.status_code}
    api["training detail"]["json"] = response.json()
    facts["api"] = api
    facts["known_urls"] = sorted(known_urls)
    return facts


def _count_by(queryset, field):
    from django.db.models import Count

    return queryset.values_list(field).annotate(n=Count("pk")).order_by(field)


def _group_page_permissions():
    from wagtail.models import GroupPagePermission

    return GroupPagePermission.objects.all()


def django_setup():
    import django

    django.setup()


def client_factory():
    from django.test import Client

    def client_for(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return client_for
