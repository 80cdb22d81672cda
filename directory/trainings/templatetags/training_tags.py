"""{% training_card card %}: a training's card in search results and featured-training blocks."""

from django import template
from django.utils.html import format_html, format_html_join

from accounts.templatetags.accounts_tags import save_button

register = template.Library()

# The card's markup. Built in Python rather than a template: a page of results has 20 cards, and rendering them
# with a template took as long as all the rest of the page. Every value goes through format_html (escaped).
CARD = (
    '<article class="training-card">'
    '<h{level} class="training-card__title">{title}</h{level}>'
    '<p class="training-card__provider">{provider}</p>'
    '<dl class="training-card__facts">'
    "<div><dt>Credential</dt><dd>{credential}</dd></div>"
    "<div><dt>Format</dt><dd>{format}</dd></div>"
    "<div><dt>Cost</dt><dd>{cost}</dd></div>"
    "<div><dt>Length</dt><dd>{length}</dd></div>"
    "<div><dt>Where</dt><dd>{where}{distance}</dd></div>"
    "</dl>{careers}{save}</article>"
)


@register.simple_tag(takes_context=True)
def training_card(context, card, heading_level=3, show_careers=False):
    """The card of `card` (a directory.trainings.cards.TrainingCard), its title a heading of `heading_level`
    (3 in search results, 4 in a featured-trainings block under the section's h3), with the careers it leads to
    when `show_careers`."""
    title = format_html('<a href="{}">{}</a>', card.url, card.title) if card.url else card.title
    distance = ""
    if card.distance_miles is not None:
        distance = format_html(' · <span class="training-card__distance">{} miles</span>', card.distance_label)
    careers = ""
    if show_careers and card.careers:
        careers = format_html(
            '<p class="training-card__careers">Careers: {}</p>',
            format_html_join(", ", "{}", ((c,) for c in card.careers)),
        )
    return format_html(
        CARD,
        level=4 if heading_level == 4 else 3,
        title=title,
        provider=card.provider_name or "Provider not reported",
        credential=card.credential_label or "Not reported",
        format=card.format_label or "Not reported",
        cost=card.cost_display,
        length=card.length_display,
        where="Online" if card.is_online else card.location_display,
        distance=distance,
        careers=careers,
        save=save_button(context, card),
    )
