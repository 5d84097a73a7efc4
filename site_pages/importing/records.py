"""Remembering which object an export's post, comment, author or image became."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import ImportedObject


class Records:
    """ImportedObject rows of one export (source and site), looked up and written."""

    def __init__(self, source: str, export_id: str) -> None:
        self.source, self.export_id = source, export_id

    def _rows(self, kind: str):
        return ImportedObject.objects.filter(
            source=self.source, export_id=self.export_id, kind=kind
        )

    def get(self, kind: str, source_id: str) -> ImportedObject | None:
        return self._rows(kind).filter(source_id=source_id).first()

    def many(self, kind: str, source_ids: list[str]) -> dict[str, ImportedObject]:
        rows = self._rows(kind).filter(source_id__in=source_ids)
        return {row.source_id: row for row in rows}

    def target(self, kind: str, source_id: str):
        record = self.get(kind, source_id)
        return record.target() if record else None

    def record_for(self, kind: str, source_id: str, obj: models.Model, fingerprint: str = ""):
        """An unsaved row for a new object, for `ImportedObject.objects.bulk_create`."""
        return ImportedObject(
            source=self.source,
            export_id=self.export_id,
            kind=kind,
            source_id=source_id,
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
            fingerprint=fingerprint,
        )

    def remember(
        self, kind: str, source_id: str, obj: models.Model, fingerprint: str = ""
    ) -> ImportedObject:
        record, _created = ImportedObject.objects.update_or_create(
            source=self.source,
            export_id=self.export_id,
            kind=kind,
            source_id=source_id,
            defaults={
                "content_type": ContentType.objects.get_for_model(obj, for_concrete_model=False),
                "object_id": obj.pk,
                "fingerprint": fingerprint,
            },
        )
        return record
