"""Demo data for a newcomer: companies, staff, a partner key, jobs in every status, applications."""

import random
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from companies.applications.services import company_application_submit, company_application_validate
from companies.models import Company, CompanyApplication, PartnerKey
from companies.services import (
    company_create,
    company_user_create,
    partner_key_issue,
    partner_key_matching,
    partner_key_revoke,
)
from jobs.models import CompanyBudget, Job, JobDay, Location
from jobs.services.applications import application_submit
from jobs.services.budgets import company_budget_set
from jobs.services.days import job_days_add
from jobs.services.jobs import job_create, job_pause
from offers.actors import GOD
from offers.api import writes as offer_writes
from offers.models import HiddenReason, Offer
from offers.services.days import offer_days_add
from offers.services.offers import offer_disable
from plumbing.times import iso_z

DEMO_PASSWORD = "demo-password-123"
ADMIN_EMAIL = "admin@example.com"
DEMO_KEY_LABEL = "demo"
APPLICANT_EMAIL = "hello@orchardbikes.example"

COMPANIES = [
    ("Acme Robotics", "staff@acme.example", "Builds warehouse robots."),
    ("Northwind Health", "staff@northwind.example", "Clinics and telehealth."),
    ("Blue Harbor Analytics", "staff@blueharbor.example", "Data science consulting."),
    ("Granite Peak Energy", "staff@granitepeak.example", "Solar farms and grid storage across the Mountain West."),
    ("Lighthouse Learning", "staff@lighthouse.example", "Online courses for working adults."),
]

# Title, level, type, workplace, salary from, salary to (under 1000 means hourly), city (None: remote).
# Each company takes every fifth; its third is left a draft.
JOBS = [
    ("Senior Backend Engineer", "SENIOR", "FULL_TIME", "HYBRID", 160000, 210000, "Austin"),
    ("Registered Nurse, Telehealth", "MID", "FULL_TIME", "REMOTE", 78000, 96000, None),
    ("Data Analyst", "ENTRY", "FULL_TIME", "REMOTE", 65000, 85000, None),
    ("Solar Installation Lead", "SENIOR", "FULL_TIME", "IN_PERSON", 72000, 95000, "Phoenix"),
    ("Instructional Designer", "MID", "CONTRACT", "REMOTE", 45, 70, None),
    ("Robotics Field Technician", "MID", "FULL_TIME", "IN_PERSON", 70000, 90000, "Denver"),
    ("Medical Receptionist", "ENTRY", "PART_TIME", "IN_PERSON", 18, 24, "Chicago"),
    ("Analytics Engineer", "MID", "FULL_TIME", "HYBRID", 120000, 150000, "New York City"),
    ("Grid Storage Engineer", "SENIOR", "FULL_TIME", "HYBRID", 140000, 175000, "Salt Lake City"),
    ("Course Support Specialist", "ENTRY", "PART_TIME", "REMOTE", 20, 26, None),
    ("Product Designer", "MID", "CONTRACT", "HYBRID", 60, 90, "Seattle"),
    ("Clinical Data Manager", "SENIOR", "FULL_TIME", "HYBRID", 110000, 135000, "Boston"),
    ("Site Reliability Engineer", "SENIOR", "FULL_TIME", "REMOTE", 150000, 190000, None),
    ("Electrician Apprentice", "ENTRY", "FULL_TIME", "IN_PERSON", 22, 28, "Albuquerque"),
    ("Frontend Engineer", "MID", "FULL_TIME", "HYBRID", 115000, 145000, "Portland"),
    ("Summer Intern, Machine Learning", "ENTRY", "INTERNSHIP", "IN_PERSON", 30, 40, "Boston"),
    ("Physician Assistant", "SENIOR", "FULL_TIME", "IN_PERSON", 115000, 140000, "Houston"),
    ("Machine Learning Engineer", "SENIOR", "FULL_TIME", "REMOTE", 170000, 220000, None),
    ("Operations Planner", "MID", "FULL_TIME", "HYBRID", 75000, 92000, "Denver"),
    ("Learning Community Manager", "MID", "FULL_TIME", "REMOTE", 68000, 82000, None),
    ("Warehouse Automation Intern", "ENTRY", "INTERNSHIP", "IN_PERSON", 25, 32, "Pittsburgh"),
    ("Pharmacy Technician", "ENTRY", "PART_TIME", "IN_PERSON", 19, 25, "Atlanta"),
    ("Business Intelligence Developer", "MID", "CONTRACT", "REMOTE", 70, 95, None),
    ("Wind Turbine Technician", "MID", "FULL_TIME", "IN_PERSON", 58000, 76000, "Cheyenne"),
    ("Senior Software Engineer, Platform", "SENIOR", "FULL_TIME", "HYBRID", 165000, 205000, "San Francisco"),
]

# Title, jobType, fields, technologies, location. Each company takes every fifth (at most 5 live at once).
OFFERS = [
    (
        "Backend Engineering Intern",
        "SUMMER INTERNSHIP",
        ["BACKEND"],
        ["Python", "Django", "PostgreSQL"],
        "Porto, Portugal",
    ),
    (
        "Health Informatics Research Grant",
        "RESEARCH GRANT",
        ["RESEARCH", "DATA SCIENCE"],
        ["Python", "R"],
        "Coimbra, Portugal",
    ),
    ("Data Analyst Intern", "SUMMER INTERNSHIP", ["DATA SCIENCE"], ["SQL", "Python"], "Aveiro, Portugal"),
    ("Energy Systems Trainee", "CURRICULAR INTERNSHIP", ["EMBEDDED"], ["C", "Python"], "Évora, Portugal"),
    ("E-learning Developer", "PART-TIME", ["FRONTEND"], ["JavaScript", "React"], "Remote"),
    ("Frontend Developer", "FULL-TIME", ["FRONTEND"], ["TypeScript", "React"], "Lisbon, Portugal"),
    ("Mobile Developer (part-time)", "PART-TIME", ["MOBILE"], ["Kotlin", "Swift"], "Coimbra, Portugal"),
    (
        "Machine Learning Research Grant",
        "RESEARCH GRANT",
        ["ARTIFICIAL INTELLIGENCE", "RESEARCH"],
        ["Python", "PyTorch"],
        "Braga, Portugal",
    ),
    ("IoT Firmware Intern", "SUMMER INTERNSHIP", ["EMBEDDED"], ["C++", "Rust"], "Porto, Portugal"),
    ("QA Automation Trainee", "CURRICULAR INTERNSHIP", ["QUALITY ASSURANCE"], ["Python", "Selenium"], "Remote"),
    ("DevOps Trainee", "CURRICULAR INTERNSHIP", ["DEVOPS", "CLOUD"], ["Docker", "Kubernetes", "Terraform"], "Remote"),
    ("Clinical Software Engineer", "FULL-TIME", ["BACKEND", "FULL-STACK"], ["Java", "Spring"], "Porto, Portugal"),
    ("Cloud Engineer", "FULL-TIME", ["CLOUD", "DEVOPS"], ["AWS", "Terraform"], "Lisbon, Portugal"),
    ("Grid Data Scientist", "OTHER", ["DATA SCIENCE"], ["Python", "PostgreSQL"], "Faro, Portugal"),
    ("Learning Platform Developer", "FULL-TIME", ["FULL-STACK"], ["Ruby", "Ruby on Rails"], "Braga, Portugal"),
]


def _job_data(title, level, job_type, remote, salary_min, salary_max, city) -> dict:
    hourly = salary_max < 1000
    data = {
        "title": title,
        "description": f"{title}: join a small team shipping real products. Good benefits, kind colleagues.",
        "remote_option": remote,
        "remote_country": "United States" if remote == "REMOTE" else None,
        "job_type": job_type,
        "job_level": level,
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_period": "HOURLY" if hourly else "ANNUAL",
        "bid_per_qualified_applicant_cents": 500,
        "qualifications": [
            {"text": "Authorized to work in the United States", "kind": "REQUIRED", "order": 0},
            {"text": "Two years of relevant experience", "kind": "REQUIRED", "order": 1},
            {"text": "Has shipped something you are proud of", "kind": "PREFERRED", "order": 2},
        ],
        "questions": [
            {"prompt": "When could you start?", "order": 0, "options": ["Now", "In a month", "Later"]},
            {"prompt": "Tell us about a project you are proud of.", "order": 1, "options": []},
        ],
        "budgets": [{"window": "MONTHLY", "budget_cents": 50000, "notes": "Demo budget"}],
        "locations": [],
    }
    if city:
        location = Location.objects.filter(city=city, country="United States").order_by("-population").first()
        data["locations"] = [location.pk] if location else []
    return data


class Command(BaseCommand):
    help = "Load demo companies, staff, jobs, offers and applications (safe to run again)."

    def log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even with DEBUG off (it creates logins with a published password).",
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the addresses printed at the end (bin/dev passes its port).",
        )
        parser.add_argument(
            "--key-file",
            type=Path,
            help="A local file that keeps the demo partner key: reused while it still works here, rewritten when "
            "a new one is issued. Without it, each run revokes the previous demo key and issues a new one.",
        )

    def handle(self, *args, force=False, base_url="http://127.0.0.1:8000", key_file=None, **options):
        if not settings.DEBUG and not force:
            # The demo's admin and staff logins share a password printed in the README: loading them into a
            # production database by mistake would open it to anyone who read it.
            raise CommandError(
                "seed_demo creates logins with a published password, so it refuses to run with DEBUG off. "
                "Run it with DEBUG=1 (bin/dev does), or pass --force if this database really is a demo."
            )
        User = get_user_model()
        now = timezone.now()
        if not User.objects.filter(username=ADMIN_EMAIL).exists():
            User.objects.create_superuser(username=ADMIN_EMAIL, email=ADMIN_EMAIL, password=DEMO_PASSWORD)
            self.log(f"[1/4] admin {ADMIN_EMAIL} created")
        else:
            self.log("[1/4] admin already present")

        companies = []
        for name, email, bio in COMPANIES:
            company = Company.objects.filter(name=name).first()
            if company is None:
                with transaction.atomic():
                    company = company_create(
                        name=name, bio=bio, accept_terms=True, payment_method=True, contacts=[email]
                    )
                    company_user_create(email=email, password=DEMO_PASSWORD, company=company)
            companies.append(company)
        self.log(f"[2/4] {len(companies)} companies with staff logins")

        created = 0
        for i, company in enumerate(companies):
            if company.jobs.exists():
                continue
            for j, spec in enumerate(JOBS[i :: len(COMPANIES)]):
                publish = j != 2  # one draft per company
                # Published a few hours apart, so the board's newest-first order shows.
                published = now - timedelta(hours=3 * (i + len(COMPANIES) * j))
                job = job_create(company=company, data=_job_data(*spec), publish=publish, now=published)
                created += 1
                if publish and j == 0:
                    for n, (cand, met_all) in enumerate(
                        [("Ada Lovelace", True), ("Alan Turing", True), ("Grace Hopper", False)]
                    ):
                        quals = list(job.qualifications.all())
                        application_submit(
                            job_id=job.pk,
                            candidate_name=cand,
                            email=f"{cand.split()[0].lower()}@candidates.example",
                            answers={
                                str(q.pk): "Now" if q.options else "A robot that sorts parcels."
                                for q in job.questions.all()
                            },
                            met_qualification_ids=[q.pk for q in quals] if met_all else [quals[-1].pk],
                            now=now + timedelta(seconds=n),
                        )
                if publish and j == 1 and i == 1:
                    job_pause(company=company, job_id=job.pk, now=now)
        self.log(f"[3/4] {created} jobs created ({Job.objects.count()} in all)")

        self._seed_offers(companies, now)
        self._seed_dashboard_extras(companies[0])
        self._seed_application(now)
        self._seed_history(companies[0], now)

        raw_key, how = self._demo_key(companies[0], key_file)
        base_url = base_url.rstrip("/")
        self.log("")
        self.log("Demo is ready.")
        self.log(f"  Staff login:  {COMPANIES[0][1]} / {DEMO_PASSWORD}  at {base_url}/dashboard/")
        self.log(f"  Admin login:  {ADMIN_EMAIL} / {DEMO_PASSWORD}  at {base_url}/admin/")
        self.log(f"  Partner key for {companies[0].name} ({how}):")
        self.log(f"    curl -H 'Authorization: Bearer {raw_key}' {base_url}/api/external/v1/jobs")

    def _demo_key(self, company, key_file: Path | None) -> tuple[str, str]:
        """The demo partner key and how it came to be. One demo key is active at a time: the one kept in
        key_file while it still works against this database, else a new one, issued after the previous
        demo keys are revoked (their full value is not kept anywhere, so they could only pile up)."""
        kept = key_file.read_text().strip() if key_file is not None and key_file.is_file() else ""
        if kept:
            key = partner_key_matching(raw_key=kept)
            if key is not None and key.company_id == company.pk and key.label == DEMO_KEY_LABEL:
                return kept, f"the same key as last time, kept in {key_file}"
        revoked = 0
        for old in PartnerKey.objects.active().filter(company=company, label=DEMO_KEY_LABEL):
            revoked += partner_key_revoke(key=old, actor="seed_demo")
        issued = partner_key_issue(company=company, label=DEMO_KEY_LABEL)
        if key_file is not None:
            # Readable by its owner only, before the key is in it: it opens the demo company's API.
            key_file.touch(mode=0o600, exist_ok=True)
            key_file.chmod(0o600)
            key_file.write_text(issued.raw + "\n")
        how = f"new, kept in {key_file}" if key_file is not None else "new, shown once"
        if revoked:
            how += "; the previous demo key was revoked" if revoked == 1 else f"; {revoked} previous demo keys revoked"
        return issued.raw, how

    def _seed_application(self, now) -> None:
        """One company application waiting for review (its email confirmed), so the admin has one to approve or
        reject: Admin → Company applications → the action; the mail it causes is printed on bin/dev's console."""
        if CompanyApplication.objects.filter(email__iexact=APPLICANT_EMAIL).exists():
            self.log(f"      application from {APPLICANT_EMAIL} already present")
            return
        token = secrets.token_urlsafe(32)
        company_application_submit(
            email=APPLICANT_EMAIL,
            password=DEMO_PASSWORD,
            company_name="Orchard Bikes",
            motivation="We repair and rent bicycles in three cities and hire mechanics and shop staff every season.",
            now=now,
            token=token,
        )
        company_application_validate(token=token, now=now)
        self.log(f"      a company application from {APPLICANT_EMAIL} waiting for review at /admin/")

    def _seed_dashboard_extras(self, company) -> None:
        """So the first company's dashboard shows every kind of state: a company-wide cap beside this
        month's spend, and an offer an admin blocked."""
        if not CompanyBudget.objects.filter(company=company).exists():
            company_budget_set(company=company, window="MONTHLY", budget_cents=20000, notes="Demo cap")
        offer = company.offers.order_by("pk").last()
        if offer is not None and not company.offers.filter(hidden_reason=HiddenReason.ADMIN_REQUEST).exists():
            offer_disable(actor=GOD, offer_id=offer.pk, admin_reason="Demo: the apply link pointed to a broken page.")
        self.log(f"      {company.name}: a monthly company budget and an offer blocked by an admin")

    def _seed_history(self, company, now) -> None:
        """The demo company's last 90 days before today, per job and offer: plausible views (fewer at weekends),
        applications, decisions and spend, the same on every run (a fixed seed); today is what really happens."""
        today = now.date()
        if JobDay.objects.filter(job__company=company, day__lt=today).exists():
            self.log("      analytics history already present")
            return
        rng = random.Random(90)
        days = [today - timedelta(days=n) for n in range(90, 0, -1)]
        jobs = company.jobs.exclude(status="DRAFT").order_by("created_at")
        job_additions = {}
        for rank, job in enumerate(jobs):
            bid = job.bid_per_qualified_applicant_cents or 0
            for day in days:
                views = max(0, int(rng.gauss(60 - 12 * rank, 15) * (0.5 if day.weekday() >= 5 else 1)))
                applications = sum(rng.random() < 0.06 for _ in range(views))
                qualified = sum(rng.random() < 0.6 for _ in range(applications))
                accepted = sum(rng.random() < 0.15 for _ in range(qualified))
                job_additions[(str(job.pk), day)] = {
                    "views": views,
                    "applications": applications,
                    "qualified_applications": qualified,
                    "accepted": accepted,
                    "rejected": sum(rng.random() < 0.5 for _ in range(applications - accepted)),
                    "spend_cents": qualified * bid,
                }
        offer_additions = {}
        for offer in company.offers.order_by("pk"):
            for day in days:
                views = max(0, int(rng.gauss(35, 10) * (0.5 if day.weekday() >= 5 else 1)))
                offer_additions[(str(offer.pk), day)] = {
                    "views": views,
                    "apply_clicks": sum(rng.random() < 0.12 for _ in range(views)),
                }
        with transaction.atomic():
            job_days_add(job_additions)
            offer_days_add(offer_additions)
        self.log(f"      {company.name}: 90 days of views, applications and spend for its jobs and offers")

    def _seed_offers(self, companies, now) -> None:
        created = 0
        for i, company in enumerate(companies):
            if company.offers.exists():
                continue
            for j, (title, job_type, fields, techs, location) in enumerate(OFFERS[i :: len(companies)]):
                body = {
                    "title": title,
                    "publishEndDate": iso_z(now + timedelta(days=45 + 10 * j)),
                    "jobMinDuration": 3,
                    "jobMaxDuration": 12 if j % 2 else None,
                    "description": f"<p>{title} at {company.name}. Mentoring, real projects, a friendly team.</p>",
                    "contacts": [f"careers@{company.slug}.example"],
                    "isPaid": True,
                    "vacancies": 2,
                    "jobType": job_type,
                    "fields": fields,
                    "technologies": techs,
                    "location": location,
                    "requirements": ["Enrolled in a university degree", "Curious and kind"],
                    "applyURL": f"https://{company.slug}.example/careers",
                    "owner": company.pk,
                }
                offer_writes.offer_create(actor=GOD, body=body, now=now)
                created += 1
        self.log(f"[4/4] {created} offers created ({Offer.objects.count()} in all)")
