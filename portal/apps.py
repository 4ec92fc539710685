from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_roles_after_migrate(sender, apps=None, **kwargs):
    from portal.permissions import sync_roles

    sync_roles(apps)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Keeps the groups' permissions equal to portal/permissions.py after every migrate. (A module-level
        # function: signals hold weak references, and a closure here would be garbage-collected.)
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="portal.sync_roles")
