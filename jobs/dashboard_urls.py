"""Company dashboard pages about jobs, applications and budgets (mounted under /dashboard/)."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("jobs/", views.job_list, name="dashboard-jobs"),
    path("jobs/<uuid:job_id>/", views.job_list, name="dashboard-job"),
    path("applications/", views.application_list, name="dashboard-applications"),
    path("budgets/", views.budgets, name="dashboard-budgets"),
]
