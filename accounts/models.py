from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What a visitor tells us about themselves. Private: never shown publicly, searched or exposed in the API."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hw_profile")
    name = models.CharField(_("Your name"), max_length=150, blank=True)
    home_zip = models.CharField(
        _("Home ZIP code"),
        max_length=5,
        blank=True,
        help_text=_("Five digits, like 12207. Training and employer searches start near it."),
    )
    careers_of_interest = models.ManyToManyField(
        "career_pages.CareerPage", blank=True, related_name="+", verbose_name=_("Careers you are interested in")
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name or str(self.user)

    @classmethod
    def for_user(cls, user):
        profile, _created = cls.objects.get_or_create(user=user)
        return profile


class SavedItem(models.Model):
    """A training or employer a visitor keeps in their career plan, with their own status and private note.

    The target is a nullable foreign key per kind (exactly one is set, while it exists). When a target
    is deleted the item stays, shown as "no longer listed" under the title saved with it.
    """

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        EMPLOYER = "employer", _("Employer")

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        APPLIED = "applied", _("Applied")
        ENROLLED = "enrolled", _("Enrolled")
        CONTACTED = "contacted", _("Contacted")

    MAX_PER_USER = 500

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_items")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    training = models.ForeignKey(
        "trainings.TrainingPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.EmployerSnippet", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=255, help_text="The name when saved, kept in case the listing is removed.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INTERESTED)
    note = models.TextField("private note", max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="training", employer__isnull=True) | models.Q(kind="employer", training__isnull=True)
                ),
                name="accounts_saveditem_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "training"],
                condition=models.Q(training__isnull=False),
                name="accounts_saveditem_unique_training",
            ),
            models.UniqueConstraint(
                fields=["user", "employer"],
                condition=models.Q(employer__isnull=False),
                name="accounts_saveditem_unique_employer",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_title}"

    @property
    def target(self):
        return self.training if self.kind == self.Kind.TRAINING else self.employer

    @property
    def is_listed(self):
        """False once the training or employer is unpublished or deleted."""
        target = self.target
        return target is not None and bool(getattr(target, "live", False))

    @property
    def display_title(self):
        target = self.target
        if target is None:
            return self.title
        return getattr(target, "title", None) or str(target)

    def get_public_url(self, employer_base=None):
        """The public URL of the listing, or "" when it is no longer listed."""
        if not self.is_listed:
            return ""
        target = self.target
        if self.kind == self.Kind.EMPLOYER and employer_base is not None:
            return f"{employer_base}{target.slug}/" if employer_base else ""
        return target.get_url() or ""


class ComparedTraining(models.Model):
    """A training the signed-in visitor chose to compare (directory/trainings/compare.py), kept in the account so
    the choice survives signing out and follows them to another device. At most four per visitor, in the order
    chosen (`position`, oldest first). Private, like the plan: only its owner sees it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compared_trainings")
    # A deleted training leaves the comparison; an unpublished one stays and is dropped from the table with a note.
    training = models.ForeignKey("trainings.TrainingPage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "training"], name="accounts_comparedtraining_unique_training"),
        ]

    def __str__(self):
        return f"{self.user} compares {self.training_id}"
