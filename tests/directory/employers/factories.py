"""Factories for employers (factory_boy): `EmployerSnippetFactory` and the /employers/ directory page.

An `EmployerSnippetFactory()` is a live listing with one published revision, as a moderator's approval leaves it;
`draft=True` makes an unpublished one with a saved revision, `submission=True` a draft sent to moderation (the
workflow started on its revision, as the public form and the import without --publish do), and
`in_moderation=True` starts the workflow on any listing, e.g. a live one with changes waiting. The coordinates,
region (and a missing city) come from the ZIP code through the model's own `EmployerSnippet.apply_zip`, run on
save; the slug from the name (`unique_slug`). Saving indexes the listing through Wagtail's signal handlers: the
same entry the import's bulk path writes (tests/search/test_bulk_index.py compares the two). Tests whose subject
is the import itself use the importer, not this.
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from directory.employers.models import EmployerDirectoryPage, EmployerSnippet


class EmployerDirectoryPageFactory(wagtail_factories.PageFactory):
    title = "Find employers"
    slug = "employers"
    intro = "<p>Employers near you</p>"

    class Meta:
        model = EmployerDirectoryPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        return page


def _start(employer, create, extracted, **kwargs):
    """Start the employers' moderation workflow on a saved listing, unless in_moderation=False was passed."""
    if create and extracted is not False:
        employer.get_workflow().start(employer, user=kwargs.get("user"))


class EmployerSnippetFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Employer {n}")
    description = "Care management for adults with chronic conditions."
    care_settings = factory.LazyFunction(lambda: ["health-home"])
    job_titles = factory.LazyFunction(lambda: ["Care Manager"])
    city = ""
    zip_code = "12207"
    hiring_now = True

    class Meta:
        model = EmployerSnippet
        # The revision and the workflow are written by _create and in_moderation; nothing to save again.
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(live=False)
        # A trait cannot set a post-generation value; it replaces the declaration with one that always starts.
        submission = factory.Trait(
            live=False,
            hiring_now=False,
            in_moderation=factory.PostGeneration(_start),
        )

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        employer = model_class(*args, **kwargs)
        employer.apply_zip()
        return employer

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        publish = kwargs.pop("live", True)
        employer = model_class(*args, **kwargs)
        # Saved as a draft first, then published through its revision, as the admin does: `live`, the publish
        # dates and `live_revision` are Wagtail's, not set by hand.
        employer.live = False
        employer.save()
        revision = employer.save_revision()
        if publish:
            revision.publish()
        employer.refresh_from_db()
        return employer

    @factory.post_generation
    def in_moderation(employer, create, extracted, **kwargs):
        """in_moderation=True starts the employers' moderation workflow (in_moderation__user: who submitted)."""
        if extracted:
            _start(employer, create, True, **kwargs)
