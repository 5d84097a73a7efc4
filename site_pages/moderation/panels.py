"""The Comments tab of the article editor, and the dashboard's waiting-comments panel."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from site_pages.conversation.models import Conversation

from .akismet_stage import akismet_enabled
from .permissions import is_moderator
from .summary import listing_url, pending_count, status_counts


class ConversationSummaryPanel(Panel):
    """Counts by status for this article's conversation, with links into the Comments area."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "moderation/panels/conversation_summary.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            conversation = None
            if self.instance.pk:
                conversation = Conversation.objects.filter(
                    translation_key=self.instance.translation_key
                ).first()
            counts = status_counts(conversation)
            links = {}
            if conversation is not None and is_moderator(self.request.user):
                links = {
                    status: listing_url(conversation=conversation.pk, status=status)
                    for status in counts
                }
                links["all"] = listing_url(conversation=conversation.pk)
            labels = {
                "published": _("Published"),
                "pending": _("Pending"),
                "spam": _("Spam"),
                "removed": _("Removed"),
                "flagged": _("Flagged"),
            }
            context["rows"] = [
                {"label": labels[status], "count": counts[status], "url": links.get(status)}
                for status in labels
            ]
            context["all_url"] = links.get("all")
            return context


class PendingCommentsPanel(Component):
    name = "pending_comments"
    template_name = "moderation/panels/pending_comments.html"
    order = 90

    def get_context_data(self, parent_context=None):
        return {
            "count": pending_count(),
            "url": listing_url(status="pending"),
            "akismet_enabled": akismet_enabled(),
        }
