from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "site_pages.moderation"
    label = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from site_pages.conversation.signals import comment_held

        from .digest import on_comment_held

        # The conversation announces held comments; moderators get them in a digest.
        comment_held.connect(on_comment_held, dispatch_uid="moderation.digest")
