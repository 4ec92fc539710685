from django.db import migrations


def load_catalogue(apps, schema_editor):
    from commissioning.carers.catalogue import sync_catalogue

    sync_catalogue(apps.get_model("carers", "CatalogueService"))


class Migration(migrations.Migration):
    dependencies = [("carers", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
