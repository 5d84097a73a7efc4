"""A progress line on the command line: on a terminal it redraws, elsewhere it prints a
line every tenth of the way, so logs stay short."""

from pathlib import Path
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None, total: int, label: str = "Importing") -> None:
        self.stream, self.total, self.label = stream, max(total, 1), label
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.last_tenth = -1

    def __call__(self, done: int, what: str = "") -> None:
        if self.stream is None:
            return
        percent = min(100, done * 100 // self.total)
        if self.tty:
            self.stream.write(
                f"\r{self.label}: {done}/{self.total} items ({percent}%) {what[:40]:<40}"
            )
        elif percent // 10 != self.last_tenth:
            self.last_tenth = percent // 10
            self.stream.write(f"{self.label}: {done}/{self.total} items ({percent}%)\n")
        self.stream.flush()

    def done(self) -> None:
        if self.stream is not None and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def count_items(path: Path) -> int:
    """How many <item>s the file has, by a quick look at its bytes (for the progress line)."""
    count, tail = 0, b""
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<item>") + data.count(b"<item ")
            tail = data[-5:]  # shorter than "<item>": nothing is counted twice
    return count
