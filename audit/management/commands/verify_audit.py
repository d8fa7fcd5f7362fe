from django.core.management.base import BaseCommand, CommandError

from audit.verify import AnchorFileError, load_anchor_file, verify_chain


class Command(BaseCommand):
    help = ("Check the audit log's keyed hash chain, its signed head and its published anchors; "
            "exits non-zero if any row was edited, deleted or rewritten.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors", metavar="FILE",
            help="a copy of /audit/anchors.json kept outside the database: check the log against it too",
        )

    def handle(self, *args, **options):
        outside = []
        if options["anchors"]:
            try:
                outside = load_anchor_file(options["anchors"])
            except AnchorFileError as error:
                raise CommandError(str(error)) from error
        count, problems = verify_chain(outside_anchors=outside)
        for problem in problems:
            self.stderr.write(f"entry #{problem.seq}: {problem.message}")
        if problems:
            raise CommandError(f"audit log tampered: {len(problems)} problem(s) in {count} entries")
        checked = f", {len(outside)} outside anchor(s) match" if options["anchors"] else ""
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {count} entries{checked}"))
