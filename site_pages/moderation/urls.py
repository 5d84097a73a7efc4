"""Moderation's public URLs, mounted under the conversation's prefix (`comments/`).

Readers flag a comment next to its other links, so the path sits with the conversation's
(`comments/<conversation>/<number>/flag/`) while the view stays up here with the flags.
"""

from django.urls import path

from site_pages import converters  # noqa: F401  (registers <dbid:…>)

from . import flagging

app_name = "moderation"

urlpatterns = [
    path("<dbid:conversation_id>/<dbid:number>/flag/", flagging.flag_comment, name="flag"),
]
