"""Demo-like data for the API tests: the demo career pages plus trainings (and employers)."""

from decimal import Decimal

from django.utils.text import slugify

from career_pages import demo as career_demo
from directory.trainings.models import TrainingLanguage, TrainingProvider
from tests.directory.employers.factories import EmployerSnippetFactory
from tests.directory.trainings.factories import TrainingPageFactory, training_index

# ZIP codes and how far they are from Albany (12207), to check distance order.
ALBANY = "12207"
TROY = "12180"  # about 7 miles
SCHENECTADY = "12305"  # about 15 miles
SYRACUSE = "13202"  # about 130 miles
BUFFALO = "14202"  # about 260 miles


def demo_site():
    """Home, /careers/, the Care Coordination career page and /trainings/, as `load_demo_content` makes them."""
    home = career_demo.load_home_page()
    careers = career_demo.load_career_index(home)
    career = career_demo.load_care_coordination_page(careers)
    return {"home": home, "careers": careers, "career": career, "training_index": training_index()}


def make_training(index, title, *, publish=True, careers=(), languages=(), provider=None, **fields):
    """A training from TrainingPageFactory with these defaults; fields the API shows and these tests do not set
    (schedule, length, external id) are left empty, as an editor entering a program by hand leaves them."""
    defaults = {
        "summary": f"{title}: a program for future care coordinators.",
        "credential": "certificate",
        "delivery_format": "in-person",
        "zip_code": ALBANY,
        "city": "Albany",
        "cost": Decimal("1200.00"),
        "external_id": "",
        "schedule": "",
        "length_value": None,
        "length_unit": "",
    }
    defaults.update(fields)
    return TrainingPageFactory(
        parent=index,
        title=title,
        slug=slugify(title),
        provider=provider,
        related_careers=list(careers),
        languages=list(languages),
        draft=not publish,
        **defaults,
    )


def training_catalogue(site):
    """Six trainings with known facts, one unpublished."""
    index, career = site["training_index"], site["career"]
    college = TrainingProvider.objects.create(
        name="Hudson Valley Community College", website="https://hvcc.example.edu"
    )
    agency = TrainingProvider.objects.create(name="Capital Care Network")
    spanish = TrainingLanguage.objects.get_or_create(code="es", defaults={"name": "Spanish"})[0]
    return {
        "troy": make_training(
            index,
            "Care Coordination Certificate",
            provider=college,
            careers=[career],
            languages=[spanish],
            zip_code=TROY,
            city="Troy",
            cost=Decimal("1500.00"),
            street_address="80 Vandenburgh Ave",
        ),
        "schenectady": make_training(
            index,
            "Community Health Worker Training",
            provider=agency,
            careers=[career],
            zip_code=SCHENECTADY,
            city="Schenectady",
            cost=Decimal("0"),
            credential="continuing-education",
        ),
        "syracuse": make_training(
            index,
            "Care Management Associate Degree",
            credential="associate",
            careers=[career],
            zip_code=SYRACUSE,
            city="Syracuse",
            cost=Decimal("9800.00"),
            delivery_format="hybrid",
        ),
        "buffalo": make_training(
            index,
            "Nurse Case Manager Course",
            credential="certificate",
            zip_code=BUFFALO,
            city="Buffalo",
            cost=Decimal("2400.00"),
        ),
        "online": make_training(
            index,
            "Online Care Coordination Essentials",
            delivery_format="online",
            zip_code="",
            city="",
            cost=Decimal("300.00"),
            careers=[career],
        ),
        "draft": make_training(index, "Draft Coordination Program", publish=False, careers=[career]),
    }


# Private values that must never reach the API: tests look for these strings in raw responses.
PRIVATE_VALUES = {
    "contact_name": "Zebediah Privatecontact",
    "contact_email": "hidden-contact@private.example",
    "submitter_email": "hidden-submitter@private.example",
    "moderator_notes": "Moderatornote: called them twice, unverified",
    "external_id": "secret-external-77",
}


def make_employer(name, *, zip_code=ALBANY, live=True, pending=False, private=None, **fields):
    """A listing from EmployerSnippetFactory: live, a draft, or (pending) a draft in moderation."""
    private = private if private is not None else PRIVATE_VALUES
    return EmployerSnippetFactory(
        name=name,
        zip_code=zip_code,
        city=fields.pop("city", "Albany"),
        care_settings=fields.pop("care_settings", ["hospital"]),
        description=fields.pop("description", f"{name} coordinates care for its patients."),
        job_titles=fields.pop("job_titles", []),
        hiring_now=fields.pop("hiring_now", False),
        **{key: value for key, value in private.items() if key != "external_id"},
        external_id=f"{private.get('external_id', 'x')}-{name}" if private else None,
        live=live,
        in_moderation=pending and not live,
        **fields,
    )


def employer_catalogue(site):
    from directory.employers.demo import load_directory_page

    load_directory_page(site["home"])
    return {
        "albany": make_employer("Capital Care Partners", hiring_now=True, job_titles=["Care Coordinator"]),
        "troy": make_employer("Troy Health Home", zip_code=TROY, city="Troy", care_settings=["health-home"]),
        "syracuse": make_employer("Salt City Clinic", zip_code=SYRACUSE, city="Syracuse", care_settings=["fqhc"]),
        "buffalo": make_employer("Lakeshore Home Care", zip_code=BUFFALO, city="Buffalo", care_settings=["home-care"]),
        "draft": make_employer("Draft Employer Inc", live=False),
        "pending": make_employer("Pending Employer LLC", live=False, pending=True),
    }
