from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "site_pages.caching"
    label = "mazungumzo_caching"
    verbose_name = _("Caching")

    def ready(self) -> None:
        # Each module connects its own receivers to the conversation's and Wagtail's signals.
        from . import invalidation, proxy  # noqa: F401
