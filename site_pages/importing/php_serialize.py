"""The small part of PHP's serialize() format that WordPress plugins store, read and written.

Polylang keeps a translation group as `a:2:{s:2:"sw";i:12;s:2:"cy";i:14;}`; attachment
metadata nests arrays the same way. Only scalars and arrays are read: objects (`O:`),
references and anything else are refused, so nothing in the file can make us build
arbitrary things, and no phpserialize dependency is needed.
"""

from typing import Any

MAX_DEPTH = 16


class PhpFormatError(ValueError):
    pass


def loads(text: str) -> Any:
    """Decode one serialized value; ValueError when it is not the supported subset."""
    data = text.encode("utf-8")  # string lengths are counted in bytes
    value, end = _read(data, 0, 0)
    if data[end:].strip():
        raise PhpFormatError(f"unexpected data after the value at byte {end}")
    return value


def _expect(data: bytes, at: int, token: bytes) -> int:
    if data[at : at + len(token)] != token:
        raise PhpFormatError(f"expected {token.decode()!r} at byte {at}")
    return at + len(token)


def _until(data: bytes, at: int, stop: bytes) -> tuple[bytes, int]:
    end = data.find(stop, at)
    if end < 0:
        raise PhpFormatError(f"missing {stop.decode()!r} after byte {at}")
    return data[at:end], end + len(stop)


def _read(data: bytes, at: int, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise PhpFormatError("arrays nested too deeply")
    kind = data[at : at + 2]
    if kind == b"N;":
        return None, at + 2
    if kind == b"b:":
        raw, at = _until(data, at + 2, b";")
        return raw == b"1", at
    if kind == b"i:":
        raw, at = _until(data, at + 2, b";")
        try:
            return int(raw), at
        except ValueError as error:
            raise PhpFormatError(f"bad integer {raw!r}") from error
    if kind == b"d:":
        raw, at = _until(data, at + 2, b";")
        try:
            return float(raw), at
        except ValueError as error:
            raise PhpFormatError(f"bad number {raw!r}") from error
    if kind == b"s:":
        raw, at = _until(data, at + 2, b":")
        if not raw.isdigit():
            raise PhpFormatError(f"bad string length {raw!r}")
        length = int(raw)
        at = _expect(data, at, b'"')
        value = data[at : at + length]
        if len(value) != length:
            raise PhpFormatError("string shorter than its length")
        at = _expect(data, at + length, b'";')
        return value.decode("utf-8", errors="replace"), at
    if kind == b"a:":
        raw, at = _until(data, at + 2, b":")
        if not raw.isdigit():
            raise PhpFormatError(f"bad array size {raw!r}")
        at = _expect(data, at, b"{")
        result: dict[Any, Any] = {}
        for _index in range(int(raw)):
            key, at = _read(data, at, depth + 1)
            if not isinstance(key, int | str):
                raise PhpFormatError("array keys must be integers or strings")
            result[key], at = _read(data, at, depth + 1)
        return result, _expect(data, at, b"}")
    raise PhpFormatError(f"unsupported value {kind.decode(errors='replace')!r} at byte {at}")


def dumps_language_map(members: dict[str, int]) -> str:
    """`{"sw": 12, "cy": 14}` → `a:2:{s:2:"sw";i:12;s:2:"cy";i:14;}`, Polylang's group shape."""
    parts = "".join(
        f's:{len(key.encode("utf-8"))}:"{key}";i:{int(value)};' for key, value in members.items()
    )
    return f"a:{len(members)}:{{{parts}}}"
