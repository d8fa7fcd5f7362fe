"""No traceback and no 500 on bad input, whoever sends it.

1. The URL table, walked: every route of django.urls.get_resolver() (recursively) and every
   sub-route of the live routable Wagtail pages (/catalogue/<code>/, /agencies/<uscc>/,
   /notices/<id>/…) is requested with non-numeric, negative, zero and overflowing values in each
   of its slots, by a visitor, an agency member, an owner member and a regulator. An id that is
   not 1..2^63-1 matches no route (404); a valid id that names nothing answers 404, 403, 405 or
   a redirect to the login page; nothing answers 500.
2. Numeric query parameters (?page=, ?org=, ?bid=, ?days=) on every page of ours a role can
   open, and the public forms (the fee calculator, the directory and notices filters), get
   1e999, NaN, Infinity, -1, 99999999999999999999…: the page answers, never 500.
3. The job form and the bid form posted with those values answer 200 with the message next to
   the field, and write nothing.

The client never raises the view's exception (raise_request_exception=False), so a 500 is seen as
a status; each request runs in its own savepoint, so on PostgreSQL a failed query cannot hide
the next one. Run on SQLite and on PostgreSQL: they overflow differently.
"""
import datetime
import re
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from audit.models import AuditEntry
from bidding.models import Bid, Job
from core.converters import IdConverter
from marketplace.models import AgencyService
from tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    BidFactory,
    FeeRuleFactory,
    JobFactory,
    MembershipFactory,
    OwnerFactory,
    RegulatorFactory,
    ServiceItemFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "agency", "owner", "regulator")
BAD_IDS = ["abc", "-1", "0", str(2**63), str(2**64), str(10**30)]
MISSING_ID = str(2**63 - 1)  # a well-formed id that names nothing
BAD_NUMBERS = ["1e999", "1e308", "9e99999", "NaN", "Infinity", "-Infinity", "-1", "99999999999999999999",
               "1e-999999", "0x10", ""]
# The few that stand for all of the above where a page is asked many times.
NASTY = ["1e999", "NaN", "-1", "99999999999999999999"]
# The apps whose pages the query-string sweep visits (others' pages are Wagtail's and allauth's).
OUR_APPS = {"accounts", "api", "audit", "bidding", "cms", "core", "marketplace", "providers", "reviews", "search"}
SLOT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


# --- the scene --------------------------------------------------------------------------------

class Scene:
    """The public site, a government-priced item, an agency offering it that has bid on an
    owner's published job, and a regulator of the item's category."""

    def __init__(self):
        from core.demo.site import ensure_page_tree

        ensure_page_tree()
        self.rule = FeeRuleFactory(coefficients=[
            {"key": "complexity", "name": "复杂程度调整系数", "min": "0.8", "max": "1.2", "default": "1.0"},
        ])
        self.item = self.rule.item
        self.market_item = ServiceItemFactory(category=self.item.category)
        self.owner = OwnerFactory()
        self.agency = AgencyFactory()
        AgencyServiceFactory(agency=self.agency, item=self.item)
        AgencyServiceFactory(agency=self.agency, item=self.market_item)
        self.users = {
            "anonymous": None,
            "agency": MembershipFactory(organisation=self.agency).user,
            "owner": MembershipFactory(organisation=self.owner).user,
            "regulator": RegulatorFactory(categories=[self.item.category]).user,
        }
        self.job = JobFactory(owner=self.owner, item=self.market_item,
                              closes_at=timezone.now() + datetime.timedelta(days=5))
        self.discount_job = JobFactory(owner=self.owner, item=self.item, price_mode=Job.PriceMode.DISCOUNT,
                                       fee_quantity=Decimal("500"), ceiling_price=None,
                                       closes_at=timezone.now() + datetime.timedelta(days=5))
        self.bid = BidFactory(job=self.job, agency=self.agency, price=Decimal("50000"),
                              submitted_by=self.users["agency"])

    def client(self, role):
        client = Client(raise_request_exception=False)
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client

    def org(self, role):
        return {"owner": self.owner, "agency": self.agency}.get(role, self.agency).pk

    def known(self, role):
        """Real values for a route's slots, by slot name, as a role would put them in a URL."""
        return {
            "org_id": self.org(role), "job_id": self.job.pk, "bid_id": self.bid.pk,
            "agency_id": self.agency.pk, "code": self.item.code, "uscc": self.agency.uscc,
        }


@pytest.fixture
def scene():
    return Scene()


def fetch(client, url, data=None):
    """The status of one request (a POST when `data` is given), made in its own savepoint."""
    try:
        with transaction.atomic():
            if data is None:
                return client.get(url)
            return client.post(url, data)
    except DatabaseError as error:  # the view broke the transaction: as bad as a 500
        return DatabaseFailure(error)


class DatabaseFailure:
    status_code = 500

    def __init__(self, error):
        self.error = error

    def __getitem__(self, name):
        return ""


# --- the URL table ----------------------------------------------------------------------------

def _literal(regex):
    """The text a regex-based URL prefix matches, when it is a plain literal; else None."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return None if re.search(r"[\\()\[\]{}?*+|.]", text) else text


def url_table():
    """(route, converters by slot name) for every route of the URL table, e.g.
    ("workspace/jobs/<id:job_id>/", {"job_id": IdConverter()}); the routes of regex patterns
    with groups are left out (none of ours has one)."""

    def walk(resolver, prefix, converters):
        for entry in resolver.url_patterns:
            pattern = entry.pattern
            if isinstance(pattern, RoutePattern):
                piece, found = str(pattern), pattern.converters
            elif isinstance(pattern, RegexPattern) and _literal(pattern.regex.pattern) is not None:
                piece, found = _literal(pattern.regex.pattern), {}
            else:
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry, prefix + piece, {**converters, **found})
            else:
                yield prefix + piece, {**converters, **found}, entry

    for route, converters, entry in walk(get_resolver(), "", {}):
        yield "/" + route, converters, entry


def routable_page_routes():
    """(route, converters) for each sub-route of each live routable page, under the page's URL."""
    for page in Page.objects.live().specific():
        if isinstance(page, RoutablePageMixin):
            for sub in page.get_subpage_urls():
                yield page.url + str(sub.pattern), sub.pattern.converters


def fill(route, values, default="1"):
    return SLOT.sub(lambda match: str(values.get(match["name"], default)), route)


def is_numeric(converter):
    return isinstance(converter, (IntConverter, IdConverter))


def acceptable(response, value):
    """What a route may answer when one of its slots holds `value` (which its converter took)."""
    status = response.status_code
    if status == 404:
        return True
    if status == 302 and "login" in response["Location"]:
        return True
    return value == MISSING_ID and status in (302, 403, 405)


def slots_to_try():
    """(route, slot, converter) for each slot worth filling with bad values: every numeric slot of
    the URL table, and every slot of the routable public pages."""
    for route, converters, _entry in url_table():
        for slot, converter in converters.items():
            if is_numeric(converter):
                yield route, slot, converter
    for route, converters in routable_page_routes():
        for slot, converter in converters.items():
            yield route, slot, converter


def test_no_route_takes_what_is_not_an_id(scene):
    """Not 1..2^63-1: no route of ours matches, so the view never sees it (the site answers 404)."""
    failures = []
    for route, slot, converter in slots_to_try():
        if not isinstance(converter, IdConverter):
            continue
        for value in BAD_IDS:
            url = fill(route, {**scene.known("owner"), slot: value})
            try:
                match = resolve(url)
            except Resolver404:
                continue
            # Wagtail's page lookup (cms.routing) and the Wagtail admin's catch-all: a 404 each
            if match.url_name != "wagtail_serve" and match.view_name != "wagtail.admin.views.home.default":
                failures.append(f"{url} → {match.view_name}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_no_bad_id_in_any_url_gives_500(scene, role):
    """Every numeric slot, each role: an id beyond the 64-bit range and, in our <id:…> slots, a
    valid id that names nothing; the slots of Wagtail's and Django's admin (plain <int:…>) take
    the overflow to their views, which for these roles answer with the login page."""
    client = scene.client(role)
    known = scene.known(role)
    failures, tried = [], 0
    for route, slot, converter in slots_to_try():
        for value in [str(2**63), MISSING_ID] if isinstance(converter, IdConverter) else [str(2**63)]:
            url = fill(route, {**known, slot: value})
            response = fetch(client, url)
            tried += 1
            if not acceptable(response, value):
                failures.append(f"{url} → {response.status_code} {response['Location']}")
    assert tried > 150  # the walk found the routes (about 50 of ours with ids, Wagtail's admin…)
    assert not failures, "\n".join(failures)


def test_the_walk_sees_our_routes_and_the_routable_pages(scene):
    routes = {route for route, _slot, _converter in slots_to_try()}
    assert "/workspace/jobs/<id:job_id>/" in routes
    assert "/notices/<id:job_id>/draw/" in routes
    assert "/catalogue/<str:code>/" in routes
    assert "/agencies/<str:uscc>/" in routes


def test_every_id_in_our_urls_uses_the_id_converter():
    """A database id in one of our URLs is always an <id:…>, never a bare <int:…>."""
    ours = [(route, slot) for route, converters, entry in url_table()
            for slot, converter in converters.items()
            if entry.callback.__module__.split(".")[0] in OUR_APPS and isinstance(converter, IntConverter)]
    ours += [(route, slot) for route, converters in routable_page_routes()
             for slot, converter in converters.items() if isinstance(converter, IntConverter)]
    assert ours == []


# --- query strings --------------------------------------------------------------------------------

def our_pages(scene, role):
    """The URLs of our pages that `role` can open (200) with real values in their slots: the
    workspaces, and for visitors the public site too (it is the same for everyone)."""
    known = scene.known(role)
    candidates = [route for route, _converters, entry in url_table()
                  if entry.callback.__module__.split(".")[0] in OUR_APPS]
    if role == "anonymous":
        candidates += [route for route, _converters in routable_page_routes()]
        candidates += [page.url for page in Page.objects.live() if page.url]
    client = scene.client(role)
    pages = []
    for route in candidates:
        names = {match["name"] for match in SLOT.finditer(route)}
        if not names <= set(known):
            continue
        url = fill(route, known)
        url += f"?org={scene.org(role)}" if "org_id" not in names else ""
        if fetch(client, url).status_code == 200:
            pages.append(url)
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_no_bad_number_in_a_query_string_gives_500(scene, role):
    """?org= alone (the organisation the page is for), then ?page=, ?bid= and ?days= together
    beside the role's own ?org=; a bad page number shows the first page."""
    pages = our_pages(scene, role)
    assert len(pages) >= 4, pages
    client = scene.client(role)
    failures = []
    for url in pages:
        path, _mark, query = url.partition("?")
        own = "&".join(part for part in query.split("&") if part)
        for value in NASTY:
            for asked in (f"{path}?org={value}", f"{path}?{own}&page={value}&bid={value}&days={value}"):
                response = fetch(client, asked)
                if response.status_code >= 500:
                    failures.append(f"{asked} → {response.status_code}")
                elif "page=" in asked and response.status_code != 200:
                    failures.append(f"{asked} → {response.status_code} (a bad page number shows page 1)")
    assert not failures, "\n".join(failures)


def test_the_fee_calculator_answers_a_bad_number_with_a_message(scene):
    client = scene.client("anonymous")
    failures = []
    for field in ("quantity", "k_complexity"):
        for value in [*BAD_NUMBERS, "1e12", "1e21", "999999999999.5", "3000.0000001"]:
            if field == "k_complexity" and value == "":
                continue  # an empty coefficient takes its default
            response = fetch(client, f"/catalogue/{scene.item.code}/?fee-quantity=3000&fee-{field}={value}")
            if response.status_code not in (200, 400):
                failures.append(f"{field}={value} → {response.status_code}")
                continue
            errors = response.context["calc_form"].errors.get(field)
            if not errors or response.context["calc_result"] is not None:
                failures.append(f"{field}={value} → no message")
            elif errors[0] not in response.content.decode():
                failures.append(f"{field}={value} → the message is not on the page")
    assert not failures, "\n".join(failures)


def test_the_fee_calculator_still_computes(scene):
    response = scene.client("anonymous").get(f"/catalogue/{scene.item.code}/?fee-quantity=3000&fee-k_complexity=1.2")

    assert response.status_code == 200
    assert response.context["calc_result"].final_fee == Decimal("24000.00")  # (1000×10 + 2000×5) × 1.2


def test_the_public_filters_take_any_value(scene):
    client = scene.client("anonymous")
    fields = ["q", "item", "category", "fee_type", "province", "prefecture", "grade", "status", "page"]
    failures = []
    for page in ("/catalogue/", "/agencies/", "/notices/"):
        for value in [*BAD_NUMBERS, *BAD_IDS]:
            response = fetch(client, page + "?" + "&".join(f"{name}={value}" for name in fields))
            if response.status_code != 200:
                failures.append(f"{page} {value} → {response.status_code}")
    assert not failures, failures


# --- posted forms ---------------------------------------------------------------------------------

def job_form(scene, **changes):
    closes = timezone.localtime(timezone.now() + datetime.timedelta(days=14))
    return {
        "title": "旌阳区某道路改建工程环境影响评价", "project_code": "", "item": scene.market_item.pk,
        "budget": "80000", "ceiling_price": "80000", "fee_quantity": "", "selection_method": "random",
        "price_mode": "amount", "closes_on": closes.date().isoformat(), "closes_time": "17:00",
        "service_days": "20", "description": "编制环境影响报告表。", "requirements": "",
        "avoid-TOTAL_FORMS": "0", "avoid-INITIAL_FORMS": "0", "avoid-MIN_NUM_FORMS": "0",
        "avoid-MAX_NUM_FORMS": "20",
        **changes,
    }


def written():
    return {
        "audit": AuditEntry.objects.count(),
        "jobs": sorted(Job.objects.values_list("pk", "status")),
        "bids": sorted(Bid.objects.values_list("pk", "status", "price", "discount_rate", "promised_days")),
    }


def refusals(client, url, form, fields, values):
    """Post `form` with each field in turn set to each value: the failures, as lines, of those
    that do not answer the form again (200, or 400 where the view marks the refusal) with a message
    on that field."""
    failures = []
    for field in fields:
        for value in values:
            response = fetch(client, url, form(**{field: value}))
            if response.status_code not in (200, 400):
                failures.append(f"{field}={value} → {response.status_code}")
            elif not response.context["form"].errors.get(field):
                failures.append(f"{field}={value} → no message on the field: {response.context['form'].errors}")
    return failures


def test_the_job_form_answers_a_bad_number_with_a_message(scene):
    before = written()

    failures = refusals(
        scene.client("owner"), f"/workspace/jobs/new/?org={scene.owner.pk}", lambda **c: job_form(scene, **c),
        ["budget", "ceiling_price", "fee_quantity", "service_days", "weight_price", "item", "param_cut_percent",
         "param_turn_seconds", "param_invitees"],
        [value for value in BAD_NUMBERS if value != ""],
    )
    failures += refusals(scene.client("owner"), f"/workspace/jobs/new/?org={scene.owner.pk}",
                         lambda **c: job_form(scene, **c), ["service_days"], ["3651"])

    assert not failures, "\n".join(failures)
    assert written() == before


def test_the_job_form_is_accepted_with_sane_numbers(scene):
    """The other side: the same form with ordinary numbers saves a draft (so the refusals above
    are about the numbers)."""
    before = Job.objects.count()
    response = scene.client("owner").post(f"/workspace/jobs/new/?org={scene.owner.pk}", job_form(scene))
    assert response.status_code == 302
    assert Job.objects.count() == before + 1


def bid_form(scene, job, **changes):
    data = {"org": scene.agency.pk, "promised_days": "10", "plan": "现场踏勘后编制报告表。"}
    data.update({"discount_rate": "10"} if job.price_mode == Job.PriceMode.DISCOUNT else {"price": "40000"})
    return {**data, **changes}


def test_the_bid_form_answers_a_bad_number_with_a_message(scene):
    client = scene.client("agency")
    before = written()

    failures = []
    for job, fields in ((scene.job, ["price", "promised_days"]), (scene.discount_job, ["discount_rate"])):
        failures += refusals(client, f"/workspace/opportunities/{job.pk}/bid/?org={scene.agency.pk}",
                             lambda job=job, **c: bid_form(scene, job, **c), fields, BAD_NUMBERS)

    assert not failures, "\n".join(failures)
    assert written() == before


def test_a_bad_org_names_no_other_organisation(scene):
    """?org= (and the bid form's posted org) that is not an id: the page answers for the user's
    own organisation or refuses, and nothing is written for anyone else's."""
    failures = []
    for value in [*BAD_NUMBERS, *BAD_IDS, MISSING_ID]:
        for role, url, data in (
            ("owner", f"/workspace/jobs/new/?org={value}", job_form(scene)),
            ("agency", f"/workspace/opportunities/{scene.job.pk}/bid/?org={value}",
             bid_form(scene, scene.job, org=value)),
        ):
            response = fetch(scene.client(role), url, data)
            if response.status_code not in (200, 302, 403, 404):
                failures.append(f"{url} → {response.status_code}")

    assert not failures, "\n".join(failures)
    assert set(Job.objects.values_list("owner", flat=True)) == {scene.owner.pk}
    assert set(Bid.objects.values_list("agency", flat=True)) == {scene.agency.pk}
    assert Bid.objects.filter(job=scene.job).count() == 1


def test_the_offer_form_answers_a_bad_number_with_a_message(scene):
    """An agency's commitments: the promised service time and the item chosen."""
    item = ServiceItemFactory(category=scene.item.category)
    offers = AgencyService.objects.count()
    before = written()

    failures = refusals(
        scene.client("agency"), f"/workspace/services/{scene.agency.pk}/add/",
        lambda **c: {"item": item.pk, "service_days": "10", "fee_quote": "按收费标准下浮10%",
                     "service_standard": "一次性告知，限时办结", **c},
        ["service_days", "item"], BAD_NUMBERS,
    )

    assert not failures, "\n".join(failures)
    assert AgencyService.objects.count() == offers
    assert written() == before


def fee_rule_form(**changes):
    data = {
        "legal_basis": "川发改价格〔2025〕1号", "quantity_label": "项目总投资", "quantity_unit": "万元",
        "mode": "progressive", "minimum_fee": "3000", "maximum_fee": "", "note": "",
        "effective_from": timezone.localdate().isoformat(), "reason": "依据省发展改革委文件制定",
        "bands-TOTAL_FORMS": "2", "bands-INITIAL_FORMS": "0", "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "1000",
        "bands-0-lower": "0", "bands-0-upper": "1000", "bands-0-rate": "10", "bands-0-fixed": "",
        "bands-1-lower": "1000", "bands-1-upper": "", "bands-1-rate": "5", "bands-1-fixed": "",
        "coefficients-TOTAL_FORMS": "1", "coefficients-INITIAL_FORMS": "0", "coefficients-MIN_NUM_FORMS": "0",
        "coefficients-MAX_NUM_FORMS": "1000",
        "coefficients-0-key": "complexity", "coefficients-0-name": "复杂程度调整系数",
        "coefficients-0-min": "0.8", "coefficients-0-max": "1.2", "coefficients-0-default": "1.0",
    }
    return {**data, **changes}


def test_the_fee_rule_editor_answers_a_bad_number_with_a_message(scene):
    """A regulator's fee rule: the fee limits next to their fields, a band's or a coefficient's
    number above its table; the rule is left as it was."""
    client = scene.client("regulator")
    url = f"/regulator/catalogue/{scene.item.code}/fee-rule/"
    versions = scene.rule.history.count()
    before = written()
    failures = []
    for field in ("minimum_fee", "maximum_fee", "bands-1-lower", "bands-0-rate", "bands-1-fixed",
                  "coefficients-0-max", "coefficients-0-default"):
        for value in [value for value in BAD_NUMBERS if value != ""] + ["1000000000000", "0.0000001"]:
            response = fetch(client, url, fee_rule_form(**{field: value}))
            if response.status_code not in (200, 400):
                failures.append(f"{field}={value} → {response.status_code}")
                continue
            context = response.context
            shown = (context["form"].errors.get(field) if field in context["form"].fields
                     else context[field.split("-")[0]].non_form_errors())
            if not shown:
                failures.append(f"{field}={value} → no message")

    assert not failures, "\n".join(failures)
    assert scene.rule.history.count() == versions
    assert written() == before


def test_a_bad_row_count_in_a_formset_changes_nothing(scene):
    """The hidden row counts of the avoided-agency and fee-band tables: a count that is not a
    number is a form error; 0 or -1 rows is no rows."""
    versions = scene.rule.history.count()
    failures = []
    for value in [*BAD_NUMBERS, "0"]:
        for role, url, data in (
            ("owner", f"/workspace/jobs/new/?org={scene.owner.pk}", job_form(scene, **{"avoid-TOTAL_FORMS": value})),
            ("regulator", f"/regulator/catalogue/{scene.item.code}/fee-rule/",
             fee_rule_form(**{"bands-TOTAL_FORMS": value, "bands-0-rate": "x"})),
        ):
            response = fetch(scene.client(role), url, data)
            if response.status_code >= 500:
                failures.append(f"{url} {value} → {response.status_code}")

    assert not failures, "\n".join(failures)
    assert scene.rule.history.count() == versions
    assert set(Job.objects.values_list("owner", flat=True)) == {scene.owner.pk}  # at most a draft of one's own
