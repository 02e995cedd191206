from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, reverse_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from companies import dashboard_views as company_dashboard_views
from companies.access import company_staff_required
from offers import dashboard_views as offers_dashboard_views

from . import admin_statistics, alert_views, login_views, onboarding_views, unsubscribe, views
from .feeds import PostingsAtomFeed, PostingsFeed
from .forms import LimitedPasswordResetForm
from .sitemaps import SITEMAPS

# Login, logout and password pages for company staff: Django's auth views with our templates.
auth_urls = [
    path("login/", login_views.dashboard_login, name="dashboard-login"),
    path("logout/", auth_views.LogoutView.as_view(), name="dashboard-logout"),
    path(
        "password/",
        company_staff_required(
            auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("dashboard-password-change-done"))
        ),
        name="dashboard-password-change",
    ),
    path(
        "password/done/",
        company_staff_required(auth_views.PasswordChangeDoneView.as_view()),
        name="dashboard-password-change-done",
    ),
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=LimitedPasswordResetForm, success_url=reverse_lazy("dashboard-password-reset-done")
        ),
        name="dashboard-password-reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="dashboard-password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("dashboard-password-reset-complete")),
        name="dashboard-password-reset-confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="dashboard-password-reset-complete",
    ),
]

dashboard_urls = [
    path("", views.dashboard_overview, name="dashboard"),
    path("last-30-days.csv", views.dashboard_overview_csv, name="dashboard-overview-csv"),
    path("company/", views.dashboard_company_profile, name="dashboard-company"),
    path("welcome/", onboarding_views.welcome, name="dashboard-welcome"),
    path("welcome/publish/", onboarding_views.welcome_publish, name="dashboard-welcome-publish"),
    path("welcome/skip/", onboarding_views.welcome_skip, name="dashboard-welcome-skip"),
    *auth_urls,
    path("", include("jobs.dashboard_urls")),
    path("offers/", include("offers.dashboard_urls")),
    path("", include("companies.dashboard_urls")),
    path("company/account/", offers_dashboard_views.company_account, name="dashboard-account"),
]

urlpatterns = [
    # Before the admin's own URLs, so that its login page is the throttled one.
    path("admin/login/", login_views.admin_login, name="admin-login"),
    path("admin/statistics/", admin_statistics.platform_statistics, name="admin-platform-statistics"),
    path("admin/statistics/csv", admin_statistics.platform_statistics_csv, name="admin-platform-statistics-csv"),
    path("admin/", admin.site.urls),
    path("api/external/v1/", include("jobs.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        # Swagger UI under the site's CSP: its start script served as a file (the split view) and the page's
        # inline <style> moved to a file (the template); its stylesheet draws icons from data: images.
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="jobboard/api_docs.html")
        ),
        name="swagger-ui",
    ),
    path("api/", include("offers.api.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", include(dashboard_urls)),
    # Every mail that can be turned off links here (List-Unsubscribe); no trailing slash, as the header names it.
    path("unsubscribe/<str:token>", unsubscribe.unsubscribe, name="unsubscribe"),
    path("invitation/<str:token>/", company_dashboard_views.invitation_accept, name="invitation-accept"),
    path("signup/", include("companies.applications.urls")),
    # Feeds and discovery: a board search as RSS or Atom, the sitemap index and its sections, robots.txt.
    path("feeds/rss/", require_safe(PostingsFeed()), name="feed-rss"),
    path("feeds/atom/", require_safe(PostingsAtomFeed()), name="feed-atom"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", require_safe(sitemap_views.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("", views.board, name="home"),
    # Saved-search alerts: subscribe from a board search, confirm, unsubscribe (RFC 8058 one-click), manage.
    path("alerts/new", alert_views.alert_new, name="alert-new"),
    path("alerts/confirm/<str:token>", alert_views.alert_confirm, name="alert-confirm"),
    path("alerts/manage/<str:token>", alert_views.alert_manage, name="alert-manage"),
    path("offers/", include("offers.urls")),
    path("companies/<slug:slug>", views.company_detail, name="company-detail"),
    path("", include("jobs.urls")),
]

# Failures outside the APIs' own handlers: 503 in the right envelope while the database is unreachable.
handler500 = "jobboard.error_pages.server_error"
