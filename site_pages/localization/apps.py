from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LocalizationConfig(AppConfig):
    name = "site_pages.localization"
    label = "localization"
    verbose_name = _("Translation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from site_pages.conversation import signals as comment_signals

        from . import (  # noqa: F401  (most register admin hooks)
            comment_translation,
            editor_views,
            failures_admin,
            signals,
            status_report,
            translator_permissions,
        )

        post_migrate.connect(signals.create_translator_groups, sender=self)
        # The conversation announces comments readers see; their text is translated.
        for shown in (comment_signals.comment_published, comment_signals.comment_edited):
            shown.connect(
                comment_translation.on_comment_shown,
                dispatch_uid="localization.comment_translation",
            )
        page_published.connect(signals.translate_comments_for_new_language)
