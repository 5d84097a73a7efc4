from django.urls import path

from site_pages import converters  # noqa: F401  (registers <dbid:…>)

from . import feeds, views

app_name = "conversation"

urlpatterns = [
    path("<dbid:conversation_id>/post/", views.post_comment, name="post"),
    path("<dbid:conversation_id>/<dbid:number>/", views.permalink, name="permalink"),
    path("<dbid:conversation_id>/<dbid:number>/reply/", views.reply, name="reply"),
    path("<dbid:conversation_id>/<dbid:number>/edit/", views.edit_comment, name="edit"),
    path("<dbid:conversation_id>/<dbid:number>/delete/", views.delete_comment, name="delete"),
    path("confirm/<str:token>/", views.confirm_comment, name="confirm"),
    path("privacy/", views.privacy, name="privacy"),
    path("feed.rss", feeds.LatestCommentsFeed(), name="latest_rss"),
    path("feed.atom", feeds.LatestCommentsAtomFeed(), name="latest_atom"),
    path("<dbid:conversation_id>/feed.rss", feeds.ArticleCommentsFeed(), name="article_rss"),
    path("<dbid:conversation_id>/feed.atom", feeds.ArticleCommentsAtomFeed(), name="article_atom"),
    path("unfollow/<str:token>/", views.unfollow, name="unfollow"),
    path("follow/<str:token>/", views.refollow, name="refollow"),
]
