"""Company sign-up (under /signup/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.signup, name="signup"),
    path("sent/", views.signup_sent, name="signup-sent"),
    path("confirm/<str:token>", views.signup_confirm, name="signup-confirm"),
    path("status/", views.signup_status, name="signup-status"),
]
