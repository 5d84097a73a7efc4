"""Public views that are not Wagtail pages: search and the "not translated yet" notice."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import Locale, Page

from .converters import MAX_ID
from .i18n import language_name, live_translations
from .pages.models import ArticlePage

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the live articles in the reader's language."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = ArticlePage.objects.none()
    if query:
        results = (
            ArticlePage.objects.live().public().filter(locale=Locale.get_active()).search(query)
        )
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_of_results = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "site_pages/search.html",
        {"search_query": query, "results": page_of_results},
    )


def not_translated(request: HttpRequest, page_id: int) -> HttpResponse:
    """Tell a reader that the page they asked for has no version in their language yet."""
    if page_id > MAX_ID:  # cannot exist, and SQLite fails on it
        raise Http404
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    language = translation.get_language()
    translations = live_translations(page)
    if language in translations:
        return redirect(translations[language].get_url(request))
    available = [
        {"code": code, "name": language_name(code), "url": version.get_url(request)}
        for code, version in sorted(translations.items())
    ]
    return TemplateResponse(
        request,
        "site_pages/not_translated.html",
        {
            "untranslated_page": page,
            "requested_language": language_name(language),
            "available": available,
        },
        status=404,
    )
