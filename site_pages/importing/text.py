"""Small text helpers: what is left of a bit of WordPress HTML when only text may stay."""

import re
from html import unescape

from bs4 import BeautifulSoup, NavigableString, Tag

BREAKS = {"p", "div", "blockquote", "li", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}


def collapse_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def html_to_text(html: str) -> str:
    """Comments and excerpts are stored as plain text: tags go, their meaning stays.

    Paragraphs and line breaks stay as blank lines and newlines; a link keeps its address
    next to its words (the site turns addresses back into links); entities are decoded.
    """
    if "<" not in (html or ""):
        return unescape(html or "").strip()
    soup = BeautifulSoup(html, "html.parser")
    parts: list[str] = []
    _walk(soup, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__.__name__ in {"Comment", "Doctype", "CData", "Declaration"}:
                continue
            parts.append(str(child))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name in {"script", "style"}:
                continue
            if name == "br":
                parts.append("\n")
                continue
            if name in BREAKS:
                parts.append("\n\n")
            _walk(child, parts)
            if name == "a":
                href = child.get("href", "")
                label = child.get_text(" ", strip=True)
                if href.startswith(("http://", "https://")) and href not in label:
                    parts.append(f" ({href})")
            if name in BREAKS:
                parts.append("\n\n")
