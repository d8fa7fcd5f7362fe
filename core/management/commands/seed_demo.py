"""`manage.py seed_demo`: the demo data set and the public page tree, idempotently.

Run it as often as you like: the second run finds every row by its natural key and changes
nothing. Prints the demo logins (and the demo regulator's TOTP secret) at the end.
"""
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from bidding.models import Job
from core import changes
from core.demo import search as demo_search
from core.demo.jobs import without_email
from core.demo.seed import DEFAULT_SEED, DEMO_TOTP_SECRET, Seeder


class Command(BaseCommand):
    help = "Create or update the demo data (catalogue, agencies, owners, regulators, pages)."

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=200, help="number of demo agencies (default 200)")
        parser.add_argument("--owners", type=int, default=30, help="number of demo owners (default 30)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (keep it fixed)")

    def handle(self, *args, agencies, owners, seed, verbosity, **options):
        if agencies < 1 or owners < 1:
            raise CommandError("--agencies and --owners must be at least 1")
        show = verbosity >= 1

        def progress(iterable, **kwargs):
            return tqdm(iterable, disable=not show, file=self.stderr._out, **kwargs)

        seeder = Seeder(agencies=agencies, owners=owners, seed=seed, progress=progress)
        with without_email():
            logins = seeder.run()
            # The search's synonym table (issue 12), kept by the demo regulator through its services.
            demo_search.seed(seeder)
        # Some of it is written in bulk, which no save signal hears: every cached page is out of date.
        changes.announce_everything()
        if not show:
            return
        counter = seeder.counter
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {counter.created} rows created, {counter.updated} updated."
        ))
        for model, count in sorted(counter.by_model.items()):
            self.stdout.write(f"  {model}: {count}")
        self.stdout.write("Jobs by status:")
        for status, count in seeder.job_statuses.items():
            self.stdout.write(f"  {status:<11} {Job.Status(status).label}: {count}")
        self.stdout.write("\nDemo logins (http://127.0.0.1:8000/accounts/login/):")
        for login in logins:
            line = f"  {login.role:<24} {login.email:<30} {login.password}"
            if login.note:
                line += f"   {login.note}"
            self.stdout.write(line)
        if seeder.banned_person:
            name, number, agency = seeder.banned_person
            self.stdout.write(
                f"\nBlacklisted: {agency.name} ({agency.uscc}). Its legal representative {name}, ID number"
                f" {number}, is banned from registering or running another agency: try it at"
                f" {reverse('providers:register_agency')}."
            )
        self.stdout.write(
            f"\nThe regulators log in with a second factor. Add this secret to an authenticator app"
            f" (Google Authenticator, FreeOTP…): {DEMO_TOTP_SECRET}\n  {seeder.totp_url()}"
        )
