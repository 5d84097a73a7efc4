"""Which language versions of a page exist, for the switcher, hreflang and the sitemap."""

from dataclasses import astuple, dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, Site


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str
    url: str
    is_current: bool
    is_translated: bool


def language_name(code: str) -> str:
    """The language's name in that language ("Kiswahili", "Cymraeg"), as a switcher shows it."""
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


def live_translations(page: Page) -> dict[str, Page]:
    """Every live, public version of the page (itself included), by language code.

    Kept on the page object: the switcher and the hreflang links of one request ask twice.
    """
    known = getattr(page, "_live_translations", None)
    if known is None:
        versions = (
            Page.objects.live()
            .public()
            .filter(translation_key=page.translation_key)
            .select_related("locale")
        )
        known = page._live_translations = {
            version.locale.language_code: version for version in versions
        }
    return known


def not_translated_url(page: Page, language_code: str) -> str:
    with translation.override(language_code):
        return reverse("site_pages:not_translated", kwargs={"page_id": page.pk})


def language_versions(page: Page, request: HttpRequest | None) -> list[LanguageVersion]:
    """One entry per enabled language: the translation's URL, or where to say there is none."""
    translations = live_translations(page)
    current = page.locale.language_code
    entries = []
    for code, _name in settings.LANGUAGES:
        version = translations.get(code)
        entries.append(
            LanguageVersion(
                code=code,
                name=language_name(code),
                url=version.get_url(request) if version else not_translated_url(page, code),
                is_current=code == current,
                is_translated=version is not None,
            )
        )
    return entries


def hreflang_alternates(page: Page, request: HttpRequest | None) -> list[dict[str, str]]:
    """Absolute URLs of the live translations, plus x-default for the site's default language.

    Empty when the page has no other language version: there is nothing to point to.
    """
    translations = live_translations(page)
    if len(translations) < 2:
        return []
    enabled = [code for code, _name in settings.LANGUAGES]
    alternates = [
        {"lang_code": code, "location": translations[code].get_full_url(request)}
        for code in enabled
        if code in translations
    ]
    default = translations.get(settings.LANGUAGE_CODE)
    if default is not None:
        alternates.append({"lang_code": "x-default", "location": default.get_full_url(request)})
    return alternates


LINKS_SECONDS = 10 * 60  # stamps outdate entries; this bounds what a deploy leaves behind


def language_links(
    page: Page, request: HttpRequest | None
) -> tuple[list[LanguageVersion], list[dict[str, str]]]:
    """The switcher's entries and the hreflang alternates, from the cache when possible.

    Both change only when a page is published, unpublished or moved, or a site or view
    restriction changes, and each of those stamps the site anew (`caching/invalidation.py`);
    so the entry is keyed by that stamp, the page, the reader's language and the address
    the URLs are built for. Kept on the page object too: the two tags of a request share it.
    """
    known = getattr(page, "_language_links", None)
    if known is not None:
        return known
    from .caching import generations  # the caching app builds on this module's pages

    if request is None or getattr(request, "is_preview", False):
        known = (language_versions(page, request), hreflang_alternates(page, request))
    else:
        key = (
            f"mzg:langs:1:{generations.site_stamp(request)}:{page.pk}:{translation.get_language()}:"
            f"{request.scheme}:{request.get_host()}"
        )
        stored = cache.get(key)
        if stored is None:
            versions = language_versions(page, request)
            alternates = hreflang_alternates(page, request)
            # Plain values, not the dataclass: an entry outlives a deploy that changes it.
            cache.set(key, ([astuple(v) for v in versions], alternates), LINKS_SECONDS)
        else:
            versions = [LanguageVersion(*values) for values in stored[0]]
            alternates = stored[1]
        known = (versions, alternates)
    page._language_links = known
    return known


class TranslatedSitemapMixin:
    """Adds the page's language alternates to its sitemap entry."""

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        alternates = hreflang_alternates(self, request)
        if alternates:
            for url in urls:
                url["alternates"] = alternates
        return urls


def localized_home_url(request: HttpRequest) -> str:
    """The site's home page in the active language, or the site root if it has no translation."""
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    return site.root_page.localized.get_url(request) or "/"
