"""Reading export files element by element with a parser that refuses what it must.

defusedxml refuses DTDs (so no entity declarations, no entity-expansion bombs) and any
external reference; iterparse keeps memory flat however long the file is: each record is
handed over when its end tag arrives and cleared once the caller is done with it.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import iterparse


class ImportFileError(Exception):
    """The file cannot be read safely or is not well-formed XML; nothing was imported."""


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def iter_records(source: Path | str | BinaryIO, names: set[str]) -> Iterator[Element]:
    """Yield each element whose local name is in `names` (not nested in another one).

    The element is complete when yielded and dropped from the tree afterwards, so a file
    of any size is read in the memory of its largest record.
    """
    depth = 0
    open_elements: list[Element] = []
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            wanted = local_name(element.tag) in names
            if event == "start":
                open_elements.append(element)
                depth += wanted
                continue
            open_elements.pop()
            if wanted:
                depth -= 1
                if depth == 0:
                    yield element
            if depth == 0 and open_elements:
                # Done with it (or never wanted it): let go of it entirely.
                open_elements[-1].remove(element)
    except DTDForbidden as error:
        raise ImportFileError(
            "The file declares a DTD (<!DOCTYPE …>). WordPress exports never do, and a DTD "
            "can define entities that expand without limit, so the file was refused."
        ) from error
    except EntitiesForbidden as error:
        raise ImportFileError(
            f"The file declares the entity {error.name!r}; entity declarations are refused."
        ) from error
    except ExternalReferenceForbidden as error:
        raise ImportFileError(
            "The file refers to an external resource; external references are refused."
        ) from error
    except DefusedXmlException as error:
        raise ImportFileError(f"The file was refused by the safe XML parser: {error}") from error
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise ImportFileError(
            f"The file is not well-formed XML (line {line}, column {column}): {error}"
        ) from error


def child_text(element: Element, name: str, default: str = "", strip: bool = True) -> str:
    """The text of the first child with this local name, in any namespace."""
    for child in element:
        if local_name(child.tag) == name:
            text = child.text or ""
            return text.strip() if strip else text
    return default
