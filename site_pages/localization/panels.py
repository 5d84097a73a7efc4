"""The translation status of one article, in its editor."""

from wagtail.admin.panels import Panel

from .translation_status import status_table


class TranslationStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "localization/status/panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            rows = status_table(translation_keys=[page.translation_key]) if page.pk else []
            context["row"] = rows[0] if rows else None
            return context
