"""Serializer fields that make an article whole in the API: body, author, translations."""

from django.urls import reverse
from django.utils import translation
from rest_framework import serializers

RENDITION = "max-1200x1200"


def image_data(image, request, alt_text: str = "", caption: str = "", credit: str = "") -> dict:
    rendition = image.get_rendition(RENDITION)
    url = rendition.url
    return {
        "id": image.pk,
        "url": request.build_absolute_uri(url) if request and url.startswith("/") else url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt_text or image.default_alt_text,
        "caption": caption,
        "credit": credit,
    }


def block_data(block, request) -> dict:
    value = block.value
    kind = block.block_type
    if kind == "paragraph":
        data = {"html": str(value)}
    elif kind == "heading":
        data = {"text": value["text"], "level": value["level"]}
    elif kind == "quote":
        data = {k: value[k] for k in ("text", "attribution", "source")}
    elif kind == "image":
        image = value["image"]
        data = image_data(
            image,
            request,
            alt_text=getattr(image, "contextual_alt_text", "") or "",
            caption=value["caption"],
            credit=value["credit"],
        )
    elif kind == "embed":
        data = {"url": value["url"] or None, "fallback": value["fallback"]}
    elif kind == "sponsor":
        sponsor = value.localized if value is not None else None
        data = (
            {
                "name": sponsor.name,
                "message": sponsor.message,
                "link_text": sponsor.link_text,
                "url": sponsor.url,
                "locale": sponsor.locale.language_code,
            }
            if sponsor
            else None
        )
    else:
        data = block.block.get_api_representation(value)
    return {"type": kind, "id": block.id, "value": data}


class ArticleBodyField(serializers.Field):
    """The body as typed blocks, resolved in the article's own language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page) -> list[dict]:
        request = self.context.get("request")
        with translation.override(page.locale.language_code):
            return [block_data(block, request) for block in page.body]


class AuthorField(serializers.Field):
    def to_representation(self, author) -> dict | None:
        if author is None:
            return None
        return {"id": author.pk, "name": author.name, "bio": author.bio}


class HeroImageField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page) -> dict | None:
        if page.hero_image is None:
            return None
        return image_data(
            page.hero_image,
            self.context.get("request"),
            caption=page.hero_caption,
            credit=page.hero_credit,
        )


class TranslationsField(serializers.Field):
    """The article's other live, public language versions."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page) -> list[dict]:
        request = self.context.get("request")
        others = page.get_translations().live().public().select_related("locale")
        return [
            {
                "locale": other.locale.language_code,
                "id": other.pk,
                "url": other.get_full_url(request),
            }
            for other in others.order_by("locale__language_code")
        ]


class ConversationField(serializers.Field):
    """How many comments the shared conversation has, and where to read them."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page) -> dict:
        from site_pages.conversation.models import Conversation
        from site_pages.conversation.tree import visible_count

        conversation = Conversation.objects.filter(translation_key=page.translation_key).first()
        request = self.context.get("request")
        url = reverse("mazungumzo_api:comments", args=[page.pk])
        return {
            "count": visible_count(conversation) if conversation else 0,
            "open": conversation.is_open() if conversation else not page.comments_closed,
            "url": request.build_absolute_uri(url) if request else url,
        }
