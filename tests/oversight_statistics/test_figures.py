"""The statistics against figures computed by hand on the fixture of conftest.py."""
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from marketplace.selectors.scope import RegulatorScope
from oversight import exports
from oversight import statistics as math
from oversight.errors.statistics import NoStatisticsForPeriod, StatisticsFilterInvalid, UnknownStatisticsTable
from oversight.models import StatsMonth, StatsWinnerMonth
from oversight.selectors import statistics as stats
from oversight.services.statistics import statistics_refresh

from .conftest import at, awarded_job

JUNE = datetime.date(2025, 6, 1)
JULY = datetime.date(2025, 7, 1)


def june(**kwargs):
    return stats.Filters(start=JUNE, end=JUNE, **kwargs)


@pytest.fixture
def refreshed(world):
    statistics_refresh(months=None)
    return world


def test_pure_math():
    assert math.hhi([3, 1, 1]) == Decimal("4400.0")
    assert math.hhi_from_sums(5, 11) == Decimal("4400.0")
    assert math.top_share([5, 3, 1, 1], top=3) == Decimal("90.0")
    assert math.savings(10000, 8500) == (1500, Decimal("15.0"))
    assert math.goal_days(Decimal("40")) == Decimal("28.0")
    assert math.goal_met(Decimal("28.0"), Decimal("40")) is True
    assert math.goal_met(Decimal("28.1"), Decimal("40")) is False
    assert math.change_rate(Decimal("26.5"), Decimal("40")) == Decimal("-33.8")
    assert math.ratio(1, 0) is None and math.hhi([]) is None
    assert math.is_outside("510603", "510104") and not math.is_outside("510603", "510681")
    assert not math.is_outside("510000", "510104")  # a province-level owner: the province is its area


def test_summary_june_by_hand(refreshed):
    s = stats.summary(june())
    f = s.current
    assert (f.jobs_published, f.jobs_awarded, f.jobs_failed) == (6, 4, 1)
    # savings: budget 100000 + 60000 + 20000 against 80000 (contract) + 54000 + 20000
    assert (f.budget_fen, f.budget_awarded_fen) == (18_000_000, 15_400_000)
    assert (f.savings_budget_fen, f.savings_budget_rate) == (2_600_000, Decimal("14.4"))
    # ceiling: 120000 + 50000 + 20000 against 80000 + 45000 (bid, no contract) + 20000
    assert (f.savings_ceiling_fen, f.savings_ceiling_rate) == (4_500_000, Decimal("23.7"))
    assert f.awarded_fen == 19_900_000
    # service time: 20 and 33 working days against 30 and 30 (the item's limit for J3)
    assert (f.completed, f.service_days, f.statutory_days) == (2, 53, 60)
    assert (f.avg_days, f.avg_statutory_days, f.time_ratio) == (Decimal("26.5"), Decimal("30.0"), Decimal("88.3"))
    assert f.on_time_rate == Decimal("50.0")
    # bids: 3 + 1 + 2 + 1 valid over 4 awarded jobs; J2 and J4 had a single bidder
    assert (f.bids, f.bids_per_job, f.single_bidder_rate) == (7, Decimal("1.8"), Decimal("50.0"))
    assert (f.complaints, f.complaint_rate) == (2, Decimal("50.0"))
    # J2 (Chengdu agency, Deyang owner) and J3 (Deyang agency, Chengdu owner)
    assert (f.outside_winners, f.outside_share) == (2, Decimal("50.0"))
    # a year earlier: one contract of 40 working days
    assert s.year_before.avg_days == Decimal("40.0")
    assert s.time_change == Decimal("-33.8")
    assert s.goal_days == Decimal("28.0") and s.goal_met is True


def test_month_is_local_time(refreshed):
    rows = stats.monthly(stats.Filters(start=JUNE, end=JULY))
    assert [row.month for row in rows] == [JUNE, JULY]
    # J7 was awarded at 17:00 UTC on 30 June: 01:00 on 1 July in Beijing
    assert rows[1].figures.jobs_awarded == 1 and rows[0].figures.jobs_awarded == 4
    assert rows[0].year_before.avg_days == Decimal("40.0") and rows[0].goal_days == Decimal("28.0")
    assert rows[1].year_before.empty and rows[1].goal_days is None


def test_by_item_and_concentration(refreshed):
    items = {row.code: row.figures for row in stats.by_item(june())}
    assert items["ZJ-A"].jobs_awarded == 3 and items["ZJ-B"].jobs_awarded == 1
    assert items["ZJ-A"].outside_share == Decimal("66.7")
    rows = {row.code: row for row in stats.concentration(june())}
    a = rows["ZJ-A"]  # ag1 won J1 and J3, ag2 J2: shares 2/3 and 1/3
    assert (a.wins, a.agencies, a.top_share, a.hhi) == (3, 2, Decimal("100.0"), Decimal("5555.6"))
    assert [(leader.name, leader.wins) for leader in a.leaders] == [("旌阳甲咨询", 2), ("锦江乙咨询", 1)]
    top1 = {row.code: row for row in stats.concentration(june(), top=1)}
    assert top1["ZJ-A"].top_share == Decimal("66.7") and len(top1["ZJ-A"].leaders) == 1
    assert rows["ZJ-B"].hhi == Decimal("10000.0")
    assert [row.code for row in stats.outside_winners(june())] == ["ZJ-A", "ZJ-B"]


def test_region_filter_at_every_level(refreshed):
    deyang = stats.summary(june(region="510600")).current
    assert (deyang.jobs_awarded, deyang.outside_winners, deyang.complaints) == (3, 1, 2)
    county = stats.summary(june(region="510603")).current
    assert county.jobs_awarded == 3
    chengdu = stats.summary(june(region="510100")).current
    assert (chengdu.jobs_awarded, chengdu.completed, chengdu.service_days) == (1, 1, 33)
    assert [(row.code, row.name) for row in stats.by_region(june())] == [("510000", "四川省")]
    by_prefecture = {row.code: row.figures.jobs_awarded for row in stats.by_region(june(region="510000"))}
    assert by_prefecture == {"510100": 1, "510600": 3}
    assert [row.code for row in stats.by_region(june(region="510600"))] == ["510603"]


def test_item_and_category_filters(refreshed, world):
    assert stats.summary(june(item=world["b"].pk)).current.jobs_failed == 1
    assert stats.summary(june(category=world["x"].pk)).current.jobs_awarded == 3


def test_regulator_scope_restricts(refreshed, world):
    scope = RegulatorScope(regulator_id=1, user_id=1, department_id=1, region_code="510600",
                           category_ids=frozenset({world["x"].pk}))
    f = stats.summary(june(), scope=scope).current
    assert (f.jobs_awarded, f.outside_winners) == (2, 1)  # J1 and J2: item A, Deyang owners
    assert stats.summary(june(scope=scope)).current == f
    assert [row.code for row in stats.by_item(june(), scope)] == ["ZJ-A"]
    grades = {row.grade: row.agencies for row in stats.credit_grades(june(), scope)}
    assert grades == {"A": 1, "B": 0, "C": 0, "D": 0, "": 0}  # agencies offering A, seated in Deyang


def test_credit_grades_of_agencies_offering_the_item(refreshed, world):
    grades = {row.grade: (row.agencies, row.share) for row in stats.credit_grades(june(item=world["a"].pk))}
    assert grades["A"] == (1, Decimal("50.0")) and grades["B"] == (1, Decimal("50.0")) and grades[""][0] == 0
    chengdu = {row.grade: row.agencies for row in stats.credit_grades(june(item=world["a"].pk, region="510100"))}
    assert chengdu["A"] == 0 and chengdu["B"] == 1


def test_refresh_is_idempotent_and_audited(refreshed):
    before = list(StatsMonth.objects.order_by("item", "region", "month").values_list(
        "item", "region", "month", "jobs_awarded", "awarded_fen", "service_days", "complaints"))
    winners = StatsWinnerMonth.objects.count()
    entries = AuditEntry.objects.filter(action="statistics.refresh").count()
    statistics_refresh(months=None)
    statistics_refresh(months=[JUNE, datetime.date(2025, 6, 17)])
    after = list(StatsMonth.objects.order_by("item", "region", "month").values_list(
        "item", "region", "month", "jobs_awarded", "awarded_fen", "service_days", "complaints"))
    assert after == before and StatsWinnerMonth.objects.count() == winners
    assert AuditEntry.objects.filter(action="statistics.refresh").count() == entries + 2


def test_refresh_of_some_months_leaves_the_others(refreshed, world):
    StatsMonth.objects.filter(month=JULY).update(jobs_awarded=99)
    statistics_refresh(months=[JUNE])
    assert StatsMonth.objects.get(month=JULY).jobs_awarded == 99
    statistics_refresh(months=[JULY])
    assert StatsMonth.objects.get(month=JULY).jobs_awarded == 1


def test_refresh_by_a_non_regulator_is_refused(world):
    from core.errors import NotAllowed
    from tests.factories.accounts import UserFactory

    with pytest.raises(NotAllowed):
        statistics_refresh(actor=UserFactory(), months=None)
    assert not StatsMonth.objects.exists()


def test_command(world):
    out = io.StringIO()
    call_command("refresh_statistics", stdout=out)  # empty summary: everything
    assert "rows: 7" in out.getvalue()
    call_command("refresh_statistics", "2025-06", stdout=out)
    assert StatsMonth.objects.filter(month=JUNE).count() == 3


def test_filters_parse():
    with pytest.raises(StatisticsFilterInvalid) as error:
        stats.Filters.parse({"start": "2025-13"})
    assert error.value.field == "start"
    with pytest.raises(StatisticsFilterInvalid):
        stats.Filters.parse({"start": "2025-06", "end": "2025-01"})
    assert stats.Filters.parse({"start": "2025-06", "end": "2025-07"}).period() == (JUNE, JULY)


@pytest.mark.django_db
def test_filters_parse_unknown_region_and_item():
    with pytest.raises(StatisticsFilterInvalid) as error:
        stats.Filters.parse({"region": "999999"})
    assert error.value.field == "region"
    with pytest.raises(StatisticsFilterInvalid):
        stats.Filters.parse({"item": "abc"})


def test_exports(refreshed):
    table = exports.statistics_table("monthly", june())
    text = exports.csv_bytes(table).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("2025-06,6,4,1,199000.00,26000.00,14.4")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(exports.xlsx_bytes(table)))
    sheet = book.active
    assert sheet["A2"].value == "2025-06" and sheet["C2"].value == 4
    assert exports.statistics_table("concentration", june()).rows[0][0] == "ZJ-A 环境影响评价"


def test_export_of_an_empty_period_is_refused(refreshed):
    empty = stats.Filters(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 1))
    with pytest.raises(NoStatisticsForPeriod) as error:
        exports.statistics_table("monthly", empty)
    assert "2020-01" in str(error.value) and "2020-12" in str(error.value)
    with pytest.raises(UnknownStatisticsTable):
        exports.statistics_table("salaries", june())


def _queries(filters):
    counts = {}
    for name, call in [("summary", lambda: stats.summary(filters)), ("monthly", lambda: stats.monthly(filters)),
                       ("by_item", lambda: stats.by_item(filters)), ("by_region", lambda: stats.by_region(filters)),
                       ("credit_grades", lambda: stats.credit_grades(filters)),
                       ("concentration", lambda: stats.concentration(filters)),
                       ("outside", lambda: stats.outside_winners(filters)),
                       ("headlines", lambda: stats.public_headlines(today=JULY))]:
        with CaptureQueriesContext(connection) as captured:
            call()
        counts[name] = len(captured)
    return counts


def test_query_counts_constant_at_two_sizes(refreshed, world):
    filters = stats.Filters(start=datetime.date(2024, 8, 1), end=JULY, region="510000")
    small = _queries(filters)
    from tests.factories.marketplace import ServiceItemFactory
    from tests.factories.providers import AgencyFactory, OwnerFactory

    regions = world["regions"]
    for number in range(6):
        item = ServiceItemFactory(category=world["y"])
        owner = OwnerFactory(region=regions["510104" if number % 2 else "510603"])
        for month in (8, 10, 12):
            awarded_job(item=item, owner=owner, winner=AgencyFactory(region=regions["510603"]),
                        published=at(2024, month, 1), awarded=at(2024, month, 20), budget=30000, ceiling=30000,
                        bid_price=28000, valid=2, contract_fen=2_800_000, completed=at(2024, month, 28), taken=12,
                        promised=15, statutory=20)
    statistics_refresh(months=None)
    assert StatsMonth.objects.count() > 20
    assert _queries(filters) == small
    assert small == {"summary": 1, "monthly": 1, "by_item": 1, "by_region": 2, "credit_grades": 1,
                     "concentration": 1, "outside": 1, "headlines": 3}
