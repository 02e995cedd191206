from django.apps import AppConfig


class PlumbingConfig(AppConfig):
    name = "plumbing"
    default_auto_field = "django.db.models.BigAutoField"
