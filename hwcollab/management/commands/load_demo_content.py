"""python manage.py load_demo_content: the demo site, one idempotent step per app (docs/demo-content.md).

A command of the top app: it is the one place that may call every app's demo loader.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from career_pages import demo as career_demo
from directory.employers import demo as employer_demo
from directory.trainings import demo as training_demo
from home import demo as home_demo
from home import localize_demo
from occupations import demo as occupation_demo

# The Spanish demo content: English string (as wagtail-localize extracts it) → Spanish (docs/demo-content.md#spanish).
SPANISH_STRINGS = Path(__file__).resolve().parents[2] / "translations" / "demo-content-es.json"


def spanish_strings():
    """The demo's Spanish translations; the data file's "_comment" key is not a string to translate."""
    data = json.loads(SPANISH_STRINGS.read_text(encoding="utf-8"))
    return {english: spanish for english, spanish in data.items() if not english.startswith("_")}


def spanish_pages(home, careers, career_page, information_pages):
    """The English demo pages to translate, parents before children."""
    from directory.employers.models import EmployerDirectoryPage
    from directory.trainings.models import TrainingIndexPage, TrainingPage

    pages = [home, careers]
    trainings_index = TrainingIndexPage.objects.child_of(home).filter(locale=home.locale).first()
    if trainings_index is not None:
        pages.append(trainings_index)
        trainings = TrainingPage.objects.child_of(trainings_index).filter(external_id__startswith="demo-")
        pages += list(trainings.order_by("path"))
    # After the trainings: its featured and ladder trainings then point at their Spanish versions.
    pages.append(career_page)
    pages += list(EmployerDirectoryPage.objects.child_of(home).filter(locale=home.locale))
    pages += list(information_pages)
    return pages


def load_spanish(pages, stdout):
    """The Spanish version of each page through wagtail-localize; returns {page url: untranslated strings}."""
    strings = spanish_strings()
    missing = {}
    translated = []
    for page in pages:
        spanish, untranslated = localize_demo.translate_page(page, strings)
        translated.append(spanish)
        if untranslated:
            missing[page.url] = untranslated
    stdout.write("Spanish pages ready: " + ", ".join(page.url or page.title for page in translated))
    return missing


class Command(BaseCommand):
    help = (
        "Create or update the demo content: home page, /careers/, the Care Coordination & Care Management page, "
        "demo trainings and employers, the shipped BLS OEWS wages. Idempotent: run it again and there is still one "
        "of each."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        # Before the career page: its role cards name BLS occupations.
        occupation_demo.load_oews(stdout=self.stdout)
        home = career_demo.load_home_page()
        careers = career_demo.load_career_index(home)
        career_page = career_demo.load_care_coordination_page(careers)
        self.stdout.write(f"Demo pages ready: {home.url}, {careers.url}, {career_page.url}")
        training_demo.load_demo_trainings(career_page=career_page, home=home, stdout=self.stdout)
        career_demo.link_ladder_trainings(career_page)
        employer_demo.load_demo_employers(
            home=home, career_page=career_page, stdout=self.stdout, spanish=spanish_strings()
        )
        home_demo.load_demo_images(home, career_page)
        pages = home_demo.load_information_pages(home)
        self.stdout.write("Information pages ready: " + ", ".join(page.url for page in pages))
        missing = load_spanish(spanish_pages(home, careers, career_page, pages), self.stdout)
        if missing:
            count = sum(len(strings) for strings in missing.values())
            self.stdout.write(f"Strings without a Spanish translation (shown in English): {count}")
