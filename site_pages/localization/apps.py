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

        from . import (  # noqa: F401  (they register admin hooks)
            editor_views,
            failures_admin,
            signals,
            status_report,
            translator_permissions,
        )

        post_migrate.connect(signals.create_translator_groups, sender=self)
        page_published.connect(signals.translate_comments_for_new_language)
