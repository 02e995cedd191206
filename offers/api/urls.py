from django.urls import path, re_path

from . import company_applications, views

urlpatterns = [
    path("auth/login", views.LoginView.as_view(), name="auth-login"),
    path("auth/me", views.MeView.as_view(), name="auth-me"),
    path("offers", views.OfferSearchView.as_view(), name="offers-search"),
    path("offers/new", views.OfferCreateView.as_view(), name="offers-new"),
    path("offers/edit/<str:offer_id>", views.OfferEditView.as_view(), name="offers-edit"),
    path("offers/company/<str:company_id>", views.CompanyOffersView.as_view(), name="offers-company"),
    path("offers/<str:offer_id>", views.OfferDetailView.as_view(), name="offers-detail"),
    path("offers/<str:offer_id>/hide", views.OfferHideView.as_view(), name="offers-hide"),
    path("offers/<str:offer_id>/disable", views.OfferDisableView.as_view(), name="offers-disable"),
    path("offers/<str:offer_id>/enable", views.OfferEnableView.as_view(), name="offers-enable"),
    path("offers/<str:offer_id>/archive", views.OfferArchiveView.as_view(), name="offers-archive"),
    path("company/<str:company_id>/block", views.CompanyBlockView.as_view(), name="company-block"),
    path("company/<str:company_id>/unblock", views.CompanyUnblockView.as_view(), name="company-unblock"),
    path("company/<str:company_id>/disable", views.CompanyDisableView.as_view(), name="company-disable"),
    path("company/<str:company_id>/enable", views.CompanyEnableView.as_view(), name="company-enable"),
    path(
        "company/<str:company_id>/hasReachedMaxConcurrentOffersBetweenDates",
        views.CompanyMaxOffersView.as_view(),
        name="company-max-offers",
    ),
    path("apply/company", company_applications.CompanyApplyView.as_view(), name="apply-company"),
    path(
        "apply/company/validate/<str:token>/confirm",
        company_applications.CompanyApplyConfirmView.as_view(),
        name="apply-company-confirm",
    ),
    path(
        "applications/company/search",
        company_applications.CompanyApplicationSearchView.as_view(),
        name="applications-company-search",
    ),
    path(
        "applications/company/<str:application_id>/approve",
        company_applications.CompanyApplicationApproveView.as_view(),
        name="applications-company-approve",
    ),
    path(
        "applications/company/<str:application_id>/reject",
        company_applications.CompanyApplicationRejectView.as_view(),
        name="applications-company-reject",
    ),
    re_path(r"^.*$", views.UnknownPathView.as_view()),
]
