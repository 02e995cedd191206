"""The offer foreign key of the daily rows loses its own index: the unique (offer, day) index answers every lookup
by offer, and each flush of counts no longer writes a second index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0006_offer_day"),
    ]

    operations = [
        migrations.AlterField(
            model_name="offerday",
            name="offer",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="days", to="offers.offer"
            ),
        ),
    ]
