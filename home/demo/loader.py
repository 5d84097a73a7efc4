"""Builds the demo site from seed_content.json: locales, home and index pages, articles.

Every object gets a translation key derived from its seed key, so running the loader
again finds what it made before and creates only what is missing.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from site_pages.conversation.models import ArticleComment, CommentTranslation, Conversation
from site_pages.localization.groups import ensure_translator_groups
from site_pages.models import ArticleIndexPage, ArticlePage, Author, Sponsor

Fill = Callable[[Page, str], None]
SEED_FILE = Path(__file__).with_name("seed_content.json")
KEY_NAMESPACE = uuid.UUID("6f1d9a52-3c57-4a53-9a0e-7d1b8f2f5a10")

SITE_NAME = "Mazungumzo"
HOME = {
    "sw": ("Mazungumzo", "Makala na mazungumzo yake, kwa lugha yako."),
    "cy": ("Mazungumzo", "Erthyglau a'u sgyrsiau, yn eich iaith chi."),
    "en": ("Mazungumzo", "Articles and their conversations, in your language."),
}
ARTICLE_INDEX = {
    "sw": ("Makala", "makala"),
    "cy": ("Erthyglau", "erthyglau"),
    "en": ("Articles", "articles"),
}
PLACEHOLDER_COLOURS = {"mtu-analia": (46, 94, 120), "khawkins04": (120, 84, 46)}


def stable_key(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"{kind}:{key}")


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)

    def note(self, created: bool, label: str) -> None:
        (self.created if created else self.existing).append(label)


class DemoLoader:
    def __init__(self, seed_file: Path = SEED_FILE) -> None:
        self.seed = json.loads(seed_file.read_text(encoding="utf-8"))
        self.report = LoadReport()
        self.enabled = [code for code, _name in settings.LANGUAGES]

    @transaction.atomic
    def run(self) -> LoadReport:
        self.locales = {code: self._locale(code) for code in self.enabled}
        homes = self._homes()
        indexes = self._indexes(homes)
        images = {key: self._image(key, spec) for key, spec in self.seed["images"].items()}
        authors = {
            key: self._translated_snippets(Author, "author", key, spec)
            for key, spec in self.seed["authors"].items()
        }
        sponsors = {
            key: self._translated_snippets(Sponsor, "sponsor", key, spec)
            for key, spec in self.seed["sponsors"].items()
        }
        for article in self.seed["articles"]:
            self._article(article, indexes, images, authors, sponsors)
        ensure_translator_groups()  # now that every locale has its home page
        return self.report

    # Locales and the page tree -------------------------------------------------------

    def _locale(self, code: str) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code=code)
        self.report.note(created, f"locale {code}")
        return locale

    def _homes(self) -> dict[str, HomePage]:
        source_code = self.enabled[0]
        if not HomePage.objects.filter(translation_key=stable_key("page", "home")).exists():
            self._remove_welcome_page()
        home = self._source_page(HomePage, "home", source_code, self._tree_root(), self._fill_home)
        self._point_site_at(home)
        return self._with_translations(home, self.enabled, self._fill_home)

    def _fill_home(self, page: HomePage, code: str) -> None:
        title, intro = HOME.get(code, HOME["en"])
        page.title, page.intro = title, f"<p>{intro}</p>"
        page.slug = page.slug or "home"

    def _tree_root(self) -> Page:
        """The page tree's root, which Wagtail's migrations make; a flushed database lacks it."""
        root = Page.get_first_root_node()
        if root is None:
            root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
        return root

    def _remove_welcome_page(self) -> None:
        """Wagtail's first migration leaves a bare "Welcome" page; the demo home replaces it."""
        for page in self._tree_root().get_children():
            if page.specific_class is Page and page.is_leaf():
                Site.objects.filter(root_page=page).delete()
                page.delete()

    def _point_site_at(self, home: HomePage) -> None:
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = base_url.hostname or "localhost"
        site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
        site.root_page, site.site_name = home, SITE_NAME
        site.save()

    def _indexes(self, homes: dict[str, HomePage]) -> dict[str, ArticleIndexPage]:
        source_code = self.enabled[0]
        index = self._source_page(
            ArticleIndexPage, "articles", source_code, homes[source_code], self._fill_index
        )
        return self._with_translations(index, self.enabled, self._fill_index)

    def _fill_index(self, page: ArticleIndexPage, code: str) -> None:
        page.title, page.slug = ARTICLE_INDEX.get(code, ARTICLE_INDEX["en"])

    def _source_page(self, model, key: str, code: str, parent: Page, fill: Fill) -> Page:
        """The page in its source language, made under `parent` and published if missing."""
        translation_key = stable_key("page", key)
        page = model.objects.filter(translation_key=translation_key, locale=self.locales[code])
        page = page.first()
        created = page is None
        if created:
            page = model(translation_key=translation_key, locale=self.locales[code])
            fill(page, code)
            parent.add_child(instance=page)
            page.save_revision().publish()
        self.report.note(created, f"{model.__name__} {page.slug} ({code})")
        return page

    def _with_translations(self, source: Page, codes, fill: Fill) -> dict[str, Page]:
        """The source page and its translation into each of `codes` (made where missing)."""
        source_code = source.locale.language_code
        pages = {source_code: source}
        for code in codes:
            if code != source_code and code in self.locales:
                pages[code] = self._translation(source, code, fill)
        return pages

    def _translation(self, source: Page, code: str, fill: Fill) -> Page:
        """The source page's live translation into `code`, made and published if missing."""
        existing = source.get_translation_or_none(self.locales[code])
        if existing is not None:
            self.report.note(False, f"{source.specific_class.__name__} {source.slug} ({code})")
            return existing.specific
        translation = source.copy_for_translation(self.locales[code])
        fill(translation, code)
        translation.save_revision().publish()
        # The copy is saved under the source's slug first; nobody ever saw that address.
        Redirect.objects.filter(redirect_page=translation).delete()
        self.report.note(True, f"{source.specific_class.__name__} {translation.slug} ({code})")
        return translation

    # Images and snippets -------------------------------------------------------------

    def _image(self, key: str, spec: dict[str, Any]):
        image_model = get_image_model()
        image = image_model.objects.filter(title=spec["title"]).first()
        created = image is None
        if created:
            image = image_model(title=spec["title"], file=placeholder_image(key, spec["title"]))
            image.save()
        self.report.note(created, f"image {key}")
        return image

    def _translated_snippets(
        self, model, kind: str, key: str, spec: dict[str, Any]
    ) -> dict[str, Any]:
        """One snippet per locale that has text for it (or all locales, for names alone)."""
        translation_key = stable_key(kind, key)
        versions = spec.get("versions") or {code: {"name": spec["name"]} for code in self.enabled}
        result = {}
        for code, fields in versions.items():
            if code not in self.locales:
                continue
            obj = model.objects.filter(
                translation_key=translation_key, locale=self.locales[code]
            ).first()
            created = obj is None
            if created:
                extra = {"url": spec["url"]} if "url" in spec else {}
                obj = model.objects.create(
                    translation_key=translation_key, locale=self.locales[code], **fields, **extra
                )
            self.report.note(created, f"{kind} {key} ({code})")
            result[code] = obj
        return result

    # Articles ------------------------------------------------------------------------

    def _article(self, article, indexes, images, authors, sponsors) -> None:
        source_code = article["source_locale"]
        if source_code not in self.locales:
            return

        def fill(page: ArticlePage, code: str) -> None:
            self._fill_article(page, article, code, images, authors, sponsors)

        source = self._source_page(
            ArticlePage, f"article:{article['key']}", source_code, indexes[source_code], fill
        )
        self._with_translations(source, article["versions"], fill)
        self._conversation(article, source)

    def _conversation(self, article, source: ArticlePage) -> None:
        """The seed's comment thread, numbers and gaps as the seed shows them."""
        conversation = Conversation.for_page(source)
        by_number = {c.number: c for c in ArticleComment.objects.filter(conversation=conversation)}
        published = datetime.combine(date.fromisoformat(article["date"]), time(9), tzinfo=UTC)
        for seed in article.get("comments", []):
            number = seed["number"]
            created = number not in by_number
            if created:
                parent = by_number.get(seed["parent"]) if seed["parent"] else None
                comment = ArticleComment(
                    conversation=conversation,
                    content_object=conversation,
                    site_id=settings.SITE_ID,
                    number=number,
                    parent_id=parent.pk if parent else 0,
                    user_name=seed["author_name"],
                    user_email=f"{slugify(seed['author_name'])}@example.org",
                    comment=seed["text"][seed["language"]],
                    language=seed["language"],
                    submit_date=published + timedelta(hours=number),
                    is_public=seed["is_public"],
                )
                comment.notify = False  # seed history: nobody is waiting for these mails
                comment.save()
                for language, text in seed["text"].items():
                    if language != seed["language"]:
                        CommentTranslation.objects.create(
                            comment=comment, language=language, text=text
                        )
                by_number[number] = comment
            self.report.note(created, f"comment {number} on {article['key']}")

    def _fill_article(self, page: ArticlePage, article, code, images, authors, sponsors) -> None:
        version = article["versions"][code]
        page.title = version["title"]
        page.slug = version["slug"]
        page.topic = version["topic"]
        page.search_description = version["search_description"]
        page.date = date.fromisoformat(article["date"])
        page_authors = authors[article["author"]]
        page.author = page_authors.get(code) or next(iter(page_authors.values()))
        hero = article.get("hero_image")
        if hero:
            page.hero_image = images[hero["image"]]
            page.hero_caption, page.hero_credit = hero["caption"], hero["credit"]
        page.body = json.dumps(
            [self._block(block, code, images, sponsors) for block in version["body"]]
        )

    def _block(self, block, code, images, sponsors) -> dict[str, Any]:
        kind, value = block["type"], block["value"]
        if kind == "image":
            image_key = value["image"]
            alt = self.seed["images"][image_key]["alt"]
            value = {
                "image": {
                    "image": images[image_key].pk,
                    "decorative": False,
                    "alt_text": alt.get(code) or next(iter(alt.values())),
                },
                "caption": value["caption"],
                "credit": value["credit"],
            }
        elif kind == "sponsor":
            versions = sponsors[value]
            value = (versions.get(code) or next(iter(versions.values()))).pk
        return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def placeholder_image(key: str, label: str) -> ImageFile:
    """A plain generated picture standing in for the seed's photograph, labelled with its title."""
    colour = PLACEHOLDER_COLOURS.get(key, (80, 80, 80))
    picture = PillowImage.new("RGB", (1200, 800), colour)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((40, 40, 1160, 760), outline=(255, 255, 255), width=6)
    draw.text((80, 700), label, fill=(255, 255, 255), font_size=48)
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return ImageFile(buffer, name=f"{key}.png")


def load_demo() -> LoadReport:
    return DemoLoader().run()
