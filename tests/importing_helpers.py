"""Small WordPress exports (WXR) written for the import tests, built from a few parts."""

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape


@dataclass
class C:
    """A comment as WordPress exports it."""

    id: int
    date: str  # "2020-01-02 10:00:00", GMT
    text: str = "Nice."
    parent: int = 0
    approved: str = "1"
    type: str = "comment"
    author: str = "Reader"
    email: str = "reader@example.org"


@dataclass
class P:
    """A post as WordPress exports it."""

    id: int
    title: str
    content: str = "<p>Body.</p>"
    slug: str = ""
    date: str = "2020-01-01 09:00:00"
    status: str = "publish"
    post_type: str = "post"
    author: str = "amina"
    excerpt: str = ""
    language: str = ""  # Polylang language term
    polylang_group: str = ""  # Polylang post_translations term
    meta: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[C] = field(default_factory=list)


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def comment_xml(comment: C) -> str:
    return f"""
      <wp:comment>
        <wp:comment_id>{comment.id}</wp:comment_id>
        <wp:comment_author>{cdata(comment.author)}</wp:comment_author>
        <wp:comment_author_email>{escape(comment.email)}</wp:comment_author_email>
        <wp:comment_author_url>https://reader.example.org/</wp:comment_author_url>
        <wp:comment_author_IP>192.0.2.7</wp:comment_author_IP>
        <wp:comment_date>{comment.date}</wp:comment_date>
        <wp:comment_date_gmt>{comment.date}</wp:comment_date_gmt>
        <wp:comment_content>{cdata(comment.text)}</wp:comment_content>
        <wp:comment_approved>{comment.approved}</wp:comment_approved>
        <wp:comment_type>{comment.type}</wp:comment_type>
        <wp:comment_parent>{comment.parent}</wp:comment_parent>
        <wp:comment_user_id>0</wp:comment_user_id>
      </wp:comment>"""


def post_xml(post: P) -> str:
    terms = "".join(
        f'<category domain="category" nicename="{name.lower()}">{cdata(name)}</category>'
        for name in post.categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{name.lower()}">{cdata(name)}</category>'
        for name in post.tags
    )
    if post.language:
        terms += (
            f'<category domain="language" nicename="{post.language}">{post.language}</category>'
        )
    if post.polylang_group:
        terms += (
            f'<category domain="post_translations" nicename="{post.polylang_group}">'
            f"{post.polylang_group}</category>"
        )
    meta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>"
        for key, value in post.meta.items()
    )
    return f"""
    <item>
      <title>{escape(post.title)}</title>
      <link>https://blog.example.org/?p={post.id}</link>
      <dc:creator>{cdata(post.author)}</dc:creator>
      <content:encoded>{cdata(post.content)}</content:encoded>
      <excerpt:encoded>{cdata(post.excerpt)}</excerpt:encoded>
      <wp:post_id>{post.id}</wp:post_id>
      <wp:post_date>{post.date}</wp:post_date>
      <wp:post_date_gmt>{post.date}</wp:post_date_gmt>
      <wp:comment_status>open</wp:comment_status>
      <wp:post_name>{cdata(post.slug)}</wp:post_name>
      <wp:status>{post.status}</wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:post_type>{post.post_type}</wp:post_type>
      {terms}{meta}{"".join(comment_xml(comment) for comment in post.comments)}
    </item>"""


def wxr(
    *posts: P, language: str = "sw", version: str = "1.2", channel_extra: str = "", head: str = ""
) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>{head}
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>Blogu</title>
  <link>https://blog.example.org</link>
  <language>{language}</language>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>https://blog.example.org</wp:base_site_url>
  <wp:base_blog_url>https://blog.example.org</wp:base_blog_url>
  <wp:author>
    <wp:author_id>1</wp:author_id>
    <wp:author_login>{cdata("amina")}</wp:author_login>
    <wp:author_email>{cdata("amina@example.org")}</wp:author_email>
    <wp:author_display_name>{cdata("Amina Juma")}</wp:author_display_name>
  </wp:author>
  {channel_extra}
  {"".join(post_xml(post) for post in posts)}
</channel>
</rss>
"""


def write(tmp_path: Path, text: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
