"""StreamField blocks that content authors use to compose career pages.

A career page's body is a list of *sections* (`CareerSectionBlock`): a heading, an anchor and a
curated `CareerSectionContentBlock` of the blocks below. The page builds its in-page navigation
from the section headings.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText

from directory.employers.blocks import EmployerSearchBlock, FeaturedEmployersBlock
from directory.trainings.blocks import FeaturedTrainingsBlock, TrainingSearchBlock
from home.blocks import LinkBlock, validate_anchor
from occupations.blocks import occupation_list_block
from occupations.pay import PAY_SCALE_MAX

HOURS_PER_YEAR = 2080  # 52 weeks x 40 hours: the usual full-time conversion between hourly and yearly pay.

INLINE_FEATURES = ["bold", "italic", "link"]
TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul"]


def format_money(amount):
    """$16, $16.50, $42,000: whole amounts without cents."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"${amount:,.0f}"
    return f"${amount:,.2f}"


def json_number(amount):
    """Numbers for the API: an int when whole, else a float; never a string."""
    if amount is None:
        return None
    amount = Decimal(amount)
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# --- Get started --------------------------------------------------------------------------------


class ActionCardBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, help_text="What the visitor wants to do, e.g. Training & Education.")
    text = blocks.CharBlock(required=False, max_length=160, help_text="One short sentence under the label.")
    icon = blocks.ChoiceBlock(
        choices=[("training", "Training"), ("employer", "Employer"), ("search", "Search"), ("info", "Information")],
        default="info",
        help_text="The small picture on the card.",
    )
    link = LinkBlock()

    class Meta:
        icon = "pick"
        label = "Action card"
        template = "career_pages/blocks/action_card.html"
        help_text = "A card that takes the visitor to a section of this page, another page or a URL."
        preview_value = {
            "label": "Training & Education",
            "text": "Find certificate, degree and professional development programs.",
            "icon": "training",
            "link": {"anchor": "get-trained"},
        }


class ActionCardsBlock(blocks.StructBlock):
    intro = blocks.CharBlock(required=False, max_length=120, help_text="e.g. Select what you want to do")
    cards = blocks.ListBlock(ActionCardBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "pick"
        label = "Get started cards"
        template = "career_pages/blocks/action_cards.html"
        help_text = "Two to four cards that send visitors straight to what they came for."
        preview_value = {
            "intro": "Select what you want to do",
            "cards": [
                {"label": "Training & Education", "icon": "training", "link": {"anchor": "get-trained"}},
                {"label": "Search Local Employers", "icon": "employer", "link": {"anchor": "get-employed"}},
            ],
        }


# --- Quick facts --------------------------------------------------------------------------------


class RoleFactsValue(blocks.StructValue):
    def _annual(self, amount):
        if amount is None:
            return None
        return Decimal(amount) * HOURS_PER_YEAR if self.get("pay_period") == "hour" else Decimal(amount)

    def _hourly(self, amount):
        if amount is None:
            return None
        return Decimal(amount) if self.get("pay_period") == "hour" else Decimal(amount) / HOURS_PER_YEAR

    @property
    def has_pay(self):
        low, high = self.get("pay_min"), self.get("pay_max")
        return low is not None and high is not None and low <= high

    @property
    def annual_min(self):
        return self._annual(self.get("pay_min"))

    @property
    def annual_max(self):
        return self._annual(self.get("pay_max"))

    @property
    def hourly_min(self):
        return self._hourly(self.get("pay_min"))

    @property
    def hourly_max(self):
        return self._hourly(self.get("pay_max"))

    @property
    def period_label(self):
        return gettext("per hour") if self.get("pay_period") == "hour" else gettext("per year")

    @property
    def pay_range_text(self):
        if not self.has_pay:
            return ""
        return f"{format_money(self['pay_min'])} - {format_money(self['pay_max'])} {self.period_label}"

    @property
    def equivalent_text(self):
        """The other period's equivalent, so hourly and yearly roles compare at a glance."""
        if not self.has_pay:
            return ""
        if self.get("pay_period") == "hour":
            return gettext("about %(low)s - %(high)s per year") % {
                "low": format_money(self.annual_min),
                "high": format_money(self.annual_max),
            }
        low, high = (amount.quantize(Decimal("0.01")) for amount in (self.hourly_min, self.hourly_max))
        return gettext("about %(low)s - %(high)s per hour") % {"low": format_money(low), "high": format_money(high)}


ROLE_FACTS_PREVIEW = {
    "role": "Care Coordinators",
    "education": "GED or Bachelor’s degree",
    "education_note": "Typical required education (but not always)",
    "pay_min": Decimal(16),
    "pay_max": Decimal(38),
    "pay_period": "hour",
    "pay_label": "Typical pay range",
}


class RoleFactsBlock(blocks.StructBlock):
    role = blocks.CharBlock(max_length=80, help_text="The role, plural, e.g. Care Coordinators.")
    education = blocks.CharBlock(max_length=120, help_text="e.g. GED or Bachelor’s degree")
    education_note = blocks.CharBlock(
        max_length=120,
        default="Typical required education (but not always)",
        help_text="The small print under the education.",
    )
    pay_min = blocks.DecimalBlock(min_value=0, max_digits=9, decimal_places=2, help_text="Lowest typical pay.")
    pay_max = blocks.DecimalBlock(min_value=0, max_digits=9, decimal_places=2, help_text="Highest typical pay.")
    pay_period = blocks.ChoiceBlock(
        choices=[("hour", "per hour"), ("year", "per year")], default="hour", help_text="What the amounts are per."
    )
    pay_label = blocks.CharBlock(
        max_length=60,
        default="Typical pay range",
        help_text="e.g. Typical pay range (hourly) or Typical salary range (yearly).",
    )
    occupations = occupation_list_block(label="BLS occupations")

    class Meta:
        icon = "user"
        label = "Role facts"
        template = "career_pages/blocks/role_facts.html"
        value_class = RoleFactsValue
        help_text = (
            "One role's education and pay. Pay is shown with its hourly/yearly equivalent at 2,080 hours a year, "
            "and beside it what BLS reports for the role's occupations in the visitor's area."
        )
        preview_value = ROLE_FACTS_PREVIEW

    def clean(self, value):
        value = super().clean(value)
        low, high = value.get("pay_min"), value.get("pay_max")
        if low is not None and high is not None and low > high:
            raise StructBlockValidationError(
                block_errors={"pay_min": ValidationError("The minimum pay must not be above the maximum pay.")}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        scale_max = pay_scale_max()
        context["pay_scale_max"] = scale_max
        if value.has_pay:
            start = float(min(value.annual_min, scale_max) / scale_max * 100)
            end = float(min(value.annual_max, scale_max) / scale_max * 100)
            context["bar_start"] = round(start, 1)
            context["bar_width"] = round(max(end - start, 1.5), 1)
        local_pay = (parent_context or {}).get("local_pay")
        context["local_figures"] = local_pay.for_occupations(value.get("occupations")) if local_pay else []
        return context

    def get_api_representation(self, value, context=None):
        return {
            "role": value.get("role"),
            "education": value.get("education"),
            "education_note": value.get("education_note"),
            "pay": {
                "min": json_number(value.get("pay_min")),
                "max": json_number(value.get("pay_max")),
                "period": value.get("pay_period"),
                "label": value.get("pay_label"),
                "currency": "USD",
                "annual_min": json_number(value.annual_min),
                "annual_max": json_number(value.annual_max),
                "hourly_min": json_number(value.hourly_min and value.hourly_min.quantize(Decimal("0.01"))),
                "hourly_max": json_number(value.hourly_max and value.hourly_max.quantize(Decimal("0.01"))),
            }
            if value.has_pay
            else None,
            "occupations": [occupation.soc_code for occupation in value.get("occupations") or [] if occupation],
        }


def pay_scale_max(roles=None):
    """The top of every pay bar on the site (occupations.pay.PAY_SCALE_MAX), so careers compare at a glance."""
    return PAY_SCALE_MAX


class QuickFactsBlock(blocks.StructBlock):
    checklist_heading = blocks.CharBlock(
        required=False,
        max_length=120,
        default="This career is right for you, if…",
        help_text="Heading of the checklist.",
    )
    checklist = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label="Item"),
        min_num=0,
        max_num=12,
        help_text="Short statements a visitor can recognise themselves in.",
    )
    roles = blocks.ListBlock(RoleFactsBlock(), min_num=0, max_num=4, label="Role fact cards")

    class Meta:
        icon = "list-ul"
        label = "Quick facts"
        template = "career_pages/blocks/quick_facts.html"
        help_text = "A 'right for you if…' checklist and a fact card per role with education and pay."
        preview_value = {
            "checklist_heading": "This career is right for you, if…",
            "checklist": ["You like helping people get what they need.", "You are organized."],
            "roles": [
                ROLE_FACTS_PREVIEW,
                {
                    "role": "Care Managers",
                    "education": "Clinical Degree",
                    "education_note": "Typical required education (but not always)",
                    "pay_min": Decimal(42000),
                    "pay_max": Decimal(60000),
                    "pay_period": "year",
                    "pay_label": "Typical salary range",
                },
            ],
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        scale_max = pay_scale_max()
        context["pay_scale_max"] = scale_max
        context["pay_scale_label"] = format_money(scale_max)
        local_pay = (parent_context or {}).get("local_pay")
        roles = value.get("roles") or []
        shown = bool(local_pay and local_pay.available and any(role.get("occupations") for role in roles))
        context["has_local_pay"] = shown
        context["local_pay_rows"] = (
            [(role, item) for role in roles for item in local_pay.for_occupations(role.get("occupations"))]
            if shown
            else []
        )
        return context

    def get_api_representation(self, value, context=None):
        role_block = self.child_blocks["roles"].child_block
        return {
            "checklist_heading": value.get("checklist_heading"),
            "checklist": list(value.get("checklist") or []),
            "roles": [role_block.get_api_representation(role, context) for role in value.get("roles") or []],
        }


# --- Career ladder ------------------------------------------------------------------------------


LADDER_STEP_PREVIEW = {
    "role": "Care Coordinator",
    "education": "High school diploma or GED; a CHW certificate helps",
    "time_to_reach": "Start here",
    "occupations": [],
    "bridging_trainings": [],
}


class CareerLadderStepBlock(blocks.StructBlock):
    role = blocks.CharBlock(max_length=80, help_text="The role at this step, singular, e.g. Care Manager.")
    education = blocks.CharBlock(
        required=False, max_length=160, help_text="Typical education or licence, e.g. Bachelor's degree and LMSW."
    )
    time_to_reach = blocks.CharBlock(
        required=False,
        max_length=80,
        label="Typical time to get there",
        help_text="From the step before, e.g. 2-4 years of work and a degree. For the first step: Start here.",
    )
    occupations = occupation_list_block(label="BLS occupations")
    bridging_trainings = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="trainings.TrainingPage"),
        min_num=0,
        max_num=4,
        default=[],
        label="Trainings that lead to this step",
        help_text="Optional: trainings that bridge the step before to this one.",
    )

    class Meta:
        icon = "arrow-right"
        label = "Ladder step"
        template = "career_pages/blocks/career_ladder_step.html"
        help_text = "One role on the ladder: its education or licence, the time to get there, its occupations."
        preview_value = LADDER_STEP_PREVIEW


class CareerLadderBlock(blocks.StructBlock):
    intro = blocks.CharBlock(required=False, max_length=250, help_text="Optional: one sentence before the steps.")
    steps = blocks.ListBlock(CareerLadderStepBlock(), min_num=2, max_num=6, label="Steps, first to last")

    class Meta:
        icon = "order"
        label = "Career ladder"
        template = "career_pages/blocks/career_ladder.html"
        help_text = (
            "A sequence of roles, e.g. Care Coordinator then Care Manager, with the local median pay BLS reports "
            "for each step's occupations."
        )
        preview_value = {
            "intro": "Where this career can take you:",
            "steps": [
                LADDER_STEP_PREVIEW,
                {**LADDER_STEP_PREVIEW, "role": "Care Manager", "education": "LMSW or RN licence",
                 "time_to_reach": "2-4 years"},
            ],
        }  # fmt: skip

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        local_pay = (parent_context or {}).get("local_pay")
        steps, previous = [], None
        for step in value.get("steps") or []:
            if not step or not step.get("role"):
                # An unfinished step (e.g. the two blank defaults) has nothing to show.
                continue
            figures = local_pay.for_occupations(step.get("occupations")) if local_pay else []
            # The step's pay is its first occupation with a published median.
            lead = next((item for item in figures if item.figure("a_median").published), None)
            median = lead.figure("a_median").value if lead else None
            change_text = ""
            if median is not None and previous is not None:
                change = median - previous
                if change > 0:
                    change_text = gettext("About %(amount)s a year more than the step before") % {
                        "amount": format_money(change)
                    }
                elif change < 0:
                    change_text = gettext("About %(amount)s a year less than the step before") % {
                        "amount": format_money(-change)
                    }
                else:
                    change_text = gettext("About the same as the step before")
            steps.append({"step": step, "figures": figures, "lead": lead, "change_text": change_text})
            previous = median if median is not None else previous
        context["steps"] = steps
        return context

    def get_api_representation(self, value, context=None):
        return {
            "intro": value.get("intro") or "",
            "steps": [
                {
                    "role": step.get("role"),
                    "education": step.get("education") or "",
                    "time_to_reach": step.get("time_to_reach") or "",
                    "occupations": [o.soc_code for o in step.get("occupations") or [] if o],
                    "bridging_trainings": [page.pk for page in step.get("bridging_trainings") or [] if page],
                }
                for step in value.get("steps") or []
            ],
        }


# --- Definitions and comparison -----------------------------------------------------------------


class JobTitleBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=100, help_text="A job title as employers post it, e.g. RN Case Manager.")
    description = blocks.CharBlock(required=False, max_length=200, help_text="Optional: one line about it.")

    class Meta:
        icon = "tag"
        label = "Job title"
        template = "career_pages/blocks/job_title.html"
        help_text = "A job title visitors will meet in job postings."
        preview_value = {"title": "Care Coordinator", "description": ""}


class DefinitionBlock(blocks.StructBlock):
    term = blocks.CharBlock(max_length=100, help_text="The term defined, e.g. Care coordination.")
    definition = blocks.RichTextBlock(features=INLINE_FEATURES, help_text="The definition, in plain words.")
    job_titles_label = blocks.CharBlock(required=False, max_length=80, default="Job titles include:")
    job_titles = blocks.ListBlock(JobTitleBlock(), min_num=0, max_num=20)

    class Meta:
        icon = "doc-full"
        label = "Definition"
        template = "career_pages/blocks/definition.html"
        help_text = "A term, its definition and the job titles it goes by."
        preview_value = {
            "term": "Care coordination",
            "definition": RichText("<p>Care coordination is the process of organizing patient/client care…</p>"),
            "job_titles_label": "Job titles include:",
            "job_titles": [{"title": "Care Coordinator"}, {"title": "Patient Care Coordinator"}],
        }

    def get_api_representation(self, value, context=None):
        return {
            "term": value.get("term"),
            "definition": str(value.get("definition") or ""),
            "job_titles_label": value.get("job_titles_label"),
            "job_titles": [
                {"title": job["title"], "description": job.get("description") or ""}
                for job in value.get("job_titles") or []
                if job.get("title")
            ],
        }


class ComparisonBlock(blocks.StructBlock):
    intro = blocks.RichTextBlock(required=False, features=INLINE_FEATURES, help_text="Leads into the shared list.")
    shared = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label="Item"), min_num=0, max_num=12, label="What both roles share"
    )
    callout = blocks.CharBlock(required=False, max_length=200, help_text="Optional highlighted line.")
    difference = blocks.RichTextBlock(required=False, features=INLINE_FEATURES, label="The key difference")

    class Meta:
        icon = "table"
        label = "Comparison"
        template = "career_pages/blocks/comparison.html"
        help_text = "What two roles share, an optional callout and the key difference."
        preview_value = {
            "intro": RichText("<p>For example, they both:</p>"),
            "shared": ["Assess needs", "Build care plans"],
            "callout": "You could say that care coordinators and care managers are the hubs in the wheel!",
            "difference": RichText("<p>One key difference in their roles is…</p>"),
        }


# --- Generic content ----------------------------------------------------------------------------


class CalloutBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=INLINE_FEATURES)
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("tip", "Tip"), ("important", "Important")], default="info"
    )

    class Meta:
        icon = "openquote"
        label = "Callout"
        template = "career_pages/blocks/callout.html"
        help_text = "A short highlighted note."
        preview_value = {"text": RichText("<p>Most employers will train you on their systems.</p>"), "tone": "tip"}


class CareerRichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", TEXT_FEATURES)
        super().__init__(**kwargs)

    def to_python(self, value):
        # Stored data that is not HTML (a hand-edited or corrupted stream) renders as nothing, not a 500.
        return super().to_python(value if isinstance(value, str) else "")

    class Meta:
        icon = "pilcrow"
        label = "Text"
        template = "career_pages/blocks/rich_text.html"
        help_text = "Paragraphs of text. Use headings 3 and 4 only: the section heading is level 2."
        preview_value = RichText("<p>Education is essential in the field of care management…</p>")


LIST_SECTION_PREVIEW = {
    "heading": "Where they work",
    "intro": RichText("<p>Care managers and care coordinators work in a variety of settings, including:</p>"),
    "items": ["Hospitals", "Primary care practices", "Health homes"],
}


class ListSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Optional: the section heading is enough.")
    intro = blocks.RichTextBlock(required=False, features=INLINE_FEATURES)
    items = blocks.ListBlock(blocks.CharBlock(max_length=250, label="Item"), min_num=1, max_num=20)

    class Meta:
        icon = "list-ul"
        label = "List"
        template = "career_pages/blocks/list_section.html"
        help_text = "An introduction and a bulleted list, e.g. What they do, Where they work."
        preview_value = LIST_SECTION_PREVIEW


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(help_text="Describe what the image shows here, on this page (contextual alt text).")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"
        template = "career_pages/blocks/figure.html"
        help_text = "A picture with alt text that fits this page, and an optional caption."

    def get_preview_value(self):
        # The most recent image in the library, so the block picker can show a real picture.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-created_at").first()
        if image is not None:
            image.contextual_alt_text = image.default_alt_text or image.title
            image.decorative = False
        return self.normalize({"image": image, "caption": "A caption says what the picture adds."})

    def get_api_representation(self, value, context=None):
        image = value.get("image")
        if not image:
            return None
        rendition = image.get_rendition("width-1200")
        return {
            "id": image.pk,
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
            "alt": image.contextual_alt_text or "",
            "decorative": bool(getattr(image, "decorative", False)),
            "caption": value.get("caption") or "",
        }


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.CharBlock(required=False, max_length=250)
    button_label = blocks.CharBlock(max_length=60, help_text="Say what happens, e.g. Search trainings.")
    link = LinkBlock()

    class Meta:
        icon = "arrow-right-full"
        label = "Call to action"
        template = "career_pages/blocks/call_to_action.html"
        help_text = "A heading, a sentence and one button to a page, a section, a URL or an email address."
        preview_value = {
            "heading": "Begin Today",
            "text": "Not sure what program is best for you?",
            "button_label": "Explore trainings",
            "link": {"url": "/trainings/"},
        }


# The account pages (accounts app, django-allauth). They win over the editor's page, which is only a
# fallback should the account pages ever be switched off.
ACCOUNT_SIGNUP_URL_NAMES = ("account_signup",)
ACCOUNT_LOGIN_URL_NAMES = ("account_login",)


def first_url(names):
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


class AccountPromotionValue(blocks.StructValue):
    @property
    def sign_up_url(self):
        page = self.get("sign_up_page")
        return first_url(ACCOUNT_SIGNUP_URL_NAMES) or (page.url if page else "")

    @property
    def sign_in_url(self):
        page = self.get("sign_in_page")
        return first_url(ACCOUNT_LOGIN_URL_NAMES) or (page.url if page else "")


class AccountPromotionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Leave empty when the section says it.")
    text = blocks.CharBlock(max_length=300)
    benefits = blocks.ListBlock(blocks.CharBlock(max_length=150, label="Benefit"), min_num=0, max_num=6)
    sign_up_label = blocks.CharBlock(max_length=40, default="Create a free account")
    sign_up_page = blocks.PageChooserBlock(
        required=False, help_text="Used until the site has its own account pages; they take over automatically."
    )
    sign_in_label = blocks.CharBlock(max_length=40, default="Sign in")
    sign_in_page = blocks.PageChooserBlock(
        required=False, help_text="Used until the site has its own account pages; they take over automatically."
    )

    class Meta:
        icon = "user"
        label = "Account promotion"
        template = "career_pages/blocks/account_promotion.html"
        value_class = AccountPromotionValue
        help_text = "Invites visitors to create an HWcollab account, with sign-up and sign-in buttons."
        preview_value = {
            "heading": "Get the Most out of the Health Workforce Collaborative",
            "text": "Having a HWcollab account gives you all sorts of ways to make the most of your health career "
            "journey.",
            "benefits": ["Save trainings and employers", "Pick up where you left off on any device"],
            "sign_up_label": "Create a free account",
            "sign_in_label": "Sign in",
        }

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading"),
            "text": value.get("text"),
            "benefits": list(value.get("benefits") or []),
            "sign_up": {"label": value.get("sign_up_label"), "url": value.sign_up_url or None},
            "sign_in": {"label": value.get("sign_in_label"), "url": value.sign_in_url or None},
        }


# --- Sections -----------------------------------------------------------------------------------


class CareerSectionContentBlock(blocks.StreamBlock):
    action_cards = ActionCardsBlock()
    quick_facts = QuickFactsBlock()
    career_ladder = CareerLadderBlock()
    definition = DefinitionBlock()
    comparison = ComparisonBlock()
    callout = CalloutBlock()
    rich_text = CareerRichTextBlock()
    list_section = ListSectionBlock()
    image = FigureBlock()
    call_to_action = CallToActionBlock()
    account_promotion = AccountPromotionBlock()
    training_search = TrainingSearchBlock()
    featured_trainings = FeaturedTrainingsBlock()
    # Directory blocks go here, imported from directory/blocks.py by the trainings and employers work:
    # training_search, featured_trainings, employer_search, featured_employers.
    employer_search = EmployerSearchBlock()
    featured_employers = FeaturedEmployersBlock()

    class Meta:
        icon = "list-ul"
        label = "Section content"
        help_text = "The blocks of this section, in order."
        max_num = 20
        block_counts = {
            "action_cards": {"max_num": 1},
            "quick_facts": {"max_num": 1},
            "account_promotion": {"max_num": 1},
        }


class CareerSectionValue(blocks.StructValue):
    @property
    def anchor_id(self):
        return self.get("anchor") or slugify(self.get("heading") or "") or "section"

    @property
    def nav_text(self):
        return self.get("nav_label") or self.get("heading") or ""


class CareerSectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="Shown as a level-2 heading and in the page's navigation.")
    nav_label = blocks.CharBlock(
        required=False, max_length=40, help_text="Optional shorter label for the page navigation."
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        validators=[validate_anchor],
        help_text="Optional: the #anchor of this section. Made from the heading when empty (Get Trained: get-trained).",
    )
    content = CareerSectionContentBlock()

    class Meta:
        icon = "folder-open-inverse"
        label = "Section"
        template = "career_pages/blocks/section.html"
        value_class = CareerSectionValue
        help_text = "A titled part of the page; the page's navigation lists every section."
        preview_value = {
            "heading": "Where they work",
            "content": [
                ("list_section", LIST_SECTION_PREVIEW),
            ],
        }

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["anchor"] = value.anchor_id
        return representation


class CareerBodyBlock(blocks.StreamBlock):
    """A career page's body: sections only, so every part of the page is in its navigation."""

    section = CareerSectionBlock()

    class Meta:
        icon = "doc-full"
        label = "Career page body"
        max_num = 20
