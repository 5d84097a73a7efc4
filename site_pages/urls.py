"""The plugin's public URLs; include them inside i18n_patterns, before Wagtail's own."""

from django.urls import include, path

from . import feeds, views

app_name = "site_pages"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("not-translated/<int:page_id>/", views.not_translated, name="not_translated"),
    path("feeds/articles.rss", feeds.LatestArticlesFeed(), name="articles_rss"),
    path("feeds/articles.atom", feeds.LatestArticlesAtomFeed(), name="articles_atom"),
    path("comments/", include("site_pages.conversation.urls")),
    # The flag link sits with the comment's other links; the view is moderation's.
    path("comments/", include("site_pages.moderation.urls")),
]
