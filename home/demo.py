"""Demo content of the home app: the footer's information pages and the funder line (docs/demo-content.md).

The text says plainly what this code base does: what it stores, for how long, the cookies it sets. Keep it
true when that changes (tests/home/test_information_pages.py checks the cookie list against the settings).
Idempotent: each page is found by slug under the home page and updated.
"""

import datetime
import io

from django.conf import settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Site

from home import demo_images
from home.models import InformationPage, SiteIdentitySettings

FUNDER_ACKNOWLEDGEMENT = (
    "This project is supported by the Health Resources and Services Administration (HRSA) of the U.S. "
    "Department of Health and Human Services (HHS). The contents are those of the authors and do not "
    "necessarily represent the official views of, nor an endorsement by, HRSA, HHS or the U.S. Government."
)
REVIEWED = datetime.date(2026, 12, 1)


def _heading(text):
    return ("heading", {"text": text})


def _text(*paragraphs):
    return ("paragraph", "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs))


def _terms(*items):
    return ("definitions", {"items": [{"term": term, "description": text} for term, text in items]})


def _weeks(seconds):
    return seconds // (7 * 24 * 3600)


def _cookies():
    session_weeks = _weeks(settings.SESSION_COOKIE_AGE)
    csrf_weeks = _weeks(settings.CSRF_COOKIE_AGE)
    return _terms(
        (
            settings.SESSION_COOKIE_NAME,
            "Keeps you signed in to your HWcollab account. Set only when you sign in. It is deleted when you sign "
            "out, when you close the browser if you did not tick “Remember me”, and otherwise after "
            f"{session_weeks} weeks.",
        ),
        (
            settings.CSRF_COOKIE_NAME,
            "Protects the site's forms (sign in, sign up, the employer listing form, saving to your plan) against "
            f"forged submissions from other sites. Set when you open one of those forms; it lasts {csrf_weeks} "
            "weeks (about a year) and contains no information about you.",
        ),
        (
            "messages",
            "Carries a one-time confirmation, such as “Saved to your plan”, to the next page you see. Deleted as "
            "soon as the message is shown.",
        ),
    )


PAGES = [
    {
        "slug": "about",
        "title": "About HWcollab",
        "intro": "Who runs this site, and why it exists.",
        "body": [
            _text(
                "The Health Workforce Collaborative (HWcollab) helps people in New York State find their way into "
                "health-care careers: what a job involves, what it pays, where to train for it and which employers "
                "hire for it.",
                "Career pages are written and checked by our editors. Training programs and employer listings come "
                "from the providers and employers themselves; moderators review every employer listing before it is "
                "published.",
            ),
            _heading("Who pays for it"),
            _text(FUNDER_ACKNOWLEDGEMENT),
            _heading("What this site is not"),
            _text(
                "HWcollab does not employ, place or train anyone, and does not take applications. To apply to a "
                "training or a job, contact the provider or employer directly."
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact us",
        "intro": "Questions about the site, a correction to a listing, or a problem using it.",
        "body": [
            _text(
                "Write to us and we will answer within five working days. To correct an employer listing, "
                "tell us its name and what is wrong; to report an accessibility barrier, see the "
                '<a href="/accessibility/">accessibility statement</a>.'
            ),
            ("contact", {"email": "hello@hwcollab.org", "phone": "", "postal_address": ""}),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "intro": "What this site stores about you, for how long, and the cookies it sets.",
        "body": [
            _heading("If you only browse"),
            _text(
                "You can use every career page, the training search and the employer directory without an account. "
                "The site then stores nothing about you and sets no cookie until you open a form. There is no "
                "advertising, no analytics and nothing loaded from other websites."
            ),
            _heading("If you create an account"),
            _text(
                "We store your email address, your password (only as a one-way hash, never the password itself), "
                "and what you add yourself: your name, your home ZIP code, the careers you are interested in, and "
                "the trainings and employers you save with their status and your private notes. Only you can see "
                "them; they never appear on public pages, in search or in the API.",
                "They are kept until you delete your account. “Delete account” on your profile page removes the "
                "account and everything saved with it at once. You can download your plan as a CSV file at any "
                "time.",
            ),
            _heading("Sign-in records"),
            _text(
                "To stop password guessing, each sign-in, successful or not, is recorded with the time, the "
                "network (IP) address it came from, the browser's description of itself and the email address or "
                "username entered. After five wrong passwords for one account from one address, sign-in from that "
                "address is paused for a few minutes. These records are kept until an administrator removes them."
            ),
            _heading("If you submit an employer listing"),
            _text(
                "The form asks for the organization's public details and a contact name and email address for our "
                "moderators. The contact details are never published; they are kept with the listing for as long "
                "as it exists."
            ),
            _heading("Cookies"),
            _text("The site sets only these cookies, all of them needed for what you asked it to do:"),
            _cookies(),
            _text("No cookie is used for tracking or advertising, and none is shared with anyone else."),
            _heading("Questions"),
            _text('Ask us through the <a href="/contact/">contact page</a>.'),
        ],
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "intro": "We want everyone to be able to use this site, whatever device or assistive technology they use.",
        "body": [
            _heading("Conformance"),
            _text(
                "This site aims to conform to the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. "
                "Every page type is checked automatically with axe-core on each change, at phone and desktop widths, "
                "and by keyboard: every control can be reached and shows where the focus is. Pages reflow to a "
                "320-pixel-wide screen and to 200% zoom without scrolling sideways."
            ),
            _heading("Known limitations"),
            _text(
                "Training and employer listings are written by providers and employers; some may lack details or "
                "use unclear wording. Tell us and we will ask them to fix it."
            ),
            _heading("Report a barrier"),
            _text(
                "If something on this site does not work for you, write to us and say which page, what you were "
                "trying to do and what assistive technology you use, if any. We reply within five working days and "
                "can send you the information in another format."
            ),
            ("contact", {"email": "accessibility@hwcollab.org", "phone": "", "postal_address": ""}),
        ],
    },
    {
        "slug": "terms",
        "title": "Terms of use",
        "intro": "The rules for using this site.",
        "body": [
            _heading("The information"),
            _text(
                "Career pages describe typical jobs, education and pay in New York State; they are a starting point, "
                "not a promise of a job or a wage. Training and employer listings are provided by their owners; "
                "check details such as cost, dates and openings with them before you decide."
            ),
            _heading("Your account"),
            _text(
                "Keep your password to yourself. You may delete your account at any time. We may suspend accounts "
                "that are used to misuse the site."
            ),
            _heading("Employer listings"),
            _text(
                "Submit only listings for organizations you represent, with true information. Moderators may "
                "edit or decline a listing and remove one that is no longer accurate."
            ),
            _heading("Links"),
            _text("Links to other websites are for your convenience; we are not responsible for their content."),
        ],
    },
]


def load_information_pages(home):
    """The footer's pages under the home page, and the funder line in the site identity settings."""
    written = []
    for spec in PAGES:
        page = InformationPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = InformationPage(slug=spec["slug"], title=spec["title"])
            home.add_child(instance=page)
        page = page.specific
        page.title = spec["title"]
        page.intro = spec["intro"]
        page.body = InformationPage.body.field.stream_block.normalize(spec["body"])
        page.last_reviewed = REVIEWED
        page.show_in_menus = True
        page.save_revision().publish()
        written.append(page)
    for site in Site.objects.filter(root_page=home):
        identity = SiteIdentitySettings.for_site(site)
        identity.funder_acknowledgement = FUNDER_ACKNOWLEDGEMENT
        identity.save()
    return written


DEMO_IMAGES = {
    "home": {
        "title": "Demo illustration: a care team",
        "file_name": "demo-care-team.png",
        "draw": demo_images.care_team,
        "description": "Four health-care workers in scrubs, two with stethoscopes, in front of a heartbeat line.",
        # The four people: a crop keeps them rather than the sky.
        "focal_point": (144, 250, 1152, 560),
    },
    "career": {
        "title": "Demo illustration: care coordination",
        "file_name": "demo-care-network.png",
        "draw": demo_images.care_network,
        "description": (
            "A care coordinator at the centre, linked to a clinic, a home, a pharmacy, a calendar, a phone and "
            "a community group."
        ),
        "focal_point": (430, 230, 580, 500),
    },
}


def _demo_image(spec):
    """The image with this title, drawn and added to the image library the first time."""
    model = get_image_model()
    image = model.objects.filter(title=spec["title"]).first()
    if image is None:
        image = model(title=spec["title"])
        image.file = ImageFile(io.BytesIO(spec["draw"]()), name=spec["file_name"])
    image.description = spec["description"]
    x, y, width, height = spec["focal_point"]
    image.focal_point_x, image.focal_point_y = x + width // 2, y + height // 2
    image.focal_point_width, image.focal_point_height = width, height
    image.save()
    return image


def load_demo_images(home, career_page):
    """Pictures drawn in the project (home/demo_images.py) as the home and career pages' hero images."""
    pages = []
    for key, page in (("home", home), ("career", career_page)):
        image = _demo_image(DEMO_IMAGES[key])
        page = page.specific
        if page.hero_image_id != image.pk:
            page.hero_image = image
            page.save_revision().publish()
        pages.append(page)
    return pages
