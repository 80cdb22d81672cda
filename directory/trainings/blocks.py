"""Directory blocks for career pages: the training search box and featured trainings; the employer
search and featured employers blocks live in employer_blocks.py and are re-exported here."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from directory.search_options import DEFAULT_RADIUS, RADIUS_CHOICES
from home.page_locale import in_visitor_locale
from home.sections import section_url


def without_private_pages(queryset):
    """`queryset.public()` in the same query: Wagtail's public() first reads every view restriction
    (one more query per block on the career page); this excludes the restricted sections with a subquery."""
    from django.db.models import Exists, OuterRef
    from django.db.models.functions import Length, Substr
    from wagtail.models import PageViewRestriction

    restricted_ancestor = PageViewRestriction.objects.annotate(section_path_length=Length("page__path")).filter(
        page__path=Substr(OuterRef("path"), 1, "section_path_length")
    )
    return queryset.exclude(Exists(restricted_ancestor))


def _career_of(parent_context):
    """The career page a block is rendered on, if any."""
    from directory.trainings.models import TrainingPage

    # The career page model through the relation: career_pages sits above trainings and imports these blocks.
    career_page_model = TrainingPage._meta.get_field("related_careers").related_model
    page = (parent_context or {}).get("page")
    return page if isinstance(page, career_page_model) else None


class TrainingSearchBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.CharBlock(
        required=False, max_length=250, help_text="E.g. Search certificate, degree, and professional development."
    )
    button_label = blocks.CharBlock(max_length=60, default="Search trainings")
    limit_to_career = blocks.BooleanBlock(
        required=False,
        default=True,
        label="Limit to this career",
        help_text="Search only trainings related to the career page this block is on.",
    )

    class Meta:
        icon = "search"
        label = "Training search"
        template = "trainings/training_search_block.html"
        help_text = "A keyword and ZIP code search box that opens the training search at /trainings/."
        preview_value = {
            "heading": "Find a training",
            "text": "Search certificate, degree, and professional development trainings.",
            "button_label": "Search trainings",
            "limit_to_career": True,
        }

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("button_label") or "").strip():
            raise StructBlockValidationError(block_errors={"button_label": ValidationError("Enter a button label.")})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        career = _career_of(parent_context) if value.get("limit_to_career") else None
        context.update(
            {
                "action_url": section_url("trainings"),
                "career": career,
                "radius_choices": RADIUS_CHOICES,
                "default_radius": DEFAULT_RADIUS,
                "field_prefix": _next_field_prefix((parent_context or {}).get("request")),
            }
        )
        return context

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading"),
            "text": value.get("text"),
            "button_label": value.get("button_label"),
            "limit_to_career": bool(value.get("limit_to_career")),
            "search_url": section_url("trainings"),
        }


def _next_field_prefix(request):
    """training-search-1, -2, … in page order: unique ids on the page, the same on every request."""
    count = getattr(request, "_training_search_blocks", 0) + 1
    if request is not None:
        request._training_search_blocks = count
    return f"training-search-{count}"


class FeaturedTrainingsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Featured trainings")
    trainings = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="trainings.TrainingPage"),
        required=False,
        help_text="Pick trainings to feature. Leave empty to show the newest trainings related to this career.",
    )
    count = blocks.IntegerBlock(
        min_value=1, max_value=12, default=3, help_text="How many of the newest trainings to show when none are picked."
    )

    class Meta:
        icon = "pick"
        label = "Featured trainings"
        template = "trainings/training_featured_block.html"
        help_text = "Training cards: the ones you pick, or else the newest trainings related to this career."
        preview_value = {"heading": "Featured trainings", "trainings": [], "count": 3}

    def clean(self, value):
        value = super().clean(value)
        picked = [page.pk for page in value.get("trainings") or [] if page]
        if len(picked) != len(set(picked)):
            raise StructBlockValidationError(
                block_errors={"trainings": ValidationError("Each training can be picked only once.")}
            )
        return value

    def featured(self, value, career=None, request=None):
        """The cards of the trainings to show (directory.trainings.cards): live picks in the editor's order, else
        the newest for `career`."""
        from directory.trainings.cards import training_cards
        from directory.trainings.models import TrainingPage

        picked_ids = [page.pk for page in value.get("trainings") or [] if page]
        queryset = without_private_pages(in_visitor_locale(TrainingPage.objects.live()))
        if picked_ids:
            return training_cards(queryset, picked_ids, request=request)
        if career is None:
            return []
        newest = queryset.filter(related_careers=career).order_by("-first_published_at", "-pk")
        return training_cards(newest[: value.get("count") or 3], request=request)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        career = _career_of(parent_context)
        context["featured"] = self.featured(value, career, request=(parent_context or {}).get("request"))
        context["is_fallback"] = not any(value.get("trainings") or [])
        url = section_url("trainings")
        context["more_url"] = f"{url}?career={career.slug}" if career else url
        return context

    def get_api_representation(self, value, context=None):
        return {
            "heading": value.get("heading"),
            "count": value.get("count"),
            "trainings": [
                {"id": training.pk, "title": training.title, "url": training.url}
                for training in self.featured(value, None)
            ],
        }
