"""{% training_card card %}: a training's card in search results and featured-training blocks."""

from urllib.parse import urlencode

from django import template
from django.utils import dateformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, pgettext

from directory.hooks import listing_actions
from directory.trainings.models import NOT_REPORTED

register = template.Library()

# The card's markup. Built in Python rather than a template: a page of results has 20 cards, and rendering them
# with a template took as long as all the rest of the page. Every value goes through format_html (escaped).
# A fact that is not reported is left out of the card (the training page says once what is not reported); the
# facts always come in the same order, so that cards side by side line up.
CARD = (
    '<article class="training-card">'
    '<h{level} class="training-card__title">{title}</h{level}>'
    "{provider}{reasons}"
    '<dl class="training-card__facts">{facts}</dl>{careers}{save}</article>'
)
FACT = "<div><dt>{}</dt><dd>{}</dd></div>"


def card_facts(card):
    """(label, value) of the facts `card` reports, in a fixed order."""
    facts = [
        (gettext("Credential"), card.credential_label),
        (gettext("Format"), card.format_label),
        (gettext("Cost"), "" if card.cost is None else card.cost_display),
        (gettext("Funding"), ", ".join(label for label in card.funding_labels if label != gettext("Free"))),
        (gettext("Length"), "" if card.length_value is None or not card.length_unit else card.length_display),
        (gettext("Can start with"), card.entry_label),
        (
            gettext("Next start"),
            dateformat.format(card.next_start, pgettext("date format of a day", "F j, Y")) if card.next_start else "",
        ),
        (
            gettext("Employed after a year"),
            f"{card.employment_rate_q4}%" if card.employment_rate_q4 is not None else "",
        ),
    ]
    if card.is_online:
        where = gettext("Online")
    else:
        where = "" if card.location_display == NOT_REPORTED else card.location_display
    if where:
        distance = ""
        if card.distance_miles is not None:
            distance = format_html(
                ' · <span class="training-card__distance">{}</span>',
                gettext("%(miles)s miles") % {"miles": card.distance_label},
            )
        facts.append((gettext("Where"), format_html("{}{}", where, distance)))
    return [(label, value) for label, value in facts if value]


@register.simple_tag(takes_context=True)
def training_card(context, card, heading_level=3, show_careers=False):
    """The card of `card` (a directory.trainings.cards.TrainingCard), its title a heading of `heading_level`
    (3 in search results, 4 in a featured-trainings block under the section's h3), with the careers it leads to
    when `show_careers`, and why it matches the search (`card.reasons`) when it has reasons."""
    title = format_html('<a href="{}">{}</a>', card.url, card.title) if card.url else card.title
    careers = ""
    if show_careers and card.careers:
        careers = format_html(
            '<p class="training-card__careers">{} {}</p>',
            gettext("Careers:"),
            format_html_join(", ", "{}", ((c,) for c in card.careers)),
        )
    provider = (
        format_html('<p class="training-card__provider">{}</p>', card.provider_name) if card.provider_name else ""
    )
    reasons = ""
    if card.reasons:
        reasons = format_html(
            '<p class="training-card__why"><span class="visually-hidden">{} </span>{}</p>',
            gettext("Why it matches:"),
            format_html_join(" · ", "{}", ((reason,) for reason in card.reasons)),
        )
    request = context.get("request")
    compare = ""
    if card.url:
        back = request.get_full_path() if request is not None else ""
        compare = format_html(
            '<a class="button button--secondary button--small compare-button" href="{}?{}" rel="nofollow">'
            '{}<span class="visually-hidden">: {}</span></a>',
            card.url.rstrip("/").rsplit("/", 1)[0] + "/compare/",
            urlencode({"add": card.pk, "next": back} if back else {"add": card.pk}),
            gettext("Compare"),
            card.title,
        )
    return format_html(
        CARD,
        level=4 if heading_level == 4 else 3,
        title=title,
        provider=provider,
        reasons=reasons,
        facts=format_html_join("", FACT, card_facts(card)),
        careers=careers,
        save=format_html("{}{}", compare, listing_actions(context, card)),
    )
