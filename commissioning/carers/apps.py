from django.apps import AppConfig
from django.db.models.signals import post_migrate


def sync_service_catalogue(sender, app_config=None, using="default", **kwargs):
    """The service catalogue is reference data: after every migrate, and after the flush that ends a
    browser test (it sends post_migrate), the table matches fixtures/demo/carers/service-catalogue.json."""
    if app_config is None or app_config.label != "carers":
        return
    from .catalogue import sync_catalogue
    from .models import CatalogueService

    sync_catalogue(CatalogueService.objects.db_manager(using).model)


class CarersConfig(AppConfig):
    name = "commissioning.carers"
    label = "carers"
    verbose_name = "All-Age Carers Hub"

    def ready(self):
        post_migrate.connect(sync_service_catalogue, sender=self, dispatch_uid="carers-service-catalogue")
