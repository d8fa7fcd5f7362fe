"""Apply oversight's clock: remind a complaint's department once as its deadline comes near, escalate
once to the department's head after it. Idempotent: run it every minute from cron (like
advance_jobs); a second run does nothing the first did."""
from django.core.management.base import BaseCommand

from oversight.services.complaints import advance_complaints


class Command(BaseCommand):
    help = ("Remind departments of complaints near their deadline and escalate overdue complaints to the "
            "department's head (idempotent).")

    def handle(self, *args, **options):
        reminded, escalated = advance_complaints()
        self.stdout.write(f"complaints reminded: {len(reminded)} {reminded}; "
                          f"escalated: {len(escalated)} {escalated}")
