"""An image a post shows: a Wagtail image from the local uploads folder, or its address.

Without the file (no --uploads, or not found there) the body gets an embed block holding
the original URL, with the caption and credit as its text: the article still says what
was shown and who made it, and the link leads to the picture while it exists.
"""

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from .body import FoundImage
from .records import Records
from .report import ImportReport
from .wxr import WxrAttachment

SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")


class ImageResolver:
    def __init__(
        self,
        uploads: Path | None,
        attachments: dict[str, WxrAttachment],
        records: Records,
        report: ImportReport,
        dry_run: bool,
    ) -> None:
        self.uploads = uploads.resolve() if uploads else None
        self.attachments, self.records = attachments, records
        self.report, self.dry_run = report, dry_run

    def __call__(self, found: FoundImage) -> dict[str, Any]:
        attachment = self.attachments.get(found.attachment_id)
        alt = found.alt or (attachment.alt if attachment else "")
        credit = attachment.credit if attachment else ""
        src = found.src or (attachment.url if attachment else "")
        path = self.local_file(src, attachment)
        image = self.image_for(path, alt or found.caption) if path and not self.dry_run else None
        if path is not None and (image is not None or self.dry_run):
            self.report.images["imported"] += 1
        if image is not None:
            alt_text = alt or found.caption
            return {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": not alt_text, "alt_text": alt_text},
                    "caption": found.caption,
                    "credit": credit[:255],
                },
            }
        notes = []
        if path is None or not self.dry_run:
            self.report.images["linked"] += 1
            name = Path(urlsplit(src).path).name
            notes.append(f"image {name} kept as a link to its original address")
        words = " — ".join(part for part in (found.caption or alt, credit) if part)
        fallback = f"{words}\n{src}" if words else src
        return {"type": "embed", "value": {"url": src[:200], "fallback": fallback}, "notes": notes}

    def local_file(self, src: str, attachment: WxrAttachment | None) -> Path | None:
        """The file in the uploads folder: full size first, then the size the post used."""
        if self.uploads is None:
            return None
        for url in (src, attachment.url if attachment else ""):
            relative = _relative_upload_path(url)
            if not relative:
                continue
            for candidate in (SIZE_SUFFIX.sub("", relative), relative):
                path = (self.uploads / candidate).resolve()
                if path.is_relative_to(self.uploads) and path.is_file():
                    return path
        return None

    def image_for(self, path: Path, title: str):
        """The Wagtail image made from this file, made once however many posts show it."""
        key = str(path.relative_to(self.uploads))
        existing = self.records.target("image", key)
        if existing is not None:
            return existing
        try:
            with PillowImage.open(path) as picture:
                picture.verify()
        except Exception:  # any unreadable file: keep the link instead
            return None
        model = get_image_model()
        with path.open("rb") as handle:
            image = model(title=(title or path.stem)[:255], file=ImageFile(handle, name=path.name))
            image.save()
        self.records.remember("image", key, image)
        return image


def _relative_upload_path(url: str) -> str:
    """`…/wp-content/uploads/2019/05/a.jpg` → `2019/05/a.jpg`; else the file name alone."""
    path = unquote(urlsplit(url or "").path)
    if not path:
        return ""
    marker = "/uploads/"
    if marker in path:
        return path.split(marker, 1)[1].lstrip("/")
    return Path(path).name
