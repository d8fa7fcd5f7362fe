"""The pages of the approving department's rating: the regulator's list and rating page (a
refused form comes back with its message and the input, status 400, nothing written; another
department's contract: the refusal in words, 403), the rating on the agency's public page with
its credit line, and the rule set's new settings on the regulators' form and the public page."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.credit.rulesets import current_ruleset
from reviews.models import DepartmentRating, RuleSet
from reviews.services.credit import credit_update
from tests.factories import (
    DepartmentFactory,
    DepartmentRatingFactory,
    RegulatorFactory,
    accepted_contract,
    rater_for,
)
from tests.writes import nothing_written

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    from core.demo.site import ensure_page_tree

    return ensure_page_tree()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def rate_url(contract):
    return reverse("reviews_regulator:department_rate", args=[contract.pk])




def test_the_list_shows_the_department_s_accepted_jobs_awaiting_a_rating(client):
    department = DepartmentFactory()
    mine = accepted_contract(department=department)
    accepted_contract()  # another department's item
    rated = accepted_contract(department=department)
    DepartmentRatingFactory(contract=rated)
    client.force_login(RegulatorFactory(department=department).user)
    response = client.get(reverse("reviews_regulator:department_ratings"))
    assert response.status_code == 200
    awaiting = list(response.context["awaiting"])
    assert awaiting == [mine]
    assert [rating.contract for rating in response.context["given"].object_list] == [rated]
    assert rate_url(mine) in response.content.decode()


def test_the_list_runs_the_same_queries_for_one_job_or_many(client):
    department = DepartmentFactory()
    client.force_login(RegulatorFactory(department=department).user)
    accepted_contract(department=department)
    DepartmentRatingFactory(contract=accepted_contract(department=department))
    url = reverse("reviews_regulator:department_ratings")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for _ in range(4):
        accepted_contract(department=department)
        DepartmentRatingFactory(contract=accepted_contract(department=department))
    assert count() == few


def test_the_department_rates_through_the_page(client):
    contract = accepted_contract()
    client.force_login(rater_for(contract))
    page = client.get(rate_url(contract))
    assert page.status_code == 200 and "审批中是否一次通过" in page.content.decode()
    response = client.post(rate_url(contract), {"first_pass": "no", "corrections": "2", "returned": "on",
                                                "note": "补正两次后退回。"})
    assert response.status_code == 302
    rating = DepartmentRating.objects.get(contract=contract)
    assert (rating.first_pass, rating.corrections, rating.returned, rating.note) == (False, 2, True, "补正两次后退回。")
    shown = client.get(rate_url(contract)).content.decode()
    assert "要求补正 2 次，退回" in shown and "提交评价" not in shown  # no second form


@pytest.mark.parametrize("data,message", [
    ({"first_pass": "yes", "corrections": "2"}, "“一次通过”的成果不应有补正或退回"),
    ({"first_pass": "no", "corrections": "0"}, "请填写要求补正的次数或勾选“退回”"),
    ({"first_pass": "no", "corrections": "abc"}, "请填写 0 至 99 的整数。"),
    ({"first_pass": "no", "corrections": "100"}, "请填写 0 至 99 的整数。"),
    ({"corrections": "1"}, "请选择成果在审批中是否一次通过。"),
])
def test_bad_input_comes_back_with_its_message_and_nothing_written(client, data, message):
    contract = accepted_contract()
    client.force_login(rater_for(contract))
    with nothing_written(DepartmentRating):
        response = client.post(rate_url(contract), {"note": "保留的说明", **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "保留的说明" in html


def test_another_department_sees_the_refusal_and_cannot_post(client):
    contract = accepted_contract()
    client.force_login(RegulatorFactory().user)
    page = client.get(rate_url(contract))
    assert page.status_code == 403
    assert "只有该部门的监管人员可以评价" in page.content.decode() and "提交评价" not in page.content.decode()
    with nothing_written(DepartmentRating):
        assert client.post(rate_url(contract), {"first_pass": "yes", "corrections": "0"}).status_code == 403


def test_a_job_not_yet_accepted_shows_why_and_a_post_writes_nothing(client):
    from bidding.models import Job

    contract = accepted_contract(status=Job.Status.DELIVERED)
    client.force_login(rater_for(contract))
    page = client.get(rate_url(contract))
    assert page.status_code == 200 and "项目尚未验收通过" in page.content.decode()
    with nothing_written(DepartmentRating):
        assert client.post(rate_url(contract), {"first_pass": "yes", "corrections": "0"}).status_code == 400


def test_an_unknown_contract_is_a_404(client):
    client.force_login(RegulatorFactory().user)
    assert client.get("/regulator/credit/department-ratings/999999/").status_code == 404


def test_the_agency_page_shows_the_ratings_and_their_credit_lines(client, home):
    contract = accepted_contract()
    agency = contract.agency
    DepartmentRatingFactory(contract=contract, note="成果规范。")
    DepartmentRatingFactory(contract=accepted_contract(agency=agency), first_pass=False, corrections=1,
                            returned=True)
    credit_update([agency.pk])
    html = client.get(f"/agencies/{agency.uscc}/").content.decode()
    assert 'id="department-ratings"' in html
    assert "共 2 份成果经审批部门评价：一次通过 1 份（50%），要求补正 1 份，退回 1 份。" in html
    assert "成果规范。" in html and "要求补正 1 次，退回" in html
    assert str(contract.job.item.approving_department) in html
    # the credit explanation's lines: 3.00 for the first pass, (−2 − 8) × 0.6 = −6.00 for the other
    assert html.count('data-kind="department_rating"') == 2
    assert 'data-contribution="3.00"' in html and 'data-contribution="-6.00"' in html
    assert "信用评价规则第 2 版" in html


def test_an_agency_without_ratings_says_so(client, home):
    agency = accepted_contract().agency
    html = client.get(f"/agencies/{agency.uscc}/").content.decode()
    assert "暂无审批部门评价。" in html


def test_the_public_rules_page_explains_the_weights_and_the_new_events(client, home):
    html = client.get("/credit/").content.decode()
    assert "权重为 5 : 3 : 2" in html
    assert "一次通过 +5 分；未一次通过的，每要求补正 1 次 −2 分，退回的另计 −8 分" in html
    assert "每逾期 1 个工作日 −0.5 分" in html
    assert "现行信用评价规则：第 2 版" in html


def test_the_regulators_rules_page_and_form_have_the_new_settings(client):
    client.force_login(RegulatorFactory().user)
    table = client.get(reverse("reviews_regulator:credit_rules")).content.decode()
    assert "业主评价 5 : 审批部门评价 3 : 平台记录 2" in table
    assert "一次通过 +5；每次补正 -2；退回另计 -8" in table and "1 × 3/5" in table and "1 × 2/5" in table
    url = reverse("reviews_regulator:credit_rules_publish")
    form = client.get(url).context["form"]
    for name in ("agency__weights__owner", "agency__weights__department", "agency__weights__platform",
                 "agency__events__department_rating__first_pass", "agency__events__department_rating__returned",
                 "agency__events__department_rating__per_correction", "owner__events__owner_delay__per_day"):
        assert name in form.fields, name
    data = {name: form[name].value() for name in form.fields}
    data.update({"agency__weights__department": "4", "owner__events__owner_delay__per_day": "-1",
                 "note": "审批部门评价权重提高；业主逾期扣分加重。"})
    assert client.post(url, data).status_code == 302
    rules = current_ruleset().rules
    assert rules["agency"]["weights"] == {"owner": 5, "department": 4, "platform": 2}
    assert rules["owner"]["events"]["owner_delay"]["per_day"] == -1


def test_an_owner_weight_of_zero_is_refused_next_to_its_field(client):
    client.force_login(RegulatorFactory().user)
    url = reverse("reviews_regulator:credit_rules_publish")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"agency__weights__owner": "0", "note": "试一试"})
    with nothing_written(RuleSet):
        response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["form"].errors["agency__weights__owner"] == [
        "业主评价的权重须大于 0（审批部门评价和平台记录按与它的比例计分）。"]
