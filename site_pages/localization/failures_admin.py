"""Failed comment translations, in the Wagtail admin's reports, with a "retry now" button.

Translator outages should not be silent: moderators see what failed, why, and when the
next automatic attempt is due, and can retry at once.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from site_pages.moderation.permissions import ModeratorsOnlyMixin, forbidden, is_moderator

from .comment_translation import translate_comment
from .models import CommentTranslationFailure


class RetryColumn(Column):
    cell_template_name = "localization/failures/retry_cell.html"


class TranslationFailuresReport(ModeratorsOnlyMixin, ReportView):
    page_title = _("Failed comment translations")
    header_icon = "warning"
    index_url_name = "comment_translation_failures"
    index_results_url_name = "comment_translation_failures_results"
    list_export = ["comment", "language", "attempts", "last_error", "next_attempt_at"]
    columns = [
        Column("comment", label=_("Comment")),
        Column("language", label=_("Language")),
        Column("attempts", label=_("Attempts")),
        Column("last_error", label=_("Last error")),
        DateColumn("next_attempt_at", label=_("Next attempt")),
        RetryColumn("retry", label=""),
    ]

    def get_queryset(self):
        return CommentTranslationFailure.objects.select_related("comment__conversation")


@require_POST
def retry(request, failure_id: int):
    if not is_moderator(request.user):
        return forbidden(request)
    failure = get_object_or_404(CommentTranslationFailure, pk=failure_id)
    translate_comment.enqueue(comment_id=failure.comment_id, languages=[failure.language])
    messages.success(request, _("A new translation attempt is queued."))
    return redirect("comment_translation_failures")


@hooks.register("register_admin_urls")
def register_failure_urls():
    return [
        path(
            "reports/comment-translations/",
            TranslationFailuresReport.as_view(),
            name="comment_translation_failures",
        ),
        path(
            "reports/comment-translations/results/",
            TranslationFailuresReport.as_view(results_only=True),
            name="comment_translation_failures_results",
        ),
        path(
            "reports/comment-translations/<int:failure_id>/retry/",
            retry,
            name="comment_translation_failure_retry",
        ),
    ]


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_moderator(request.user)


@hooks.register("register_reports_menu_item")
def register_failures_menu_item():
    return ModeratorsMenuItem(
        _("Failed comment translations"),
        reverse("comment_translation_failures"),
        name="comment-translation-failures",
        icon_name="warning",
        order=900,
    )
