"""The conversation's JSON shapes: a comment with its replies, and a new comment."""

from django.conf import settings
from rest_framework import serializers

from site_pages.conversation.text import render_comment_text
from site_pages.conversation.tree import CommentNode
from site_pages.moderation.models import Flag


class CommentSerializer(serializers.Serializer):
    """A node of the thread: text in the requested language, and always the original."""

    number = serializers.IntegerField(source="comment.number")
    removed = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    date = serializers.SerializerMethodField()
    edited = serializers.SerializerMethodField()
    depth = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    html = serializers.SerializerMethodField()
    original = serializers.SerializerMethodField()
    translated = serializers.SerializerMethodField()
    machine_translated = serializers.SerializerMethodField()
    replies = serializers.SerializerMethodField()

    def _visible(self, node: CommentNode) -> bool:
        return not node.is_placeholder

    def get_removed(self, node: CommentNode) -> bool:
        return node.is_placeholder

    def get_author(self, node: CommentNode) -> str | None:
        return node.comment.user_name if self._visible(node) else None

    def get_date(self, node: CommentNode) -> str:
        return node.comment.submit_date.isoformat()

    def get_edited(self, node: CommentNode) -> str | None:
        edited = node.comment.edited_at
        return edited.isoformat() if edited and self._visible(node) else None

    def get_depth(self, node: CommentNode) -> int:
        return node.comment.level + 1

    def get_language(self, node: CommentNode) -> str:
        return node.translation.language if node.translation else node.comment.language

    def get_text(self, node: CommentNode) -> str | None:
        if not self._visible(node):
            return None
        return node.translation.text if node.translation else node.comment.comment

    def get_html(self, node: CommentNode) -> str | None:
        text = self.get_text(node)
        return str(render_comment_text(text)) if text is not None else None

    def get_original(self, node: CommentNode) -> dict | None:
        if not self._visible(node):
            return None
        return {"language": node.comment.language, "text": node.comment.comment}

    def get_translated(self, node: CommentNode) -> bool:
        return node.translation is not None

    def get_machine_translated(self, node: CommentNode) -> bool:
        return bool(node.translation and node.translation.is_machine)

    def get_replies(self, node: CommentNode) -> list[dict]:
        return CommentSerializer(node.children, many=True, context=self.context).data


class NewCommentSerializer(serializers.Serializer):
    """Documents the body; validation is the site's own comment form."""

    comment = serializers.CharField(max_length=settings.COMMENT_MAX_LENGTH)
    name = serializers.CharField(required=False, help_text="Required unless signed in.")
    email = serializers.EmailField(required=False, help_text="Required unless signed in.")
    reply_to = serializers.IntegerField(required=False, default=0, min_value=0)
    followup = serializers.BooleanField(required=False, default=False)


class ErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class PostedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["published", "held", "pending"])
    message = serializers.CharField(required=False)
    comment = CommentSerializer(required=False)


class ThreadSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Visible comments in the whole conversation.")
    open = serializers.BooleanField()
    language = serializers.CharField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = CommentSerializer(many=True)


class FlaggedSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["flagged"])
    message = serializers.CharField()


class FlagSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()
