"""Company dashboard pages about offers (mounted under /dashboard/offers/)."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("", views.offer_list, name="dashboard-offers"),
    path("new/", views.offer_new, name="dashboard-offer-new"),
    path("<int:offer_id>/", views.offer_detail, name="dashboard-offer"),
    path("<int:offer_id>/stats.csv", views.offer_stats_csv, name="dashboard-offer-stats-csv"),
    path("<int:offer_id>/edit/", views.offer_edit, name="dashboard-offer-edit"),
    path("<int:offer_id>/hide/", views.offer_hide, name="dashboard-offer-hide"),
    path("<int:offer_id>/enable/", views.offer_enable, name="dashboard-offer-enable"),
    path("<int:offer_id>/archive/", views.offer_archive, name="dashboard-offer-archive"),
]
