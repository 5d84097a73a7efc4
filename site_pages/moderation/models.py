"""What moderators maintain (the blocklist) and what readers report (flags)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BlockedTerm(models.Model):
    class Kind(models.TextChoices):
        WORD = "word", _("word or phrase")
        DOMAIN = "domain", _("link domain")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WORD)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_("Matched without regard to case; a domain also matches its subdomains."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocked word or domain")
        verbose_name_plural = _("blocked words and domains")
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_blocked_term")
        ]
        ordering = ["kind", "value"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        self.value = self.value.strip().lower()
        if self.kind == self.Kind.DOMAIN:
            self.value = self.value.removeprefix("www.")
        super().save(*args, **kwargs)


class Flag(models.Model):
    """A reader telling moderators that a comment should not be there."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("It is spam")
        ABUSE = "abuse", _("It is abusive or hateful")
        OFF_TOPIC = "off_topic", _("It is off topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(
        "conversation.ArticleComment", on_delete=models.CASCADE, related_name="reader_flags"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reporter = models.CharField(
        max_length=64, help_text=_("A hash of who flagged, so one reader counts once.")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_flag_per_reader")
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.comment}"


class ModerationDigest(models.Model):
    """One batched mail to moderators: at most one is waiting to be sent at any time."""

    created_at = models.DateTimeField(auto_now_add=True)
    scheduled_for = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("moderation digest")
        verbose_name_plural = _("moderation digests")

    def __str__(self) -> str:
        return f"{self.comment_count} comments, {self.sent_at or self.scheduled_for}"
