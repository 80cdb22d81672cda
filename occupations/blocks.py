"""The editor's chooser of SOC occupations, for the blocks of career pages."""

from wagtail.snippets.blocks import SnippetChooserBlock


class OccupationChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A BLS occupation (2018 SOC), e.g. 21-1094 Community Health Workers.")
        super().__init__("occupations.Occupation", **kwargs)

    class Meta:
        icon = "user"
        label = "Occupation"


def occupation_list_block(**kwargs):
    from wagtail.blocks import ListBlock

    kwargs.setdefault("default", [])
    kwargs.setdefault("min_num", 0)
    kwargs.setdefault("max_num", 4)
    kwargs.setdefault(
        "help_text",
        "The SOC occupations whose BLS wages describe this role. Choose the closest honestly: the page shows "
        "each one's figures.",
    )
    return ListBlock(OccupationChooserBlock(), **kwargs)
