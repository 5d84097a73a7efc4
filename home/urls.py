"""The project's URLs: admin, sitemap, health, then everything public under a language prefix."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from health_check.views import HealthCheckView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import health
from site_pages.api.pages import router as api_router
from site_pages.sitemaps import sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("api/v2/", api_router.urls),
    path("api/", include("site_pages.api.urls")),
    # For load balancers: no language prefix, no session, never cached (see home/health.py).
    path("health/", HealthCheckView.as_view(checks=health.checks()), name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("site_pages.urls")),
    path("", include(wagtail_urls)),
)
