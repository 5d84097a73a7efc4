"""The "Comment moderators" group: exactly what moderating comments needs.

Not Wagtail's own "Moderators" group, which its migrations make for page publishing
and which other apps add image, document and translation permissions to.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Comment moderators"
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("conversation", "view_articlecomment"),
    ("conversation", "moderate_articlecomment"),
    ("moderation", "view_blockedterm"),
    ("moderation", "add_blockedterm"),
    ("moderation", "change_blockedterm"),
    ("moderation", "delete_blockedterm"),
]


def create_group(apps, schema_editor):
    # Model permissions are normally made after migrating; the group needs them now.
    for label in ("conversation", "moderation"):
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    group, _created = group_model.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            permission_model.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("conversation", "0003_alter_articlecomment_options"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        # After Wagtail grants "choose" permissions to every group that exists then.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
