"""Demo trainings for the Care Coordination career page: ~12 realistic, clearly fictional New York programs.

Idempotent: trainings are keyed by external id ("demo-…"), so loading twice changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from directory.trainings.importing import TrainingWriter, get_or_create_training_index
from directory.trainings.models import Credential, DeliveryFormat, LengthUnit, Schedule

DEMO_ENTRY = ["none", "high-school", "high-school", "associate", "bachelor", "licence"]
DEMO_FUNDING = [["wioa"], ["wioa", "financial-aid"], [], ["employer-paid"], ["financial-aid"], ["apprenticeship"]]
DEMO_SUPPORT = [["transit", "job-placement"], ["childcare", "transit"], ["wheelchair"], [], ["evening-weekend"]]


def demo_facts(number):
    """The newer facts of the demo program `number`: made up, and the outcome figures say so (`outcomes_are_demo`)."""
    facts = {
        "entry_requirement": DEMO_ENTRY[number % len(DEMO_ENTRY)],
        "funding": DEMO_FUNDING[number % len(DEMO_FUNDING)],
        "support_services": DEMO_SUPPORT[number % len(DEMO_SUPPORT)],
        "next_start": timezone.localdate() + timedelta(days=14 + 23 * number),
        "prerequisites": "Background check and proof of immunizations." if number % 3 == 0 else "",
    }
    if number % 4 != 3:  # some demo programs report no outcomes, as many real ones do not
        facts.update(
            employment_rate_q2=62 + 3 * number % 30,
            employment_rate_q4=60 + 4 * number % 32,
            median_earnings=7800 + 350 * number,
            median_earnings_period="quarterly",
            completers=24 + 11 * number,
            outcomes_period="Demo cohort",
            outcomes_source="Demo data: made-up figures, not real outcomes",
            outcomes_are_demo=True,
        )
    return facts


FICTIONAL = "Fictional demo listing."

# (external id, title, provider, credential, format, schedule, street, city, zip, cost, note, length, unit, languages)
DEMO_TRAININGS = [
    (
        "demo-nyc-cc-cert",
        "Care Coordination Certificate",
        "Five Boroughs Health Careers Institute",
        Credential.CERTIFICATE,
        DeliveryFormat.IN_PERSON,
        Schedule.EVENINGS_WEEKENDS,
        "250 W 34th St",
        "New York",
        "10001",
        1850,
        "Financial aid available",
        12,
        LengthUnit.WEEKS,
        ["en", "es"],
    ),
    (
        "demo-bronx-chw",
        "Community Health Worker Training",
        "Bronx Community Health Academy",
        Credential.CERTIFICATE,
        DeliveryFormat.HYBRID,
        Schedule.PART_TIME,
        "1 Fordham Plaza",
        "Bronx",
        "10458",
        0,
        "Free for New York residents",
        120,
        LengthUnit.HOURS,
        ["en", "es"],
    ),
    (
        "demo-brooklyn-aas",
        "A.A.S. in Health Services Administration",
        "Kings County Community College (demo)",
        Credential.ASSOCIATE,
        DeliveryFormat.IN_PERSON,
        Schedule.FULL_TIME,
        "350 Jay St",
        "Brooklyn",
        "11201",
        9600,
        "Pell grants accepted",
        24,
        LengthUnit.MONTHS,
        ["en"],
    ),
    (
        "demo-albany-ccm-prep",
        "Certified Case Manager (CCM) Exam Prep",
        "Capital Region Nursing & Health Institute",
        Credential.EXAM_PREP,
        DeliveryFormat.IN_PERSON,
        Schedule.EVENINGS_WEEKENDS,
        "80 State St",
        "Albany",
        "12207",
        695,
        "",
        30,
        LengthUnit.HOURS,
        ["en"],
    ),
    (
        "demo-albany-bs-hm",
        "B.S. in Health Care Management",
        "Hudson Valley State College (demo)",
        Credential.BACHELOR,
        DeliveryFormat.HYBRID,
        Schedule.PART_TIME,
        "1400 Washington Ave",
        "Albany",
        "12222",
        38000,
        "Financial aid available",
        48,
        LengthUnit.MONTHS,
        ["en"],
    ),
    (
        "demo-buffalo-care-mgmt",
        "Care Management for Chronic Conditions",
        "Niagara Frontier Health Workforce Center",
        Credential.CERTIFICATE,
        DeliveryFormat.IN_PERSON,
        Schedule.PART_TIME,
        "200 Delaware Ave",
        "Buffalo",
        "14202",
        1200,
        "Employer sponsorship available",
        10,
        LengthUnit.WEEKS,
        ["en"],
    ),
    (
        "demo-buffalo-msw",
        "Master of Social Work: Health Care Practice",
        "Lake Erie University (demo)",
        Credential.MASTER,
        DeliveryFormat.IN_PERSON,
        Schedule.FULL_TIME,
        "3435 Main St",
        "Buffalo",
        "14214",
        42000,
        "Assistantships available",
        24,
        LengthUnit.MONTHS,
        ["en"],
    ),
    (
        "demo-rochester-navigator",
        "Patient Navigator Certificate",
        "Genesee Valley Health Careers School",
        Credential.CERTIFICATE,
        DeliveryFormat.HYBRID,
        Schedule.EVENINGS_WEEKENDS,
        "1 S Clinton Ave",
        "Rochester",
        "14604",
        950,
        "",
        8,
        LengthUnit.WEEKS,
        ["en", "es"],
    ),
    (
        "demo-syracuse-bh-cc",
        "Behavioral Health Care Coordination",
        "Central New York Recovery Training Collaborative",
        Credential.CONTINUING_EDUCATION,
        DeliveryFormat.IN_PERSON,
        Schedule.PART_TIME,
        "333 W Washington St",
        "Syracuse",
        "13202",
        300,
        "Scholarships available",
        24,
        LengthUnit.HOURS,
        ["en"],
    ),
    (
        "demo-online-cc-ce",
        "Care Coordination Essentials (online, self-paced)",
        "Empire Health Learning Online",
        Credential.CONTINUING_EDUCATION,
        DeliveryFormat.ONLINE,
        Schedule.SELF_PACED,
        "",
        "",
        "",
        0,
        "Free",
        16,
        LengthUnit.HOURS,
        ["en", "es", "zh"],
    ),
    (
        "demo-online-ccm-prep",
        "CCM Certification Review Course",
        "Empire Health Learning Online",
        Credential.EXAM_PREP,
        DeliveryFormat.ONLINE,
        Schedule.SELF_PACED,
        "",
        "",
        "",
        450,
        "",
        6,
        LengthUnit.WEEKS,
        ["en"],
    ),
    (
        "demo-online-hit",
        "Health Information for Care Teams",
        "Statewide Health Skills Network",
        Credential.CONTINUING_EDUCATION,
        DeliveryFormat.ONLINE,
        Schedule.PART_TIME,
        "",
        "",
        "",
        None,
        "",
        None,
        "",
        [],
    ),
]


def demo_rows(career_page):
    for number, (
        external_id,
        title,
        provider,
        credential,
        fmt,
        schedule,
        street,
        city,
        zip_code,
        cost,
        note,
        length,
        unit,
        languages,
    ) in enumerate(DEMO_TRAININGS):
        slug_hint = external_id.removeprefix("demo-")
        values = {
            "title": title,
            "summary": f"{FICTIONAL} A {dict(Credential.choices)[credential].lower()} program"
            f"{' in ' + city if city else ' online'} for people entering care coordination and care management.",
            "description": f"<p>{FICTIONAL} This program prepares students to coordinate care across providers, "
            "plan with patients and families, document care plans and connect people to community services.</p>",
            "credential": credential,
            "delivery_format": fmt,
            "schedule": schedule,
            "street_address": street,
            "city": city,
            "state": "NY" if zip_code else "",
            "zip_code": zip_code,
            "cost": cost,
            "cost_note": note,
            "length_value": length,
            "length_unit": unit,
            "enrollment_url": f"https://example.org/demo-trainings/{slug_hint}",
            "contact_phone": "(555) 010-0100" if zip_code else "",
            "contact_email": "admissions@example.org",
            "last_verified": None,
            **demo_facts(number),
        }
        provider_row = (f"{provider}", "https://example.org/")
        careers = [career_page.slug] if career_page is not None else []
        yield external_id, values, provider_row, languages, careers


TRAINING_SEARCH_BLOCK = {
    "type": "training_search",
    "value": {
        "heading": "",
        "text": "Search certificate, degree, and professional development trainings.",
        "button_label": "Search trainings",
        "limit_to_career": True,
    },
}
FEATURED_TRAININGS_BLOCK = {"type": "featured_trainings", "value": {"heading": "", "trainings": [], "count": 3}}


def use_training_blocks(career_page):
    """In the career page's "Get Trained" section, the prototype's "Search trainings" call to action becomes
    the training search block, and the featured trainings follow the "Featured Trainings" call to action.
    Publishes only if something changed."""
    sections = list(career_page.body.raw_data)
    changed = False
    for section in sections:
        if section.get("value", {}).get("heading") != "Get Trained":
            continue
        content = section["value"].get("content") or []
        types = [child["type"] for child in content]
        result = []
        for child in content:
            label = child["value"].get("button_label") if child["type"] == "call_to_action" else None
            if label == "Search trainings" and "training_search" not in types:
                result.append({**TRAINING_SEARCH_BLOCK, "id": child.get("id")})
                changed = True
                continue
            result.append(child)
            if label == "Compare training programs" and "featured_trainings" not in types:
                result.append(dict(FEATURED_TRAININGS_BLOCK))
                changed = True
        section["value"]["content"] = result
    if changed:
        career_page.body = sections
        career_page.save_revision().publish()
    return changed


def load_demo_trainings(career_page=None, home=None, stdout=None):
    """Create or update the demo trainings under /trainings/, related to `career_page`, and put the
    training search and featured trainings blocks in the career page's "Get Trained" section."""
    writer = TrainingWriter(get_or_create_training_index())
    for row in demo_rows(career_page):
        if not writer.is_duplicate(row[0]):
            writer.add(*row)
    writer.flush()
    if career_page is not None:
        use_training_blocks(career_page)
    if stdout is not None:
        counts = writer.counts
        stdout.write(
            f"Demo trainings: {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
    return writer.counts
