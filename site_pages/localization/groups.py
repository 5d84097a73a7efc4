"""One translator group per locale, with exactly what translating into it needs.

Members edit and publish pages in their locale's tree (a page permission on that
locale's home page), translate the Author and Sponsor snippets of their locale, and
nothing else: the source language and other locales stay read-only to them.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale, Page

from .models import LocaleTranslators

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("site_pages", "change_author"),
    ("site_pages", "change_sponsor"),
    ("wagtailimages", "choose_image"),
)


def group_name(locale: Locale) -> str:
    with translation.override("en"):
        return f"Translators: {locale.get_display_name()}"


def locale_root(locale: Locale) -> Page | None:
    """The locale's home page: the top of everything translated into that language."""
    return Page.objects.filter(depth=2, locale=locale).first()


@transaction.atomic
def ensure_translator_groups() -> list[LocaleTranslators]:
    """Idempotent: run after migrations, by the demo loader and by `setup_translators`."""
    permissions = [
        Permission.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in MODEL_PERMISSIONS
    ]
    links = []
    for locale in Locale.objects.all():
        link = LocaleTranslators.objects.filter(locale=locale).select_related("group").first()
        if link is None:
            group, _created = Group.objects.get_or_create(name=group_name(locale))
            link = LocaleTranslators.objects.create(locale=locale, group=group)
        link.group.permissions.add(*[p for p in permissions if p is not None])
        root = locale_root(locale)
        if root is not None:
            for codename in PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=link.group,
                    page=root,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        links.append(link)
    return links


def translator_locales(user) -> set[int] | None:
    """The locales a translator may work in; None for users who are not translators."""
    if not user.is_authenticated or user.is_superuser:
        return None
    ids = set(
        LocaleTranslators.objects.filter(group__user=user).values_list("locale_id", flat=True)
    )
    return ids or None
