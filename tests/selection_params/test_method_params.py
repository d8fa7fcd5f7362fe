"""The published parameters of the methods added after the first four: the owner sets them on the
announcement form, what is out of range is refused at publication with the reason (nothing written),
and the announcement shows them."""
import pytest

from bidding.errors import MethodParamsInvalid
from bidding.method_params import cut_count, params_of, params_problems
from bidding.models import Job
from tests.bidding_jobs.conftest import make_draft
from tests.bidding_jobs.test_job_publish import refused
from tests.bidding_jobs.test_owner_pages import form_post

pytestmark = pytest.mark.usefixtures("friday")
M = Job.Method


def test_defaults_fill_what_the_owner_left_empty():
    assert params_of(M.BEST_PRICE, {}) == {"k_set": ["95", "96", "97", "98"]}
    assert params_of(M.CREDIT_DRAW, {"cut_percent": 30}) == {"cut_percent": 30, "shortlist_size": 3, "min_bidders": 5}
    assert params_of(M.RANDOM, {"anything": 1}) == {}
    for method in (M.BEST_PRICE, M.CREDIT_DRAW, M.AUCTION, M.QUOTE):
        assert params_problems(method, params_of(method, {})) == []


def test_the_cut_rounds_down():
    # 7 bidders, 20 %: 1.4 bidders → 1 cut; 10 bidders, 20 % → 2; 4 bidders, 20 % → 0.
    assert [cut_count(7, 20), cut_count(10, 20), cut_count(4, 20), cut_count(5, 50)] == [1, 2, 0, 2]


@pytest.mark.parametrize(("method", "params", "field", "words"), [
    (M.BEST_PRICE, {"k_set": ["79", "95"]}, "k_set", "80%～100%"),
    (M.BEST_PRICE, {"k_set": ["95", "101"]}, "k_set", "80%～100%"),
    (M.BEST_PRICE, {"k_set": ["95"]}, "k_set", "2～10"),
    (M.BEST_PRICE, {"k_set": ["95", "95.0"]}, "k_set", "互不相同"),
    (M.BEST_PRICE, {"k_set": ["95", "九十六"]}, "k_set", "百分数"),
    # 5 bidders, 60 % cut → 2 left, fewer than a short list of 3 (and 60 is outside 0–50).
    (M.CREDIT_DRAW, {"cut_percent": 60}, "cut_percent", "0～50"),
    # 5 bidders, 50 % cut → 2 cut, 3 left: a short list of 4 cannot be drawn.
    (M.CREDIT_DRAW, {"cut_percent": 50, "shortlist_size": 4}, "cut_percent", "只剩 3 家"),
    (M.AUCTION, {"turn_seconds": 59}, "turn_seconds", "60～1800"),
    (M.AUCTION, {"max_step_percent": 0}, "max_step_percent", "1～50"),
    (M.QUOTE, {"invitees": 2}, "invitees", "3～10"),
    (M.QUOTE, {"criteria": [{"name": "报价", "weight": 60}, {"name": "方案", "weight": 30}]}, "criteria", "合计 100"),
])
def test_out_of_range_parameters_are_refused_at_publication_and_nothing_is_written(
        owner, admin, item, method, params, field, words):
    draft = make_draft(owner, admin, item, selection_method=method, method_params=params)
    [problem], _error = refused(draft, admin, MethodParamsInvalid)
    assert problem.field == field
    assert words in str(problem)


def test_the_owner_sets_the_parameters_on_the_form_and_the_announcement_shows_them(client, owner, admin, item):
    client.force_login(admin)
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", form_post(
        item, selection_method="best_price", param_k_set="96， 97、98", param_cut_percent="30",
        param_turn_seconds="120"))
    job = Job.objects.get()
    assert response.status_code == 302
    # Only the chosen method's parameters are kept.
    assert job.method_params == {"k_set": ["96", "97", "98"]}
    page = client.get(f"/workspace/jobs/{job.pk}/").content.decode()
    assert "96%、97%、98%" in page


def test_a_form_with_a_round_time_under_a_minute_is_refused_with_the_fields_message(client, owner, admin, item):
    client.force_login(admin)
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", form_post(
        item, selection_method="auction", param_turn_seconds="30"))
    assert response.status_code == 400
    assert not Job.objects.exists()
    assert "60" in response.content.decode()


def test_quote_criteria_are_read_one_per_line(client, owner, admin, item):
    client.force_login(admin)
    client.post(f"/workspace/jobs/new/?org={owner.pk}", form_post(
        item, selection_method="quote", param_criteria="报价 50\n服务方案 30\n服务时限 20\n"))
    assert Job.objects.get().method_params["criteria"] == [
        {"name": "报价", "weight": 50}, {"name": "服务方案", "weight": 30}, {"name": "服务时限", "weight": 20}]
    response = client.post(f"/workspace/jobs/new/?org={owner.pk}", form_post(
        item, selection_method="quote", param_criteria="报价五十"))
    assert response.status_code == 400 and Job.objects.count() == 1
    assert "每行写一项评审因素" in response.content.decode()
