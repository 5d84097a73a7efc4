"""Bringing translations up to date with their source: the report's "sync selected"."""

import contextlib

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log
from wagtail_localize.models import TranslationSource


def sync_translation_source(source_id: int, user_id: int) -> None:
    """What wagtail-localize's "Sync translated pages" does, plus fresh drafts.

    Run as a queued job. The source's segments are read again from its latest revision;
    each enabled translation gets a new draft (never published here) with the new text
    where a translation exists and the source text where it does not yet.
    """
    user = get_user_model().objects.filter(pk=user_id).first()
    with transaction.atomic():
        source = TranslationSource.objects.select_for_update().get(pk=source_id)
        source.update_from_db()
        for translation in source.translations.filter(enabled=True).select_related(
            "target_locale"
        ):
            with contextlib.suppress(ValidationError):
                translation.save_target(user=user, publish=False)
        log(
            instance=source.get_source_instance(),
            action="mazungumzo.translations_synced",
            user=user,
        )
