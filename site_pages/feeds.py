"""RSS and Atom feeds of the newest articles, one per language."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .i18n import localized_home_url
from .pages.models import ArticlePage

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    """Feed instances are shared between requests, so the request travels as the feed object."""

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self) -> str:
        from django.conf import settings

        return _("%(site)s: latest articles") % {"site": settings.WAGTAIL_SITE_NAME}

    def description(self) -> str:
        return _("The newest articles in this language.")

    def link(self, request) -> str:
        return request.build_absolute_uri(localized_home_url(request))

    def feed_url(self, request) -> str:
        # Absolute already, so Django does not prefix django.contrib.sites' domain.
        return request.build_absolute_uri()

    def items(self):
        return (
            ArticlePage.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .select_related("author")
            .order_by("-date", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        if item.search_description:
            return item.search_description
        for block in item.body:
            if block.block_type == "paragraph":
                return Truncator(strip_tags(str(block.value))).words(60)
        return item.topic

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url()

    def item_author_name(self, item: ArticlePage) -> str | None:
        return item.author.name if item.author else None

    def item_pubdate(self, item: ArticlePage) -> datetime:
        return timezone.make_aware(datetime.combine(item.date, time(12)))

    def item_updateddate(self, item: ArticlePage) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [item.topic] if item.topic else []


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
