from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain; exits non-zero if any row was edited or deleted."

    def handle(self, *args, **options):
        count, problems = verify_chain()
        for problem in problems:
            self.stderr.write(f"entry #{problem.seq}: {problem.message}")
        if problems:
            raise CommandError(f"audit log tampered: {len(problems)} problem(s) in {count} entries")
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {count} entries"))
