"""Company dashboard pages about the company itself, its partner keys and its team (under /dashboard/)."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("company/", views.company_profile, name="dashboard-company"),
    path("company/terms/", views.company_profile, name="dashboard-terms"),
    path("company/payment/", views.company_profile, name="dashboard-payment"),
    path("keys/", views.key_list, name="dashboard-keys"),
    path("team/", views.team, name="dashboard-team"),
]
