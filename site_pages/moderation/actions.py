"""What a moderator can do to a comment, each recorded in Wagtail's audit log."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from site_pages.conversation.models import ArticleComment

from .akismet_stage import akismet_enabled, report_verdict


@dataclass(frozen=True)
class ModerationAction:
    name: str  # also the bulk action's URL part
    label: str
    past_tense: str
    apply: Callable[[ArticleComment], None]
    reports_spam: bool | None = None  # told to the spam service: True spam, False not spam

    @property
    def log_action(self) -> str:
        return f"mazungumzo.comment.{self.name}"


def _approve(comment: ArticleComment) -> None:
    comment.is_public, comment.is_spam, comment.is_removed = True, False, False


def _unpublish(comment: ArticleComment) -> None:
    comment.is_public = False


def _mark_spam(comment: ArticleComment) -> None:
    comment.is_public, comment.is_spam = False, True


def _not_spam(comment: ArticleComment) -> None:
    comment.is_public, comment.is_spam = True, False


def _remove(comment: ArticleComment) -> None:
    comment.is_removed = True


def _restore(comment: ArticleComment) -> None:
    comment.is_removed = False


ACTIONS = {
    action.name: action
    for action in (
        ModerationAction("approve", _("Approve"), _("approved"), _approve),
        ModerationAction("unpublish", _("Unpublish"), _("unpublished"), _unpublish),
        ModerationAction("spam", _("Mark as spam"), _("marked as spam"), _mark_spam, True),
        ModerationAction("not-spam", _("Not spam"), _("marked as not spam"), _not_spam, False),
        ModerationAction("remove", _("Remove"), _("removed"), _remove),
        ModerationAction("restore", _("Restore"), _("restored"), _restore),
    )
}


def moderate(comment: ArticleComment, action: ModerationAction, user, reason: str = "") -> None:
    """Apply the action and log who did it and why, in one transaction.

    Saving goes through ArticleComment.save, so a comment that becomes visible
    notifies exactly as if it had been published at once.
    """
    with transaction.atomic():
        before = comment.status
        action.apply(comment)
        comment.save()
        log(
            instance=comment,
            action=action.log_action,
            user=user,
            data={"reason": reason, "from": before, "to": comment.status},
        )
        if action.reports_spam is not None and before != comment.status and akismet_enabled():
            # Queued in this transaction: the verdict is reported only if it is kept.
            report_verdict.enqueue(comment_id=comment.pk, spam=action.reports_spam)
