"""Company dashboard pages about jobs, applications and budgets (mounted under /dashboard/)."""

from django.urls import path

from .dashboard_views import applications, budgets, jobs, stats

urlpatterns = [
    path("jobs/", jobs.job_list, name="dashboard-jobs"),
    path("jobs/new/", jobs.job_new, name="dashboard-job-new"),
    path("jobs/locations/", jobs.location_search, name="dashboard-location-search"),
    path("jobs/<uuid:job_id>/", jobs.job_detail, name="dashboard-job"),
    path("jobs/<uuid:job_id>/stats.csv", stats.job_stats_csv, name="dashboard-job-stats-csv"),
    path("jobs/<uuid:job_id>/edit/", jobs.job_edit, name="dashboard-job-edit"),
    path("jobs/<uuid:job_id>/publish/", jobs.job_transition, {"action": "publish"}, name="dashboard-job-publish"),
    path("jobs/<uuid:job_id>/pause/", jobs.job_transition, {"action": "pause"}, name="dashboard-job-pause"),
    path("jobs/<uuid:job_id>/resume/", jobs.job_transition, {"action": "resume"}, name="dashboard-job-resume"),
    path("jobs/<uuid:job_id>/close/", jobs.job_transition, {"action": "close"}, name="dashboard-job-close"),
    path("jobs/<uuid:job_id>/applications/", applications.application_list, name="dashboard-job-applications"),
    path(
        "jobs/<uuid:job_id>/applications.csv", applications.job_applications_csv, name="dashboard-job-applications-csv"
    ),
    path("applications/", applications.application_list, name="dashboard-applications"),
    path("applications/<int:application_id>/", applications.application_detail, name="dashboard-application"),
    path(
        "applications/<int:application_id>/decide/",
        applications.application_decide,
        name="dashboard-application-decide",
    ),
    path(
        "applications/<int:application_id>/spam/", applications.application_mark_spam, name="dashboard-application-spam"
    ),
    path("budgets/", budgets.budgets, name="dashboard-budgets"),
]
