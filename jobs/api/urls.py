from django.urls import path, re_path

from . import views

urlpatterns = [
    path("jobs", views.JobListCreateView.as_view(), name="partner-jobs"),
    path("jobs/<str:job_id>", views.JobDetailView.as_view(), name="partner-job"),
    path("jobs/<str:job_id>/publish", views.JobPublishView.as_view(), name="partner-job-publish"),
    path("jobs/<str:job_id>/pause", views.JobPauseView.as_view(), name="partner-job-pause"),
    path("jobs/<str:job_id>/resume", views.JobResumeView.as_view(), name="partner-job-resume"),
    path("jobs/<str:job_id>/close", views.JobCloseView.as_view(), name="partner-job-close"),
    path("locations/search", views.LocationSearchView.as_view(), name="partner-locations-search"),
    re_path(r"^.*$", views.UnknownPathView.as_view()),
]
