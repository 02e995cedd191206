from django.apps import AppConfig


class PlumbingConfig(AppConfig):
    name = "plumbing"
    # What an admin finds here: the outbox.
    verbose_name = "Outgoing mail"
    default_auto_field = "django.db.models.BigAutoField"
