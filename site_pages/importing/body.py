"""A post's content (classic HTML or block markup) as the article body's StreamField blocks.

Every piece of markup either becomes a block (paragraph, heading, quote, image, embed) or
is kept as sanitised rich text with a note saying so; nothing disappears without a note.
Images are handed to a callback, which decides between a Wagtail image and the original
URL. Only malformed block markup (unbalanced delimiters, attributes that are not JSON) is
an error: guessing there could silently lose text.
"""

import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nh3
from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag

from .text import collapse_spaces

RICH_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br"}
RENAMED = {"strong": "b", "em": "i"}
# Inline markup a paragraph may carry without anything worth telling an editor about.
QUIET_TAGS = RICH_TAGS | set(RENAMED) | {"span", "div", "p", "section", "article", "font"}
INLINE_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
    "sup", "time", "u", "var", "wbr",
}  # fmt: skip
CONTAINER_TAGS = {"div", "section", "article", "header", "footer", "main", "aside", "center"}
DROPPED_TAGS = {"script", "style", "noscript", "template"}
HEADING_MAX, CAPTION_MAX = 200, 255
URL_ONLY = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$")
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)([^\]]*)\]")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S | re.I)
BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)"
    r"\s+(?P<attrs>\{.*?\}\s+)?(?P<void>/)?-->",
    re.S,
)
SEPARATORS = {"separator", "spacer", "more", "nextpage", "page-break"}
QUOTES = {"quote", "pullquote"}
CONTAINERS = {
    "group", "columns", "column", "gallery", "cover", "media-text", "row", "stack",
    "details", "buttons",
}  # fmt: skip


class ConversionError(Exception):
    """The content cannot be read without guessing; the post is not imported."""


@dataclass
class FoundImage:
    """An image as the post shows it, before anyone decides where its file comes from."""

    src: str
    alt: str = ""
    caption: str = ""
    attachment_id: str = ""


ImageBlock = Callable[[FoundImage], dict[str, Any]]


@dataclass
class Conversion:
    blocks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


def convert(content: str, image_block: ImageBlock) -> Conversion:
    """The post's content as a list of {"type", "value"} blocks, plus notes for an editor."""
    converter = _Converter(image_block)
    if "<!-- wp:" in content:
        converter.blocks_markup(content)
    else:
        converter.classic(content)
    return converter.result


# Block markup (Gutenberg) -------------------------------------------------------------


@dataclass
class _Block:
    name: str
    attrs: dict[str, Any]
    parts: list["str | _Block"] = field(default_factory=list)

    @property
    def html(self) -> str:
        """The block's own markup with its inner blocks' markup in place, delimiters gone."""
        return "".join(part if isinstance(part, str) else part.html for part in self.parts)

    @property
    def children(self) -> list["_Block"]:
        return [part for part in self.parts if isinstance(part, _Block)]


def parse_blocks(content: str) -> list["str | _Block"]:
    """Split block markup into top-level parts: freeform HTML strings and blocks."""
    top: list[str | _Block] = []
    stack: list[_Block] = []
    position = 0

    def add(part: "str | _Block") -> None:
        (stack[-1].parts if stack else top).append(part)

    for match in BLOCK_DELIMITER.finditer(content):
        if match.start() > position:
            add(content[position : match.start()])
        position = match.end()
        name = match["name"].removeprefix("core/")
        if match["closer"]:
            if not stack or stack[-1].name != name:
                opened = f"wp:{stack[-1].name}" if stack else "nothing"
                raise ConversionError(
                    f"block markup is not balanced: <!-- /wp:{name} --> closes {opened}"
                )
            block = stack.pop()
            add(block)
            continue
        attrs: dict[str, Any] = {}
        if match["attrs"]:
            try:
                attrs = json.loads(match["attrs"])
            except ValueError as error:
                raise ConversionError(
                    f"the attributes of a wp:{name} block are not valid JSON ({error})"
                ) from error
            if not isinstance(attrs, dict):
                raise ConversionError(f"the attributes of a wp:{name} block are not an object")
        block = _Block(name, attrs)
        if match["void"]:
            add(block)
        else:
            stack.append(block)
    if stack:
        raise ConversionError(f"block markup is not balanced: wp:{stack[-1].name} never closes")
    if position < len(content):
        add(content[position:])
    return top


# The converter -----------------------------------------------------------------------


class _Converter:
    def __init__(self, image_block: ImageBlock) -> None:
        self.image_block = image_block
        self.result = Conversion()
        self.run: list[str] = []  # inline HTML waiting to become a paragraph

    # Entry points

    def blocks_markup(self, content: str) -> None:
        for part in parse_blocks(content):
            if isinstance(part, str):
                if part.strip():
                    self.classic(part)
            else:
                self.block(part)

    def classic(self, html: str) -> None:
        soup = _soup(_shortcodes(html, self.result))
        self.nodes(soup.contents)
        self.flush()

    # Blocks

    def block(self, block: _Block) -> None:
        name, attrs = block.name, block.attrs
        if name in SEPARATORS:
            self.result.note(f"wp:{name} has no equivalent and was left out")
            return
        if name in CONTAINERS or (block.children and name not in QUOTES and name != "list"):
            if name not in CONTAINERS:
                self.result.note(f"wp:{name} was flattened into its inner blocks")
            elif name not in {"gallery", "group", "column", "columns"}:
                self.result.note(f"the layout of wp:{name} was flattened")
            for part in block.parts:
                if isinstance(part, _Block):
                    self.block(part)
            return
        soup = _soup(block.html)
        if name == "heading":
            self.heading(soup, attrs.get("level"))
        elif name in QUOTES:
            quote = soup.find("blockquote") or soup
            self.quote(quote)
        elif name == "image":
            image = soup.find("img")
            if image is None:
                self.result.note("a wp:image block without an image was left out")
                return
            caption = soup.find("figcaption")
            self.image(image, caption.get_text(" ", strip=True) if caption else "", attrs)
        elif name == "embed" or name.startswith("core-embed/"):
            url = attrs.get("url") or soup.get_text(" ", strip=True)
            caption = soup.find("figcaption")
            self.embed(str(url), caption.get_text(" ", strip=True) if caption else "")
        elif name in {"paragraph", "list", "freeform", "html", "missing", "shortcode"}:
            if name in {"html", "shortcode"}:
                self.result.note(f"wp:{name} was converted as classic HTML")
            self.classic(block.html)
        else:
            self.result.note(f"wp:{name} was kept as rich text")
            self.classic(block.html)

    # Nodes of classic HTML

    def nodes(self, nodes) -> None:
        for node in list(nodes):
            self.node(node)

    def node(self, node) -> None:
        if isinstance(node, Comment):
            return  # <!--more--> and the like carry no text
        if isinstance(node, NavigableString):
            self.text(str(node))
            return
        if not isinstance(node, Tag):
            return
        name = node.name.lower()
        if name in INLINE_TAGS:
            if node.find("img") is not None:
                self.nodes(node.contents)  # an image in a link: the image, link lost
                return
            self.run.append(str(node))
        elif name == "p":
            self.flush()
            self.paragraph_node(node)
            self.flush()
        elif name in CONTAINER_TAGS:
            self.flush()
            self.nodes(node.contents)
            self.flush()
        elif re.fullmatch(r"h[1-6]", name):
            self.flush()
            self.heading(node, None)
        elif name == "blockquote":
            self.flush()
            self.quote(node)
        elif name == "figure":
            self.flush()
            self.figure(node)
        elif name == "img":
            self.flush()
            self.image(node, "", {})
        elif name in {"ul", "ol"}:
            self.flush()
            self.add_rich(str(node))
        elif name in {"iframe", "wp-embed", "video", "audio", "embed", "object", "source"}:
            self.flush()
            url = node.get("src") or node.get("data") or node.get_text(" ", strip=True)
            if name == "wp-embed":
                self.embed(url, "")
            else:
                source = node.find("source")
                if not url and source is not None:
                    url = source.get("src", "")
                self.result.note(f"<{name}> was kept as an embed of its address")
                self.embed(url, "")
        elif name in DROPPED_TAGS:
            self.result.note(f"<{name}> was removed")
        elif name == "hr":
            self.flush()
            self.result.note("<hr> has no equivalent and was left out")
        elif name == "table":
            self.flush()
            self.result.note("<table> was kept as rich text, a line per row")
            rows = [
                " · ".join(cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"]))
                for row in node.find_all("tr")
            ]
            self.add_rich("<p>" + "<br>".join(_escape(row) for row in rows if row) + "</p>")
        elif name == "pre":
            self.flush()
            self.result.note("<pre> was kept as rich text")
            lines = node.get_text().strip("\n").split("\n")
            self.add_rich("<p>" + "<br>".join(_escape(line) for line in lines) + "</p>")
        else:
            self.flush()
            self.result.note(f"<{name}> was kept as rich text")
            self.add_rich(f"<p>{node.decode_contents()}</p>")

    def text(self, text: str) -> None:
        """Classic content's blank lines are paragraph breaks (WordPress's wpautop)."""
        pieces = re.split(r"\n\s*\n", text)
        for index, piece in enumerate(pieces):
            if index:
                self.flush()
            self.run.append(_escape(piece))

    def paragraph_node(self, node: Tag) -> None:
        for child in list(node.contents):
            self.node(child)

    def flush(self) -> None:
        html = "".join(self.run).strip()
        self.run = []
        if not html:
            return
        plain = _soup(html).get_text()
        url = URL_ONLY.match(plain)
        if url and "<a " not in html:
            self.embed(url[1], "")  # a URL on its own line: WordPress embeds it
            return
        html = re.sub(r"\s*\n\s*", "<br>", html)
        self.add_rich(f"<p>{html}</p>")

    # Block builders

    def add(self, kind: str, value: Any) -> None:
        self.result.blocks.append({"type": kind, "value": value})

    def add_rich(self, html: str) -> None:
        soup = _soup(html)
        unusual = sorted({tag.name for tag in soup.find_all(True)} - QUIET_TAGS - INLINE_TAGS)
        unusual += sorted(
            {tag.name for tag in soup.find_all(True)}
            & (INLINE_TAGS - RICH_TAGS - set(RENAMED)) - {"span", "font", "br", "wbr"}
        )
        for name in unusual:
            self.result.note(f"<{name}> was reduced to its text")
        for old, new in RENAMED.items():
            for tag in soup.find_all(old):
                tag.name = new
        cleaned = nh3.clean(
            str(soup),
            tags=RICH_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
            strip_comments=True,
        ).strip()
        if _soup(cleaned).get_text().strip():
            self.add("paragraph", cleaned)

    def heading(self, node: Tag, level: Any) -> None:
        is_heading = re.fullmatch(r"h[1-6]", node.name or "")
        heading = node if is_heading else node.find(re.compile("^h[1-6]$")) or node
        text = collapse_spaces(heading.get_text(" "))
        if not text:
            return
        tag = heading.name or ""
        number = int(level) if str(level).isdigit() else int(tag[1:] if tag[1:].isdigit() else 2)
        if len(text) > HEADING_MAX:
            self.result.note("a heading longer than 200 characters was kept as bold text")
            self.add_rich(f"<p><b>{_escape(text)}</b></p>")
            return
        self.add("heading", {"text": text, "level": "h2" if number <= 2 else "h3"})

    def quote(self, node: Tag) -> None:
        cite = node.find(["cite", "footer"])
        attribution = collapse_spaces(cite.get_text(" ")) if cite else ""
        if cite is not None:
            cite.extract()
        classes = node.get("class") or []
        if "twitter-tweet" in classes or "instagram-media" in classes:
            links = [a.get("href", "") for a in node.find_all("a") if a.get("href")]
            self.embed(links[-1] if links else "", collapse_spaces(node.get_text(" ")))
            return
        paragraphs = node.find_all("p") or [node]
        text = "\n\n".join(
            collapse_spaces(paragraph.get_text(" ")) for paragraph in paragraphs
        ).strip()
        if not text:
            return
        source = node.get("cite", "")
        self.add(
            "quote",
            {
                "text": text,
                "attribution": _clip(attribution, CAPTION_MAX, self.result, "quote attribution"),
                "source": source if source.startswith(("http://", "https://")) else "",
            },
        )

    def figure(self, node: Tag) -> None:
        caption_node = node.find("figcaption")
        caption = caption_node.get_text(" ", strip=True) if caption_node else ""
        image = node.find("img")
        if image is not None:
            self.image(image, caption, {})
            return
        embedded = node.find(["iframe", "video", "audio", "wp-embed"])
        if embedded is not None:
            url = embedded.get("src") or embedded.get_text(" ", strip=True)
            self.embed(url, caption)
            return
        if node.find("blockquote") is not None:
            self.quote(node.find("blockquote"))
            return
        if caption_node is not None:
            caption_node.extract()
        self.nodes(node.contents)
        self.flush()
        if caption:
            self.add_rich(f"<p>{_escape(caption)}</p>")

    def image(self, node: Tag, caption: str, attrs: dict[str, Any]) -> None:
        classes = " ".join(node.get("class") or [])
        attachment = str(attrs.get("id") or "")
        if not attachment:
            found = re.search(r"wp-image-(\d+)", classes)
            attachment = found[1] if found else ""
        src = node.get("src", "")
        if not src:
            self.result.note("an image without an address was left out")
            return
        found_image = FoundImage(
            src=src,
            alt=collapse_spaces(node.get("alt", "")),
            caption=_clip(collapse_spaces(caption), CAPTION_MAX, self.result, "caption"),
            attachment_id=attachment,
        )
        block = self.image_block(found_image)
        self.add(block["type"], block["value"])
        for message in block.get("notes", []):
            self.result.note(message)

    def embed(self, url: str, caption: str) -> None:
        url = (url or "").strip()
        if not url.startswith(("http://", "https://")):
            if caption:
                self.add_rich(f"<p>{_escape(caption)}</p>")
            self.result.note("an embed without a web address was kept as its text")
            return
        fallback = f"{caption}\n{url}" if caption else url
        self.add("embed", {"url": url[:200], "fallback": fallback})


def _shortcodes(html: str, result: Conversion) -> str:
    """[caption] and [embed] become markup the converter reads; others are noted."""

    def caption(match: re.Match) -> str:
        attrs, inner = match[1], match[2]
        soup = _soup(inner)
        image = soup.find("img")
        if image is None:
            result.note("a [caption] without an image was kept as text")
            return inner
        wrapper = image.find_parent("a") or image
        wrapper.extract()
        text = soup.get_text(" ", strip=True)
        if not text:
            found = re.search(r'caption="([^"]*)"', attrs)
            text = found[1] if found else ""
        return f"<figure>{image}<figcaption>{_escape(text)}</figcaption></figure>"

    html = CAPTION.sub(caption, html)
    html = EMBED.sub(lambda match: f"<wp-embed>{_escape(match[1].strip())}</wp-embed>", html)
    for name in sorted({match[2].lower() for match in SHORTCODE.finditer(html)}):
        result.note(f"the shortcode [{name}] was kept as text")
    return html


def _soup(html: str) -> BeautifulSoup:
    """Parsed HTML; a paragraph that is only a URL is ordinary input here, not a mistake."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int, result: Conversion, what: str) -> str:
    if len(text) <= limit:
        return text
    result.note(f"a {what} longer than {limit} characters was shortened")
    return text[: limit - 1] + "…"
