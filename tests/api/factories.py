"""Demo-like data for the API tests: the demo career pages plus trainings (and employers)."""

from decimal import Decimal

from career_pages import demo as career_demo
from directory.models.trainings import TrainingLanguage, TrainingPage, TrainingProvider
from directory.training_import import get_or_create_training_index

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
