"""Company dashboard pages about jobs, applications and budgets (mounted under /dashboard/)."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("jobs/", views.job_list, name="dashboard-jobs"),
    path("jobs/new/", views.job_new, name="dashboard-job-new"),
    path("jobs/locations/", views.location_search, name="dashboard-location-search"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="dashboard-job"),
    path("jobs/<uuid:job_id>/edit/", views.job_edit, name="dashboard-job-edit"),
    path("jobs/<uuid:job_id>/publish/", views.job_transition, {"action": "publish"}, name="dashboard-job-publish"),
    path("jobs/<uuid:job_id>/pause/", views.job_transition, {"action": "pause"}, name="dashboard-job-pause"),
    path("jobs/<uuid:job_id>/resume/", views.job_transition, {"action": "resume"}, name="dashboard-job-resume"),
    path("jobs/<uuid:job_id>/close/", views.job_transition, {"action": "close"}, name="dashboard-job-close"),
    path("jobs/<uuid:job_id>/applications/", views.application_list, name="dashboard-job-applications"),
    path("jobs/<uuid:job_id>/applications.csv", views.job_applications_csv, name="dashboard-job-applications-csv"),
    path("applications/", views.application_list, name="dashboard-applications"),
    path("applications/<int:application_id>/", views.application_detail, name="dashboard-application"),
    path("applications/<int:application_id>/decide/", views.application_decide, name="dashboard-application-decide"),
    path("applications/<int:application_id>/spam/", views.application_mark_spam, name="dashboard-application-spam"),
    path("budgets/", views.budgets, name="dashboard-budgets"),
]
