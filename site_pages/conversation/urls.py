from django.urls import path

from . import views

app_name = "conversation"

urlpatterns = [
    path("<int:conversation_id>/post/", views.post_comment, name="post"),
    path("<int:conversation_id>/<int:number>/", views.permalink, name="permalink"),
    path("<int:conversation_id>/<int:number>/reply/", views.reply, name="reply"),
    path("confirm/<str:token>/", views.confirm_comment, name="confirm"),
    path("privacy/", views.privacy, name="privacy"),
    path("unfollow/<str:token>/", views.unfollow, name="unfollow"),
    path("follow/<str:token>/", views.refollow, name="refollow"),
]
