"""manage.py compilecatalogs: build the .mo files from the .po catalogs without GNU gettext.

Django's compilemessages needs msgfmt, a system package; the two README commands must
work on a machine that has only Python, so this uses polib (a wagtail-localize
dependency) instead. Fuzzy and untranslated entries are left out, as msgfmt does.
"""

import sys
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogs into .mo files (no gettext needed)."

    def handle(self, *args, **options):
        base_dir = Path(settings.BASE_DIR).resolve()
        environment = Path(sys.prefix).resolve()  # the virtualenv may live inside the project
        app_dirs = [
            path
            for path in (Path(config.path).resolve() for config in apps.get_app_configs())
            if path.is_relative_to(base_dir) and not path.is_relative_to(environment)
        ]
        compiled = 0
        for app_dir in app_dirs:
            for po_path in sorted(app_dir.glob("locale/*/LC_MESSAGES/*.po")):
                try:
                    catalog = polib.pofile(str(po_path))
                except (OSError, ValueError) as error:
                    raise CommandError(f"{po_path}: {error}") from error
                catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
                self.stdout.write(
                    f"{po_path.relative_to(base_dir)}: {catalog.percent_translated()}% translated",
                    self.style.SUCCESS if catalog.percent_translated() == 100 else None,
                )
        self.stdout.write(f"Compiled {compiled} catalogs.")
