"""Company dashboard pages about offers (mounted under /dashboard/offers/)."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("", views.offer_list, name="dashboard-offers"),
    path("<int:offer_id>/", views.offer_list, name="dashboard-offer"),
]
