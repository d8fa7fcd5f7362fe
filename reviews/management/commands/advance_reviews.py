"""Apply the clock's step of the two sides' reviews: once a contract's review window has closed,
a side that wrote no review gets the rule set's default. Idempotent; run it every minute from cron
(like advance_contracts)."""
from django.core.management.base import BaseCommand

from reviews.services.reviews import review_defaults_apply


class Command(BaseCommand):
    help = "Give the default review to each side that wrote none by the close of its contract's review window."

    def handle(self, *args, **options):
        applied = review_defaults_apply()
        self.stdout.write(f"default reviews applied: {len(applied)} {applied}")
