from django.db import migrations


def fill_board_vector(apps, schema_editor):
    # Full-text search runs on PostgreSQL only; SQLite keeps a plain column and plain matching. The board's
    # document is the API's document and the description (as offers/search_index.py builds it).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS offer_description_vector_gin RENAME TO offer_board_vector_gin")
        schema_editor.execute(
            "UPDATE offers_offer SET board_vector = "
            "coalesce(search_vector, '') || setweight(to_tsvector('english', description), 'D')"
        )


def restore_description_vector(apps, schema_editor):
    # Runs before the rename is undone, so the column still has its new name here.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX IF EXISTS offer_board_vector_gin RENAME TO offer_description_vector_gin")
        schema_editor.execute(
            "UPDATE offers_offer SET board_vector = setweight(to_tsvector('english', description), 'D')"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0003_board_search"),
    ]

    operations = [
        migrations.RenameField(model_name="offer", old_name="description_vector", new_name="board_vector"),
        migrations.RunPython(fill_board_vector, restore_description_vector),
    ]
