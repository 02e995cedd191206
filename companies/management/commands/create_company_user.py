from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from companies.services import company_user_create
from companies.validators import staff_password_errors


class Command(BaseCommand):
    help = "Create a company staff login."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--company", type=int, required=True, dest="company_id")
        parser.add_argument("--password", required=True)

    def handle(self, *args, email, company_id, password, **options):
        company = Company.objects.filter(pk=company_id).first()
        if company is None:
            raise CommandError(f"No company with id {company_id}.")
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise CommandError(f"A user with email {email} already exists.")
        errors = staff_password_errors(password, email=email)
        if errors:
            # The validators' own words; the password itself is never echoed.
            raise CommandError(f"Password refused: {errors['password']}")
        user = company_user_create(email=email, password=password, company=company)
        self.stdout.write(f"Created {user.email} for {company.name}")
        self.stdout.write(str(user.pk))
