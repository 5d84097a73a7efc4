"""A sitemap of every language's pages, with each page's hreflang alternates.

Wagtail's own sitemap lists only the descendants of the site's root page, which under
i18n is the default language's tree: the other locales' trees are its siblings.
"""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view
from wagtail.models import Page


class MultilingualSitemap(Sitemap):
    def items(self):
        site_root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=site_root.translation_key)
        in_a_locale_tree = Q()
        for root in roots:
            in_a_locale_tree |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(in_a_locale_tree)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def sitemap(request: HttpRequest) -> HttpResponse:
    return wagtail_sitemap_view(request, sitemaps={"pages": MultilingualSitemap})
