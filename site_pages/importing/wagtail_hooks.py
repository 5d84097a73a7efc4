"""The import screen's admin URLs and its menu entry (shown to those who may use it)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import can_import, import_view, status_view


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("import/wordpress/", import_view, name="importing_wordpress"),
        path("import/wordpress/<int:run_id>/", status_view, name="importing_wordpress_status"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_import(request.user)


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import from WordPress"), reverse("importing_wordpress"), icon_name="upload", order=900
    )
