"""The headless API: locales, the conversation, and the OpenAPI schema.

Wagtail's pages API (`site_pages.api.pages.router`) is included at the top level of the
project's URLs, as Wagtail reverses its views without a namespace prefix.
"""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from . import conversation
from .pages import LocalesView

app_name = "mazungumzo_api"


class RedocView(SpectacularRedocView):
    """ReDoc from this origin (drf-spectacular-sidecar), started without inline script."""

    template_name = "mazungumzo_api/redoc.html"


urlpatterns = [
    path("v2/locales/", LocalesView.as_view(), name="locales"),
    path("articles/<int:page_id>/comments/", conversation.CommentsView.as_view(), name="comments"),
    path(
        "articles/<int:page_id>/comments/<int:number>/",
        conversation.CommentDetailView.as_view(),
        name="comment",
    ),
    path(
        "articles/<int:page_id>/comments/<int:number>/flag/",
        conversation.FlagView.as_view(),
        name="flag",
    ),
    path("articles/<int:page_id>/follow/", conversation.FollowView.as_view(), name="follow"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", RedocView.as_view(url_name="mazungumzo_api:schema"), name="docs"),
]
