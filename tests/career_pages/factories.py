"""Factories for the page types and blocks of home/ and career_pages/ (wagtail-factories)."""

from decimal import Decimal

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from career_pages import blocks
from career_pages.models import CareerIndexPage, CareerPage
from home.models import HomePage


class LinkBlockFactory(wagtail_factories.StructBlockFactory):
    page = None
    anchor = ""
    email = ""
    url = "/trainings/"

    class Meta:
        model = blocks.LinkBlock


class JobTitleBlockFactory(wagtail_factories.StructBlockFactory):
    title = factory.Sequence(lambda n: f"Job Title {n}")
    description = ""

    class Meta:
        model = blocks.JobTitleBlock


class DefinitionBlockFactory(wagtail_factories.StructBlockFactory):
    term = "Care coordination"
    definition = RichText("<p>Care coordination is the process of organizing care.</p>")
    job_titles_label = "Job titles include:"
    job_titles = wagtail_factories.ListBlockFactory(JobTitleBlockFactory)

    class Meta:
        model = blocks.DefinitionBlock


class RoleFactsBlockFactory(wagtail_factories.StructBlockFactory):
    role = "Care Coordinators"
    education = "GED or Bachelor’s degree"
    education_note = "Typical required education (but not always)"
    pay_min = Decimal(16)
    pay_max = Decimal(38)
    pay_period = "hour"
    pay_label = "Typical pay range"

    class Meta:
        model = blocks.RoleFactsBlock


class QuickFactsBlockFactory(wagtail_factories.StructBlockFactory):
    checklist_heading = "This career is right for you, if…"
    checklist = factory.LazyFunction(lambda: ["You like helping people."])
    roles = wagtail_factories.ListBlockFactory(RoleFactsBlockFactory)

    class Meta:
        model = blocks.QuickFactsBlock


class ActionCardBlockFactory(wagtail_factories.StructBlockFactory):
    label = "Training & Education"
    text = "Find trainings."
    icon = "training"
    link = factory.SubFactory(LinkBlockFactory)

    class Meta:
        model = blocks.ActionCardBlock


class ActionCardsBlockFactory(wagtail_factories.StructBlockFactory):
    intro = "Select what you want to do"
    cards = wagtail_factories.ListBlockFactory(ActionCardBlockFactory)

    class Meta:
        model = blocks.ActionCardsBlock


class CareerSectionContentFactory(wagtail_factories.StreamBlockFactory):
    action_cards = factory.SubFactory(ActionCardsBlockFactory)
    quick_facts = factory.SubFactory(QuickFactsBlockFactory)
    definition = factory.SubFactory(DefinitionBlockFactory)

    class Meta:
        model = blocks.CareerSectionContentBlock


class CareerSectionBlockFactory(wagtail_factories.StructBlockFactory):
    heading = factory.Sequence(lambda n: f"Section {n}")
    nav_label = ""
    anchor = ""
    content = factory.SubFactory(CareerSectionContentFactory)

    class Meta:
        model = blocks.CareerSectionBlock


class CareerBodyFactory(wagtail_factories.StreamBlockFactory):
    section = factory.SubFactory(CareerSectionBlockFactory)

    class Meta:
        model = blocks.CareerBodyBlock


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home-page"
    hero_heading = "Find your way into a health-care career"
    hero_text = "Explore careers in health care across New York State."

    class Meta:
        model = HomePage


class CareerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Careers"
    slug = "careers"
    intro = "Explore health-care careers."

    class Meta:
        model = CareerIndexPage


class CareerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Career {n}")
    slug = factory.Sequence(lambda n: f"career-{n}")
    intro = "Career information and resources"
    body = wagtail_factories.StreamFieldFactory(CareerBodyFactory)

    class Meta:
        model = CareerPage
