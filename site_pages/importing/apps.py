from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    name = "site_pages.importing"
    label = "mazungumzo_importing"
    verbose_name = _("Importing")
    default_auto_field = "django.db.models.BigAutoField"
