"""Admin registration: authors and sponsors as translatable snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .pages.snippets import Author, Sponsor


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "locale"]
    search_fields = ["name"]


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "tag"
    list_display = ["name", "link_text", "url"]
    search_fields = ["name", "message"]


class ArticleSnippetsGroup(SnippetViewSetGroup):
    items = (AuthorViewSet, SponsorViewSet)
    menu_icon = "doc-full"
    menu_label = _("Article snippets")
    menu_name = "article-snippets"


register_snippet(ArticleSnippetsGroup)
