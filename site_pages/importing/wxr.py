"""A WordPress export (WXR 1.1 or 1.2) read as plain records, one `<item>` at a time.

`scan` is the first, light pass: the channel's language and site, authors, attachments,
translation-group terms and one small summary per post. `read_posts` is the second pass,
yielding each post with its comments. Neither holds more than one item's XML at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from . import php_serialize
from .safe_xml import ImportFileError, child_text, iter_records, local_name, namespace

CHANNEL_FIELDS = {"language", "base_site_url", "base_blog_url", "wxr_version", "link", "title"}
RECORDS = {"item", "author", "term", *CHANNEL_FIELDS}


@dataclass
class WxrAuthor:
    login: str
    email: str = ""
    display_name: str = ""


@dataclass
class WxrAttachment:
    url: str
    alt: str = ""
    credit: str = ""


@dataclass
class WxrComment:
    id: str
    post_id: str
    author: str
    email: str
    url: str
    ip: str
    date: datetime
    content: str
    approved: str
    type: str
    parent: str

    @property
    def is_ping(self) -> bool:
        return self.type in {"pingback", "trackback"}


@dataclass
class WxrPost:
    id: str
    title: str
    slug: str
    link: str
    date: datetime  # the post's own (site-local) date and time
    date_gmt: datetime | None
    status: str
    post_type: str
    author_login: str
    content: str
    excerpt: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (nicename, name)
    tags: list[str] = field(default_factory=list)
    language: str = ""  # Polylang's `language` term or WPML's language, "" if none
    group: str = ""  # translation group key, "" if none
    wpml_source_language: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)


@dataclass
class PostSummary:
    """What the first pass keeps of a post: enough to group translations and plan."""

    id: str
    post_type: str
    status: str
    language: str
    group: str
    date: datetime
    comment_count: int


@dataclass
class Channel:
    """The export's site-wide facts, gathered by `scan`."""

    title: str = ""
    link: str = ""
    language: str = ""
    wxr_version: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: dict[str, WxrAuthor] = field(default_factory=dict)
    attachments: dict[str, WxrAttachment] = field(default_factory=dict)
    posts: dict[str, PostSummary] = field(default_factory=dict)
    # Polylang's post_translations terms: group key -> {language: post id}
    polylang_groups: dict[str, dict[str, str]] = field(default_factory=dict)
    item_count: int = 0

    @property
    def export_id(self) -> str:
        """Which WordPress site this is: its address, the scope of its post and comment ids."""
        return (self.base_blog_url or self.base_site_url or self.link or self.title)[:255]


# WPML: the postmeta the "WPML Export and Import" add-on writes, older trid/language keys
# some sites carry, and <wpml:…> elements some exporters add to each item.
WPML_GROUP_KEYS = ("_wpml_import_translation_group", "_wpml_trid", "wpml_trid")
WPML_LANGUAGE_KEYS = ("_wpml_import_language_code", "_wpml_language", "wpml_language")
WPML_SOURCE_KEYS = ("_wpml_import_source_language_code", "_wpml_source_language")
WPML_ELEMENTS = {"trid": "group", "translation_group": "group", "language_code": "language"}


def parse_date(value: str, utc: bool = False) -> datetime | None:
    """WXR dates are `YYYY-MM-DD HH:MM:SS`; the `_gmt` ones are UTC, 0000-00-00 is none."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        parsed = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if utc else parsed


def scan(path: Path) -> Channel:
    """First pass: the channel, authors, attachments, groups, and a summary of every post."""
    channel = Channel()
    for element in iter_records(path, RECORDS):
        name = local_name(element.tag)
        if name in CHANNEL_FIELDS:
            setattr(channel, name, (element.text or "").strip())
        elif name == "author":
            author = _author(element)
            if author.login:
                channel.authors[author.login] = author
        elif name == "term":
            _polylang_term(element, channel)
        elif name == "item":
            channel.item_count += 1
            _summarise(element, channel)
    if not channel.wxr_version:
        raise ImportFileError(
            "This is not a WordPress export: the file has no <wp:wxr_version> "
            "(Tools → Export in WordPress writes one)."
        )
    return channel


def read_posts(path: Path) -> Iterator[tuple[WxrPost | None, str, str, int]]:
    """Second pass: each item as (post or None for non-posts, post type, status, comments)."""
    for element in iter_records(path, {"item"}):
        post_type = child_text(element, "post_type")
        status = child_text(element, "status")
        if post_type != "post":
            comments = sum(1 for child in element if local_name(child.tag) == "comment")
            yield None, post_type, status, comments
            continue
        post = read_post(element)
        yield post, post_type, status, len(post.comments)


def read_post(item: Element) -> WxrPost:
    post_id = child_text(item, "post_id")
    date = parse_date(child_text(item, "post_date"))
    date_gmt = parse_date(child_text(item, "post_date_gmt"), utc=True)
    post = WxrPost(
        id=post_id,
        title=child_text(item, "title"),
        slug=child_text(item, "post_name"),
        link=child_text(item, "link"),
        date=date or (date_gmt.replace(tzinfo=None) if date_gmt else datetime(1970, 1, 1)),
        date_gmt=date_gmt,
        status=child_text(item, "status"),
        post_type=child_text(item, "post_type"),
        author_login=child_text(item, "creator"),
        content="",
        excerpt="",
    )
    for child in item:
        name = local_name(child.tag)
        if name == "encoded":
            if "excerpt" in namespace(child.tag):
                post.excerpt = child.text or ""
            else:
                post.content = child.text or ""
        elif name == "category":
            _category(child, post)
        elif name == "postmeta":
            key = child_text(child, "meta_key")
            if key:
                post.meta[key] = child_text(child, "meta_value", strip=False)
        elif name == "comment":
            post.comments.append(_comment(child, post_id))
        elif "wpml" in namespace(child.tag) and name in WPML_ELEMENTS:
            _wpml_element(post, WPML_ELEMENTS[name], (child.text or "").strip())
    _wpml_meta(post)
    return post


def _author(element: Element) -> WxrAuthor:
    return WxrAuthor(
        login=child_text(element, "author_login"),
        email=child_text(element, "author_email"),
        display_name=child_text(element, "author_display_name")
        or " ".join(
            part
            for part in (
                child_text(element, "author_first_name"),
                child_text(element, "author_last_name"),
            )
            if part
        ),
    )


def _polylang_term(element: Element, channel: Channel) -> None:
    """Polylang's `post_translations` term: its description maps languages to post ids."""
    if child_text(element, "term_taxonomy") != "post_translations":
        return
    slug = child_text(element, "term_slug")
    try:
        members = php_serialize.loads(child_text(element, "term_description"))
    except ValueError:
        return  # the items' own post_translations category still groups them
    if slug and isinstance(members, dict):
        channel.polylang_groups["pll:" + slug] = {
            str(language): str(post_id) for language, post_id in members.items()
        }


def _summarise(item: Element, channel: Channel) -> None:
    post_type = child_text(item, "post_type")
    post_id = child_text(item, "post_id")
    if post_type == "attachment":
        channel.attachments[post_id] = _attachment(item)
        return
    if post_type != "post":
        return
    post = read_post(item)
    channel.posts[post_id] = PostSummary(
        id=post_id,
        post_type=post_type,
        status=post.status,
        language=post.language,
        group=post.group,
        date=post.date,
        comment_count=len(post.comments),
    )


def _attachment(item: Element) -> WxrAttachment:
    attachment = WxrAttachment(url=child_text(item, "attachment_url"))
    for child in item:
        if local_name(child.tag) != "postmeta":
            continue
        key, value = child_text(child, "meta_key"), child_text(child, "meta_value")
        if key == "_wp_attachment_image_alt":
            attachment.alt = value
        elif key == "_wp_attachment_metadata":
            attachment.credit = _credit(value)
    return attachment


def _credit(metadata: str) -> str:
    """The credit or copyright WordPress read from the photo's IPTC data, if any."""
    try:
        data = php_serialize.loads(metadata)
    except ValueError:
        return ""
    meta = data.get("image_meta") if isinstance(data, dict) else None
    if not isinstance(meta, dict):
        return ""
    for key in ("credit", "copyright"):
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _category(element: Element, post: WxrPost) -> None:
    domain = element.get("domain", "")
    nicename = element.get("nicename", "")
    name = (element.text or "").strip()
    if domain == "category":
        post.categories.append((nicename, name))
    elif domain == "post_tag":
        post.tags.append(name)
    elif domain == "language":  # Polylang
        post.language = nicename or name
    elif domain == "post_translations":  # Polylang
        post.group = "pll:" + (nicename or name)


def _wpml_element(post: WxrPost, what: str, value: str) -> None:
    if not value:
        return
    if what == "group" and not post.group:
        post.group = "wpml:" + value
    elif what == "language" and not post.language:
        post.language = value


def _wpml_meta(post: WxrPost) -> None:
    for key in WPML_GROUP_KEYS:
        if post.meta.get(key, "").strip():
            _wpml_element(post, "group", post.meta[key].strip())
    for key in WPML_LANGUAGE_KEYS:
        if post.meta.get(key, "").strip():
            _wpml_element(post, "language", post.meta[key].strip())
    for key in WPML_SOURCE_KEYS:
        if post.meta.get(key, "").strip():
            post.wpml_source_language = post.meta[key].strip()


def _comment(element: Element, post_id: str) -> WxrComment:
    date_gmt = parse_date(child_text(element, "comment_date_gmt"), utc=True)
    if date_gmt is None:
        local = parse_date(child_text(element, "comment_date"))
        date_gmt = (local or datetime(1970, 1, 1)).replace(tzinfo=UTC)
    return WxrComment(
        id=child_text(element, "comment_id"),
        post_id=post_id,
        author=child_text(element, "comment_author"),
        email=child_text(element, "comment_author_email"),
        url=child_text(element, "comment_author_url"),
        ip=child_text(element, "comment_author_IP"),
        date=date_gmt,
        content=child_text(element, "comment_content", strip=False),
        approved=child_text(element, "comment_approved"),
        type=child_text(element, "comment_type"),
        parent=child_text(element, "comment_parent"),
    )
