"""What an import did (or, in a dry run, would do): counted, and said in plain words."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class ImportReport:
    dry_run: bool = False
    source: str = "wordpress"  # or "disqus": no posts to count, only conversations
    posts: Counter = field(default_factory=Counter)  # created, updated, unchanged, failed
    posts_by_status: Counter = field(default_factory=Counter)  # live, draft
    translation_groups: int = 0
    comments: Counter = field(default_factory=Counter)  # new comments by state
    comments_updated: int = 0
    comments_unchanged: int = 0
    authors_created: set[str] = field(default_factory=set)
    images: Counter = field(default_factory=Counter)  # imported, linked (original URL)
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    failures: list[str] = field(default_factory=list)  # "post 12 “Title”: reason"
    notes: list[str] = field(default_factory=list)  # conversion notes, per post

    def skip(self, reason: str, count: int = 1) -> None:
        if count:
            self.skipped[reason] += count

    def lines(self) -> list[str]:
        """The report as lines of text for the command line."""
        would = "would be " if self.dry_run else ""
        lines = ["Dry run: nothing was written." if self.dry_run else "Import finished."]
        if self.source == "disqus":
            lines.append(f"Conversations {would}given comments: {self.posts['updated']}.")
        else:
            lines.append(
                f"Posts: {self.posts['created']} {would}created, {self.posts['updated']} "
                f"{would}updated, {self.posts['unchanged']} unchanged, {self.posts['failed']} "
                f"failed ({self.posts_by_status['live']} live, "
                f"{self.posts_by_status['draft']} not live)."
            )
            lines.append(
                "Translation groups (articles in more than one language): "
                f"{self.translation_groups}."
            )
        states = ", ".join(
            f"{self.comments[state]} {state}"
            for state in ("published", "pending", "spam", "removed")
        )
        lines.append(
            f"Comments {would}imported: {sum(self.comments.values())} ({states}); "
            f"{self.comments_updated} {would}updated, {self.comments_unchanged} unchanged."
        )
        if self.authors_created:
            lines.append(f"Authors {would}created: {', '.join(sorted(self.authors_created))}.")
        if self.images:
            lines.append(
                f"Images: {self.images['imported']} {would}imported from the uploads folder, "
                f"{self.images['linked']} kept as a link to their original address."
            )
        if self.skipped:
            lines.append("Skipped:")
            lines += [f"  {count}: {reason}" for reason, count in sorted(self.skipped.items())]
        if self.failures:
            lines.append("Failed (nothing of these was imported):")
            lines += [f"  {failure}" for failure in self.failures]
        if self.notes:
            lines.append("Notes (check these articles):")
            lines += [f"  {note}" for note in self.notes]
        return lines

    def as_dict(self) -> dict:
        """JSON-friendly, for a background task's stored result."""
        return {
            "dry_run": self.dry_run,
            "posts": dict(self.posts),
            "translation_groups": self.translation_groups,
            "comments": dict(self.comments),
            "skipped": dict(self.skipped),
            "failures": list(self.failures),
            "lines": self.lines(),
        }
