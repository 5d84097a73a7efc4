"""Who translates into which locale, and comment translations that have not worked yet."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from site_pages.conversation.models import ArticleComment


class LocaleTranslators(models.Model):
    """The group whose members translate into one locale, and only into it."""

    locale = models.OneToOneField(
        Locale, on_delete=models.CASCADE, related_name="translators", verbose_name=_("locale")
    )
    group = models.OneToOneField(
        Group,
        on_delete=models.CASCADE,
        related_name="translates_into",
        verbose_name=_("group"),
    )

    class Meta:
        verbose_name = _("translator group")
        verbose_name_plural = _("translator groups")

    def __str__(self) -> str:
        return str(self.group)


class CommentTranslationFailure(models.Model):
    """A machine translation of a comment that failed and is being retried.

    Deleted when a retry succeeds; while it exists, readers see the original.
    """

    comment = models.ForeignKey(
        ArticleComment,
        on_delete=models.CASCADE,
        related_name="translation_failures",
        verbose_name=_("comment"),
    )
    language = models.CharField(_("language"), max_length=12)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"))
    failed_at = models.DateTimeField(_("failed at"), auto_now=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed comment translation")
        verbose_name_plural = _("failed comment translations")
        ordering = ["-failed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "language"], name="one_failure_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment} → {self.language}"

    @property
    def gave_up(self) -> bool:
        return self.next_attempt_at is None
