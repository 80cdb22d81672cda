"""Synthetic, realistic-looking directory data for benchmarks and local testing (never real programs).

`generate_directory_data` calls one generator per kind of listing; the employers work adds its own.
"""

import random

from directory import geo
from directory.trainings.models import Credential, DeliveryFormat, LengthUnit, Schedule

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


def synthetic_training_rows(count, seed=0, career_slugs=()):
    """`count` rows of values for TrainingWriter.add(): (external_id, values, provider, languages, careers)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fake data, not security
    zip_codes = geo.ny_zip_codes()
    providers = [
        (f"{rng.choice(PLACE_NAMES)} {kind} (fictional {n})", f"https://provider-{n}.example.org")
        for n, kind in enumerate(PROVIDER_KINDS * 30)
    ]
    formats = [DeliveryFormat.IN_PERSON] * 5 + [DeliveryFormat.HYBRID] * 3 + [DeliveryFormat.ONLINE] * 2
    for number in range(count):
        credential = rng.choice(list(Credential))
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
