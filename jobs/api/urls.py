from django.urls import path, re_path

from . import applications, stats, views, webhooks

urlpatterns = [
    path("jobs", views.JobListCreateView.as_view(), name="partner-jobs"),
    path("jobs/<str:job_id>", views.JobDetailView.as_view(), name="partner-job"),
    path("jobs/<str:job_id>/publish", views.JobPublishView.as_view(), name="partner-job-publish"),
    path("jobs/<str:job_id>/pause", views.JobPauseView.as_view(), name="partner-job-pause"),
    path("jobs/<str:job_id>/resume", views.JobResumeView.as_view(), name="partner-job-resume"),
    path("jobs/<str:job_id>/close", views.JobCloseView.as_view(), name="partner-job-close"),
    path("jobs/<str:job_id>/stats", stats.JobStatsView.as_view(), name="partner-job-stats"),
    path("locations/search", views.LocationSearchView.as_view(), name="partner-locations-search"),
    path(
        "jobs/<str:job_id>/applications",
        applications.JobApplicationListView.as_view(),
        name="partner-job-applications",
    ),
    path("applications/<str:application_id>", applications.ApplicationDetailView.as_view(), name="partner-application"),
    path(
        "applications/<str:application_id>/view",
        applications.ApplicationMarkViewedView.as_view(),
        name="partner-application-view",
    ),
    path(
        "applications/<str:application_id>/accept",
        applications.ApplicationAcceptView.as_view(),
        name="partner-application-accept",
    ),
    path(
        "applications/<str:application_id>/reject",
        applications.ApplicationRejectView.as_view(),
        name="partner-application-reject",
    ),
    path("webhooks", webhooks.WebhookListCreateView.as_view(), name="partner-webhooks"),
    path("webhooks/<str:webhook_id>", webhooks.WebhookDetailView.as_view(), name="partner-webhook"),
    path(
        "webhooks/<str:webhook_id>/deliveries",
        webhooks.WebhookDeliveryListView.as_view(),
        name="partner-webhook-deliveries",
    ),
    re_path(r"^.*$", views.UnknownPathView.as_view()),
]
