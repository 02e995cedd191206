from django.core.management.base import BaseCommand, CommandError

from companies.models import Company
from companies.services import partner_key_issue


class Command(BaseCommand):
    help = "Issue a partner API key for a company; prints the full key (shown only this once) on the last line."

    def add_arguments(self, parser):
        parser.add_argument("company_id", type=int)
        parser.add_argument("--label", default="")

    def handle(self, *args, company_id, label, **options):
        company = Company.objects.filter(pk=company_id).first()
        if company is None:
            raise CommandError(f"No company with id {company_id}.")
        issued = partner_key_issue(company=company, label=label)
        self.stdout.write(issued.raw)
