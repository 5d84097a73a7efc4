"""Site-wide conversation settings that editors change in the admin (Settings menu)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="comment")
class ConversationSettings(BaseGenericSetting):
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        default=0,
        help_text=_(
            "Close an article's conversation this many days after it was first "
            "published. 0 keeps conversations open."
        ),
    )

    panels = [FieldPanel("close_after_days")]

    class Meta:
        verbose_name = _("conversation settings")
