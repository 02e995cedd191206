from django.db import migrations


def forwards(apps, schema_editor):
    from jobs.locations_data import load_locations

    load_locations(apps.get_model("jobs", "Location"))


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
