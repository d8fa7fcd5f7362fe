"""Apply the clock's steps of contracts (refusals to sign, deliveries accepted by lapse) and send
payouts and refunds still pending. Safe at any interval, late or twice."""
from django.core.management.base import BaseCommand

from contracts.services.clock import advance_due_contracts


class Command(BaseCommand):
    help = ("Record refusals to sign, accept deliveries whose acceptance time ran out, "
            "count the owner's late days, "
            "retry pending payouts and refunds.")

    def handle(self, *args, **options):
        done = advance_due_contracts()
        self.stdout.write(
            f"refused: {len(done['refused'])} {done['refused']}; "
            f"deemed accepted: {len(done['deemed_accepted'])} {done['deemed_accepted']}; "
            f"owner steps late (updated): {len(done['owner_late'])}; "
            f"payouts and refunds tried: {done['money_retried']}")
        if done["errors"]:
            self.stderr.write(f"errors (will be retried next run): {done['errors']}")
