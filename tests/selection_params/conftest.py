from tests.bidding_jobs.conftest import admin, friday, item, owner, surveying  # noqa: F401 (fixtures)
