"""The editors' import screen: upload a WordPress export, choose the article index page,
dry run or import; the work runs on the task queue and a status page shows its progress.

Only people who may use the admin and add articles under at least one article index page
see it; the index pages offered are those they may add articles to.
"""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from site_pages.pages.models import ArticleIndexPage

from .models import ImportRun
from .tasks import run_wordpress_import


def import_dir() -> Path:
    """Where uploads wait for the worker: not under MEDIA_ROOT (exports hold readers'
    addresses). Workers on other machines need it shared (MAZUNGUMZO_IMPORT_DIR)."""
    default = Path(settings.BASE_DIR) / "var" / "imports"
    return Path(getattr(settings, "MAZUNGUMZO_IMPORT_DIR", default))


def index_pages_for(user) -> list[ArticleIndexPage]:
    """The article index pages this user may add articles under."""
    if not user.has_perm("wagtailadmin.access_admin"):
        return []
    return [
        page
        for page in ArticleIndexPage.objects.select_related("locale").order_by("path")
        if page.permissions_for_user(user).can_add_subpage()
    ]


def can_import(user) -> bool:
    return bool(index_pages_for(user))


class ImportForm(forms.Form):
    export_file = forms.FileField(
        label=_("WordPress export file"),
        help_text=_("The file WordPress writes under Tools → Export (WXR)."),
    )
    parent = forms.ModelChoiceField(
        queryset=ArticleIndexPage.objects.none(),
        label=_("Article index page"),
        help_text=_("Articles in other languages go under this page's translations."),
    )
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Dry run: only report what would happen"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = [page.pk for page in index_pages_for(user)]
        self.fields["parent"].queryset = ArticleIndexPage.objects.filter(pk__in=allowed)
        self.fields["parent"].label_from_instance = lambda page: (
            f"{page.title} ({page.locale.get_display_name()})"
        )


def forbidden(request) -> TemplateResponse:
    return TemplateResponse(request, "importing/forbidden.html", status=403)


def import_view(request):
    if not can_import(request.user):
        return forbidden(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["export_file"]
        folder = import_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / f"{uuid.uuid4().hex}.xml"
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        with transaction.atomic():
            run = ImportRun.objects.create(
                user=request.user,
                parent=form.cleaned_data["parent"],
                file_name=Path(upload.name).name[:255],
                stored_path=str(stored),
                dry_run=form.cleaned_data["dry_run"],
            )
            run_wordpress_import.enqueue(run_id=run.pk)
        return redirect("importing_wordpress_status", run_id=run.pk)
    runs = ImportRun.objects.filter(user=request.user)[:10]
    return TemplateResponse(request, "importing/import.html", {"form": form, "runs": runs})


def status_view(request, run_id: int):
    run = get_object_or_404(ImportRun.objects.select_related("parent"), pk=run_id)
    if not can_import(request.user) or not (
        run.user_id == request.user.pk or request.user.is_superuser
    ):
        return forbidden(request)
    return TemplateResponse(request, "importing/status.html", {"run": run})
