"""Company dashboard pages about the company itself, its partner keys and webhooks, and its team (under /dashboard/)."""

from django.urls import path

from . import dashboard_views as views

urlpatterns = [
    path("company/terms/", views.terms, name="dashboard-terms"),
    path("company/payment/", views.payment, name="dashboard-payment"),
    path("keys/", views.key_list, name="dashboard-keys"),
    path("keys/issue/", views.key_issue, name="dashboard-key-issue"),
    path("keys/<int:key_id>/revoke/", views.key_revoke, name="dashboard-key-revoke"),
    path("keys/webhooks/add/", views.webhook_add, name="dashboard-webhook-add"),
    path("keys/webhooks/<int:endpoint_id>/", views.webhook_detail, name="dashboard-webhook"),
    path("keys/webhooks/<int:endpoint_id>/enable/", views.webhook_enable, name="dashboard-webhook-enable"),
    path("keys/webhooks/<int:endpoint_id>/remove/", views.webhook_remove, name="dashboard-webhook-remove"),
    path(
        "keys/webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/send-again/",
        views.webhook_resend,
        name="dashboard-webhook-resend",
    ),
    path("notifications/", views.notifications, name="dashboard-notifications"),
    path("team/", views.team, name="dashboard-team"),
    path("team/add/", views.team_add, name="dashboard-team-add"),
    path("team/<int:member_id>/remove/", views.team_remove, name="dashboard-team-remove"),
    path(
        "team/invitations/<int:invitation_id>/cancel/",
        views.team_invitation_cancel,
        name="dashboard-team-invitation-cancel",
    ),
]
