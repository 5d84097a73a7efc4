"""The translation status report: articles against locales, filterable, CSV, bulk sync."""

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail_localize.models import TranslationSource
from wagtail_localize.tasks import background

from .groups import translator_locales
from .sync import sync_translation_source
from .translation_status import Status, enabled_locales, status_table


def may_see_report(user) -> bool:
    return user.is_active and (
        user.is_superuser
        or user.has_perm("wagtail_localize.submit_translation")
        or translator_locales(user) is not None
    )


def forbidden(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "localization/status/forbidden.html", status=403)


def _locales(request: HttpRequest):
    locales = enabled_locales()
    chosen = request.GET.get("locale")
    return locales, [locale for locale in locales if locale.language_code == chosen] or locales


def report(request: HttpRequest) -> HttpResponse:
    if not may_see_report(request.user):
        return forbidden(request)
    if request.method == "POST":
        return sync_selected(request)
    all_locales, locales = _locales(request)
    rows = status_table(locales)
    if request.GET.get("export") == "csv":
        return as_csv(rows, locales)
    return TemplateResponse(
        request,
        "localization/status/report.html",
        {
            "rows": rows,
            "locales": locales,
            "all_locales": all_locales,
            "chosen": request.GET.get("locale", ""),
            "statuses": Status,
        },
    )


def sync_selected(request: HttpRequest) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("source") if pk.isdigit()]
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        return forbidden(request)
    sources = TranslationSource.objects.filter(pk__in=ids)
    for source in sources:
        background.enqueue(sync_translation_source, [source.pk, request.user.pk], {})
    count = sources.count()
    if count:
        messages.success(
            request,
            ngettext(
                "Syncing %(count)s article. Its translations are updated in a moment.",
                "Syncing %(count)s articles. Their translations are updated in a moment.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.warning(request, _("Select the articles to sync."))
    return redirect(reverse("translation_status") + "?" + request.GET.urlencode())


def as_csv(rows, locales) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="translation-status.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Article"), *[locale.language_code for locale in locales]])
    for row in rows:
        writer.writerow(
            [
                row.source.title,
                *[
                    f"{cell.label} ({cell.percent}%)"
                    if cell.status == Status.IN_PROGRESS
                    else cell.label
                    for cell in row.cells
                ],
            ]
        )
    return response


class StatusMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_see_report(request.user)


@hooks.register("register_admin_urls")
def register_status_url():
    return [path("reports/translation-status/", report, name="translation_status")]


@hooks.register("register_reports_menu_item")
def register_status_menu_item():
    return StatusMenuItem(
        gettext_lazy("Translation status"),
        reverse("translation_status"),
        name="translation-status",
        icon_name="site",
        order=800,
    )


@hooks.register("register_log_actions")
def register_sync_log_action(actions) -> None:
    actions.register_action(
        "mazungumzo.translations_synced",
        gettext_lazy("Sync translations"),
        gettext_lazy("Translations synced with the source"),
    )
