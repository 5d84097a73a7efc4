"""StreamField blocks for an article body, shaped after the seed articles."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "site_pages/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    """A quoted definition or person, with who said it (the seeds quote both)."""

    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, max_length=255, label=_("Attribution"))
    source = blocks.URLBlock(required=False, label=_("Source link"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "site_pages/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its caption and the credit or licence line its owner asks for."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=255, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=255, label=_("Credit or licence"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "site_pages/blocks/image.html"


class EmbedWithFallbackBlock(blocks.StructBlock):
    """An embed that still says something when the provider is gone or unreachable.

    The seeds show a social post that did not survive; the fallback text is what the
    reader sees then, and what is rendered when the site runs with no network.
    """

    # A URL rendered with {% embed %}, not an EmbedBlock: wagtail-localize cannot extract
    # an EmbedBlock left empty, and a fallback-only embed is a case the seeds have.
    url = blocks.URLBlock(required=False, label=_("Embed URL"))
    fallback = blocks.TextBlock(
        label=_("Fallback text"),
        help_text=_("Shown when the embedded content cannot be loaded."),
    )

    class Meta:
        icon = "media"
        label = _("Embed")
        template = "site_pages/blocks/embed.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        label=_("Paragraph"),
        template="site_pages/blocks/paragraph.html",
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    embed = EmbedWithFallbackBlock()
    sponsor = SnippetChooserBlock(
        "site_pages.Sponsor",
        icon="tag",
        label=_("Sponsor call-out"),
        template="site_pages/blocks/sponsor.html",
    )
