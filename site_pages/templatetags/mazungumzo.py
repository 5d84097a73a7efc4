"""Template tags the host site's templates use: switcher, alternates, latest articles."""

from django import template
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Locale, Page

from ..caching import generations
from ..i18n import LanguageVersion, language_links, language_name
from ..pages.models import ArticlePage

register = template.Library()


def _versions_for_view(request) -> list[LanguageVersion]:
    """For pages that are not Wagtail pages (search, feeds): the same path in each language."""
    from django.conf import settings
    from django.urls import translate_url

    current = translation.get_language()
    return [
        LanguageVersion(
            code=code,
            name=language_name(code),
            url=translate_url(request.get_full_path(), code),
            is_current=code == current,
            is_translated=True,
        )
        for code, _name in settings.LANGUAGES
    ]


@register.inclusion_tag("site_pages/includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        versions = language_links(page, request)[0]
    elif request is not None:
        versions = _versions_for_view(request)
    else:
        versions = []
    return {"versions": versions, "request": request}


@register.inclusion_tag("site_pages/includes/hreflang_links.html", takes_context=True)
def hreflang_links(context):
    page = context.get("page")
    if not isinstance(page, Page):
        return {"alternates": []}
    return {"alternates": language_links(page, context.get("request"))[1]}


@register.simple_tag
def latest_articles(count: int = 5):
    """The newest live articles in the reader's language."""
    return (
        ArticlePage.objects.live()
        .public()
        .filter(locale=Locale.get_active())
        .select_related("author", "hero_image")
        .order_by("-date", "-pk")[:count]
    )


@register.simple_tag
def akismet_checks_comments() -> bool:
    """Readers are told which outside service sees their comment, and only when one does."""
    from ..moderation.akismet_stage import akismet_enabled

    return akismet_enabled()


# Stamps outdate entries; this bounds how long a deploy's template changes take to show.
ARTICLE_SECONDS = 10 * 60
ARTICLE_MARKUP = "1"  # change with article_page.html's article or the block templates


def article_key(page: Page, request: HttpRequest | None) -> str | None:
    """Where a published article's own markup (header, body, tags) is kept, or None.

    It changes with a new revision (`last_published_at`), the reader's language, and what it
    shows from elsewhere: the byline's author, the sponsor snippet, images, the parent's URL.
    Those stamp the site anew when they change (`caching/invalidation.py`), so the key
    carries that stamp. Previews and drafts render the object in hand, never the cache.
    """
    if request is None or getattr(request, "is_preview", False):
        return None
    if not page.live or page.pk is None or page.last_published_at is None:
        return None
    return (
        f"mzg:article:{ARTICLE_MARKUP}:{generations.site_stamp(request)}:{page.pk}:"
        f"{page.last_published_at.timestamp()}:{translation.get_language()}:{request.get_host()}"
    )


class CachedArticleNode(template.Node):
    def __init__(self, nodelist: template.NodeList, page: template.base.FilterExpression):
        self.nodelist = nodelist
        self.page = page

    def render(self, context) -> str:
        key = article_key(self.page.resolve(context), context.get("request"))
        if key is None:
            return self.nodelist.render(context)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, ARTICLE_SECONDS)
        return html


@register.tag
def cached_article(parser, token):
    """{% cached_article page %}…{% endcached_article %}: the article's markup, rendered once
    per revision and language (its StreamField blocks and snippets cost queries and
    templates on every request otherwise)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% cached_article %} takes one argument: the page")
    nodelist = parser.parse(("endcached_article",))
    parser.delete_first_token()
    return CachedArticleNode(nodelist, parser.compile_filter(bits[1]))
