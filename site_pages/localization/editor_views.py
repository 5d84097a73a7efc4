"""Two of wagtail-localize's translation-editor endpoints, made safe and queued.

- Machine translation goes through the task queue, so a slow translator never holds a
  request open (wagtail-localize runs it inside the request).
- A PO upload is checked before wagtail-localize imports it: a file that is not PO, has
  no translation header or belongs to another page is refused with a message naming the
  problem, and nothing changes (wagtail-localize answers 500 to a PO file without its
  header).
"""

import contextlib
import os
import tempfile

import polib
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.tasks import background
from wagtail_localize.views.edit_translation import (
    apply_machine_translation,
    user_can_edit_instance,
)

TRANSLATION_HEADER = "X-WagtailLocalize-TranslationID"


def machine_translate_job(translation_id: int, user_id: int) -> None:
    """Run by the task worker; wagtail-localize checks the user's permission again."""
    translator = get_machine_translator()
    if translator is None:
        return
    user = get_user_model().objects.get(pk=user_id)
    apply_machine_translation(translation_id, user, translator)


def _back(request: HttpRequest, translation: Translation) -> HttpResponse:
    next_url = get_valid_next_url_from_request(request)
    if next_url:
        return redirect(next_url)
    return redirect("wagtailadmin_pages:edit", translation.get_target_instance().pk)


def _editable_translation(request: HttpRequest, translation_id: int) -> Translation:
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    return translation


@require_POST
def machine_translate(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = _editable_translation(request, translation_id)
    translator = get_machine_translator()
    if translator is None:
        raise Http404("No machine translator is configured.")
    background.enqueue(machine_translate_job, [translation.pk, request.user.pk], {})
    messages.success(
        request,
        _("Machine translation with %(translator)s is queued. Reload in a moment to see it.")
        % {"translator": translator.display_name},
    )
    return _back(request, translation)


def read_po_upload(upload, translation: Translation) -> polib.POFile:
    """The uploaded PO file if it can be imported into this translation; else ValueError."""
    if upload is None:
        raise ValueError(_("Choose a PO file to upload."))
    with tempfile.NamedTemporaryFile(delete=False, suffix=".po") as handle:
        # polib reads a file name or the contents; a path keeps contents from being taken
        # for a file name.
        handle.write(upload.read())
    try:
        po = polib.pofile(handle.name)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(_("This is not a valid PO file: %(error)s") % {"error": error}) from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
    header = po.metadata.get(TRANSLATION_HEADER)
    if not header:
        raise ValueError(
            _("This PO file has no %(header)s header; export it from this translation.")
            % {"header": TRANSLATION_HEADER}
        )
    if header != str(translation.uuid):
        raise ValueError(_("This PO file was exported for a different translation."))
    return po


@require_POST
def upload_pofile(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = _editable_translation(request, translation_id)
    try:
        po = read_po_upload(request.FILES.get("file"), translation)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        translation.import_po(po, user=request.user, tool_name="PO File")
        messages.success(request, _("Successfully imported translations from PO File."))
    return _back(request, translation)


@hooks.register("register_admin_urls")
def register_editor_overrides():
    # Same paths as wagtail-localize's; this app comes first in INSTALLED_APPS, so these win.
    return [
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            machine_translate,
            name="mazungumzo_machine_translate",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            upload_pofile,
            name="mazungumzo_upload_pofile",
        ),
    ]
