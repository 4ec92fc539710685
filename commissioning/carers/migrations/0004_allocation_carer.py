import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("carers", "0003_caseload_indexes")]

    operations = [
        migrations.AddField(
            model_name="allocation",
            name="carer",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="carers.carer",
            ),
        ),
        migrations.RunSQL(
            "UPDATE carers_allocation a SET carer_id = r.carer_id FROM carers_referral r WHERE r.id = a.referral_id",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="allocation",
            name="carer",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="carers.carer",
            ),
        ),
        migrations.AddField(
            model_name="historicalallocation",
            name="carer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="carers.carer",
            ),
        ),
        migrations.RemoveIndex(model_name="allocation", name="allocation_at_idx"),
        migrations.AddIndex(
            model_name="allocation",
            index=models.Index(
                fields=["allocated_at"], include=("service_id", "carer_id"), name="allocation_at_idx"
            ),
        ),
    ]
