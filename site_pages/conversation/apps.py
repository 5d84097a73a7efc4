from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "site_pages.conversation"
    label = "conversation"
    verbose_name = _("Conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from .models import ArticleComment

        # django-comments-xtd hides every reply when a comment is hidden. Here a hidden
        # comment leaves a placeholder and its replies stay readable, as in the seeds.
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=ArticleComment._meta.label)
