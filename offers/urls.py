from django.urls import path

from . import views

# Public offer pages. The id is taken as text so that a malformed or huge id is a plain 404 (see parse_id).
urlpatterns = [
    path("<str:offer_id>", views.offer_detail, name="offer-detail"),
    path("<str:offer_id>/apply", views.offer_apply, name="offer-apply"),
]
