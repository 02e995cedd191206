from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from plumbing.counting import counter_register

        from .services.days import COUNTER_KIND, offer_days_add

        counter_register(COUNTER_KIND, offer_days_add)
