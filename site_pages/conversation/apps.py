from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "site_pages.conversation"
    label = "conversation"
    verbose_name = _("Conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django_comments_xtd.models import publish_or_unpublish_on_pre_save

        from . import notifications, receivers, signals
        from .models import ArticleComment, CommentTranslation
        from .site_settings import ConversationSettings

        # django-comments-xtd hides every reply when a comment is hidden. Here a hidden
        # comment leaves a placeholder and its replies stay readable, as in the seeds.
        pre_save.disconnect(publish_or_unpublish_on_pre_save, sender=ArticleComment._meta.label)

        signals.comment_published.connect(
            notifications.comment_published, dispatch_uid="conversation.notifications"
        )
        # What readers see changed without ArticleComment.save announcing it.
        for signal in (post_save, post_delete):
            signal.connect(receivers.translation_saved_or_deleted, sender=CommentTranslation)
        post_delete.connect(receivers.comment_deleted, sender=ArticleComment)
        post_save.connect(receivers.settings_saved, sender=ConversationSettings)
        # The article pages live in the plugin's own app; a lazy sender keeps this
        # module from importing them (they import the apps above the conversation).
        article = "site_pages.ArticlePage"
        pre_save.connect(receivers.article_saving, sender=article)
        post_save.connect(receivers.article_saved, sender=article)
        post_delete.connect(receivers.article_deleted, sender=article)
