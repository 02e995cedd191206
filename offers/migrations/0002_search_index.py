from django.db import migrations


def create_gin_index(apps, schema_editor):
    # Full-text search runs on PostgreSQL only; SQLite keeps a plain column and plain matching.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE INDEX offer_search_vector_gin ON offers_offer USING gin (search_vector)")


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS offer_search_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]

    operations = [migrations.RunPython(create_gin_index, drop_gin_index)]
