"""The moderation actions as Wagtail bulk actions: on one comment or many, from the listing."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.views.bulk_action import BulkAction

from site_pages.conversation.models import ArticleComment

from .actions import ACTIONS, moderate
from .permissions import ModeratorsOnlyMixin, is_moderator


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log with your name."),
    )


class CommentBulkAction(ModeratorsOnlyMixin, BulkAction):
    models = [ArticleComment]
    template_name = "moderation/confirm_bulk_moderation.html"
    form_class = ReasonForm
    moderation_action = None

    def check_perm(self, comment) -> bool:
        return is_moderator(self.request.user)

    def object_context(self, comment):
        return {"item": comment}

    def get_execution_context(self):
        return {"user": self.request.user, "reason": self.cleaned_form.cleaned_data["reason"]}

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        for comment in objects:
            moderate(comment, cls.moderation_action, user, reason)
        return len(objects), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment %(done)s.", "%(count)d comments %(done)s.", num_parent_objects
        ) % {"count": num_parent_objects, "done": self.moderation_action.past_tense}


def _bulk_action_class(action) -> type[CommentBulkAction]:
    return type(
        f"{action.name.title().replace('-', '')}CommentsBulkAction",
        (CommentBulkAction,),
        {
            "display_name": action.label,
            "action_type": action.name,
            "aria_label": action.label,
            "moderation_action": action,
            "__module__": __name__,
        },
    )


BULK_ACTIONS = [_bulk_action_class(action) for action in ACTIONS.values()]
