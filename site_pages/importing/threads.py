"""Comments from another system merged into an article's one conversation.

Whatever the source (WordPress, Disqus), comments arrive as `IncomingComment`s: each keeps
its language, its parent and its state. New comments are numbered in date order across
all the threads being merged and saved parents first; `ArticleComment.save` moves
too-deep replies up as the site does and announces each visible one with
`notify = False`: translation is queued as for any new comment, and no mail is sent.
"""

import hashlib
import ipaddress
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings

from site_pages.conversation.models import ArticleComment, Conversation

from .models import ImportedObject
from .records import Records
from .report import ImportReport

STATES = ("published", "pending", "spam", "removed")


@dataclass
class IncomingComment:
    source_id: str
    parent_id: str  # "" for a top-level comment
    language: str
    author: str
    email: str
    url: str
    ip: str
    date: datetime
    text: str
    state: str  # one of STATES

    def fingerprint(self) -> str:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def merge(
    conversation: Conversation,
    incoming: list[IncomingComment],
    records: Records,
    report: ImportReport,
    label: str,
) -> None:
    """Add what is new, update what changed, leave the rest; numbers follow date order."""
    known = records.many("comment", [comment.source_id for comment in incoming])
    pks = {source_id: record.object_id for source_id, record in known.items()}
    new = []
    for comment in incoming:
        record = known.get(comment.source_id)
        existing = record.target() if record else None
        if existing is None:
            new.append(comment)
        elif record.fingerprint == comment.fingerprint():
            report.comments_unchanged += 1
        else:
            _fill(existing, comment)
            existing.notify = False
            existing.save()
            records.remember("comment", comment.source_id, existing, comment.fingerprint())
            report.comments_updated += 1
    if not new:
        return
    new.sort(key=lambda comment: (comment.date, _number_key(comment.source_id)))
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    numbers = {c.source_id: conversation.last_number + i for i, c in enumerate(new, start=1)}
    waiting: dict[str, list[IncomingComment]] = {}
    arriving = {comment.source_id for comment in new}
    remembered = []  # written at once at the end: one query, not one per comment

    def save(comment: IncomingComment, parent_pk: int) -> None:
        saved = ArticleComment(
            conversation=conversation,
            content_object=conversation,
            site_id=settings.SITE_ID,
            number=numbers[comment.source_id],
            parent_id=parent_pk,
        )
        _fill(saved, comment)
        saved.notify = False  # history: nobody is waiting for mail about it
        saved.save()
        remembered.append(
            records.record_for("comment", comment.source_id, saved, comment.fingerprint())
        )
        pks[comment.source_id] = saved.pk
        report.comments[comment.state] += 1
        for child in waiting.pop(comment.source_id, []):
            save(child, saved.pk)

    for comment in new:
        parent = comment.parent_id
        if parent and parent not in pks and parent in arriving:
            waiting.setdefault(parent, []).append(comment)
            continue
        if parent and parent not in pks:
            report.notes.append(
                f"{label}: comment {comment.source_id} answers comment {parent}, which was "
                "not imported; it starts its own thread"
            )
        save(comment, pks.get(parent, 0))
    for orphans in waiting.values():  # parents that never arrived (a loop in the export)
        for comment in orphans:
            report.notes.append(f"{label}: comment {comment.source_id} starts its own thread")
            save(comment, 0)
    ImportedObject.objects.bulk_create(remembered)


def _fill(target: ArticleComment, comment: IncomingComment) -> None:
    target.user_name = comment.author[:50]
    email = comment.email.strip()
    target.user_email = email[:254] if "@" in email else ""
    url = comment.url.strip()
    target.user_url = url if url.startswith(("http://", "https://")) and len(url) <= 200 else ""
    target.ip_address = _ip(comment.ip)
    target.comment = comment.text
    target.language = comment.language
    target.submit_date = comment.date
    target.is_public = comment.state == "published"
    target.is_spam = comment.state == "spam"
    target.is_removed = comment.state == "removed"


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _number_key(source_id: str) -> tuple[int, str]:
    return (int(source_id), "") if source_id.isdigit() else (0, source_id)
