"""Demo employers: the /employers/ page, 15 fictional live employers across New York's regions,
2 submissions waiting in moderation, and the employer blocks on the career page's "Get Employed" section.

Idempotent: employers are found by their `external_id` ("demo-…"), the page by its slug.
"""

import datetime

from django.db import transaction
from wagtail.models import Page

from directory.employers.models import EmployerDirectoryPage, EmployerSnippet

DIRECTORY_SLUG = "employers"

# name, street, ZIP, care settings, job titles, other titles, hiring now, description
DEMO_EMPLOYERS = [
    (
        "Hudson Valley Health Home Network",
        "25 Market St",
        "12601",
        ["health-home"],
        ["Care Manager", "Health Home Care Manager"],
        "",
        True,
        "A health home serving Dutchess, Ulster and Orange counties, coordinating medical, behavioral and social care.",
    ),
    (
        "Capital District Care Partners",
        "100 State St",
        "12207",
        ["health-home", "community-based"],
        ["Care Coordinator", "Care Manager"],
        "Peer Navigator",
        True,
        "Care management for adults and children with chronic conditions in the Capital Region.",
    ),
    (
        "Empire Community Health Center",
        "210 W 125th St",
        "10027",
        ["fqhc", "primary-care"],
        ["Patient Care Coordinator", "Care Coordinator"],
        "",
        True,
        "A federally qualified health center with primary care, dental and behavioral health in Harlem.",
    ),
    (
        "Five Boroughs Managed Care",
        "55 Water St",
        "10041",
        ["managed-care"],
        ["Nurse Care Manager", "RN Case Manager", "Complex Care Manager"],
        "Utilization Review Nurse",
        True,
        "A managed care plan for Medicaid members across New York City.",
    ),
    (
        "Flower City General Hospital",
        "1425 Portland Ave",
        "14621",
        ["hospital"],
        ["RN Case Manager", "Case Manager"],
        "Discharge Planner",
        True,
        "A 500-bed teaching hospital in Rochester with inpatient and outpatient care management teams.",
    ),
    (
        "Genesee Valley Behavioral Health",
        "8 Main St",
        "14020",
        ["behavioral-health"],
        ["Care Coordinator", "Case Manager"],
        "",
        False,
        "Outpatient mental health and substance use services in the Finger Lakes.",
    ),
    (
        "Niagara Frontier Home Care",
        "300 Pearl St",
        "14202",
        ["home-care"],
        ["Care Coordinator"],
        "Home Health Aide Supervisor",
        True,
        "Home care and personal care services across Erie and Niagara counties.",
    ),
    (
        "Lake Erie Nursing & Rehabilitation",
        "45 Lake Shore Dr",
        "14048",
        ["long-term-care"],
        ["Case Manager", "Nurse Care Manager"],
        "MDS Coordinator",
        False,
        "Skilled nursing, rehabilitation and long-term care in Chautauqua County.",
    ),
    (
        "Salt City Primary Care",
        "500 S Salina St",
        "13202",
        ["primary-care"],
        ["Patient Care Coordinator", "Nurse Care Manager"],
        "",
        True,
        "A group of primary care practices in Syracuse with embedded care coordinators.",
    ),
    (
        "Mohawk Valley Community Action",
        "9 Genesee St",
        "13501",
        ["community-based"],
        ["Community Care Coordinator"],
        "Community Health Worker",
        True,
        "Community services, housing help and care coordination in Oneida County.",
    ),
    (
        "North Country Health Department Partners",
        "175 Arsenal St",
        "13601",
        ["health-department"],
        ["Community Care Coordinator", "Care Coordinator"],
        "Public Health Nurse",
        False,
        "Public health programs for Jefferson County residents.",
    ),
    (
        "Adirondack Rural Health Collaborative",
        "12 Main St",
        "12901",
        ["fqhc", "community-based"],
        ["Care Coordinator", "Care Manager"],
        "",
        True,
        "Rural health centers and outreach across Clinton and Essex counties.",
    ),
    (
        "Southern Tier Care Coordination",
        "60 Court St",
        "13901",
        ["health-home", "behavioral-health"],
        ["Health Home Care Manager", "Care Manager"],
        "",
        True,
        "Care coordination for adults with serious mental illness in Broome and Tioga counties.",
    ),
    (
        "Long Island Senior Care Services",
        "200 Old Country Rd",
        "11501",
        ["home-care", "long-term-care"],
        ["Care Manager", "Case Manager"],
        "Geriatric Care Manager",
        True,
        "Home and community-based services for older adults in Nassau and Suffolk.",
    ),
    (
        "Brooklyn Bridge Family Services",
        "350 Jay St",
        "11201",
        ["community-based", "behavioral-health"],
        ["Care Coordinator", "Clinical Care Coordinator"],
        "",
        False,
        "Family support, children's care coordination and counseling in Brooklyn.",
    ),
]

# Two submissions from the public, waiting for a moderator.
DEMO_PENDING = [
    (
        "Ithaca Community Care Network",
        "120 E State St",
        "14850",
        ["community-based"],
        ["Care Coordinator"],
        "",
        True,
        "Care coordination for Tompkins County residents with complex needs.",
        "Jordan Rivera",
        "jordan@example.org",
    ),
    (
        "Westchester Care Management Group",
        "1 N Broadway",
        "10601",
        ["managed-care", "primary-care"],
        ["Care Manager", "Nurse Care Manager"],
        "",
        True,
        "Care management services for primary care practices in Westchester.",
        "Sam Lee",
        "sam@example.org",
    ),
]


def load_directory_page(home):
    page = EmployerDirectoryPage.objects.child_of(home).filter(slug=DIRECTORY_SLUG).first()
    if page is None:
        page = EmployerDirectoryPage(title="Find employers", slug=DIRECTORY_SLUG)
        home.add_child(instance=page)
    page.title = "Find employers"
    page.intro = (
        "<p>Health-care employers across New York State that hire care managers and care coordinators. "
        "Search by ZIP code, care setting or job title, and see who is hiring now.</p>"
    )
    page.search_description = "Find care management and care coordination employers near you in New York State."
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _fill(employer, row, spanish):
    name, street, zip_code, settings, titles, other_titles, hiring, description = row[:8]
    employer.name = name
    employer.street = street
    employer.zip_code = zip_code
    employer.city = ""  # derived from the ZIP on save
    employer.care_settings = settings
    employer.job_titles = titles
    employer.other_job_titles = other_titles
    employer.hiring_now = hiring
    employer.description = description
    # The Spanish versions from the demo's translation file (hwcollab/translations/demo-content-es.json).
    employer.description_es = spanish.get(description, "")
    employer.other_job_titles_es = (
        ", ".join(spanish.get(title.strip(), title.strip()) for title in other_titles.split(",") if title.strip())
        if any(title.strip() in spanish for title in other_titles.split(","))
        else ""
    )
    employer.website = f"https://www.example.org/{employer.external_id}"
    employer.phone = "(518) 555-0100"


@transaction.atomic
def load_demo_employers(home=None, career_page=None, stdout=None, spanish=None):
    """`spanish`: English text → its Spanish version, for the listings' Spanish fields."""
    spanish = spanish or {}
    home = home or Page.objects.filter(depth=2).first().specific
    directory = load_directory_page(home)
    today = datetime.date.today()
    for index, row in enumerate(DEMO_EMPLOYERS):
        external_id = f"demo-{index + 1:02d}"
        employer = EmployerSnippet.objects.filter(external_id=external_id).first() or EmployerSnippet(
            external_id=external_id
        )
        _fill(employer, row, spanish)
        employer.careers_url = f"https://www.example.org/{external_id}/careers" if row[6] else ""
        employer.last_verified = today - datetime.timedelta(days=7 * index)
        employer.contact_name = "Demo Contact"
        employer.contact_email = f"{external_id}@example.org"
        employer.save()
        employer.save_revision().publish()

    for index, row in enumerate(DEMO_PENDING):
        external_id = f"demo-pending-{index + 1}"
        employer = EmployerSnippet.objects.filter(external_id=external_id).first()
        if employer is not None and (employer.live or employer.workflow_in_progress):
            continue  # a moderator has handled it already, or it is still waiting
        employer = employer or EmployerSnippet(external_id=external_id)
        _fill(employer, row, spanish)
        employer.live = False
        employer.contact_name, employer.submitter_email = row[8], row[9]
        employer.contact_email = row[9]
        employer.save()
        employer.save_revision()
        workflow = employer.get_workflow()
        if workflow is not None:
            workflow.start(employer, user=None)

    if career_page is not None:
        add_employer_blocks(career_page)
    if stdout is not None:
        stdout.write(
            f"Demo employers ready: {directory.url} ({len(DEMO_EMPLOYERS)} live, {len(DEMO_PENDING)} in moderation)"
        )
    return directory


def _links_to_directory(value):
    link = value.get("link")
    href = getattr(link, "href", "") if link else ""
    return href.rstrip("/").endswith("/employers")


def add_employer_blocks(career_page):
    """Put an employer search and featured employers into the "Get Employed" section, once."""
    body = career_page.body
    for section in body:
        if section.block_type != "section" or "employ" not in (section.value.get("heading") or "").lower():
            continue
        content = section.value["content"]
        if any(child.block_type in ("employer_search", "featured_employers") for child in content):
            return career_page
        # The employer search replaces the section's "Search employers" call to action: one way to the
        # directory, and the prototype's "Find a local … employer." line once, as the search's text.
        text = ""
        for index in reversed(range(len(content))):
            child = content[index]
            if child.block_type == "call_to_action" and _links_to_directory(child.value):
                text = text or (child.value.get("text") or "")
                del content[index]
        featured = list(
            EmployerSnippet.objects.public()
            .filter(hiring_now=True, external_id__startswith="demo-")
            .order_by("name")[:3]
        )
        child_blocks = content.stream_block.child_blocks
        content.append(
            (
                "employer_search",
                child_blocks["employer_search"].normalize(
                    {
                        "heading": "Search local employers",
                        "text": text or "Find a local Care Manager/Care Coordinator employer.",
                        "care_settings": [],
                        "job_title": "",
                        "default_radius": "25",
                        "button_label": "Find employers",
                    }
                ),
            )
        )
        if featured:
            value = child_blocks["featured_employers"].normalize(
                {"heading": "Employers hiring now", "employers": featured}
            )
            content.append(("featured_employers", value))
        career_page.save_revision().publish()
        career_page.refresh_from_db()
        return career_page
    return career_page
