"""Apply the clock's transitions: close due registration windows, end due publicity periods.

Safe to run at any interval, late or twice: each transition happens once.
"""
from django.core.management.base import BaseCommand

from bidding.services.clock import advance_due_jobs


class Command(BaseCommand):
    help = ("Send closing-soon reminders, close due registration windows, advance online auctions, end due "
            "publicity periods (idempotent).")

    def handle(self, *args, **options):
        done = advance_due_jobs()
        self.stdout.write(
            f"reminded: {len(done['reminded'])} {done['reminded']}; "
            f"closed: {len(done['closed'])} {done['closed']}; "
            f"failed (too few valid bids): {len(done['failed'])} {done['failed']}; "
            f"auctions advanced: {len(done['auctions'])} {done['auctions']}; "
            f"publicity ended: {len(done['publicity_ended'])} {done['publicity_ended']}"
        )
        if done["errors"]:
            self.stderr.write(f"errors (will be retried next run): {done['errors']}")
