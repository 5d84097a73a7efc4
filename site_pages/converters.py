"""`<dbid:…>`: a positive database id, as `<int:…>` but never beyond a 64-bit integer.

Larger numbers cannot be an id, and some databases fail on them (SQLite raises
OverflowError), so such a path does not match: a 404 like any other unknown id.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class DatabaseIdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("too large for a database id")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "dbid")
