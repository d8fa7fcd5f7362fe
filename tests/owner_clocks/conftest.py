"""The contracts scene (an awarded job, its winner and runner-up, a published model contract, the
people who act), reused; and moments in Beijing time for clocks computed by hand."""
import datetime
import zoneinfo

import pytest

from tests.contracts.conftest import scene, template  # noqa: F401  (fixtures)

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour=10, minute=0):
    """2026-03-<day> at hour:minute, Beijing time (March 2026: the 2nd is a Monday)."""
    return datetime.datetime(2026, 3, day, hour, minute, tzinfo=BEIJING)


@pytest.fixture
def short_clocks(settings):
    settings.OWNER_SIGN_WORKING_DAYS = 2
    settings.OWNER_PAY_WORKING_DAYS = 3
    settings.CONTRACT_SIGN_WORKING_DAYS = 5
