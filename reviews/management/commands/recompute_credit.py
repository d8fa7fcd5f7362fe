"""`manage.py recompute_credit`: every organisation's credit recomputed and stored in batches (or
those named with --org), as of now or --at DATE; --check compares the bulk computation with the
per-organisation one, writing nothing (reviews/services/credit.py)."""
import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from reviews.services import credit


def moment(text):
    """--at: a date (the end of that local day) or an ISO date and time (local when naive)."""
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
            value = datetime.datetime.combine(day, datetime.time(23, 59, 59))
        else:
            value = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--at: not a date: {text!r} (e.g. 2026-12-31)") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = (
        "Recompute every organisation's credit score, grade, ratings and standing by the rule set in "
        "force (in batches, writing only the rows that changed, with grade changes and watch-list periods). "
        "--check compares the bulk computation with the per-organisation one (what each event triggers) "
        "for every organisation or a sample, writes nothing, prints each difference and exits non-zero "
        "if there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", type=int, action="append", default=[], metavar="ID",
                            help="only this organisation (repeatable)")
        parser.add_argument("--at", type=moment, default=None,
                            help="compute as of this date (its end) or moment instead of now")
        parser.add_argument("--batch-size", type=int, default=credit.BATCH_SIZE,
                            help=f"organisations per batch (default {credit.BATCH_SIZE})")
        parser.add_argument("--workers", type=int, default=None, metavar="N",
                            help="processes sharing the batches (default: one per CPU, at most "
                                 f"{credit.MAX_WORKERS}, on PostgreSQL; one on SQLite)")
        parser.add_argument("--check", action="store_true",
                            help="compare bulk with per-organisation results; write nothing")
        parser.add_argument("--sample", type=int, default=None, metavar="N",
                            help="with --check: compare N organisations drawn at random, not all")

    def handle(self, *args, org, at, batch_size, workers, check, sample, verbosity, **options):
        if batch_size < 1 or (sample is not None and sample < 1) or (workers is not None and workers < 1):
            raise CommandError("--batch-size, --sample and --workers must be at least 1")
        at = at or timezone.now()
        show = verbosity >= 1
        started = time.monotonic()
        if check:
            return self._check(at=at, sample=sample, batch_size=batch_size, workers=workers, show=show)
        if org:
            summary = credit.credit_update(org, at=at, batch_size=batch_size)
        else:
            with tqdm(total=credit.organisation_count(), desc="信用分", unit="家", unit_scale=True,
                      disable=not show, file=self.stderr._out, mininterval=1) as bar:
                summary = credit.credit_recompute_all(at=at, batch_size=batch_size, progress=bar.update,
                                                      workers=workers)
        seconds = time.monotonic() - started
        if show:
            self.stdout.write(self.style.SUCCESS(
                f"{summary.organisations} organisations, {summary.events} events in {seconds:.1f} s "
                f"({summary.organisations / seconds if seconds else 0:.0f} organisations/s): "
                f"{summary.changed} changed, {summary.grade_changes} grade changes, "
                f"{summary.standing_changes} watch-list or suspension changes."))

    def _check(self, *, at, sample, batch_size, workers, show):
        total = credit.organisation_count()
        with tqdm(total=min(total, sample) if sample else total, desc="逐家核对", unit="家", unit_scale=True,
                  disable=not show, file=self.stderr._out, mininterval=1) as bar:
            differences = credit.credit_differences(at=at, sample=sample, batch_size=batch_size, workers=workers,
                                                    progress=bar.update)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(f"{len(differences)} difference(s) between the bulk and the per-organisation results")
        if show:
            self.stdout.write(self.style.SUCCESS("Bulk and per-organisation results are identical."))
