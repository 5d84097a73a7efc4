"""The conversation through the API, centred on the article (its page id).

Posting uses the site's own comment form, spam pipeline, confirmation flow and rate
limits; only the presentation differs (JSON, field-to-messages errors).
"""

from django.conf import settings
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from site_pages.conversation.following import set_following
from site_pages.conversation.forms import ArticleCommentForm
from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.conversation.pagination import thread_page
from site_pages.conversation.posting import store_comment
from site_pages.conversation.screening import Refused, screen
from site_pages.conversation.tree import CommentNode, comment_tree, visible_count
from site_pages.moderation.flagging import FlagForm, record_flag
from site_pages.pages.models import ArticlePage

from .pages import id_parameter
from .serializers import (
    CommentSerializer,
    ErrorsSerializer,
    FlaggedSerializer,
    FlagSerializer,
    FollowSerializer,
    NewCommentSerializer,
    PostedSerializer,
    ThreadSerializer,
)

LANG = OpenApiParameter(
    "lang",
    str,
    description="Language of the comments' text; defaults to the article's language.",
    enum=[code for code, _name in settings.LANGUAGES],
)
PAGE_ID = id_parameter(
    "page_id",
    "An article's page id; its translations share the conversation.",
    OpenApiParameter.PATH,
)
NUMBER = id_parameter("number", "The comment's number in its conversation.", OpenApiParameter.PATH)

MAX_ID = 2**63 - 1  # larger ids cannot exist, and some databases fail on them
TEXT_FIELDS = ("name", "email", "comment")


def errors(field_messages: dict, status: int = 400, retry_after: int | None = None) -> Response:
    response = Response({"errors": field_messages}, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


class ArticleConversationView(APIView):
    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if kwargs["page_id"] > MAX_ID:
            raise Http404
        self.article = get_object_or_404(
            ArticlePage.objects.live().public().select_related("locale"), pk=kwargs["page_id"]
        )
        self.conversation = Conversation.for_page(self.article)
        # Checked before it is kept: finalize_response echoes it into Content-Language.
        language = request.query_params.get("lang") or self.article.locale.language_code
        if language not in dict(settings.LANGUAGES):
            raise ValidationError({"errors": {"lang": [_("Not an enabled language.")]}})
        self.language = language
        self._language_override = translation.override(self.language)
        self._language_override.__enter__()

    def handle_exception(self, exc: Exception) -> Response:
        # DRF answers an unreadable body with {"detail": …}; every 400 here names a field.
        if isinstance(exc, ParseError):
            return errors({"__all__": [_("The request body is not valid JSON or form data.")]})
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        if hasattr(self, "_language_override"):
            self._language_override.__exit__(None, None, None)
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language"])
        if hasattr(self, "language"):
            response["Content-Language"] = self.language
        return response

    def last_modified(self, response: Response) -> Response:
        latest = ArticleComment.objects.filter(conversation=self.conversation).aggregate(
            latest=Max("submit_date"), edited=Max("edited_at")
        )
        stamps = [value for value in latest.values() if value is not None]
        if stamps:
            response["Last-Modified"] = http_date(max(stamps).timestamp())
        return response


class CommentsView(ArticleConversationView):
    @extend_schema(
        parameters=[
            PAGE_ID,
            LANG,
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="Page of top-level comments.",
            ),
        ],
        responses={200: ThreadSerializer, 400: ErrorsSerializer, 404: OpenApiTypes.OBJECT},
        operation_id="comments_list",
    )
    def get(self, request, page_id: int) -> Response:
        """The conversation as a nested tree, paginated by top-level comment."""
        shown = thread_page(self.conversation, self.language, request.query_params.get("page"))
        data = {
            "count": visible_count(self.conversation),
            "open": self.conversation.is_open(),
            "language": self.language,
            "page": shown.page.number,
            "pages": shown.page.paginator.num_pages,
            "results": CommentSerializer(shown.nodes, many=True).data,
        }
        return self.last_modified(Response(data))

    @extend_schema(
        parameters=[PAGE_ID],
        request=NewCommentSerializer,
        responses={
            201: PostedSerializer,
            202: PostedSerializer,
            400: ErrorsSerializer,
            404: OpenApiTypes.OBJECT,
            429: ErrorsSerializer,
        },
        operation_id="comments_create",
    )
    def post(self, request, page_id: int) -> Response:
        """Post a comment, or a reply with `reply_to`: published, held, or pending by email."""
        if not self.conversation.is_open():
            return errors({"conversation": [_("Comments are closed on this article.")]})
        body = request.data if isinstance(request.data, dict) else {}
        form = ArticleCommentForm(self.conversation, user=request.user)
        data = {**form.generate_security_data(), "honeypot": "", "reply_to": 0}
        for field in ("name", "email", "comment", "reply_to", "followup"):
            if field in body and body[field] is not None:
                data[field] = body[field]
        # The form would turn 123, [..] or {..} into text; only JSON strings are text here.
        not_text = [f for f in TEXT_FIELDS if f in data and not isinstance(data[f], str)]
        if not_text:
            return errors(
                {
                    field: [_("The value of %(field)s must be a JSON string.") % {"field": field}]
                    for field in not_text
                }
            )
        if data.get("followup") in (False, "false", 0, "0"):
            data.pop("followup")
        form = ArticleCommentForm(self.conversation, data=data, user=request.user)
        if not form.is_valid():
            return errors(
                {
                    field: [error["message"] for error in field_errors]
                    for field, field_errors in form.errors.get_json_data().items()
                }
            )
        try:
            screening = screen(request, form, self.conversation, self.language, form_shown=False)
        except Refused as refusal:
            return errors({"__all__": [refusal.message]}, refusal.status, refusal.retry_after)
        posted = store_comment(request, form, self.conversation, screening)
        if posted.outcome == "published":
            node = CommentNode(posted.comment)
            return Response(
                {"status": "published", "comment": CommentSerializer(node).data}, status=201
            )
        if posted.outcome == "held":
            message = _("Thank you. Your comment is waiting for a moderator.")
        else:
            message = _(
                "We sent a link to %(email)s. Your comment is published when you open it."
            ) % {"email": posted.pending.user_email}
        return Response({"status": posted.outcome, "message": message}, status=202)


class CommentDetailView(ArticleConversationView):
    @extend_schema(
        parameters=[PAGE_ID, NUMBER, LANG],
        responses={200: CommentSerializer, 400: ErrorsSerializer, 404: OpenApiTypes.OBJECT},
        operation_id="comments_retrieve",
    )
    def get(self, request, page_id: int, number: int) -> Response:
        """One comment with its replies."""
        thread_id = (
            ArticleComment.objects.filter(conversation=self.conversation, number=number)
            .values_list("thread_id", flat=True)
            .first()
            if number <= MAX_ID
            else None
        )
        node = None
        if thread_id is not None:
            thread = comment_tree(self.conversation, self.language, thread_ids=[thread_id])
            node = find_node(thread, number)
        if node is None or node.is_placeholder:
            return Response({"detail": _("No such comment.")}, status=404)
        return self.last_modified(Response(CommentSerializer(node).data))


def find_node(nodes: list[CommentNode], number: int) -> CommentNode | None:
    for node in nodes:
        if node.comment.number == number:
            return node
        found = find_node(node.children, number)
        if found is not None:
            return found
    return None


class FlagView(ArticleConversationView):
    @extend_schema(
        parameters=[PAGE_ID, NUMBER],
        request=FlagSerializer,
        responses={
            200: FlaggedSerializer,
            400: ErrorsSerializer,
            404: OpenApiTypes.OBJECT,
            429: ErrorsSerializer,
        },
        operation_id="comments_flag",
    )
    def post(self, request, page_id: int, number: int) -> Response:
        """Ask moderators to look at a comment; each reader counts once."""
        comment = get_object_or_404(
            ArticleComment,
            conversation=self.conversation,
            number=number,
            is_public=True,
            is_removed=False,
        )
        body = request.data if isinstance(request.data, dict) else {}
        form = FlagForm({"reason": body.get("reason")})
        if not form.is_valid():
            return errors(
                {f: [e["message"] for e in es] for f, es in form.errors.get_json_data().items()}
            )
        refusal = record_flag(request, comment, form.cleaned_data["reason"])
        if refusal is not None:  # flagging too fast: 429 with Retry-After
            return errors({"__all__": [refusal.message]}, refusal.status, refusal.retry_after)
        message = _("Thank you. A moderator will look at this comment.")
        return Response({"status": "flagged", "message": message})


FOLLOW_RESPONSES = {
    200: FollowSerializer,
    400: ErrorsSerializer,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
}


class FollowView(ArticleConversationView):
    """Signed-in readers follow a conversation by their account's email address."""

    permission_classes = [IsAuthenticated]

    def _set(self, request, active: bool) -> Response:
        if not request.user.email:
            return errors({"email": [_("Your account has no email address.")]})
        set_following(self.conversation, request.user.email, self.language, active)
        return Response({"following": active})

    @extend_schema(
        parameters=[PAGE_ID],
        request=None,
        responses=FOLLOW_RESPONSES,
        operation_id="conversation_follow",
    )
    def post(self, request, page_id: int) -> Response:
        """Get an email about each new comment in this conversation."""
        return self._set(request, True)

    @extend_schema(
        parameters=[PAGE_ID],
        request=None,
        responses=FOLLOW_RESPONSES,
        operation_id="conversation_unfollow",
    )
    def delete(self, request, page_id: int) -> Response:
        """Stop the emails about this conversation."""
        return self._set(request, False)
