from django.core.management.base import BaseCommand

from site_pages.localization.groups import ensure_translator_groups


class Command(BaseCommand):
    help = "Create or update one translator group per locale (run after adding a locale)."

    def handle(self, *args, **options) -> None:
        for link in ensure_translator_groups():
            self.stdout.write(f"{link.group.name}: {link.group.user_set.count()} member(s)")
