"""Where each article stands in each language: the table behind the status report.

wagtail-localize's own report only says "up to date" or "waiting for translations"; this
tells editors what to do next: translate, finish (percent done), sync, or nothing.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

if TYPE_CHECKING:
    from site_pages.pages.models import ArticlePage


class Status(StrEnum):
    SOURCE = "source"
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    OUT_OF_DATE = "out_of_date"
    UP_TO_DATE = "up_to_date"
    OUTSIDE_WORKFLOW = "outside_workflow"


LABELS = {
    Status.SOURCE: _("Source"),
    Status.MISSING: _("Missing"),
    Status.IN_PROGRESS: _("In progress"),
    Status.OUT_OF_DATE: _("Out of date"),
    Status.UP_TO_DATE: _("Up to date"),
    Status.OUTSIDE_WORKFLOW: _("Translated outside the workflow"),
}


@dataclass
class Cell:
    locale: Locale
    status: Status
    page: "ArticlePage | None" = None
    translation: Translation | None = None
    percent: int | None = None

    @property
    def label(self) -> str:
        return str(LABELS[self.status])


@dataclass
class Row:
    source: "ArticlePage"
    translation_source: TranslationSource | None
    cells: list[Cell] = field(default_factory=list)

    @property
    def can_sync(self) -> bool:
        return any(cell.status == Status.OUT_OF_DATE for cell in self.cells)


def enabled_locales() -> list[Locale]:
    codes = [code for code, _name in settings.LANGUAGES]
    by_code = {
        locale.language_code: locale for locale in Locale.objects.filter(language_code__in=codes)
    }
    return [by_code[code] for code in codes if code in by_code]


def _progress(translations: list[Translation]) -> dict[int, tuple[int, int]]:
    """(total, done) per translation in two queries, as Translation.get_progress counts."""
    source_ids = {t.source_id for t in translations}
    totals = dict(
        StringSegment.objects.filter(source_id__in=source_ids)
        .values_list("source_id")
        .annotate(n=Count("id"))
    )
    done: dict[tuple[int, int], int] = {}
    locale_ids = {t.target_locale_id for t in translations}
    for locale_id in locale_ids:
        translated = (
            StringSegment.objects.filter(source_id__in=source_ids)
            .filter(
                Exists(
                    StringTranslation.objects.filter(
                        translation_of_id=OuterRef("string_id"),
                        context_id=OuterRef("context_id"),
                        locale_id=locale_id,
                        has_error=False,
                    )
                )
            )
            .values_list("source_id")
            .annotate(n=Count("id"))
        )
        for source_id, count in translated:
            done[(source_id, locale_id)] = count
    return {
        t.pk: (totals.get(t.source_id, 0), done.get((t.source_id, t.target_locale_id), 0))
        for t in translations
    }


def status_table(locales: list[Locale] | None = None, translation_keys=None) -> list[Row]:
    """One row per article (translation group), one cell per locale; a fixed number of queries."""
    from site_pages.pages.models import ArticlePage  # the page models use this module's panel

    locales = locales or enabled_locales()
    pages = ArticlePage.objects.select_related("locale").order_by("-date", "pk")
    if translation_keys is not None:
        pages = pages.filter(translation_key__in=translation_keys)
    groups: dict = {}
    for page in pages:
        groups.setdefault(page.translation_key, {})[page.locale_id] = page
    sources = {
        ts.object_id: ts
        for ts in TranslationSource.objects.filter(object_id__in=groups.keys()).select_related(
            "locale"
        )
    }
    translations = list(Translation.objects.filter(source__in=sources.values(), enabled=True))
    by_source_locale = {(t.source_id, t.target_locale_id): t for t in translations}
    progress = _progress(translations)

    rows = []
    for key, by_locale in groups.items():
        translation_source = sources.get(key)
        source = _source_page(by_locale, translation_source)
        row = Row(source=source, translation_source=translation_source)
        for locale in locales:
            page = by_locale.get(locale.pk)
            translation = (
                by_source_locale.get((translation_source.pk, locale.pk))
                if translation_source
                else None
            )
            row.cells.append(
                _cell(locale, page, source, translation_source, translation, progress)
            )
        rows.append(row)
    return rows


def _source_page(by_locale: dict, translation_source: TranslationSource | None) -> "ArticlePage":
    if translation_source is not None and translation_source.locale_id in by_locale:
        return by_locale[translation_source.locale_id]
    originals = [page for page in by_locale.values() if page.alias_of_id is None]
    return min(originals or by_locale.values(), key=lambda page: page.pk)


def _cell(locale, page, source, translation_source, translation, progress) -> Cell:
    if page is not None and page.pk == source.pk:
        return Cell(locale, Status.SOURCE, page)
    if page is None or page.alias_of_id is not None:
        return Cell(locale, Status.MISSING, page)
    if translation is None:
        return Cell(locale, Status.OUTSIDE_WORKFLOW, page)
    total, done = progress[translation.pk]
    percent = round(100 * done / total) if total else 100
    changed_at = source.latest_revision_created_at
    if changed_at and changed_at > translation_source.last_updated_at:
        return Cell(locale, Status.OUT_OF_DATE, page, translation, percent)
    if done < total:
        return Cell(locale, Status.IN_PROGRESS, page, translation, percent)
    return Cell(locale, Status.UP_TO_DATE, page, translation, percent)
