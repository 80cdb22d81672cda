"""A signed-in visitor's chosen programs to compare, kept in their account (accounts.ComparedTraining).

Registered as the trainings' `training_compare_store` hook (accounts/wagtail_hooks.py): the comparison reads and
writes the choices through it, and signed-out visitors keep theirs in the session. On sign-in the session's choices
join the account's (accounts/signals.py).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from directory.trainings.compare import MAX_COMPARED, SessionChoices

from .models import ComparedTraining
from .saving import training_model


class AccountChoices:
    def __init__(self, user):
        self.user = user
        self._ids = None

    def load(self):
        """The chosen training ids, oldest choice first: one query per request."""
        if self._ids is None:
            self._ids = list(ComparedTraining.objects.filter(user=self.user).values_list("training_id", flat=True))
        return list(self._ids)

    def save(self, ids):
        """Keep these ids (the first MAX_COMPARED that are trainings), in this order; a choice kept keeps its date."""
        ids = list(dict.fromkeys(pk for pk in ids if isinstance(pk, int)))
        rows = list(ComparedTraining.objects.filter(user=self.user))
        added = {row.training_id: row.added_at for row in rows}
        new = [pk for pk in ids if pk not in added]
        # Only trainings can be kept (a foreign key): an id of nothing is not stored, as the table would drop it.
        known = set(training_model().objects.filter(pk__in=new).values_list("pk", flat=True)) if new else set()
        keep = [pk for pk in ids if pk in added or pk in known][:MAX_COMPARED]
        if keep == [row.training_id for row in rows]:
            self._ids = keep
            return
        now = timezone.now()
        try:
            with transaction.atomic():
                ComparedTraining.objects.filter(user=self.user).delete()
                ComparedTraining.objects.bulk_create(
                    ComparedTraining(user=self.user, training_id=pk, position=number, added_at=added.get(pk, now))
                    for number, pk in enumerate(keep)
                )
        except IntegrityError:
            # Another request of the same visitor saved at the same moment (or a training was just deleted): the
            # choices are what that request left.
            self._ids = None
            return
        self._ids = keep


def compare_store(request):
    """The `training_compare_store` hook: the account keeps a signed-in visitor's choices."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return AccountChoices(user)
    return None


def merge_session_choices(request, user):
    """On sign-in: the session's choices join the account's, the newest kept (at most MAX_COMPARED); the session
    then no longer holds them (the account does)."""
    session = SessionChoices(request)
    chosen_here = session.load()
    if not chosen_here:
        return
    # Ids of no training would otherwise take the place of older choices that are trainings.
    trainings = set(training_model().objects.filter(pk__in=chosen_here).values_list("pk", flat=True))
    chosen_here = [pk for pk in chosen_here if pk in trainings]
    account = AccountChoices(user)
    earlier = [pk for pk in account.load() if pk not in chosen_here]
    account.save((earlier + chosen_here)[-MAX_COMPARED:])
    session.clear()
    if hasattr(request, "_training_compare_store"):
        del request._training_compare_store  # chosen before signing in: look the store up again
