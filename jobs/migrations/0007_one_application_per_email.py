import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0006_charge_protect"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                models.F("job"), django.db.models.functions.text.Lower("email"), name="one_application_per_email"
            ),
        ),
    ]
