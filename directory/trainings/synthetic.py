"""Synthetic, realistic-looking directory data for benchmarks and local testing (never real programs).

`generate_directory_data` calls one generator per kind of listing; the employers work adds its own.
"""

import random
from datetime import date, timedelta

from directory import geo
from directory.trainings.models import (
    Credential,
    DeliveryFormat,
    EntryRequirement,
    Funding,
    LengthUnit,
    Schedule,
    SupportService,
)

TOPICS = [
    "Care Coordination",
    "Care Management",
    "Community Health Worker",
    "Medical Assistant",
    "Patient Navigation",
    "Health Information Technology",
    "Behavioral Health Care Coordination",
    "Peer Recovery Support",
    "Home Health Aide",
    "Medical Billing and Coding",
    "Phlebotomy Technician",
    "Certified Nursing Assistant",
    "Social Work",
    "Public Health",
    "Health Care Administration",
    "Case Management",
]
PROGRAM_FORMS = {
    Credential.CERTIFICATE: ["{topic} Certificate", "{topic} Certificate Program"],
    Credential.ASSOCIATE: ["A.A.S. in {topic}", "Associate Degree in {topic}"],
    Credential.BACHELOR: ["B.S. in {topic}", "Bachelor of Science in {topic}"],
    Credential.MASTER: ["M.S. in {topic}", "Master's in {topic}"],
    Credential.CONTINUING_EDUCATION: ["{topic} Workshop Series", "Continuing Education in {topic}"],
    Credential.EXAM_PREP: ["{topic} Exam Prep", "{topic} Certification Review Course"],
}
LENGTHS = {
    Credential.CERTIFICATE: (LengthUnit.WEEKS, 6, 40),
    Credential.ASSOCIATE: (LengthUnit.MONTHS, 18, 30),
    Credential.BACHELOR: (LengthUnit.MONTHS, 36, 54),
    Credential.MASTER: (LengthUnit.MONTHS, 12, 30),
    Credential.CONTINUING_EDUCATION: (LengthUnit.HOURS, 6, 60),
    Credential.EXAM_PREP: (LengthUnit.HOURS, 10, 80),
}
COSTS = {
    Credential.CERTIFICATE: (0, 4500),
    Credential.ASSOCIATE: (4000, 16000),
    Credential.BACHELOR: (20000, 90000),
    Credential.MASTER: (18000, 70000),
    Credential.CONTINUING_EDUCATION: (0, 900),
    Credential.EXAM_PREP: (0, 1200),
}
PROVIDER_KINDS = ["Community College", "Health Careers Institute", "Workforce Center", "School of Health Professions"]
PLACE_NAMES = [
    "Hudson",
    "Empire",
    "Lakeside",
    "Riverbend",
    "Northgate",
    "Harbor",
    "Maple Ridge",
    "Crossroads",
    "Summit",
]
STREETS = ["Main St", "State St", "Broadway", "Washington Ave", "Central Ave", "Genesee St", "Elm St", "Park Ave"]
LANGUAGE_MIXES = [["en"], ["en"], ["en"], ["en", "es"], ["es"], ["en", "zh"], ["en", "ru"], ["en", "ht"], ["en", "bn"]]
NOTES = ["", "", "Financial aid available", "Free for eligible New Yorkers", "Payment plans available"]


# The credentials synthetic programs are drawn from (a fixed list: the same seed gives the same programs).
SYNTHETIC_CREDENTIALS = [
    Credential.CERTIFICATE,
    Credential.ASSOCIATE,
    Credential.BACHELOR,
    Credential.MASTER,
    Credential.CONTINUING_EDUCATION,
    Credential.EXAM_PREP,
]


def _synthetic_facts(rng):
    """Funding, entry, start date, support and outcomes of a synthetic program (marked as demo outcomes)."""
    facts = {
        "funding": [value for value in Funding.values if rng.random() < 0.3],
        "entry_requirement": rng.choice([*EntryRequirement.values, EntryRequirement.HIGH_SCHOOL, ""]),
        "prerequisites": "",
        "next_start": date(2026, 1, 1) + timedelta(days=rng.randrange(0, 730)) if rng.random() < 0.8 else None,
        "support_services": [value for value in SupportService.values if rng.random() < 0.3],
        "employment_rate_q2": None,
        "employment_rate_q4": None,
        "median_earnings": None,
        "median_earnings_period": "",
        "completers": None,
        "outcomes_period": "",
        "outcomes_source": "",
        "outcomes_are_demo": False,
        "tuition": None,
        "fees": None,
        "books_supplies": None,
        "exam_fees": None,
    }
    if rng.random() < 0.6:
        facts.update(
            employment_rate_q2=rng.randint(40, 95),
            employment_rate_q4=rng.randint(40, 95),
            median_earnings=rng.randrange(60, 160) * 100,
            median_earnings_period="quarterly",
            completers=rng.randint(5, 400),
            outcomes_period="Synthetic cohort",
            outcomes_source="Synthetic data (not real figures)",
            outcomes_are_demo=True,
        )
    return facts


def synthetic_training_rows(count, seed=0, career_slugs=()):
    """`count` rows of values for TrainingWriter.add(): (external_id, values, provider, languages, careers)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not security
    # The newer facts come from their own generator, so that the older columns stay as they were for each seed.
    facts_rng = random.Random(seed + 1_000_003)  # noqa: S311
    zip_codes = geo.ny_zip_codes()
    providers = [
        (f"{rng.choice(PLACE_NAMES)} {kind} (fictional {n})", f"https://provider-{n}.example.org")
        for n, kind in enumerate(PROVIDER_KINDS * 30)
    ]
    formats = [DeliveryFormat.IN_PERSON] * 5 + [DeliveryFormat.HYBRID] * 3 + [DeliveryFormat.ONLINE] * 2
    for number in range(count):
        credential = rng.choice(SYNTHETIC_CREDENTIALS)
        topic = rng.choice(TOPICS)
        title = rng.choice(PROGRAM_FORMS[credential]).format(topic=topic)
        delivery_format = rng.choice(formats)
        unit, low, high = LENGTHS[credential]
        low_cost, high_cost = COSTS[credential]
        cost = 0 if rng.random() < 0.12 else rng.randrange(low_cost // 50, high_cost // 50 + 1) * 50
        values = {
            "title": title,
            "summary": f"Fictional {title.lower()} program for people starting or growing a career in {topic.lower()}.",
            "description": f"<p>This synthetic listing describes a {title} program. It covers {topic.lower()} "
            "skills, teamwork with care teams, documentation and working with patients and families.</p>",
            "credential": credential,
            "delivery_format": delivery_format,
            "schedule": rng.choice(list(Schedule)),
            "street_address": "",
            "city": "",
            "state": "",
            "zip_code": "",
            "cost": cost if rng.random() > 0.05 else None,
            "cost_note": rng.choice(NOTES),
            "length_value": rng.randint(low, high),
            "length_unit": unit,
            "enrollment_url": f"https://enroll.example.org/programs/{seed}-{number}",
            "contact_phone": f"(555) 01{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
            "contact_email": f"admissions{number % 97}@example.org",
            "last_verified": None,
        }
        values.update(_synthetic_facts(facts_rng))
        if delivery_format != DeliveryFormat.ONLINE:
            info = geo.lookup_zip(rng.choice(zip_codes))
            values.update(
                street_address=f"{rng.randint(1, 999)} {rng.choice(STREETS)}",
                city=info.city.title(),
                state="NY",
                zip_code=info.zip_code,
            )
        careers = list(career_slugs) if career_slugs and rng.random() < 0.5 else []
        yield (
            f"synthetic-{seed}-{number}",
            values,
            rng.choice(providers),
            rng.choice(LANGUAGE_MIXES),
            careers,
        )
