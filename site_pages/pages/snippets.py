"""Translatable snippets that articles point to: who wrote them and who sponsors them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class Author(TranslatableMixin, index.Indexed, models.Model):
    """A writer; the name is synchronised across locales, the biography translated."""

    name = models.CharField(_("name"), max_length=120)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("Not published; new comments on the author's articles are sent here."),
    )

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("photo"), FieldPanel("email")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sponsor(TranslatableMixin, index.Indexed, models.Model):
    """A sponsor call-out ("Mdhamini: … Bonyeza hapa!"), translated per locale."""

    name = models.CharField(_("name"), max_length=120)
    message = models.TextField(_("message"))
    link_text = models.CharField(_("link text"), max_length=80)
    url = models.URLField(_("link"))

    panels = [
        FieldPanel("name"),
        FieldPanel("message"),
        FieldPanel("link_text"),
        FieldPanel("url"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("message")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
