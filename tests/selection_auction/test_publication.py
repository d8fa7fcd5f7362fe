"""The auction's published parameters: out of range refused at publication with a clear message
(an auction round time under a minute among them), and no auction in a discount-rate job."""
import pytest

from bidding.method_params import params_of, params_problems
from bidding.models import Job
from bidding.publication import publication_problems
from tests.factories import JobFactory

M = Job.Method


@pytest.mark.parametrize("params, field, message", [
    ({"turn_seconds": 59}, "turn_seconds", "每家每轮限时（秒）须为 60～1800 之间的整数。"),
    ({"turn_seconds": 1801}, "turn_seconds", "每家每轮限时（秒）须为 60～1800 之间的整数。"),
    ({"pause_minutes": 0}, "pause_minutes", "开标后暂停时间（分钟）须为 1～60 之间的整数。"),
    ({"max_step_percent": 51}, "max_step_percent", "每次最多降价比例（%）须为 1～50 之间的整数。"),
    ({"max_step_percent": "10"}, "max_step_percent", "每次最多降价比例（%）须为 1～50 之间的整数。"),
])
def test_parameters_out_of_range_are_refused(params, field, message):
    problems = params_problems(M.AUCTION, params_of(M.AUCTION, params))
    assert [(problem.field, str(problem)) for problem in problems] == [(field, message)]


def test_the_defaults_are_publishable():
    assert params_problems(M.AUCTION, params_of(M.AUCTION)) == []
    assert params_of(M.AUCTION) == {"pause_minutes": 10, "turn_seconds": 180, "max_step_percent": 10, "rounds": 3}


@pytest.mark.django_db
def test_an_auction_takes_amounts_not_discount_rates():
    job = JobFactory(selection_method=M.AUCTION, price_mode=Job.PriceMode.DISCOUNT, status=Job.Status.DRAFT)
    messages = [str(problem) for problem in publication_problems(job) if problem.field == "price_mode"]
    assert "网上竞价只适用于按金额报价的项目（下浮率报价不能逐轮降价）。" in messages
