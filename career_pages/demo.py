"""Demo content: the home page, /careers/ and the Care Coordination & Care Management career page.

The career page carries the client's prototype copy (kept in career_pages/fixtures/cm-prototype-scrolling.txt)
line for line and in order; the list items the copy lost in extraction are written here from the field.
Every function is idempotent: it finds its page by slug and updates it, so running it twice still gives one of each.
"""

from decimal import Decimal

from django.db import transaction
from wagtail.models import Page, Site

from career_pages.models import CareerIndexPage, CareerPage
from home.models import HomePage
from occupations.models import Occupation

CAREER_SLUG = "care-coordination-and-care-management"


def _publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _rich(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


@transaction.atomic
def load_home_page():
    """The HomePage at the site root, replacing Wagtail's default welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        taken = {child.slug for child in root.get_children()}
        home = HomePage(title="Home", slug="home" if "home" not in taken else "hwcollab-home")
        home.hero_heading = "Find your way into a health-care career"
        root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = "HWcollab"
    site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page: a plain Page at the top of the tree.
    for welcome in root.get_children().exact_type(Page).filter(depth=2):
        if not Site.objects.filter(root_page=welcome).exists():
            welcome.delete()
    home.refresh_from_db()
    home.title = "Home"
    home.slug = "home"
    home.seo_title = "Health-care careers in New York State"
    home.search_description = (
        "Explore health-care careers in New York State, find trainings and local employers, "
        "and keep what you find in a free HWcollab account."
    )
    home.hero_heading = "Find your way into a health-care career"
    home.hero_text = (
        "Explore careers in health care across New York State, find the training that gets you there "
        "and the employers who are hiring."
    )
    home.intro = _rich(
        "The Health Workforce Collaborative (HWcollab) brings together what you need to start or grow a career "
        "in health care: what a job involves, what it pays, where to train and who is hiring."
    )
    home.cards = HomePage.cards.field.stream_block.normalize(
        [
            (
                "card",
                {
                    "heading": "Explore careers",
                    "text": "What the work involves, the education it takes and what it pays.",
                    "link": {"url": "/careers/"},
                },
            ),
            (
                "card",
                {
                    "heading": "Find trainings",
                    "text": "Certificate, degree and professional development programs near you.",
                    "link": {"url": "/trainings/"},
                },
            ),
            (
                "card",
                {
                    "heading": "Find employers",
                    "text": "Health-care employers in your region and the careers they hire for.",
                    "link": {"url": "/employers/"},
                },
            ),
        ]
    )
    return _publish(home)


@transaction.atomic
def load_career_index(home):
    index = CareerIndexPage.objects.child_of(home).filter(slug="careers").first()
    if index is None:
        index = CareerIndexPage(title="Careers", slug="careers")
        home.add_child(instance=index)
    index.title = "Careers"
    index.intro = "Explore health-care careers: what the work involves, the education it takes and what it pays."
    index.search_description = (
        "Health-care careers in New York State: what the work involves, the education it takes and what it pays."
    )
    return _publish(index)


def _section(heading, content, nav_label="", anchor=""):
    return ("section", {"heading": heading, "nav_label": nav_label, "anchor": anchor, "content": content})


def _cta(button_label, text="", heading="", **link):
    return ("call_to_action", {"heading": heading, "text": text, "button_label": button_label, "link": link})


def _definition(term, definition, job_titles):
    return (
        "definition",
        {
            "term": term,
            "definition": _rich(definition),
            "job_titles_label": "Job titles include:",
            "job_titles": [{"title": title, "description": ""} for title in job_titles],
        },
    )


def _occupations(*soc_codes):
    """BLS occupations by SOC code (load_demo_content imports the shipped OEWS release first; without it, none)."""
    found = Occupation.objects.in_bulk(soc_codes)
    return [found[code] for code in soc_codes if code in found]


def care_coordination_body():
    """The body of the Care Coordination & Care Management page, as (block type, value) pairs."""
    return [
        _section(
            "Get Started",
            [
                (
                    "action_cards",
                    {
                        "intro": "Select what you want to do",
                        "cards": [
                            {
                                "label": "Training & Education",
                                "text": "Find certificate, degree and professional development trainings.",
                                "icon": "training",
                                "link": {"anchor": "get-trained"},
                            },
                            {
                                "label": "Search Local Employers",
                                "text": "Find care coordination and care management employers near you.",
                                "icon": "employer",
                                "link": {"anchor": "get-employed"},
                            },
                        ],
                    },
                )
            ],
        ),
        _section(
            "Quick Facts",
            [
                (
                    "quick_facts",
                    {
                        "checklist_heading": "This career is right for you, if…",
                        "checklist": [
                            "You like helping people find their way through health care and social services.",
                            "You are organized and can keep track of many people, tasks and deadlines at once.",
                            "You listen well and explain things clearly, in person, on the phone and in writing.",
                            "You enjoy working on a team with doctors, nurses, social workers and community groups.",
                            "You stay calm, patient and respectful with people facing hard situations.",
                            "You like solving practical problems, from a missed appointment to a ride to the clinic.",
                        ],
                        "roles": [
                            {
                                "role": "Care Coordinators",
                                "education": "GED or Bachelor’s degree",
                                "education_note": "Typical required education (but not always)",
                                "pay_min": Decimal(16),
                                "pay_max": Decimal(38),
                                "pay_period": "hour",
                                "pay_label": "Typical pay range",
                                # Outreach, intake and linking people to services is what BLS calls community
                                # health work; many coordinator posts are filed as human service assistants.
                                "occupations": _occupations("21-1094", "21-1093"),
                            },
                            {
                                "role": "Care Managers",
                                "education": "Clinical Degree",
                                "education_note": "Typical required education (but not always)",
                                "pay_min": Decimal(42000),
                                "pay_max": Decimal(60000),
                                "pay_period": "year",
                                "pay_label": "Typical salary range",
                                # Care managers hold a clinical licence: most are social workers (LMSW/LCSW) or
                                # registered nurses working as case managers.
                                "occupations": _occupations("21-1022", "29-1141"),
                            },
                        ],
                    },
                )
            ],
        ),
        _section(
            "Definitions and Job Titles",
            [
                (
                    "rich_text",
                    _rich(
                        "There are many definitions for each, and they often overlap. There is no universal "
                        "definition that everyone agrees on, but here are two definitions that give a basic overview:"
                    ),
                ),
                _definition(
                    "Care coordination",
                    "Care coordination is the process of organizing patient/client care between two or more "
                    "participants involved in a person’s care (such as health care providers, social service "
                    "providers, and payers) and communicating information with/to everyone involved – including "
                    "the patient/client – to help ensure safe, appropriate, and effective care.",
                    [
                        "Care Coordinator",
                        "Community Care Coordinator",
                        "Patient Care Coordinator",
                        "Clinical Care Coordinator",
                    ],
                ),
                _definition(
                    "Care management",
                    "Care management is a process and the related activities that a health care team may use in "
                    "partnership with patients/clients to manage a person’s medical/mental/behavioral health "
                    "conditions more effectively to achieve the best possible outcomes.",
                    [
                        "Care Manager",
                        "Nurse Care Manager",
                        "Complex Care Manager",
                        "Health Home Care Manager",
                        "Case Manager",
                        "RN Case Manager",
                    ],
                ),
                (
                    "comparison",
                    {
                        "intro": _rich(
                            "There are many different job titles, and care coordinators (CC) and care managers (CM) "
                            "often have similar roles. For example, they both:"
                        ),
                        "shared": [
                            "Assess a person’s health and social needs, strengths and goals",
                            "Build and update a care plan together with the person and their care team",
                            "Link people to services and community resources such as housing, food and transportation",
                            "Share information among providers, payers, the person and their family or caregivers",
                            "Follow up after appointments, referrals and hospital discharges so care does not "
                            "fall through the cracks",
                            "Keep careful records of each contact, service and outcome",
                        ],
                        "callout": "You could say that care coordinators and care managers are the hubs in the wheel!",
                        "difference": _rich(
                            "One key difference in their roles is that care coordinators usually focus more on the "
                            "coordination of efforts and bridging social care with clinical care. Care managers tend "
                            "to focus more on chronic disease management, which may involve clinical decision-making. "
                            "Care managers often (but not always) need clinical degrees/backgrounds, such as "
                            "registered nurses, LPNs, or social workers."
                        ),
                    },
                ),
                (
                    "rich_text",
                    _rich(
                        "Often, the job title depends on the setting (for example, medical versus behavioral health "
                        "versus social service), the specific employer, and the location (job titles can vary by "
                        "state or region within a state)."
                    ),
                ),
            ],
            nav_label="Definitions",
        ),
        _section(
            "Career Ladder",
            [
                (
                    "career_ladder",
                    {
                        "intro": "Many care managers started as care coordinators. One common path:",
                        "steps": [
                            {
                                "role": "Care Coordinator",
                                "education": "High school diploma or GED; a community health worker certificate helps",
                                "time_to_reach": "Start here",
                                # The same honest pair as the Care Coordinators role card.
                                "occupations": _occupations("21-1094", "21-1093"),
                            },
                            {
                                "role": "Care Manager",
                                "education": "A clinical degree and licence: Master of Social Work and LMSW, or "
                                "nursing and the RN licence",
                                "time_to_reach": "2-4 years of study, often part time while working",
                                # The same honest pair as the Care Managers role card.
                                "occupations": _occupations("21-1022", "29-1141"),
                            },
                        ],
                    },
                )
            ],
            nav_label="Career ladder",
        ),
        _section(
            "What they do",
            [
                (
                    "list_section",
                    {
                        "heading": "",
                        "intro": _rich(
                            "Care Coordinators and Care Managers work directly with patients/clients/individuals "
                            "and/or family members or caregivers to provide a wide variety of functions, such as:"
                        ),
                        "items": [
                            "Reaching out to and enrolling people who could benefit from help",
                            "Assessing health, behavioral health and social needs such as housing, food and income",
                            "Building a person-centered care plan and setting goals together",
                            "Scheduling appointments and arranging transportation, interpreters and home care",
                            "Linking people to community resources, benefits and insurance enrollment",
                            "Following up after a hospital or emergency room discharge to prevent readmission",
                            "Helping people understand their medications and manage chronic conditions",
                            "Coaching people and families to manage their own health and care",
                            "Communicating with doctors, nurses, pharmacists, therapists and social service agencies",
                            "Documenting services and tracking progress toward goals",
                        ],
                    },
                )
            ],
        ),
        _section(
            "Where they work",
            [
                (
                    "list_section",
                    {
                        "heading": "",
                        "intro": _rich("Care managers and care coordinators work in a variety of settings, including:"),
                        "items": [
                            "Hospitals and health systems",
                            "Primary care practices and community health centers (FQHCs)",
                            "Health Homes serving Medicaid members with chronic conditions",
                            "Managed care organizations and health insurance plans",
                            "Behavioral health and substance use treatment programs",
                            "Community-based organizations and social service agencies",
                            "Home care agencies, nursing homes and long-term care programs",
                            "Local health departments and other government agencies",
                        ],
                    },
                ),
                _cta(
                    "Find a training program",
                    text="Not sure what program is best for you?",
                    heading="Begin Today",
                    url="/trainings/finder/",
                ),
            ],
        ),
        _section(
            "Get Trained",
            [
                (
                    "rich_text",
                    _rich(
                        "Education is essential in the field of care management to stay current with evolving "
                        "healthcare practices, regulations, and best practices. Advance your career in Care "
                        "Management/Coordination through the following trainings."
                    ),
                ),
                _cta(
                    "Search trainings",
                    text="Search certificate, degree, and professional development trainings.",
                    url="/trainings/",
                ),
                # The comparison of the programs the visitor chose, or the search while none are chosen.
                _cta(
                    "Compare training programs",
                    text="Not sure what training program is best for you?",
                    heading="Featured Trainings",
                    url="/trainings/compare/",
                ),
            ],
        ),
        _section(
            "Get Employed",
            [
                (
                    "rich_text",
                    _rich(
                        "Care managers have a wide range of career opportunities within the healthcare and social "
                        "services sectors. These opportunities can vary based on the level of education, "
                        "specialization, and experience. Browse Care Management/Coordination careers today!"
                    ),
                ),
                _cta(
                    "Search employers",
                    text="Find a local Care Manager/Care Coordinator employer.",
                    url="/employers/",
                ),
            ],
        ),
        _section(
            "Get the Most out of the Health Workforce Collaborative",
            [
                (
                    "account_promotion",
                    {
                        "heading": "",
                        "text": "Having a HWcollab account gives you all sorts of ways to make the most of your "
                        "health career journey.",
                        "benefits": [
                            "Save the trainings and employers you find, and come back to them later",
                            "Pick up where you left off, on your phone or your computer",
                        ],
                        "sign_up_label": "Create a free account",
                        "sign_in_label": "Sign in",
                    },
                )
            ],
            nav_label="Your account",
            anchor="your-account",
        ),
    ]


@transaction.atomic
def load_care_coordination_page(careers):
    page = CareerPage.objects.child_of(careers).filter(slug=CAREER_SLUG).first()
    if page is None:
        page = CareerPage(title="Care Coordination & Care Management", slug=CAREER_SLUG)
        careers.add_child(instance=page)
    page.title = "Care Coordination & Care Management"
    page.tagline = "Trainings and Resources"
    page.short_title = "Care Management/Care Coordination"
    page.intro = (
        "Career information and resources: what care coordinators and care managers do, the education it "
        "takes, what the work pays in New York State, and where to train and find work."
    )
    page.entry_education = "high_school"
    page.search_description = (
        "What care coordinators and care managers do, the education they need, what they earn in New York, "
        "and where to train and find work."
    )
    page.body = CareerPage.body.field.stream_block.normalize(care_coordination_body())
    page.full_clean()
    return _publish(page)


# The demo trainings (directory/trainings/demo.py) that bridge to each ladder step, by role.
LADDER_TRAININGS = {
    "Care Coordinator": ["demo-bronx-chw", "demo-nyc-cc-cert"],
    "Care Manager": ["demo-buffalo-msw", "demo-albany-ccm-prep"],
}


def link_ladder_trainings(career_page):
    """Point the demo ladder's steps at the demo trainings (they are loaded after the page). Publishes only if
    something changed."""
    from directory.trainings.models import TrainingPage

    wanted = {external_id for ids in LADDER_TRAININGS.values() for external_id in ids}
    pks = dict(TrainingPage.objects.filter(external_id__in=wanted).values_list("external_id", "pk"))
    sections = list(career_page.body.raw_data)
    changed = False
    for section in sections:
        for child in section.get("value", {}).get("content") or []:
            if child["type"] != "career_ladder":
                continue
            for step in child["value"].get("steps") or []:
                value = step.get("value", step)
                ids = [pks[e] for e in LADDER_TRAININGS.get(value.get("role"), []) if e in pks]
                current = [
                    item.get("value") if isinstance(item, dict) else item
                    for item in value.get("bridging_trainings") or []
                ]
                if current != ids:
                    value["bridging_trainings"] = ids
                    changed = True
    if changed:
        career_page.body = sections
        career_page.save_revision().publish()
    return changed
