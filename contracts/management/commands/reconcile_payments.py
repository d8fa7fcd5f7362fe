"""Compare the platform's ledger with Stripe and print every difference (exit status 1 if any)."""
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from contracts.payments import reconcile


class Command(BaseCommand):
    help = "Compare the payments ledger with Stripe's PaymentIntents and refunds; print the differences."

    def handle(self, *args, **options):
        differences = []
        payments = reconcile.online_payments()
        for payment in tqdm(payments.iterator(), total=payments.count(), desc="payments", unit="payment",
                            file=self.stderr, disable=options["verbosity"] == 0):
            differences += reconcile.payment_differences(payment)
        milestones = reconcile.milestones()
        for milestone in tqdm(milestones.iterator(), total=milestones.count(), desc="milestones", unit="milestone",
                              file=self.stderr, disable=options["verbosity"] == 0):
            differences += reconcile.milestone_differences(milestone)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(f"{len(differences)} difference(s) between the ledger and Stripe")
        self.stdout.write("The ledger agrees with Stripe.")
