"""Admin: moderators keep the blocklist of words and link domains."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BlockedTerm


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


register_snippet(BlockedTermViewSet)
