from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitePagesConfig(AppConfig):
    name = "site_pages"
    label = "site_pages"
    verbose_name = _("Mazungumzo articles")
    default_auto_field = "django.db.models.BigAutoField"
