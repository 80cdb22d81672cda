"""Factories for trainings (factory_boy, wagtail-factories): the /trainings/ index, providers, languages and
TrainingPage.

A `TrainingPageFactory()` is a live training under the training index with one published revision, its
coordinates derived from its ZIP code by the model itself (`TrainingPage.set_derived_fields`, run on save) and
its search index entry written by Wagtail's signal handlers. `create_trainings` makes several at once and then
indexes them the way the import's bulk path leaves them (`search.bulk_index`), so a search test sees the index an
import would have written. Tests whose subject is the import itself use the importer, not these.
"""

import itertools

import factory
import wagtail_factories
from django.conf import settings
from factory.django import DjangoModelFactory

from directory.trainings.models import TrainingIndexPage, TrainingLanguage, TrainingPage, TrainingProvider
from search import bulk_index

_external_ids = itertools.count(1)


class TrainingIndexPageFactory(wagtail_factories.PageFactory):
    """/trainings/ as `get_or_create_training_index` makes it (the import creates it the same way when missing)."""

    title = "Find a training"
    slug = "trainings"
    intro = "<p>Search certificate, degree, and professional development trainings across New York.</p>"

    class Meta:
        model = TrainingIndexPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        index = super()._create(model_class, *args, **kwargs)
        index.save_revision().publish()
        return index


def training_index():
    """The one training index (`max_count = 1`), made under the home page if there is none yet."""
    index = TrainingIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is not None:
        return index
    from home.models import HomePage

    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        from wagtail.models import Site

        home = Site.objects.get(is_default_site=True).root_page
    return TrainingIndexPageFactory(parent=home)


class TrainingProviderFactory(DjangoModelFactory):
    name = "Acme College"
    website = "https://acme.example.org"

    class Meta:
        model = TrainingProvider
        django_get_or_create = ("name",)


class TrainingLanguageFactory(DjangoModelFactory):
    """Languages are seeded by a migration (English, Spanish, …): this returns the seeded row for its code."""

    code = "en"
    name = factory.LazyAttribute(lambda language: language.code)

    class Meta:
        model = TrainingLanguage
        django_get_or_create = ("code",)


def _language(value):
    return value if isinstance(value, TrainingLanguage) else TrainingLanguageFactory(code=value)


def _career(value):
    if isinstance(value, str):
        career_model = TrainingPage._meta.get_field("related_careers").related_model
        # The demo content has a Spanish translation of each career page, with the same slug.
        return career_model.objects.get(slug=value, locale__language_code=settings.LANGUAGE_CODE)
    return value


def _unique_slug(parent, slug):
    """Numbered like the import's slugs when a sibling has it already (titles may repeat)."""
    taken = set(parent.get_children().filter(slug__startswith=slug).values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


class TrainingPageFactory(wagtail_factories.PageFactory):
    """A training with the values of a typical import row (the CSV's columns, docs/trainings-import.md).

    `languages` takes TrainingLanguage objects or codes (default English), `related_careers` career pages or their
    slugs, `provider` a TrainingProvider (default Acme College; None for no provider). `draft=True` makes an
    unpublished training with one saved revision (the import writes only live ones)."""

    parent = factory.LazyFunction(training_index)
    title = factory.Sequence(lambda n: f"Training {n}")
    external_id = factory.LazyFunction(lambda: f"test-{next(_external_ids)}")
    provider = factory.SubFactory(TrainingProviderFactory)
    summary = ""
    description = ""
    credential = "certificate"
    delivery_format = "in-person"
    schedule = "part-time"
    street_address = ""
    city = "Albany"
    state = "NY"
    zip_code = "12207"
    cost = 100
    cost_note = ""
    length_value = 10
    length_unit = "weeks"
    enrollment_url = ""
    contact_phone = ""
    contact_email = ""
    last_verified = None
    languages = ("en",)
    related_careers = ()

    class Meta:
        model = TrainingPage

    class Params:
        draft = factory.Trait(live=False)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        languages, careers = kwargs.pop("languages"), kwargs.pop("related_careers")
        training = super()._build(model_class, *args, **kwargs)
        training.languages.set([_language(value) for value in languages])
        training.related_careers.set([_career(value) for value in careers])
        training.set_derived_fields()
        return training

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        languages, careers = kwargs.pop("languages"), kwargs.pop("related_careers")
        publish = kwargs.pop("live", True)
        parent = kwargs.pop("parent")
        training = model_class(**kwargs)
        # ParentalManyToManyFields are kept in memory until the page is saved (add_child saves it), so the
        # revision below holds them as the editor would see them.
        training.languages.set([_language(value) for value in languages])
        training.related_careers.set([_career(value) for value in careers])
        training.live = publish
        training.slug = _unique_slug(parent, training.slug or "training")
        parent.add_child(instance=training)
        revision = training.save_revision()
        if publish:
            revision.publish()
        training.refresh_from_db()
        return training


def create_trainings(specs, parent=None):
    """Trainings from a list of TrainingPageFactory keyword dicts, in order, indexed as an import indexes the
    trainings it creates (one bulk add, then the title norms once): the same index entries as the importer's.
    Returns them fresh from the database, in the order given."""
    parent = parent or training_index()
    trainings = [TrainingPageFactory(parent=parent, **spec) for spec in specs]
    live = [training for training in trainings if training.live]
    if live:
        fresh = TrainingPage.objects.filter(pk__in=[t.pk for t in live]).select_related("provider").order_by("pk")
        bulk_index.add_bulk(TrainingPage, list(fresh))
        bulk_index.refresh_title_norms(TrainingPage)
    by_pk = TrainingPage.objects.select_related("provider").in_bulk([training.pk for training in trainings])
    return [by_pk[training.pk] for training in trainings]
