"""Keep the job titles employers choose from (`CareerJobTitle`) in step with the live pages that name them.

The pages are recognised by what they offer, a `job_titles()` method (career pages have one), not by their
class: career_pages sits above employers and imports their blocks. A deleted page takes its rows with it
(the foreign key cascades).
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from directory.employers.models import CareerJobTitle, forget_job_title_choices


def _job_titles(page):
    job_titles = getattr(page, "job_titles", None)
    return job_titles() if callable(job_titles) else None


@receiver(page_published)
def _page_published(sender, instance, **kwargs):
    titles = _job_titles(instance)
    if titles is not None:
        CareerJobTitle.replace_for_page(instance, titles)


@receiver(page_unpublished)
def _page_unpublished(sender, instance, **kwargs):
    CareerJobTitle.objects.filter(page_id=instance.pk).delete()


# Rows also go when their page is deleted (the cascade) or unpublished.
post_delete.connect(forget_job_title_choices, sender=CareerJobTitle, dispatch_uid="employers_job_title_deleted")
