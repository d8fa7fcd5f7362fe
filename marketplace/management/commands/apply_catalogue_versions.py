"""Apply the scheduled catalogue versions whose effective date has come.

Safe to run at any interval, late or twice: each version is applied once. Run it shortly after
midnight (Asia/Shanghai), e.g. from cron:

    5 0 * * *  cd /srv/zjcs && .venv/bin/python manage.py apply_catalogue_versions

Until it runs, the public pages already show the version in force (they derive it, see
marketplace.selectors.versions); this command writes it into the catalogue and its history.
"""
from django.core.management.base import BaseCommand

from marketplace.services.versions import catalogue_versions_apply_due


class Command(BaseCommand):
    help = "Apply scheduled catalogue and fee-rule versions whose effective date has come (idempotent)."

    def handle(self, *args, **options):
        done = catalogue_versions_apply_due()
        self.stdout.write(f"applied: {len(done['applied'])} {done['applied']}")
        if done["errors"]:
            self.stderr.write(f"errors (will be retried next run), items: {done['errors']}")
