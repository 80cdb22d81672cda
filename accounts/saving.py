"""Saving trainings and employers to a visitor's plan: which listings can be saved, and how."""

from django.apps import apps
from django.db import IntegrityError, transaction

from .models import SavedItem

PENDING_SAVE_SESSION_KEY = "accounts_pending_save"


def training_model():
    return apps.get_model("trainings", "TrainingPage")


def employer_model():
    return apps.get_model("employers", "EmployerSnippet")


def kind_of(obj):
    # A listing's card (directory.trainings.cards.TrainingCard) says what it lists.
    if getattr(obj, "plan_kind", None):
        return obj.plan_kind
    if isinstance(obj, training_model()):
        return SavedItem.Kind.TRAINING
    if isinstance(obj, employer_model()):
        return SavedItem.Kind.EMPLOYER
    raise TypeError(f"{type(obj).__name__} cannot be saved to a plan")


def listed_object(kind, pk):
    """The live, public training or live employer with this id, else None: only listings can be saved."""
    if kind == SavedItem.Kind.TRAINING:
        return training_model().objects.live().public().filter(pk=pk).first()
    if kind == SavedItem.Kind.EMPLOYER:
        return employer_model().objects.public().filter(pk=pk).first()
    return None


def public_url(obj, employer_base=None):
    """Relative URL of a training page or an employer's detail page ("" if it has none).

    employer_base: the employer directory's URL, when the caller already knows it (saves a query per employer).
    """
    if isinstance(obj, training_model()):
        return obj.get_url() or ""
    if employer_base is not None:
        return f"{employer_base}{obj.slug}/" if employer_base else ""
    return obj.get_url() or ""


def employer_directory_base():
    directory = apps.get_model("employers", "EmployerDirectoryPage").objects.live().first()
    return (directory.get_url() or "") if directory else ""


def title_of(obj):
    return (getattr(obj, "title", None) or str(obj))[:255]


def target_filter(kind, obj):
    return {"training": obj} if kind == SavedItem.Kind.TRAINING else {"employer": obj}


class PlanFull(Exception):
    pass


def save_to_plan(user, obj):
    """Add a listing to the user's plan; saving twice keeps the first (and its status and note)."""
    kind = kind_of(obj)
    existing = SavedItem.objects.filter(user=user, kind=kind, **target_filter(kind, obj)).first()
    if existing:
        return existing, False
    if SavedItem.objects.filter(user=user).count() >= SavedItem.MAX_PER_USER:
        raise PlanFull
    try:
        with transaction.atomic():
            item = SavedItem.objects.create(user=user, kind=kind, title=title_of(obj), **target_filter(kind, obj))
    except IntegrityError:  # a double click raced us: the item is there
        return SavedItem.objects.get(user=user, kind=kind, **target_filter(kind, obj)), False
    return item, True


def remove_from_plan(user, obj):
    kind = kind_of(obj)
    deleted, _ = SavedItem.objects.filter(user=user, kind=kind, **target_filter(kind, obj)).delete()
    return deleted > 0


def saved_keys(request):
    """{(kind, target id)} saved by the signed-in user: one query per request, however many buttons."""
    cached = getattr(request, "_accounts_saved_keys", None)
    if cached is not None:
        return cached
    keys = set()
    if request.user.is_authenticated:
        for kind, training_id, employer_id in SavedItem.objects.filter(user=request.user).values_list(
            "kind", "training_id", "employer_id"
        ):
            keys.add((kind, training_id if kind == SavedItem.Kind.TRAINING else employer_id))
    request._accounts_saved_keys = keys
    return keys
