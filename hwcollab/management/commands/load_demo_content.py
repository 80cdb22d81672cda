"""python manage.py load_demo_content: the demo site, one idempotent step per app (docs/demo-content.md).

A command of the top app: it is the one place that may call every app's demo loader.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from career_pages import demo as career_demo
from directory.employers import demo as employer_demo
from directory.trainings import demo as training_demo
from home import demo as home_demo
from occupations import demo as occupation_demo


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
        employer_demo.load_demo_employers(home=home, career_page=career_page, stdout=self.stdout)
        home_demo.load_demo_images(home, career_page)
        pages = home_demo.load_information_pages(home)
        self.stdout.write("Information pages ready: " + ", ".join(page.url for page in pages))
