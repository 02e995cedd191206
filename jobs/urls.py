from django.urls import path

from . import views

urlpatterns = [
    path("jobs/<uuid:job_id>", views.job_detail, name="job-detail"),
    path("jobs/<uuid:job_id>/apply", views.job_apply, name="job-apply"),
    path("jobs/<uuid:job_id>/applied", views.job_applied, name="job-applied"),
]
