import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from companies.services import company_create, company_user_create
from offers.actors import GOD
from offers.api.writes import offer_create
from tests.helpers import GOD_TOKEN, PASSWORD, OffersClient, offer_body


@pytest.fixture(autouse=True)
def god_token(settings):
    settings.GOD_TOKEN = GOD_TOKEN


@pytest.fixture
def company(db):
    return company_create(name="Owner Labs", accept_terms=True, payment_method=True)


@pytest.fixture
def other(db):
    return company_create(name="Rival Works")


@pytest.fixture
def owner(company):
    company_user_create(email="owner@labs.example", password=PASSWORD, company=company)
    return OffersClient(email="owner@labs.example")


@pytest.fixture
def rival(other):
    company_user_create(email="rival@works.example", password=PASSWORD, company=other)
    return OffersClient(email="rival@works.example")


@pytest.fixture
def admin_user(db):
    user = get_user_model().objects.create_user(
        username="mod@board.example", email="mod@board.example", password=PASSWORD, is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="moderate_offer"))
    return user


@pytest.fixture
def admin(admin_user):
    return OffersClient(email="mod@board.example")


@pytest.fixture
def god(db):
    return OffersClient(god=True)


@pytest.fixture
def anon(db):
    return OffersClient()


@pytest.fixture
def make_offer(company):
    """Creates an offer directly through the service, active now unless told otherwise."""

    def _make(target=None, now=None, **overrides):
        now = now or timezone.now()
        body = offer_body(**overrides)
        if "publishDate" not in overrides:
            body.pop("publishDate")
        return offer_create(actor=GOD, body={**body, "owner": (target or company).pk}, now=now)

    return _make


@pytest.fixture
def dashboard_offer(make_offer, owner_company):
    """Creates an offer of the dashboard staff's company (the `staff` client's), live now unless told otherwise."""

    def _make(**overrides):
        return make_offer(target=owner_company, **overrides)

    return _make
