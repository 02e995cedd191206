from django.core.management.base import BaseCommand

from companies.services import company_create


class Command(BaseCommand):
    help = "Create a company; prints its id alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--accept-terms", action="store_true", help="Accept the current employer terms.")
        parser.add_argument("--payment-method", action="store_true", help="Record a simulated card on file.")

    def handle(self, *args, name, accept_terms, payment_method, **options):
        company = company_create(name=name, accept_terms=accept_terms, payment_method=payment_method)
        self.stdout.write(str(company.pk))
