"""Who may open which contracts page, and who may press which button — as one table.

Each line of TABLE is one page or action (by its URL name, "namespace:name"; "#…" names a
variant of the same URL) in one state of the contract, with the answer expected for each role,
in the order of ROLES:

    anonymous        a visitor who has not logged in
    owner            a member of the job's owner organisation
    agency           a member of the winning agency
    other_agency     a member of the runner-up agency (bid on the job, not a party)
    regulator        an active regulator (TOTP set up) supervising the item's category
    other_regulator  an active regulator supervising another category

States, built through the services (tests/contracts/helpers.py): awarded (no contract yet);
draft; offered; refused (the winner let its time to sign run out; the runner-up is there to be
awarded); refused_last (the same, with the runner-up's bid invalid: nobody is left); signed (one
milestone, job contracted); proposed (signed, the owner proposed ending it by agreement);
in_service (two milestones: the first delivered and waiting for acceptance, paid offline with a
voucher; the second's online payment is started at Stripe when a line needs it); terminated
(in_service with the second milestone's payment waiting at Stripe, then ended by the supervising
regulator). The signatures carry the IP they were made from; the published general model
contract (ZJ-HT-TY) is there in every state.

Two further rules are checked on every line:
- private: no answer to anonymous, other_agency or other_regulator carries the contract's text,
  its PDF, a delivery file or a voucher (their names, the voucher's number), or a signature's IP;
  nor the contract's number or text hash, except where the public check shows a signed
  contract to whoever pastes its hash (PUBLIC_BY_DESIGN);
- a POST changes nothing unless its line is listed in ACTS (no audit entry, no row added, no
  status moved); and a POST listed there does change something.

Signing makes a sealed PDF, the slow part of a scene: one scene is built per state, and each
line's roles are asked in turn, each request inside a savepoint rolled back afterwards (the next
one finds the scene as built), each reported as a subtest of its own ("page method", role).
What Stripe holds is not rolled back: a line that pays at Stripe gets a payment of its own.
"""
import datetime
import hashlib
import hmac
import json
import time
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.context import reset_ip, set_ip
from audit.models import AuditEntry
from bidding.models import Bid, Job
from contracts.models import (
    Contract,
    ContractRound,
    ContractTemplate,
    Delivery,
    DeliveryFile,
    LedgerEntry,
    Milestone,
    Payment,
    PaymentVoucher,
    Payout,
    Refund,
    Signature,
    SigningRefusal,
    TemplateVersion,
    WebhookEvent,
)
from contracts.services import delivery, payments, refusal, termination
from contracts.services import templates as template_services
from tests.contracts.conftest import PASSWORD, TERMS, scene, template  # noqa: F401  (the fixtures)
from tests.contracts.helpers import drafted, offered, signed
from tests.factories import RegulatorFactory, ServiceCategoryFactory
from tests.permission_tables import assert_lines_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("localstripe")]

ROLES = ("anonymous", "owner", "agency", "other_agency", "regulator", "other_regulator")
OUTSIDERS = ("anonymous", "other_agency", "other_regulator")
NAMESPACES = ("contracts", "contracts_regulator", "contracts_public", "contracts_files", "payments")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNING_IP = "198.51.100.73"
DELIVERY_NAME = "德阳保密成果-管线图.pdf"
VOUCHER_NAME = "国库集中支付凭证-保密.pdf"
VOUCHER_REF = "GK-2026-PRIV-0931"
TEXT_MARK = TERMS["acceptance_criteria"]  # a marked field of the contract's text

# page, method, state:                                 anon  owner agency other reg  other_reg
TABLE = [
    # The parties' list and the contract's page
    ("contracts:contracts", "GET", "signed",                 302, 200, 200, 200, 200, 200),
    ("contracts:contract", "GET", "draft",                   302, 200, 200, 404, 404, 404),
    ("contracts:contract", "GET", "offered",                 302, 200, 200, 404, 404, 404),
    ("contracts:contract", "GET", "refused",                 302, 200, 200, 404, 404, 404),
    ("contracts:contract", "GET", "signed",                  302, 200, 200, 404, 404, 404),
    ("contracts:contract", "GET", "in_service",              302, 200, 200, 404, 404, 404),
    ("contracts:contract", "GET", "terminated",              302, 200, 200, 404, 404, 404),
    # Generating, the owner's draft, the offer, the return, signing
    ("contracts:contract_create", "POST", "awarded",         302, 302, 404, 404, 404, 404),
    ("contracts:contract_create", "POST", "draft",           302, 302, 404, 404, 404, 404),
    ("contracts:contract_edit", "GET", "draft",              302, 200, 302, 404, 404, 404),
    ("contracts:contract_edit", "POST", "draft",             302, 302, 302, 404, 404, 404),
    ("contracts:contract_edit", "GET", "offered",            302, 302, 302, 404, 404, 404),
    ("contracts:contract_edit", "POST", "signed",            302, 302, 302, 404, 404, 404),
    ("contracts:contract_offer", "POST", "draft",            302, 302, 302, 404, 404, 404),
    ("contracts:contract_offer", "POST", "offered",          302, 302, 302, 404, 404, 404),
    ("contracts:contract_return", "POST", "offered",         302, 400, 302, 404, 404, 404),
    ("contracts:contract_return", "POST", "signed",          302, 400, 400, 404, 404, 404),
    ("contracts:contract_sign", "POST", "draft",             302, 400, 400, 404, 404, 404),
    ("contracts:contract_sign", "POST", "offered",           302, 302, 302, 404, 404, 404),
    ("contracts:contract_sign", "POST", "refused",           302, 400, 400, 404, 404, 404),
    ("contracts:contract_sign", "POST", "signed",            302, 400, 400, 404, 404, 404),
    # The sealed PDF: the parties and the supervising regulator, once there is one
    ("contracts:contract_pdf", "GET", "offered",             302, 302, 302, 404, 302, 404),
    ("contracts:contract_pdf", "GET", "signed",              302, 200, 200, 404, 200, 404),
    ("contracts:contract_pdf", "GET", "terminated",          302, 200, 200, 404, 200, 404),
    # The runner-up after a refusal (the owner; nothing before the refusal)
    ("contracts:runner_up", "POST", "offered",               302, 302, 404, 404, 404, 404),
    ("contracts:runner_up", "POST", "refused",               302, 302, 404, 404, 404, 404),
    ("contracts:runner_up", "POST", "refused_last",          302, 302, 404, 404, 404, 404),
    # ... or, with nobody left, the owner ends the job unsigned
    ("contracts:end_unsigned", "POST", "refused",            302, 302, 404, 404, 404, 404),
    ("contracts:end_unsigned", "POST", "refused_last",       302, 302, 404, 404, 404, 404),
    # Service and ending by agreement
    ("contracts:service_start", "POST", "signed",            302, 302, 302, 404, 404, 404),
    ("contracts:service_start", "POST", "in_service",        302, 302, 302, 404, 404, 404),
    ("contracts:termination_propose", "POST", "offered",     302, 400, 400, 404, 404, 404),
    ("contracts:termination_propose", "POST", "signed",      302, 302, 302, 404, 404, 404),
    ("contracts:termination_propose", "POST", "terminated",  302, 400, 400, 404, 404, 404),
    ("contracts:termination_withdraw", "POST", "signed",     302, 302, 302, 404, 404, 404),
    ("contracts:termination_withdraw", "POST", "proposed",   302, 302, 302, 404, 404, 404),
    ("contracts:termination_confirm", "POST", "signed",      302, 302, 302, 404, 404, 404),
    ("contracts:termination_confirm", "POST", "proposed",    302, 302, 302, 404, 404, 404),
    # Milestones: delivery and acceptance
    ("contracts:delivery_submit", "POST", "signed",          302, 400, 302, 404, 404, 404),
    ("contracts:delivery_submit", "POST", "in_service",      302, 400, 400, 404, 404, 404),
    ("contracts:delivery_submit", "POST", "terminated",      302, 400, 400, 404, 404, 404),
    ("contracts:delivery_accept", "POST", "in_service",      302, 302, 400, 404, 404, 404),
    ("contracts:delivery_accept", "POST", "terminated",      302, 400, 400, 404, 404, 404),
    ("contracts:delivery_reject", "POST", "in_service",      302, 302, 400, 404, 404, 404),
    ("contracts:delivery_reject", "POST", "terminated",      302, 400, 400, 404, 404, 404),
    # Milestones: payment (online through localstripe, offline with a voucher); the owner's page
    ("contracts:payment_start", "POST", "signed",            302, 302, 302, 404, 404, 404),
    ("contracts:payment_start", "POST", "terminated",        302, 302, 302, 404, 404, 404),
    ("contracts:payment_offline", "POST", "signed",          302, 302, 400, 404, 404, 404),
    ("contracts:payment_offline", "POST", "terminated",      302, 400, 400, 404, 404, 404),
    ("contracts:payment", "GET", "in_service",               302, 200, 404, 404, 404, 404),
    ("contracts:payment", "GET", "terminated",               302, 200, 404, 404, 404, 404),
    ("contracts:payment_pay_test", "POST", "in_service",     302, 302, 404, 404, 404, 404),
    # (a payment started before the termination is not paid into the ended contract)
    ("contracts:payment_pay_test", "POST", "terminated",     302, 302, 404, 404, 404, 404),
    # (Alipay's page through Stripe: sends the owner away, writes nothing)
    ("contracts:payment_redirect", "POST", "in_service",     302, 302, 404, 404, 404, 404),
    ("contracts:payment_redirect", "POST", "terminated",     302, 302, 404, 404, 404, 404),
    # The winning agency's payout account (?org= the agency; Stripe Connect is off here: the
    # button says so and opens nothing)
    ("contracts:payout_account", "GET", "signed",            302, 403, 200, 403, 403, 403),
    ("contracts:payout_account", "POST", "signed",           302, 403, 200, 403, 403, 403),
    # Delivery files and vouchers: downloads for the parties and the supervising regulator
    ("contracts_files:delivery_file", "GET", "in_service",   302, 200, 200, 404, 200, 404),
    ("contracts_files:delivery_file", "GET", "terminated",   302, 200, 200, 404, 200, 404),
    ("contracts_files:delivery_file", "POST", "in_service",  302, 405, 405, 405, 405, 405),
    ("contracts_files:payment_voucher", "GET", "in_service", 302, 200, 200, 404, 200, 404),
    ("contracts_files:payment_voucher", "GET", "terminated", 302, 200, 200, 404, 200, 404),
    # Regulators: the model contracts (any active regulator keeps them)
    ("contracts_regulator:templates", "GET", "awarded",      302, 403, 403, 403, 200, 200),
    ("contracts_regulator:template_new", "GET", "awarded",   302, 403, 403, 403, 200, 200),
    ("contracts_regulator:template_new", "POST", "awarded",  302, 403, 403, 403, 302, 302),
    ("contracts_regulator:template", "GET", "awarded",       302, 403, 403, 403, 200, 200),
    ("contracts_regulator:template", "POST", "awarded",      302, 403, 403, 403, 302, 302),
    ("contracts_regulator:template_publish", "POST", "awarded", 302, 403, 403, 403, 302, 302),
    ("contracts_regulator:template_withdraw", "POST", "awarded", 302, 403, 403, 403, 302, 302),
    # Regulators: the contracts of the supervised categories, read-only, and the termination
    ("contracts_regulator:contracts", "GET", "signed",       302, 403, 403, 403, 200, 200),
    ("contracts_regulator:contract", "GET", "draft",         302, 404, 404, 404, 200, 404),
    ("contracts_regulator:contract", "GET", "signed",        302, 404, 404, 404, 200, 404),
    ("contracts_regulator:contract", "GET", "in_service",    302, 404, 404, 404, 200, 404),
    ("contracts_regulator:contract_terminate", "POST", "signed",     302, 404, 404, 404, 302, 404),
    ("contracts_regulator:contract_terminate", "POST", "terminated", 302, 404, 404, 404, 400, 404),
    # The public check of a signed contract (the model contracts are a Wagtail page: tests/cms)
    ("contracts_public:verify", "GET", "signed",             200, 200, 200, 200, 200, 200),
    ("contracts_public:verify", "POST", "signed",            200, 200, 200, 200, 200, 200),
    # Stripe's webhook: nothing without a valid signature, whoever sends it
    ("payments:stripe_webhook", "POST", "in_service",        400, 400, 400, 400, 400, 400),
    ("payments:stripe_webhook#forged", "POST", "in_service", 400, 400, 400, 400, 400, 400),
    ("payments:stripe_webhook", "GET", "in_service",         405, 405, 405, 405, 405, 405),
]

# The only (page, method, state, role) lines whose POST may change something.
ACTS = {
    ("contracts:contract_create", "POST", "awarded", "owner"),
    ("contracts:contract_edit", "POST", "draft", "owner"),
    ("contracts:contract_offer", "POST", "draft", "owner"),
    ("contracts:contract_return", "POST", "offered", "agency"),
    ("contracts:contract_sign", "POST", "offered", "owner"),
    ("contracts:contract_sign", "POST", "offered", "agency"),
    ("contracts:runner_up", "POST", "refused", "owner"),
    ("contracts:end_unsigned", "POST", "refused_last", "owner"),
    ("contracts:service_start", "POST", "signed", "agency"),
    ("contracts:termination_propose", "POST", "signed", "owner"),
    ("contracts:termination_propose", "POST", "signed", "agency"),
    ("contracts:termination_withdraw", "POST", "proposed", "owner"),   # the owner proposed
    ("contracts:termination_confirm", "POST", "proposed", "agency"),   # the other side agrees
    ("contracts:delivery_submit", "POST", "signed", "agency"),
    ("contracts:delivery_accept", "POST", "in_service", "owner"),
    ("contracts:delivery_reject", "POST", "in_service", "owner"),
    ("contracts:payment_start", "POST", "signed", "owner"),
    ("contracts:payment_offline", "POST", "signed", "owner"),
    ("contracts:payment_pay_test", "POST", "in_service", "owner"),
    ("contracts_regulator:contract_terminate", "POST", "signed", "regulator"),
    *((page, "POST", "awarded", role) for role in ("regulator", "other_regulator") for page in (
        "contracts_regulator:template_new", "contracts_regulator:template", "contracts_regulator:template_publish",
        "contracts_regulator:template_withdraw")),
}

# Lines where a contract's number and text hash are meant for anyone: the public check.
PUBLIC_BY_DESIGN = {("contracts_public:verify", "POST")}

# (page, method, state, role): answers the app does not give as the table says yet. The table's
# test leaves them out; test_known_bugs asks each alone, as a strict xfail.
KNOWN_BUGS = {}


STATES = list(dict.fromkeys(state for _page, _method, state, *_codes in TABLE))


def known_bugs():
    for (page, method, state, role), reason in sorted(KNOWN_BUGS.items()):
        codes = next(codes for p, m, s, *codes in TABLE if (p, m, s) == (page, method, state))
        yield pytest.param(page, method, state, role, codes[ROLES.index(role)],
                           id=f"{page}-{method}-{role}-{state}", marks=pytest.mark.xfail(strict=True, reason=reason))


# --- the scene: one per state -------------------------------------------------------------------

def upload(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class World:
    """tests/contracts' scene (an awarded job, its winner and runner-up, the general model
    contract) with the two regulators, moved on to `state` through the services."""

    def __init__(self, base, state):
        self.scene, self.state = base, state
        category = base.job.item.category
        self.users = {
            "anonymous": None,
            "owner": base.owner_user,
            "agency": base.agency_user,
            "other_agency": base.runner_up_user,
            "regulator": RegulatorFactory(categories=[category]).user,
            "other_regulator": RegulatorFactory(categories=[ServiceCategoryFactory()]).user,
        }
        self.template = ContractTemplate.objects.get(code="ZJ-HT-TY")
        self.contract = None
        contract = getattr(self, f"_{state}")()
        self.contract = Contract.objects.get(pk=contract.pk) if contract else None

    def _awarded(self):
        return None

    def _draft(self):
        return drafted(self.scene)

    def _offered(self):
        return offered(self.scene)

    def _refused(self):
        contract = offered(self.scene)
        Contract.objects.filter(pk=contract.pk).update(sign_deadline=timezone.now() - datetime.timedelta(minutes=1))
        assert refusal.refusal_record_if_due(contract.pk)
        return contract

    def _refused_last(self):
        contract = self._refused()
        Bid.objects.filter(pk=self.scene.runner_up.pk).update(status=Bid.Status.INVALID)
        return contract

    def _signed(self, amounts=("60000",)):
        token = set_ip(SIGNING_IP)  # as the audit middleware does for a request
        try:
            return signed(self.scene, amounts)
        finally:
            reset_ip(token)

    def _proposed(self):
        contract = self._signed()
        return termination.termination_propose(actor=self.users["owner"], contract=contract, reason="项目取消立项")

    def _in_service(self):
        contract = self._signed(amounts=("30000", "30000"))
        first, second = contract.milestones.order_by("number")
        delivery.delivery_submit(actor=self.users["agency"], milestone=first, note="报告表送审稿",
                                 files=[upload(DELIVERY_NAME)])
        payments.payment_record_offline(actor=self.users["owner"], milestone=first, reference=VOUCHER_REF,
                                        paid_on=timezone.localdate(), files=[upload(VOUCHER_NAME)])
        return contract

    def _terminated(self):
        contract = self._in_service()
        self.payment()
        return termination.contract_terminate_by_regulator(actor=self.users["regulator"], contract=contract,
                                                           reason="中介机构违法转包")

    # The objects the URLs name, looked up when a line needs them.
    def milestone(self):
        return self.contract.milestones.order_by("number").first()

    def delivery(self):
        return Delivery.objects.filter(milestone__contract=self.contract).order_by("pk").first()

    def payment(self):
        """The second milestone's online payment; started now (a fresh intent at Stripe, rolled
        back with the request in the database) while the contract has none."""
        contract = self.contract or Contract.objects.get(job=self.scene.job)
        second = contract.milestones.get(number=2)
        return (second.payments.filter(method=Payment.Method.ONLINE).first()
                or payments.payment_start(actor=self.users["owner"], milestone=second))

    def published_version(self):
        return self.template.versions.get(number=1)

    def draft_version(self):
        return template_services.template_version_save(
            actor=self.users["regulator"], template=self.template, clauses_list=self.published_version().clauses,
            change_note="修订争议解决条款")


def url(world, page):
    name = page.split("#")[0]
    contract = world.contract
    model = world.template
    args = {
        "contracts:contract_create": lambda: [world.scene.job.pk],
        "contracts:runner_up": lambda: [world.scene.job.pk],
        "contracts:end_unsigned": lambda: [world.scene.job.pk],
        "contracts:delivery_submit": lambda: [world.milestone().pk],
        "contracts:payment_start": lambda: [world.milestone().pk],
        "contracts:payment_offline": lambda: [world.milestone().pk],
        "contracts:delivery_accept": lambda: [world.delivery().pk],
        "contracts:delivery_reject": lambda: [world.delivery().pk],
        "contracts:payment": lambda: [world.payment().pk],
        "contracts:payment_pay_test": lambda: [world.payment().pk],
        "contracts:payment_redirect": lambda: [world.payment().pk],
        "contracts_files:delivery_file": lambda: [DeliveryFile.objects.get(delivery=world.delivery()).pk],
        "contracts_files:payment_voucher": lambda: [PaymentVoucher.objects.get(
            payment__milestone__contract=contract).pk],
        "contracts_regulator:template": lambda: [model.pk],
        "contracts_regulator:template_publish": lambda: [model.pk, world.draft_version().pk],
        "contracts_regulator:template_withdraw": lambda: [model.pk, world.published_version().pk],
    }
    if name in args:
        return reverse(name, args=args[name]())
    if name == "contracts:payout_account":
        return f"{reverse(name)}?org={world.scene.winner.agency_id}"
    if "contract_id" in _parameters(name):
        return reverse(name, args=[contract.pk])
    return reverse(name)


def _parameters(name):
    namespace, short = name.split(":")
    return next(pattern.pattern.converters for pattern in _patterns(namespace) if pattern.name == short)


def _patterns(namespace):
    return next(p.url_patterns for p in get_resolver().url_patterns
                if isinstance(p, URLResolver) and p.namespace == namespace)


def contract_form(world):
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    return {
        **TERMS, "start_date": timezone.localdate().isoformat(), "end_date": due,
        "m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0", "m-MIN_NUM_FORMS": "0", "m-MAX_NUM_FORMS": "12",
        "m-0-title": "提交全部成果并通过验收", "m-0-amount": "60000.00", "m-0-due_date": due,
    }


def clauses_form(world):
    clauses = world.published_version().clauses
    data = {"change_note": "修订争议解决条款", "c-TOTAL_FORMS": str(len(clauses)), "c-INITIAL_FORMS": "0",
            "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "100"}
    for n, clause in enumerate(clauses):
        data.update({f"c-{n}-kind": clause["kind"], f"c-{n}-title": clause["title"], f"c-{n}-text": clause["text"]})
    return data


def post_data(world, page):
    contract = world.contract
    return {
        "contracts:contract_edit": lambda: contract_form(world),
        "contracts:contract_return": lambda: {"comments": "请补充验收标准的具体指标。"},
        "contracts:contract_sign": lambda: {"secret": PASSWORD, "seen_hash": contract.text_hash or "0" * 64},
        "contracts:termination_propose": lambda: {"reason": "项目取消立项"},
        "contracts:end_unsigned": lambda: {"reason": "无可递补的中选机构，重新发布公告"},
        "contracts:delivery_submit": lambda: {"note": "报告表修改稿", "files": upload("报告表修改稿.pdf")},
        "contracts:delivery_accept": lambda: {"reason": ""},
        "contracts:delivery_reject": lambda: {"reason": "大气环境影响预测缺少冬季工况。"},
        "contracts:payment_offline": lambda: {"reference": "GK-2026-0001", "paid_on": timezone.localdate().isoformat(),
                                              "vouchers": upload("凭证.pdf")},
        "contracts_regulator:template_new": lambda: {"code": "ZJ-HT-NEW", "title": "测绘服务合同示范文本",
                                                     "item": "", "category": "", "summary": ""},
        "contracts_regulator:template": lambda: clauses_form(world),
        "contracts_regulator:contract_terminate": lambda: {"reason": "中介机构违法转包"},
        "contracts_public:verify": lambda: {"text_hash": contract.text_hash},
        "payments:stripe_webhook": lambda: event_about_the_payment(world),
        "payments:stripe_webhook#forged": lambda: event_about_the_payment(world),
    }.get(page, dict)()


def event_about_the_payment(world):
    return json.dumps({"id": "evt_table", "type": "payment_intent.succeeded",
                       "data": {"object": {"id": world.payment().intent_id, "object": "payment_intent"}}})


def webhook(client, address, payload, page):
    """An event about the waiting online payment, signed with no key or with the wrong one."""
    headers = {}
    if page.endswith("#forged"):
        stamp = int(time.time())
        mac = hmac.new(b"whsec_not_ours", f"{stamp}.{payload}".encode(), hashlib.sha256).hexdigest()
        headers["HTTP_STRIPE_SIGNATURE"] = f"t={stamp},v1={mac}"
    return client.post(address, payload, content_type="application/json", **headers)


def state_of_everything():
    """What a refused POST must leave as it was."""
    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return {
        "audit": AuditEntry.objects.count(),
        "jobs": rows(Job, "status", "winner_id"),
        "contracts": rows(Contract, "status", "text_hash", "values", "milestone_plan", "termination_proposed_by"),
        "rounds": rows(ContractRound, "returned_at"),
        "signatures": rows(Signature),
        "refusals": rows(SigningRefusal),
        "milestones": rows(Milestone, "status", "paid_fen", "released_fen", "refunded_fen", "paid_offline_fen"),
        "deliveries": rows(Delivery, "status"),
        "files": rows(DeliveryFile) + rows(PaymentVoucher),
        "payments": rows(Payment, "status"),
        "ledger": rows(LedgerEntry),
        "money out": rows(Payout, "status") + rows(Refund, "status"),
        "webhooks": rows(WebhookEvent),
        "templates": rows(ContractTemplate) + rows(TemplateVersion, "status", "clauses"),
    }


def private_things(world, page, method):
    """What no outsider may read in any answer."""
    things = [SIGNING_IP, DELIVERY_NAME, VOUCHER_NAME, VOUCHER_REF, TEXT_MARK, "%PDF"]
    if world.contract is not None and (page, method) not in PUBLIC_BY_DESIGN:
        things += [world.contract.number, world.contract.text_hash]
    return [thing for thing in things if thing]


@contextmanager
def undone():
    """Run one role's request and roll back everything it wrote: the next role finds the scene
    as it was built. The shared cache goes too (public pages, allauth's counters)."""
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            yield
            raise Undo
    except Undo:
        pass
    finally:
        cache.clear()


def prepare(world, page, role):
    """The role's client, the address and the form: made before the "nothing written" snapshot
    (a line may need a row made for it, such as the draft version a regulator publishes)."""
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client, url(world, page), post_data(world, page)


def check(world, page, method, state, role, expected):
    client, address, data = prepare(world, page, role)
    before = state_of_everything()
    if page.startswith("payments:stripe_webhook") and method == "POST":
        response = webhook(client, address, data, page)
    else:
        response = client.get(address) if method == "GET" else client.post(address, data)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    assert response.status_code == expected, f"{role}: {response.status_code}\n{text[:2000]}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if method == "POST":
        if (page, method, state, role) in ACTS:
            assert state_of_everything() != before, "a permitted action changed nothing"
        else:
            assert state_of_everything() == before
    if response.streaming and expected == 200:  # a file: downloaded, never shown inline
        assert response["Content-Disposition"].startswith("attachment")
    if role in OUTSIDERS:
        for thing in private_things(world, page, method):
            assert thing not in text, thing


# --- the tests ----------------------------------------------------------------------------------

@pytest.mark.parametrize("state", STATES)
def test_permission_table(scene, subtests, state):  # noqa: F811  (scene: the fixture)
    world = World(scene, state)
    for page, method, line_state, *codes in TABLE:
        if line_state != state:
            continue
        for role, expected in zip(ROLES, codes, strict=True):
            if (page, method, state, role) in KNOWN_BUGS:
                continue
            with subtests.test(f"{page} {method}", role=role, expected=expected), undone():
                check(world, page, method, state, role, expected)


@pytest.mark.parametrize("page, method, state, role, expected", list(known_bugs()))
def test_known_bugs(scene, page, method, state, role, expected):  # noqa: F811
    check(World(scene, state), page, method, state, role, expected)


def _url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace
                                  else prefix)
        elif pattern.name:
            yield prefix + pattern.name


def test_every_contracts_page_is_a_line_of_the_table():
    names = {name for name in _url_names(get_resolver().url_patterns) if name.split(":")[0] in NAMESPACES}
    assert len(names) >= 30
    assert names - {page.split("#")[0] for page, *_rest in TABLE} == set()


def test_every_listed_action_is_a_line_of_the_table():
    assert_lines_of(ACTS, TABLE)
    assert_lines_of(KNOWN_BUGS, TABLE)


def test_the_private_things_are_what_the_parties_read(scene):  # noqa: F811
    """The table's leak check looks for the right strings: the parties' own pages show them all."""
    world = World(scene, "in_service")
    client = Client()
    client.force_login(world.users["owner"])
    page = client.get(url(world, "contracts:contract")).content.decode()
    ips = set(Signature.objects.values_list("ip", flat=True))  # kept for regulators, not shown to the parties
    shown = [thing for thing in private_things(world, "contracts:contract", "GET") if thing != "%PDF"
             and thing not in ips]
    assert [thing for thing in shown if thing not in page] == []
    assert [ip for ip in ips if ip and ip in page] == []
    pdf = client.get(url(world, "contracts:contract_pdf"))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
