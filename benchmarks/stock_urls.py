"""The project's URLs plus django-comments-xtd's own, which its stock templates link to."""

from django.urls import include, path

from home.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("stock-comments/", include("django_comments_xtd.urls")),
    *project_urlpatterns,
]
