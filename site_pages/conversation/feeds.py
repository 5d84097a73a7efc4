"""RSS and Atom feeds of one article's comments, and of the latest comments in a language."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Locale

from site_pages.i18n import localized_home_url
from site_pages.pages.models import ArticlePage

from .models import ArticleComment, Conversation
from .text import render_comment_text

FEED_LENGTH = 50


@dataclass
class FeedSubject:
    """Feeds are shared between requests, so what varies per request travels in here."""

    request: HttpRequest
    conversation: Conversation | None = None
    article: ArticlePage | None = None


class CommentFeedMixin:
    def item_title(self, comment: ArticleComment) -> str:
        return _("Comment %(number)s by %(name)s") % {
            "number": comment.number,
            "name": comment.name,
        }

    def item_description(self, comment: ArticleComment) -> str:
        return render_comment_text(comment.comment)

    def item_link(self, comment: ArticleComment) -> str:
        return comment.feed_link

    def with_links(self, subject: FeedSubject, comments) -> list[ArticleComment]:
        """Absolute permalinks on this request's host (not django.contrib.sites' domain)."""
        comments = list(comments)
        for comment in comments:
            path = reverse(
                "site_pages:conversation:permalink",
                kwargs={"conversation_id": comment.conversation_id, "number": comment.number},
            )
            comment.feed_link = subject.request.build_absolute_uri(path)
        return comments

    def item_author_name(self, comment: ArticleComment) -> str:
        return comment.name

    def item_pubdate(self, comment: ArticleComment):
        return comment.submit_date

    def item_updateddate(self, comment: ArticleComment):
        return comment.edited_at or comment.submit_date

    def feed_url(self, subject: FeedSubject) -> str:
        return subject.request.build_absolute_uri()


def visible_comments():
    return ArticleComment.objects.filter(is_public=True, is_removed=False).select_related(
        "user", "conversation"
    )


class ArticleCommentsFeed(CommentFeedMixin, Feed):
    def get_object(self, request, conversation_id: int) -> FeedSubject:
        conversation = get_object_or_404(Conversation, pk=conversation_id)
        article = conversation.article_in(translation.get_language())
        if article is None:
            raise Http404("The article of this conversation is not published.")
        return FeedSubject(request, conversation, article)

    def title(self, subject: FeedSubject) -> str:
        return _("Comments on “%(title)s”") % {"title": subject.article.title}

    def description(self, subject: FeedSubject) -> str:
        return self.title(subject)

    def link(self, subject: FeedSubject) -> str:
        return subject.article.get_full_url(subject.request) + "#comments"

    def items(self, subject: FeedSubject):
        comments = visible_comments().filter(conversation=subject.conversation)
        return self.with_links(subject, comments.order_by("-submit_date")[:FEED_LENGTH])


class LatestCommentsFeed(CommentFeedMixin, Feed):
    def get_object(self, request) -> FeedSubject:
        return FeedSubject(request)

    def title(self, subject: FeedSubject) -> str:
        return _("Latest comments")

    def description(self, subject: FeedSubject) -> str:
        return _("The newest comments on articles in this language.")

    def link(self, subject: FeedSubject) -> str:
        return subject.request.build_absolute_uri(localized_home_url(subject.request))

    def items(self, subject: FeedSubject):
        in_this_language = (
            ArticlePage.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .values("translation_key")
        )
        comments = visible_comments().filter(conversation__translation_key__in=in_this_language)
        return self.with_links(subject, comments.order_by("-submit_date")[:FEED_LENGTH])


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, subject: FeedSubject) -> str:
        return self.description(subject)
