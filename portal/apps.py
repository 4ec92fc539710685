from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.permissions import sync_roles

        def sync_after_migrate(sender, using, apps=None, verbosity=0, **kwargs):
            sync_roles(apps, verbosity=0)

        # Keeps the groups' permissions equal to portal/permissions.py after every migrate.
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="portal.sync_roles")
