"""Template tags the host site's templates use: switcher, alternates, latest articles."""

from django import template
from django.utils import translation
from wagtail.models import Locale, Page

from ..i18n import LanguageVersion, hreflang_alternates, language_name, language_versions
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
        versions = language_versions(page, request)
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
    return {"alternates": hreflang_alternates(page, context.get("request"))}


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
