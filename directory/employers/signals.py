"""`employer_changed`: sent whenever what the public sees of an employer changes.

Sent after an `EmployerSnippet` is published (including approval in moderation), unpublished
or deleted while live, with `sender=EmployerSnippet`, `instance` and `action`
("published", "unpublished" or "deleted"). Page caching (issue 7) connects to it to purge
the directory, the employer's detail page and career pages with employer blocks:

    from directory.employers.signals import employer_changed

    @receiver(employer_changed)
    def purge(sender, instance, action, **kwargs): ...

Receivers run inside the request that published; keep them fast (or queue the work).
"""

import django.dispatch
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from directory.employers.models import EmployerSnippet

employer_changed = django.dispatch.Signal()


@receiver(published, sender=EmployerSnippet)
def _employer_published(sender, instance, **kwargs):
    employer_changed.send(sender=EmployerSnippet, instance=instance, action="published")


@receiver(unpublished, sender=EmployerSnippet)
def _employer_unpublished(sender, instance, **kwargs):
    employer_changed.send(sender=EmployerSnippet, instance=instance, action="unpublished")


@receiver(post_delete, sender=EmployerSnippet)
def _employer_deleted(sender, instance, **kwargs):
    if instance.live:
        employer_changed.send(sender=EmployerSnippet, instance=instance, action="deleted")
