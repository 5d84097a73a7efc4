from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "site_pages.api"
    label = "mazungumzo_api"
    verbose_name = _("Headless API")
