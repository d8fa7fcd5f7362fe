"""manage.py search_rebuild [--kind K …] [--backend database|elasticsearch]

Rebuilds the search index of every kind (or those named) from the public data, with a progress
bar, and records the rebuild in the audit log. Searches keep answering from the old index until a
kind's new one is complete. Safe to run again at any time (nightly: it also brings in step what
no change announces, such as a job whose window closed by the clock)."""
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing
from search.backends import BACKENDS
from search.documents import KINDS


class Command(BaseCommand):
    help = "重建搜索索引（全部类别或指定类别）。"

    def add_arguments(self, parser):
        parser.add_argument("--kind", action="append", choices=list(KINDS), dest="kinds",
                            help="只重建这一类（可重复）：" + ", ".join(KINDS))
        parser.add_argument("--backend", choices=list(BACKENDS), default=None,
                            help="搜索引擎（默认取 SEARCH_BACKEND 设置）")

    def handle(self, *args, kinds=None, backend=None, verbosity=1, **options):
        bars = []

        def progress_for(kind, total):
            bar = tqdm(total=total, desc=str(KINDS[kind]), unit="条", file=sys.stderr,
                       disable=verbosity < 1, leave=True)
            bars.append(bar)
            return bar.update

        try:
            counts = indexing.rebuild(kinds=kinds, backend=backend, progress_for=progress_for)
        finally:
            for bar in bars:
                bar.close()
        for kind, count in counts.items():
            self.stdout.write(f"{KINDS[kind]}（{kind}）：{count}")
        self.stdout.write(self.style.SUCCESS(f"共 {sum(counts.values())} 条"))
