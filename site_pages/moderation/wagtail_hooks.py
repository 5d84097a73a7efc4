"""Admin: moderators keep the blocklist of words and link domains."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .actions import ACTIONS
from .bulk_actions import BULK_ACTIONS
from .comments_admin import CommentViewSet, ModeratorsOnlyChooserViewSet
from .models import BlockedTerm
from .panels import PendingCommentsPanel
from .permissions import is_moderator


class BlockedTermViewSet(SnippetViewSet):
    model = BlockedTerm
    icon = "warning"
    menu_label = _("Blocklist")
    menu_name = "blocklist"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["value", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value"]
    # The blocklist is moderators' business; its chooser must not show it to everyone else.
    chooser_viewset_class = ModeratorsOnlyChooserViewSet


register_snippet(BlockedTermViewSet)
register_snippet(CommentViewSet)

for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions) -> None:
    for action in ACTIONS.values():
        actions.register_action(action.log_action, action.label, action.past_tense)


@hooks.register("construct_homepage_panels")
def add_pending_comments_panel(request, panels) -> None:
    if is_moderator(request.user):
        panels.append(PendingCommentsPanel())
