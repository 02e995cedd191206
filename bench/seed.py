"""Bench data: one partner company's jobs and many companies' offers, written with bulk inserts.

Seeding is additive and deterministic: `seed_to(size)` tops the data up from whatever is there, so the small size
is measured first and the large one after topping up, and row i is the same row whatever the size.

What is in it (i is a row's index):
- the partner company's jobs: 80% ACTIVE (published over the last 29 days), then PAUSED, DRAFT, CLOSED and EXPIRED
  5% each; one or two US cities each (a fifth are remote); a bid on a third; every tenth (i % 10 == 5) has two
  qualifications, a question, three applications (pending, accepted, rejected; the accepted one qualified and
  charged), a lifetime budget, and every 200th of those a daily budget its charge already fills (hidden from the
  board); one company-wide monthly cap, far from full, so the board's budget test has charges to add up;
- offers across 20 companies (the last one blocked): 90% visible now, the rest hidden, ended, scheduled or archived;
- titles from a list of 100 roles of which 7 say "Engineer", so `engineer` matches about 7% of postings; five offers
  and five jobs (all below the smallest size) say "Zeppelin", the rare term.
Search documents are filled by the models' own set-based refresh (jobs/search_index.py, offers/search_index.py).
"""

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from companies.models import Company
from companies.services import partner_key_issue
from jobs.choices import ApplicationStatus, BudgetWindow, JobLevel, JobStatus, JobType, RemoteOption, SalaryPeriod
from jobs.models import Application, Budget, Charge, CompanyBudget, Job, JobLocation, Location, Qualification, Question
from jobs.search_index import jobs_refresh_search_vectors
from jobs.services import budgets as job_budget_services
from offers.models import FIELDS, JOB_TYPES, TECHNOLOGIES, HiddenReason, Offer
from offers.search_index import offers_refresh_search_vectors


@dataclass(frozen=True)
class Size:
    name: str
    jobs: int
    offers: int


SIZES = {"small": Size("small", jobs=1_000, offers=10_000), "large": Size("large", jobs=100_000, offers=200_000)}
QUICK_SIZES = {"small": Size("small", jobs=500, offers=2_000), "large": Size("large", jobs=10_000, offers=20_000)}

PARTNER_SLUG = "bench-partner"
OFFER_COMPANIES = 20
JOB_BATCH = 5_000
OFFER_BATCH = 10_000
RARE_TERM = "zeppelin"
COMMON_TERM = "engineer"
RARE_ROWS = (13, 113, 213, 313, 413)
# A job rich in children (qualifications, a question, applications, budgets): the partner detail endpoint's job.
DETAIL_JOB_INDEX = 105
_NAMESPACE = uuid.UUID("6f1d2c3e-4b5a-4c6d-8e7f-901234567890")

ENGINEER_ROLES = [
    "Backend Engineer",
    "Software Engineer",
    "Data Engineer",
    "Site Reliability Engineer",
    "Machine Learning Engineer",
    "Frontend Engineer",
    "Platform Engineer",
]
_PREFIXES = ["Junior", "Senior", "Lead"]
_NOUNS = [
    "Data Analyst",
    "Product Designer",
    "Registered Nurse",
    "Account Executive",
    "Customer Success Manager",
    "Warehouse Associate",
    "Pharmacy Technician",
    "Electrician",
    "Financial Analyst",
    "Recruiter",
    "Operations Planner",
    "Teacher",
    "Copywriter",
    "Project Manager",
    "Sales Representative",
    "Accountant",
    "Physician Assistant",
    "Marketing Specialist",
    "Support Specialist",
    "Research Scientist",
    "Solar Installer",
    "Logistics Coordinator",
    "Dental Hygienist",
    "Barista",
    "Paralegal",
    "Chef",
    "Security Analyst",
    "Technical Writer",
    "HR Generalist",
    "Wind Turbine Technician",
    "Office Manager",
]
OTHER_ROLES = [f"{prefix} {noun}" for prefix in _PREFIXES for noun in _NOUNS]  # 93
ROLES = ENGINEER_ROLES + OTHER_ROLES
assert len(ROLES) == 100

_DESCRIPTIONS = [
    "Join a small team that ships every week. You will own your work from the first sketch to production.",
    "We are growing fast and need people who like solving problems with customers, not just for them.",
    "A calm, well-funded company with flexible hours, a learning budget and four weeks of paid leave.",
    "You will work closely with our operations group, improve how we plan, and mentor newer colleagues.",
    "Our clinics serve thousands of patients a month; help us keep care personal as we scale.",
]
OFFER_CITIES = ["Lisbon, Portugal", "Porto, Portugal", "Braga, Portugal", "Coimbra, Portugal", "Aveiro, Portugal"]
COMPANY_NAMES = [
    "Northwind Labs",
    "Blue Harbor Analytics",
    "Granite Peak Energy",
    "Lighthouse Learning",
    "Cedar Clinics",
    "Orchard Retail",
    "Silverline Logistics",
    "Maple Finance",
    "Riverbend Media",
    "Summit Health",
    "Copperleaf Foods",
    "Bright Meadow Schools",
    "Ironwood Security",
    "Tidewater Travel",
    "Juniper Legal",
    "Foxglove Games",
    "Harborview Hotels",
    "Quartz Insurance",
    "Willow Home Care",
    "Old Mill Bakery",
]


def job_id(index: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"job-{index}")


def _title(index: int) -> str:
    if index in RARE_ROWS:
        return "Zeppelin Hangar Technician"
    # 7919 is prime to 100, so consecutive rows walk every role and 7 in 100 are engineers.
    return ROLES[(index * 7919) % 100]


def _description(index: int) -> str:
    return f"{_DESCRIPTIONS[index % len(_DESCRIPTIONS)]} {_DESCRIPTIONS[(index // 5) % len(_DESCRIPTIONS)]}"


@dataclass(frozen=True)
class BenchContext:
    partner: Company
    partner_key: str
    detail_job_id: uuid.UUID


def prepare() -> BenchContext:
    """The partner company (with a fresh key) and the offer companies, created once."""
    partner, _ = Company.objects.get_or_create(
        slug=PARTNER_SLUG,
        defaults={"name": "Acme Robotics", "terms_version_accepted": "bench", "payment_card_last4": "4242"},
    )
    for n, name in enumerate(COMPANY_NAMES):
        Company.objects.get_or_create(
            slug=f"bench-offers-{n:02}", defaults={"name": name, "is_blocked": n == OFFER_COMPANIES - 1}
        )
    CompanyBudget.objects.get_or_create(
        company=partner, window=BudgetWindow.MONTHLY, defaults={"budget_cents": 2_000_000_000}
    )
    return BenchContext(
        partner=partner,
        partner_key=partner_key_issue(company=partner, label="bench").raw,
        detail_job_id=job_id(DETAIL_JOB_INDEX),
    )


def seed_to(size: Size, context: BenchContext) -> None:
    started = time.perf_counter()
    _seed_jobs(size.jobs, context.partner, started)
    _seed_offers(size.offers, started)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(f"  seeded to {size.name}: {size.jobs:,} jobs, {size.offers:,} offers in {elapsed:.0f}s")


def _progress(kind: str, done: int, total: int, started: float) -> None:
    print(f"  {kind}: {done:,}/{total:,} ({time.perf_counter() - started:.0f}s)", flush=True)


def _seed_jobs(total: int, partner: Company, started: float) -> None:
    have = Job.objects.filter(company=partner).count()
    if have >= total:
        return
    us_places = list(
        Location.objects.filter(country_code="US").order_by("-population", "id").values_list("pk", flat=True)[:300]
    )
    if not us_places:
        raise SystemExit("No canonical locations: run the migrations first.")
    now = timezone.now()
    for start in range(have, total, JOB_BATCH):
        with transaction.atomic():
            indexes = range(start, min(start + JOB_BATCH, total))
            Job.objects.bulk_create([_job(i, partner, now) for i in indexes])
            JobLocation.objects.bulk_create(
                JobLocation(job_id=job_id(i), location_id=place, order=n)
                for i in indexes
                for n, place in enumerate(_places(i, us_places))
            )
            rich = [i for i in indexes if i % 10 == 5]
            _seed_children(rich, partner, now)
            _refresh_budget_state([job_id(i) for i in rich if i % 200 == 45], now)
            jobs_refresh_search_vectors(jobs=Job.objects.filter(pk__in=[job_id(i) for i in indexes]))
        _progress("jobs", indexes[-1] + 1, total, started)


def _places(i: int, us_places: list[int]) -> list[int]:
    """One or two cities; every fifth job is remote, with none."""
    if i % 5 == 0:
        return []
    first, second = us_places[i % len(us_places)], us_places[(i * 7 + 1) % len(us_places)]
    return [first, second] if i % 3 == 0 and second != first else [first]


def _job(i: int, partner: Company, now: datetime) -> Job:
    status = {0: JobStatus.DRAFT, 1: JobStatus.PAUSED, 2: JobStatus.CLOSED, 3: JobStatus.EXPIRED}.get(
        i % 20, JobStatus.ACTIVE
    )
    published = now - timedelta(minutes=(i * 7919) % (29 * 24 * 60) + 1)
    if status == JobStatus.EXPIRED:
        published -= timedelta(days=31)
    hourly = i % 4 == 0
    return Job(
        id=job_id(i),
        company=partner,
        title=_title(i),
        description=_description(i),
        remote_option=RemoteOption.REMOTE if i % 5 == 0 else (RemoteOption.HYBRID if i % 2 else RemoteOption.IN_PERSON),
        remote_country="United States" if i % 5 == 0 else None,
        job_type=JobType.values[i % 4],
        job_level=JobLevel.values[i % 3],
        salary_min=(20 if hourly else 60_000) + i % 7 * (2 if hourly else 5_000),
        salary_max=(30 if hourly else 90_000) + i % 7 * (2 if hourly else 5_000),
        salary_period=SalaryPeriod.HOURLY if hourly else SalaryPeriod.ANNUAL,
        bid_per_qualified_applicant_cents=500 if i % 10 == 5 else (300 if i % 3 == 0 else None),
        status=status,
        published_at=None if status == JobStatus.DRAFT else published,
        expires_at=None if status == JobStatus.DRAFT else published + timedelta(days=30),
        closed_at=now if status == JobStatus.CLOSED else None,
    )


def _seed_children(rich: list[int], partner: Company, now: datetime) -> None:
    """Qualifications, a question, three applications (one qualified and charged) and budgets for rich jobs."""
    Qualification.objects.bulk_create(
        Qualification(job_id=job_id(i), text=text, order=n)
        for i in rich
        for n, text in enumerate(["Two years of relevant experience", "Eligible to work in the US"])
    )
    Question.objects.bulk_create(
        Question(job_id=job_id(i), prompt="When could you start?", options=["Now", "In a month", "Later"]) for i in rich
    )
    Budget.objects.bulk_create(
        Budget(
            job_id=job_id(i),
            # Every 200th job's daily budget is already spent: it is hidden from the board until tomorrow.
            window=BudgetWindow.DAILY if i % 200 == 45 else BudgetWindow.LIFETIME,
            budget_cents=100 if i % 200 == 45 else 1_000_000,
        )
        for i in rich
    )
    statuses = [ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED]
    applications = Application.objects.bulk_create(
        Application(
            job_id=job_id(i),
            candidate_name=f"Candidate {i}-{n}",
            email=f"candidate{i}-{n}@example.com",
            status=status,
            is_qualified=status == ApplicationStatus.ACCEPTED,
            viewed_at=None if status == ApplicationStatus.PENDING else now,
        )
        for i in rich
        for n, status in enumerate(statuses)
    )
    Charge.objects.bulk_create(
        Charge(
            application=application,
            job_id=application.job_id,
            company=partner,
            amount_cents=500,
            created_at=now - timedelta(seconds=30),
        )
        for application in applications
        if application.is_qualified
    )


def _refresh_budget_state(full_job_ids: list, now: datetime) -> None:
    """Where the app stores a job's budget state (jobs.services.budgets.jobs_refresh_budget_state), store it for the
    jobs seeded full, through the app's own refresh; every other seeded job is far from its caps by construction."""
    refresh = getattr(job_budget_services, "jobs_refresh_budget_state", None)
    if refresh is not None and full_job_ids:
        refresh(jobs=Job.objects.filter(pk__in=full_job_ids), now=now)


def _seed_offers(total: int, started: float) -> None:
    companies = list(Company.objects.filter(slug__startswith="bench-offers-").order_by("slug"))
    have = Offer.objects.filter(company__in=companies).count()
    now = timezone.now()
    for start in range(have, total, OFFER_BATCH):
        with transaction.atomic():
            offers = Offer.objects.bulk_create(
                _offer(i, companies, now) for i in range(start, min(start + OFFER_BATCH, total))
            )
            offers_refresh_search_vectors(offers=Offer.objects.filter(pk__in=[offer.pk for offer in offers]))
        _progress("offers", start + len(offers), total, started)


def _offer(i: int, companies: list[Company], now: datetime) -> Offer:
    state = i % 40
    published = now - timedelta(minutes=(i * 7919) % (150 * 24 * 60) + 1)
    end = published + timedelta(days=180)
    if state == 1:  # ended
        published, end = now - timedelta(days=200), now - timedelta(days=20)
    elif state == 2:  # scheduled
        published, end = now + timedelta(days=10), now + timedelta(days=100)
    company = companies[i % len(companies)]
    return Offer(
        company=company,
        title=_title(i)[:90],
        publish_date=published,
        publish_end_date=end,
        job_min_duration=3,
        job_max_duration=12,
        description=f"<p>{_description(i)}</p>",
        contacts=[f"jobs@{company.slug}.example"],
        is_paid=True,
        vacancies=1 + i % 3,
        job_type=JOB_TYPES[i % len(JOB_TYPES)],
        fields=[FIELDS[i % len(FIELDS)]],
        technologies=[TECHNOLOGIES[i % len(TECHNOLOGIES)], TECHNOLOGIES[(i * 7) % len(TECHNOLOGIES)]],
        is_hidden=state == 0,
        hidden_reason=HiddenReason.COMPANY_REQUEST if state == 0 else None,
        is_archived=state == 3,
        location=OFFER_CITIES[i % len(OFFER_CITIES)],
        requirements=["Curiosity and care"],
        ended_at=now if state == 1 else None,
    )
