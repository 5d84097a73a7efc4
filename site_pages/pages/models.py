"""The article index and the article itself."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..api.page_fields import (
    ArticleBodyField,
    AuthorField,
    ConversationField,
    HeroImageField,
    TranslationsField,
)
from ..i18n import TranslatedSitemapMixin
from ..localization.panels import TranslationStatusPanel
from ..moderation.panels import ConversationSummaryPanel
from .blocks import ArticleBodyBlock

ARTICLES_PER_PAGE = 10


class ArticleIndexPage(TranslatedSitemapMixin, Page):
    """Lists a locale's articles, newest first, optionally by tag."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["site_pages.ArticlePage"]

    class Meta:
        verbose_name = _("article index")

    def articles(self):
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .select_related("author", "hero_image")
            .order_by("-date", "-pk")
        )

    def route(self, request, path_components):
        """An article is read as one query, not Wagtail's two (the page, then its type's row)."""
        if path_components:
            article = ArticlePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if article is not None:
                article._cached_parent_obj = self  # as Wagtail's route does: no query for it
                return article.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        tag = request.GET.get("tag", "").strip()
        if tag:
            articles = articles.filter(tags__name=tag)
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        try:
            page_of_articles = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_of_articles = paginator.page(1)
        except EmptyPage:
            page_of_articles = paginator.page(paginator.num_pages)
        context.update(articles=page_of_articles, tag=tag)
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "site_pages.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(TranslatedSitemapMixin, Page):
    """An article as the seeds show it: title, topic line, byline, body."""

    topic = models.CharField(
        _("topic"),
        max_length=120,
        blank=True,
        help_text=_("The short line under the title, e.g. “maingiliano ya uuzaji”."),
    )
    author = models.ForeignKey(
        "site_pages.Author",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    date = models.DateField(_("publication date"), default=timezone.localdate)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(_("hero caption"), max_length=255, blank=True)
    hero_credit = models.CharField(_("hero credit or licence"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("tags"))
    comments_closed = models.BooleanField(
        _("close comments"),
        default=False,
        help_text=_("Readers can still read the conversation but not add to it."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("date"), FieldPanel("tags")],
            heading=_("Byline"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
    ]
    comment_panels = [FieldPanel("comments_closed"), ConversationSummaryPanel()]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(comment_panels, heading=_("Comments")),
            ObjectList([TranslationStatusPanel()], heading=_("Translations")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    api_fields = [
        APIField("topic"),
        APIField("date"),
        APIField("author", serializer=AuthorField()),
        APIField("hero_image", serializer=HeroImageField()),
        APIField("body", serializer=ArticleBodyField()),
        APIField("translations", serializer=TranslationsField()),
        APIField("conversation", serializer=ConversationField()),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("topic", boost=2),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["site_pages.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
