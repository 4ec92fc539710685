"""Roles as Django groups, with the permissions named in portal/permissions.py."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from portal.permissions import sync_roles

    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from portal.permissions import Role

    apps.get_model("auth", "Group").objects.filter(name__in=[role.label for role in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
