"""The conversation of an article's translation group, and its numbered comments."""
# ConversationSettings lives in site_settings.py; it is imported here so Django finds it.

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment

from . import signals


def max_depth() -> int:
    """How many levels a thread may have (1 = no replies); replies deeper attach higher up."""
    return settings.MAZUNGUMZO_COMMENT_MAX_DEPTH


class Conversation(models.Model):
    """The one thread shared by every language version of an article."""

    translation_key = models.UUIDField(_("article translation key"), unique=True)
    last_number = models.PositiveIntegerField(
        _("last comment number"),
        default=0,
        help_text=_("Comment numbers are handed out in order and never reused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        article = self.articles().first()
        return str(article) if article else str(self.translation_key)

    @classmethod
    def for_page(cls, page) -> "Conversation":
        conversation, _created = cls.objects.get_or_create(translation_key=page.translation_key)
        return conversation

    def is_open(self) -> bool:
        """Closed by an editor on any language version, or by the site's age limit."""
        articles = self.articles()
        if articles.filter(comments_closed=True).exists():
            return False
        from .site_settings import ConversationSettings

        days = ConversationSettings.load().close_after_days
        if not days:
            return True
        first = articles.exclude(first_published_at=None).order_by("first_published_at").first()
        return first is None or first.first_published_at > timezone.now() - timedelta(days=days)

    def articles(self):
        from site_pages.pages.models import ArticlePage

        return ArticlePage.objects.filter(translation_key=self.translation_key)

    def article_in(self, language_code: str):
        """The live article in that language, else the live one in any language."""
        live = self.articles().live().public().select_related("locale")
        by_language = {page.locale.language_code: page for page in live}
        if language_code in by_language:
            return by_language[language_code]
        if settings.LANGUAGE_CODE in by_language:
            return by_language[settings.LANGUAGE_CODE]
        return next(iter(by_language.values()), None)


class ShownAs:
    """What readers see of a comment's state, shared by the model and `tree.ShownComment`."""

    @property
    def is_visible(self) -> bool:
        return self.is_public and not self.is_removed

    @property
    def anchor(self) -> str:
        return f"c{self.number}"

    @property
    def is_edited(self) -> bool:
        return self.edited_at is not None


class ArticleComment(ShownAs, XtdComment):
    """A comment with a stable number (its permalink) and the language it was written in."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="comments"
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    language = models.CharField(_("language"), max_length=12)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # The comment this one answers. A reply deeper than COMMENT_MAX_DEPTH is attached higher
    # up (parent_id), but the person answered is still the one to tell and to quote.
    in_reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("in reply to"),
    )
    # What the spam service saw when the comment was posted; reported back with a moderator's
    # "spam" / "not spam" so the service learns from the same data.
    user_agent = models.CharField(_("browser"), max_length=500, blank=True, editable=False)
    referrer = models.CharField(_("referrer"), max_length=500, blank=True, editable=False)
    is_spam = models.BooleanField(_("spam"), default=False)
    moderation_notes = models.JSONField(
        _("why it was held"), default=list, blank=True, help_text=_("Findings of the spam checks.")
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "number"], name="unique_comment_number"
            )
        ]
        ordering = ["thread_id", "order"]
        permissions = [("moderate_articlecomment", _("Can moderate comments"))]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._was_visible = instance.is_visible
        instance._loaded_text = instance.comment
        return instance

    def save(self, *args, **kwargs) -> None:
        """Store the comment and announce what changed for readers (see signals.py).

        `notify = False` on the instance (seed data, imports) keeps mail quiet: no
        moderators' digest, no notifications; everything else still hears about it.
        """
        with transaction.atomic():
            inserting = self.pk is None
            if inserting:
                self._insert(*args, **kwargs)
            else:
                super().save(*args, **kwargs)
            self._announce(inserting, notify=getattr(self, "notify", True))

    def _announce(self, inserting: bool, notify: bool) -> None:
        was_visible = getattr(self, "_was_visible", False)
        text_changed = self.comment != getattr(self, "_loaded_text", self.comment)
        self._was_visible, self._loaded_text = self.is_visible, self.comment
        sender = type(self)
        if inserting and notify and not self.is_visible and not self.is_removed:
            signals.comment_held.send(sender=sender, comment=self)
        if self.is_visible and not was_visible:
            signals.comment_published.send(sender=sender, comment=self, notify=notify)
        elif self.is_visible and text_changed:
            signals.comment_edited.send(sender=sender, comment=self)
        elif was_visible and not self.is_visible:
            signals.comment_hidden.send(sender=sender, comment=self)
        if self.is_visible or was_visible:
            signals.conversation_changed.send(sender=Conversation, conversation=self.conversation)

    def _insert(self, *args, **kwargs) -> None:
        # One writer per conversation at a time: numbers and thread order stay
        # consistent however many readers post at once.
        conversation = Conversation.objects.select_for_update().get(pk=self.conversation_id)
        if self.number:
            conversation.last_number = max(conversation.last_number, self.number)
        else:
            conversation.last_number += 1
            self.number = conversation.last_number
        conversation.save(update_fields=["last_number"])
        self._attach_within_max_depth()
        super().save(*args, **kwargs)

    def _attach_within_max_depth(self) -> None:
        """A reply deeper than allowed joins its parent's siblings, as WordPress does."""
        if not self.parent_id:
            return
        if self.in_reply_to_id is None:
            self.in_reply_to_id = self.parent_id
        if max_depth() <= 1:  # replies switched off: every comment starts a thread
            self.parent_id = 0
            return
        parent = ArticleComment.objects.get(pk=self.parent_id)
        while parent.level >= max_depth() - 1:
            parent = ArticleComment.objects.get(pk=parent.parent_id)
        self.parent_id = parent.pk

    @property
    def answered_id(self) -> int | None:
        """The comment this one replies to, wherever the thread attached it; None if none.

        Replies stored before `in_reply_to` existed, or whose answered comment was deleted
        since, count as answering their parent.
        """
        if self.in_reply_to_id:
            return self.in_reply_to_id
        if self.parent_id and self.parent_id != self.pk:
            return self.parent_id
        return None

    def answered(self) -> "ArticleComment | None":
        """The answered comment itself: its author is told of the reply, its text quoted."""
        answered_id = self.answered_id
        if answered_id is None:
            return None
        return ArticleComment.objects.filter(pk=answered_id).first()

    def translation_into(self, language: str) -> "CommentTranslation | None":
        """The stored translation readers of `language` see on the page, if there is one yet."""
        if language == self.language:
            return None
        return CommentTranslation.objects.filter(comment=self, language=language).first()

    @property
    def status(self) -> str:
        """One word for moderators: published, pending, spam or removed."""
        if self.is_removed:
            return "removed"
        if self.is_spam:
            return "spam"
        return "published" if self.is_public else "pending"


class CommentTranslation(models.Model):
    """A comment's text in another language, by a person or a machine translator."""

    comment = models.ForeignKey(
        ArticleComment, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=12)
    text = models.TextField(_("text"))
    is_machine = models.BooleanField(_("machine translated"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment translation")
        verbose_name_plural = _("comment translations")
        constraints = [
            models.UniqueConstraint(fields=["comment", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.comment} ({self.language})"


class PendingComment(models.Model):
    """An anonymous reader's comment waiting for them to confirm it by email.

    Kept on the server (not packed into the link) so the link can be single-use and
    expire, and nothing the reader wrote is lost before they click it.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE)
    parent = models.ForeignKey(ArticleComment, null=True, blank=True, on_delete=models.CASCADE)
    user_name = models.CharField(_("name"), max_length=50)
    user_email = models.EmailField(_("email"))
    comment = models.TextField(_("comment"))
    language = models.CharField(_("language"), max_length=12)
    followup = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    referrer = models.CharField(max_length=500, blank=True)
    verdict = models.PositiveSmallIntegerField(default=0)  # screening.Verdict
    moderation_notes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published = models.OneToOneField(
        ArticleComment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("comment awaiting confirmation")
        verbose_name_plural = _("comments awaiting confirmation")

    def __str__(self) -> str:
        return f"{self.user_name} <{self.user_email}>: {self.comment[:40]}"


class Follow(models.Model):
    """Someone who wants mail about a conversation, or (inactive) asked not to get any."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="follows"
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=12)
    is_active = models.BooleanField(_("following"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "email"], name="one_follow_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.conversation}"


class Notification(models.Model):
    """One email about one comment to one address: the row makes "never twice" hold."""

    class Reason(models.TextChoices):
        REPLY = "reply", _("reply to their comment")
        FOLLOWING = "following", _("follows the conversation")
        ARTICLE_AUTHOR = "article_author", _("wrote the article")

    comment = models.ForeignKey(
        ArticleComment, on_delete=models.CASCADE, related_name="notifications"
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=12)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["comment", "email"], name="one_mail_per_comment")
        ]

    def __str__(self) -> str:
        return f"{self.email}: comment {self.comment.number}"

    def answered_comment(self) -> ArticleComment | None:
        """For a reply mail, the recipient's comment that was answered, to quote.

        Not the parent: a reply past the maximum depth is attached higher up, to someone
        else's comment.
        """
        if self.reason != self.Reason.REPLY:
            return None
        return self.comment.answered()

    def translation(self) -> CommentTranslation | None:
        """The comment in the recipient's language, if translated by the time the mail goes.

        Looked up when the mail is rendered: the translation task may run before or after
        the notification task, and the mail says which it found.
        """
        return self.comment.translation_into(self.language)


from .site_settings import ConversationSettings  # noqa: E402

__all__ = [
    "ArticleComment",
    "CommentTranslation",
    "Conversation",
    "ConversationSettings",
    "Follow",
    "Notification",
    "PendingComment",
]
