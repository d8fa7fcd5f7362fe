"""The demo's statistics history (core/demo/statistics.py): two years of finished jobs, written
once, the summary refreshed, the −30 % goal met in the last year."""
from types import SimpleNamespace

from bidding.models import Job
from contracts.models import Contract
from core.demo import statistics as demo
from oversight.models import StatsMonth
from oversight.selectors import statistics as stats
from tests.factories.accounts import UserFactory
from tests.factories.contracts import TemplateVersionFactory


def test_history_written_once_and_refreshed(world):
    TemplateVersionFactory()
    seeder = SimpleNamespace(owners=[world["o2"], world["o1"]], owner_admin=UserFactory())
    demo.seed(seeder)
    jobs = Job.objects.filter(project_code__contains=demo.MARK).count()
    assert jobs > 150
    assert Contract.objects.filter(number__startswith="HT-LS-", working_days_taken__isnull=False).count() > 100
    demo.seed(seeder)  # again: nothing new
    assert Job.objects.filter(project_code__contains=demo.MARK).count() == jobs
    assert StatsMonth.objects.values("month").distinct().count() >= 24
    headlines = stats.public_headlines()
    assert headlines.current.jobs_awarded > 50 and headlines.goal_met is True
    assert headlines.time_change < -20
