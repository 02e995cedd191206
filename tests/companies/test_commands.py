from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from companies.models import Company, PartnerKey
from tests.helpers import PartnerClient

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_create_company_prints_its_id_last():
    company_id = run("create_company", "Globex", "--accept-terms", "--payment-method")[-1]
    company = Company.objects.get(pk=int(company_id))
    assert company.name == "Globex" and company.has_accepted_current_terms and company.has_payment_method


def test_create_company_without_flags_cannot_publish_yet():
    company = Company.objects.get(pk=int(run("create_company", "Initech")[-1]))
    assert not company.has_accepted_current_terms and not company.has_payment_method


def test_issue_partner_key_prints_a_working_key_once():
    company_id = run("create_company", "Globex")[-1]
    key = run("issue_partner_key", company_id)[-1]
    assert key.startswith("sk_ext_")
    assert not PartnerKey.objects.filter(key_hash=key).exists()
    assert PartnerClient(key).get("/jobs").status_code == 200


def test_create_company_user_makes_a_login():
    company_id = run("create_company", "Globex")[-1]
    run("create_company_user", "Pat@Globex.example", "--company", company_id, "--password", "s3cret-pass")
    user = authenticate(username="pat@globex.example", password="s3cret-pass")
    assert user is not None and user.membership.company_id == int(company_id)


def test_create_company_user_refuses_a_password_the_validators_reject():
    company_id = run("create_company", "Globex")[-1]
    with pytest.raises(CommandError, match="too short") as refused:
        run("create_company_user", "pat@globex.example", "--company", company_id, "--password", "Zq9!")
    assert "Zq9!" not in str(refused.value)
    assert not get_user_model().objects.filter(email="pat@globex.example").exists()


def test_seed_demo_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        run("seed_demo")
    assert Company.objects.count() == 0


def test_seed_demo_loads_and_prints_credentials(locations):
    # The tests run with DEBUG off, as production does, so the demo has to be forced.
    lines = run("seed_demo", "--force")
    assert any("sk_ext_" in line for line in lines)
    assert any("staff@acme.example" in line for line in lines)
    from jobboard.management.commands.seed_demo import COMPANIES

    assert Company.objects.count() == len(COMPANIES)
    run("seed_demo", "--force")  # safe to run again
    assert Company.objects.count() == len(COMPANIES)


def test_seed_demo_gives_the_demo_company_90_days_of_history_once(locations):
    from jobboard.management.commands.seed_demo import COMPANIES
    from jobs.models import JobDay
    from offers.models import OfferDay

    run("seed_demo", "--force")
    company = Company.objects.get(name=COMPANIES[0][0])
    today = timezone.now().date()
    history = JobDay.objects.filter(job__company=company, day__lt=today)
    assert history.values("day").distinct().count() == 90
    assert sum(history.values_list("views", flat=True)) > 0
    assert OfferDay.objects.filter(offer__company=company).values("day").distinct().count() == 90
    views = sum(history.values_list("views", flat=True))

    run("seed_demo", "--force")  # safe to run again: the history is not added twice

    assert sum(history.values_list("views", flat=True)) == views
