"""Demo-like data for the API tests: the demo career pages plus trainings (and employers)."""

from decimal import Decimal

from career_pages import demo as career_demo
from directory.trainings.importing import get_or_create_training_index
from directory.trainings.models import TrainingLanguage, TrainingPage, TrainingProvider

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
    return {"home": home, "careers": careers, "career": career, "training_index": get_or_create_training_index()}


def make_training(index, title, *, publish=True, careers=(), languages=(), provider=None, **fields):
    defaults = {
        "summary": f"{title}: a program for future care coordinators.",
        "credential": "certificate",
        "delivery_format": "in-person",
        "zip_code": ALBANY,
        "city": "Albany",
        "cost": Decimal("1200.00"),
    }
    defaults.update(fields)
    training = TrainingPage(title=title, provider=provider, **defaults)
    index.add_child(instance=training)
    if careers:
        training.related_careers.set(careers)
    if languages:
        training.languages.set(languages)
    revision = training.save_revision()
    if publish:
        revision.publish()
    else:
        training.live = False
        training.save(update_fields=["live"])
    training.refresh_from_db()
    return training


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
    from directory.employers.models import EmployerSnippet

    private = private if private is not None else PRIVATE_VALUES
    employer = EmployerSnippet(
        name=name,
        zip_code=zip_code,
        city=fields.pop("city", "Albany"),
        care_settings=fields.pop("care_settings", ["hospital"]),
        description=fields.pop("description", f"{name} coordinates care for its patients."),
        **{key: value for key, value in private.items() if key != "external_id"},
        external_id=f"{private.get('external_id', 'x')}-{name}" if private else None,
        **fields,
    )
    if live:
        employer.save()
        employer.save_revision().publish()
    else:
        employer.live = False
        employer.save()
        employer.save_revision()
        if pending:
            workflow = employer.get_workflow()
            if workflow is not None:
                workflow.start(employer, user=None)
    employer.refresh_from_db()
    return employer


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
