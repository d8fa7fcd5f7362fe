"""The pages: blindness on every page for each side before and after (both in, window closed),
the public selector, forms through the pages, escaping, who gets a 404, and constant queries."""
import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review, ReviewAppeal
from reviews.selectors import reviews as selectors
from reviews.services.reviews import review_defaults_apply, review_submit
from tests.factories import MembershipFactory, RegulatorFactory, UserFactory
from tests.factories.reviews import ReviewAppealFactory, ReviewFactory, open_contract
from tests.writes import nothing_written

from .conftest import agency_scores, owner_scores

pytestmark = pytest.mark.django_db

OWNER_TEXT = "甲方评语SECRET-OWNER"
AGENCY_TEXT = "乙方评语SECRET-AGENCY"
BLIND = "对方评价将在双方均已评价或评价期结束后公开"


def _page(login, user, contract):
    response = login(user).get(reverse("reviews:review", args=[contract.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _list(login, user):
    response = login(user).get(reverse("reviews:reviews"))
    assert response.status_code == 200
    return response.content.decode()


def _public(contract, now):
    return [row.text for row in selectors.shown_reviews_of(contract.agency, now)] + \
        [row.text for row in selectors.shown_reviews_of(contract.owner, now)]


def test_before_both_are_in_neither_side_nor_the_public_sees_the_other_review(scene, login):
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(2), text=OWNER_TEXT)
    owner_page = _page(login, scene.owner_user, scene.contract)
    assert OWNER_TEXT in owner_page and "服务质量" in owner_page  # its own, always
    agency_page = _page(login, scene.agency_user, scene.contract)
    assert OWNER_TEXT not in agency_page
    assert "服务质量" not in agency_page and "平均 2.00 分" not in agency_page
    assert BLIND in agency_page and "对方已提交评价" in agency_page
    assert OWNER_TEXT not in _list(login, scene.agency_user)
    assert _public(scene.contract, timezone.now()) == []


def test_after_both_are_in_each_side_and_the_public_see_both(scene, login):
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(2), text=OWNER_TEXT)
    agency_page = _page(login, scene.agency_user, scene.contract)
    assert AGENCY_TEXT not in agency_page
    review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(5), text=AGENCY_TEXT)
    for user in (scene.owner_user, scene.agency_user):
        page = _page(login, user, scene.contract)
        assert OWNER_TEXT in page and AGENCY_TEXT in page and BLIND not in page
    assert sorted(_public(scene.contract, timezone.now())) == sorted([OWNER_TEXT, AGENCY_TEXT])


def test_after_the_window_closed_a_lone_review_is_shown_even_before_the_defaults_are_written(scene, login):
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(2), text=OWNER_TEXT)
    with time_machine.travel(scene.closes - datetime.timedelta(seconds=1)):
        assert OWNER_TEXT not in _page(login, scene.agency_user, scene.contract)
        assert _public(scene.contract, timezone.now()) == []
    with time_machine.travel(scene.closes):
        page = _page(login, scene.agency_user, scene.contract)
        assert OWNER_TEXT in page and BLIND not in page and "评价期已结束" in page
        assert _public(scene.contract, timezone.now()) == [OWNER_TEXT]
    review_defaults_apply(now=scene.closes)
    with time_machine.travel(scene.closes + datetime.timedelta(minutes=1)):
        page = _page(login, scene.owner_user, scene.contract)
        assert "逾期未评价，按默认评价计" in page
        assert len(_public(scene.contract, timezone.now())) == 2


def test_the_other_contracts_party_outsiders_and_anonymous_get_404(scene, login, client):
    url = reverse("reviews:review", args=[scene.contract.pk])
    for user in (scene.other_party, scene.outsider, scene.regulator):
        assert login(user).get(url).status_code == 404
        assert login(user).post(reverse("reviews:review_submit", args=[scene.contract.pk]),
                                {"score_quality": "5"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_form_has_a_radio_group_per_dimension_and_submits(scene, login):
    page = _page(login, scene.owner_user, scene.contract)
    for label in ("服务质量", "服务时效", "服务态度", "收费规范"):
        assert f"<legend>{label}" in page
    assert page.count('type="radio" name="score_quality"') == 5
    assert "付款及时" not in page
    agency_page = _page(login, scene.agency_user, scene.contract)
    for label in ("付款及时", "配合程度", "诚信履约"):
        assert f"<legend>{label}" in agency_page
    data = {"score_quality": "5", "score_timeliness": "4", "score_attitude": "4", "score_fee_compliance": "4",
            "text": "好"}
    response = login(scene.owner_user).post(reverse("reviews:review_submit", args=[scene.contract.pk]), data)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.scores == {"quality": 5, "timeliness": 4, "attitude": 4, "fee_compliance": 4}
    page = _page(login, scene.owner_user, scene.contract)
    assert "评价提交后不能修改" in page and 'name="score_quality"' not in page


@pytest.mark.parametrize("changes", [{"score_quality": "6"}, {"score_quality": "0"}, {"score_quality": ""},
                                     {"score_quality": "abc"}])
def test_a_bad_score_through_the_page_is_refused_with_the_input_kept(scene, login, changes):
    data = {"score_quality": "5", "score_timeliness": "4", "score_attitude": "4", "score_fee_compliance": "4",
            "text": "保留的文字"}
    with nothing_written(Review):
        response = login(scene.owner_user).post(reverse("reviews:review_submit", args=[scene.contract.pk]),
                                                {**data, **changes})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist"' in page and "保留的文字" in page


def test_a_second_review_through_the_page_is_refused(scene, login):
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")
    data = {"score_quality": "1", "score_timeliness": "1", "score_attitude": "1", "score_fee_compliance": "1"}
    with nothing_written(Review):
        response = login(scene.owner_user).post(reverse("reviews:review_submit", args=[scene.contract.pk]), data)
    assert response.status_code == 400
    assert "贵方已评价本合同" in response.content.decode()


def test_after_the_close_the_page_offers_no_form_and_a_late_post_is_refused(scene, login):
    data = {"score_quality": "1", "score_timeliness": "1", "score_attitude": "1", "score_fee_compliance": "1"}
    with time_machine.travel(scene.closes):
        page = _page(login, scene.owner_user, scene.contract)
        assert 'name="score_quality"' not in page and "评价期已结束" in page
        with nothing_written(Review):
            response = login(scene.owner_user).post(reverse("reviews:review_submit", args=[scene.contract.pk]), data)
        assert response.status_code == 400 and "评价期已结束，不能再评价" in response.content.decode()


def test_text_is_shown_escaped(scene, login):
    script = "<script>alert('x')</script>\n第二行"
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text=script)
    review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="")
    for user in (scene.owner_user, scene.agency_user):
        page = _page(login, user, scene.contract)
        assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>第二行" in page


def test_the_appeal_through_the_pages(scene, login):
    review = review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(1), text="差")
    assert "对这条评价提出申诉" not in _page(login, scene.agency_user, scene.contract)  # still blind
    review_submit(actor=scene.agency_user, contract=scene.contract, scores=owner_scores(), text="")
    assert "对这条评价提出申诉" in _page(login, scene.agency_user, scene.contract)
    # The owner is the rated side of the agency's review, so it may appeal against that one.
    assert f'action="{reverse("reviews:appeal_file", args=[scene.contract.pk])}"' in _page(
        login, scene.owner_user, scene.contract)
    url = reverse("reviews:appeal_file", args=[scene.contract.pk])
    with nothing_written(ReviewAppeal):
        assert login(scene.agency_user).post(url, {"reason": ""}).status_code == 400
    assert login(scene.agency_user).post(url, {"reason": "<b>不符</b>"}).status_code == 302
    appeal = ReviewAppeal.objects.get(review=review)
    page = _page(login, scene.agency_user, scene.contract)
    assert "对这条评价提出申诉" not in page and "等待监管部门处理" in page
    # The regulator's pages: the list and the decision.
    regulator = login(scene.regulator)
    listing = regulator.get(reverse("reviews_regulator:appeals")).content.decode()
    assert scene.contract.number in listing
    detail = regulator.get(reverse("reviews_regulator:appeal", args=[appeal.pk])).content.decode()
    assert "&lt;b&gt;不符&lt;/b&gt;" in detail and 'name="void"' in detail
    with nothing_written(ReviewAppeal):
        assert regulator.post(reverse("reviews_regulator:appeal", args=[appeal.pk]),
                              {"void": "void", "reason": ""}).status_code == 400
    response = regulator.post(reverse("reviews_regulator:appeal", args=[appeal.pk]),
                              {"void": "void", "reason": "依据不足<script>"})
    assert response.status_code == 302
    assert Review.objects.get(pk=review.pk).status == Review.Status.VOIDED
    for user in (scene.owner_user, scene.agency_user):
        page = _page(login, user, scene.contract)
        assert "经申诉撤销" in page and "依据不足&lt;script&gt;" in page


def test_regulator_pages_only_for_the_supervising_regulator(scene, login, client):
    appeal = ReviewAppealFactory(review=ReviewFactory(contract=scene.contract))
    url = reverse("reviews_regulator:appeal", args=[appeal.pk])
    assert login(scene.other_regulator).get(url).status_code == 404
    assert scene.contract.number not in login(scene.other_regulator).get(
        reverse("reviews_regulator:appeals")).content.decode()
    assert login(scene.owner_user).get(url).status_code == 404
    assert login(scene.owner_user).get(reverse("reviews_regulator:appeals")).status_code == 403


def test_the_list_shows_what_is_due(scene, login):
    page = _list(login, scene.owner_user)
    assert scene.contract.number in page and "去评价" in page
    review_submit(actor=scene.owner_user, contract=scene.contract, scores=agency_scores(), text="")
    page = _list(login, scene.owner_user)
    assert "暂无待评价的合同" in page and scene.contract.number in page
    assert "去评价" in _list(login, scene.agency_user)
    due, _others = selectors.reviews_of_user(scene.agency_user, timezone.now(),
                                             organisation_id=scene.contract.owner_id)
    assert due == []  # ?org= of an organisation the user is not a member of: nothing


def test_the_workspace_and_regulator_menus_link_the_pages(scene, login):
    from core.navigation import page_url

    assert page_url("contract_review", scene.contract.pk) == reverse("reviews:review", args=[scene.contract.pk])
    page = login(scene.regulator).get(reverse("reviews_regulator:appeals")).content.decode()
    assert reverse("reviews_regulator:appeals") in page and "评价申诉" in page
    for user, organisation in ((scene.owner_user, scene.contract.owner), (scene.agency_user, scene.contract.agency)):
        page = login(user).get(reverse("providers:workspace")).content.decode()
        assert f'{reverse("reviews:reviews")}?org={organisation.pk}' in page


# --- queries --------------------------------------------------------------------------------------------

def _contracts_with_reviews(owner, n):
    for _i in range(n):
        contract = open_contract(job__owner=owner)
        ReviewFactory(contract=contract)
        appeal_review = ReviewFactory(contract=contract, direction=Review.Direction.AGENCY_TO_OWNER)
        ReviewAppealFactory(review=appeal_review)


def _read(selector, user, owner, regulator, rules):
    now = timezone.now()
    if selector == "reviews_of_user":
        due, others = selectors.reviews_of_user(user, now, credit_rules=rules)
        return due + others
    if selector == "shown_reviews_of":
        return [selectors.shown(review) for review in selectors.shown_reviews_of(owner, now, rules)]
    waiting, decided = selectors.appeals_for_regulator(regulator.user)
    return waiting + decided


@pytest.mark.parametrize("selector", ["reviews_of_user", "shown_reviews_of", "appeals_for_regulator"])
def test_the_selectors_run_the_same_number_of_queries_for_3_rows_and_30(selector):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.credit.rulesets import current_rules
    from tests.factories import OwnerFactory

    counts = []
    for n in (3, 30):
        owner = OwnerFactory()
        user = UserFactory()
        MembershipFactory(user=user, organisation=owner)
        _contracts_with_reviews(owner, n)
        regulator = RegulatorFactory(categories=list({c.job.item.category for c in owner.owner_contracts.all()}))
        rules = current_rules()
        with CaptureQueriesContext(connection) as queries:
            rows = _read(selector, user, owner, regulator, rules)
        assert len(rows) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
