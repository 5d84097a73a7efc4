"""manage.py load_demo: build (or complete) the demo site from the seed articles."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.users.models import UserProfile

from home.demo.loader import load_demo

DEMO_USERNAME = "admin"
DEMO_NAME = ("Demo", "Admin")
DEMO_PASSWORD = "mazungumzo-demo"  # noqa: S105 - printed on purpose; refused outside DEBUG


class Command(BaseCommand):
    help = "Create the demo articles from the seeds, and a demo admin user. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo admin user."
        )

    def handle(self, *args, no_admin: bool = False, **options):
        report = load_demo()
        self.stdout.write(
            f"Demo content: {len(report.created)} created, {len(report.existing)} already there."
        )
        for label in report.created:
            self.stdout.write(f"  + {label}")
        if no_admin:
            return
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create the demo admin (a known password) with DEBUG off; "
                "use --no-admin and manage.py createsuperuser instead."
            )
        user_model = get_user_model()
        user, created = user_model.objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"email": "admin@localhost", "is_staff": True, "is_superuser": True},
        )
        if not (user.first_name and user.last_name):
            # Wagtail's account page saves name, email and language in one form, and the
            # name is required there: without one, the language could never be changed.
            user.first_name, user.last_name = DEMO_NAME
            user.save(update_fields=["first_name", "last_name"])
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "en"
            profile.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: /admin/  user {DEMO_USERNAME!r}  password {DEMO_PASSWORD!r}"
                + ("" if created else " (user already existed; password unchanged)")
            )
        )
