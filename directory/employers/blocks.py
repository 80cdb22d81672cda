"""Career-page blocks for employers: an employer search box and featured employers."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from directory.employers.models import CARE_SETTING_CHOICES
from directory.search_options import DEFAULT_RADIUS, RADIUS_CHOICES
from home.sections import section_url


class EmployerSearchBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.CharBlock(required=False, max_length=250)
    care_settings = blocks.MultipleChoiceBlock(
        choices=CARE_SETTING_CHOICES,
        required=False,
        help_text="Search only these settings (visitors can change them on the results page).",
    )
    # A CharBlock, not a ChoiceBlock of the career job titles: those change whenever a career page is
    # published, while a ChoiceBlock's choices are part of the block's definition (and of migrations).
    job_title = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Search only employers hiring for this job title, written as on the career page, e.g. Care Manager.",
    )
    default_radius = blocks.ChoiceBlock(
        choices=[(str(radius), label) for radius, label in RADIUS_CHOICES], default=str(DEFAULT_RADIUS)
    )
    button_label = blocks.CharBlock(max_length=60, default="Find employers")

    class Meta:
        icon = "search"
        label = "Employer search"
        template = "employers/blocks/employer_search_block.html"
        help_text = "A ZIP code and distance search that opens the employer directory, with your choices preselected."
        preview_value = {
            "heading": "Find employers near you",
            "text": "Find a local Care Manager/Care Coordinator employer.",
            "care_settings": ["health-home", "managed-care"],
            "job_title": "",
            "default_radius": "25",
            "button_label": "Find employers",
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("button_label") or "").strip():
            raise StructBlockValidationError({"button_label": ValidationError("Give the button a label.")})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["action_url"] = section_url("employers")
        context["radius_choices"] = RADIUS_CHOICES
        context["default_radius"] = int(value.get("default_radius") or DEFAULT_RADIUS)
        return context

    def get_api_representation(self, value, context=None):
        data = super().get_api_representation(value, context=context)
        data["action_url"] = section_url("employers")
        return data


PREVIEW_EMPLOYERS = [
    (
        "Sample Community Health Home",
        "sample-community-health-home",
        "Albany",
        "capital-region",
        ["health-home"],
        "A sample listing: care managers coordinate care for adults with chronic conditions.",
    ),
    (
        "Sample Regional Hospital",
        "sample-regional-hospital",
        "Rochester",
        "finger-lakes",
        ["hospital"],
        "A sample listing: care coordinators plan safe discharges and follow up at home.",
    ),
]


class FeaturedEmployersBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Employers hiring now")
    employers = blocks.ListBlock(
        SnippetChooserBlock("employers.EmployerSnippet"),
        min_num=1,
        max_num=6,
        help_text="Only live listings are shown; an unpublished one disappears from the page until it is live again.",
    )

    class Meta:
        icon = "group"
        label = "Featured employers"
        template = "employers/blocks/featured_employers_block.html"
        help_text = "Up to six employers from the directory."

    def clean(self, value):
        value = super().clean(value)
        ids = [employer.pk for employer in value.get("employers") or [] if employer is not None]
        if len(ids) != len(set(ids)):
            raise StructBlockValidationError({"employers": ValidationError("Each employer may appear only once.")})
        return value

    def get_preview_value(self):
        # Sample cards built in memory, not rows from the directory: a block preview is shown to
        # every editor, so it must not show a draft or pending listing (or depend on any being live).
        from directory.employers.models import EmployerSnippet

        samples = [
            EmployerSnippet(
                name=name,
                slug=slug,
                city=city,
                region=region,
                care_settings=settings,
                hiring_now=True,
                description=description,
                live=True,
            )
            for name, slug, city, region, settings, description in PREVIEW_EMPLOYERS
        ]
        return self.normalize({"heading": "Employers hiring now", "employers": samples})

    @staticmethod
    def live_employers(value):
        return [employer for employer in value.get("employers") or [] if employer is not None and employer.live]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["live_employers"] = self.live_employers(value)
        context["directory_url"] = section_url("employers")
        return context

    def get_api_representation(self, value, context=None):
        directory_url = section_url("employers")
        return {
            "heading": value.get("heading"),
            "employers": [
                {
                    "id": employer.pk,
                    "name": employer.name,
                    "url": f"{directory_url}{employer.slug}/",
                    "city": employer.city,
                    "region": employer.region_label,
                    "care_settings": employer.care_setting_labels,
                    "hiring_now": employer.hiring_now,
                }
                for employer in self.live_employers(value)
            ],
        }
