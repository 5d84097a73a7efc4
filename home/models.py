"""The home page: one per locale, each the root of that language's page tree."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from site_pages.i18n import TranslatedSitemapMixin


class HomePage(TranslatedSitemapMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["site_pages.ArticleIndexPage"]

    class Meta:
        verbose_name = _("home page")
