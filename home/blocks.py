from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from career_pages.blocks import LinkBlock


class HomeCardBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=60, help_text="Where the card goes, e.g. Explore careers.")
    text = blocks.CharBlock(required=False, max_length=200, help_text="One sentence about what the visitor finds.")
    image = ImageBlock(required=False, help_text="Optional picture at the top of the card.")
    link = LinkBlock()

    class Meta:
        icon = "pick"
        label = "Card"
        template = "home/blocks/home_card.html"
        help_text = "A card on the home page that leads to careers, trainings or employers."
        preview_value = {
            "heading": "Explore careers",
            "text": "See what health-care jobs involve, what they pay and how to get in.",
            "link": {"url": "/careers/"},
        }
