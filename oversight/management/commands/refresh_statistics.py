"""Rebuild the statistics' summary (StatsMonth, StatsWinnerMonth): by default the current and the
previous month (every new event lands in the current month: oversight/services/statistics.py),
or the months given, or everything with --all (also when the summary is still empty).

Safe to run at any interval, late or twice: the months are rebuilt from the records each time.
"""
from django.core.management.base import BaseCommand, CommandError

from oversight.models import StatsMonth
from oversight.selectors.statistics import parse_month
from oversight.services.statistics import recent_months, statistics_refresh


class Command(BaseCommand):
    help = ("Rebuild the statistics summary: the current and previous month (default), the given months "
            "(YYYY-MM …) or --all (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument("months", nargs="*", help="months to rebuild, as YYYY-MM")
        parser.add_argument("--all", action="store_true", help="rebuild every month with data")

    def handle(self, *args, **options):
        if options["all"] and options["months"]:
            raise CommandError("give months or --all, not both")
        if options["all"] or (not options["months"] and not StatsMonth.objects.exists()):
            months = None
        elif options["months"]:
            try:
                months = [parse_month(text) for text in options["months"]]
            except ValueError as error:
                raise CommandError(f"not a month (YYYY-MM): {error}") from None
        else:
            months = recent_months()
        done = statistics_refresh(actor=None, months=months)
        span = f"{done['months'][0]:%Y-%m}…{done['months'][-1]:%Y-%m}" if done["months"] else "none"
        self.stdout.write(f"months: {len(done['months'])} ({span}); rows: {done['rows']}; "
                          f"winner rows: {done['winner_rows']}")
