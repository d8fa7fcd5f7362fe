"""`manage.py seed_scale`: a large data set on top of seed_demo's, for benchmarks and for trying
the public lists at scale (core/demo/scale.py says what it makes and how)."""
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core import changes
from core.demo.scale import ScaleSeeder, already_seeded


class Command(BaseCommand):
    help = (
        "Add many agencies (with their offered items), owners, jobs over five years in a realistic mix of "
        "statuses, their bids and entry values, on top of seed_demo's data (run seed_demo first). On "
        "PostgreSQL the rows are streamed with COPY in one transaction: --agencies 100000 --jobs 1000000 "
        "--bids-per-job 3 took 9 minutes on a 2-core machine (indexes and constraint checks included). "
        "Refuses to run a second time on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, default=100_000, help="agencies to add (default 100000)")
        parser.add_argument("--jobs", type=int, default=1_000_000, help="jobs to add (default 1000000)")
        parser.add_argument("--bids-per-job", type=int, default=3,
                            help="bids on each published or later job (default 3)")
        parser.add_argument("--owners", type=int, default=None,
                            help="project owners to add (default: one for every 20 agencies, at least 50)")
        parser.add_argument("--seed", type=int, default=20190815, help="random seed (keep it fixed)")

    def handle(self, *args, agencies, jobs, bids_per_job, owners, seed, verbosity, **options):
        if agencies < 1 or jobs < 0 or bids_per_job < 0 or (owners is not None and owners < 1):
            raise CommandError("--agencies and --owners must be at least 1, --jobs and --bids-per-job at least 0")
        existing = already_seeded()
        if existing:
            raise CommandError(
                f"This database already has scale data ({existing} agencies); seed_scale runs once. "
                "Start from a new database (migrate, seed_demo, seed_scale) to seed again."
            )
        show = verbosity >= 1

        def progress(total, desc):
            return tqdm(total=total, desc=desc, unit="行", unit_scale=True, disable=not show,
                        file=self.stderr._out, mininterval=1)

        started = time.monotonic()
        seeder = ScaleSeeder(agencies=agencies, jobs=jobs, bids_per_job=bids_per_job, owners=owners, seed=seed,
                             progress=progress)
        try:
            loaded = seeder.run()
        except LookupError as error:
            raise CommandError(str(error)) from None
        # Loaded with COPY, which no save signal hears: every cached page is out of date.
        changes.announce_everything()
        if show:
            self.stdout.write(self.style.SUCCESS(f"Scale data ready in {time.monotonic() - started:.0f} s:"))
            for table, count in loaded.rows.items():
                self.stdout.write(f"  {table}: {count}")
