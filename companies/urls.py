from django.urls import path

from . import views

# The public company pages (the company dashboard is under /dashboard/, see dashboard_urls).
urlpatterns = [
    path("<slug:slug>", views.company_detail, name="company-detail"),
]
