"""The demo's life after the award, played through the contracts services at past moments (as
core/demo/jobs.py plays the first half): model contracts published by a regulator, contracts
drafted, offered, returned, signed by one side or both, a winner that refuses with the runner-up
awarded, milestones paid online (through the local Stripe server) and offline, deliveries rejected
and accepted, a termination with its refund.

Signatures need the signer's password (contracts/services/signing.py re-authenticates). The
members who sign are the demo logins or contact people with no usable password; for the moment
of their signature the demo gives them a one-off random password and puts their own back after.

Online payments need the local Stripe server (`bash scripts/start` starts it first). Without it
the demo records those payments as offline ones and says so; nothing else changes.
"""
import contextlib
import datetime
import logging
import secrets

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.models import Job
from bidding.services.publicity import publicity_end_if_due
from contracts.models import ContractTemplate, Milestone, Payment, Refund, yuan
from contracts.payments import release
from contracts.payments.gateway import PaymentServiceUnavailable
from contracts.services import delivery, drafting, payments, refusal, signing, termination
from contracts.services import templates as template_services
from marketplace.models import ServiceCategory, ServiceItem
from providers.models import Regulator

from . import reviews as reviews_demo
from .contract_templates import TEMPLATES

logger = logging.getLogger(__name__)
S = Job.Status
PDF = b"%PDF-1.4\n% demo deliverable\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# What happens after the award, by scene (project code serial); other scenes by their end status.
PLOTS = {
    "000171": "draft",  # awarded: the owner has drafted the contract
    "000176": "owner_signed",  # awarded: offered, returned once, signed by the owner, waiting for the agency
    "000268": "none",  # awarded to the demo agency by the demo owner: theirs to sign through the site
    "000207": "signed_returned",  # contracted after the agency sent the first offer back
    "000272": "refused",  # the winner let its time run out; the runner-up was awarded and signed
    "000213": "rejected",  # in service: the first deliverables were sent back
    "000219": "released",  # in service: the first milestone paid online, accepted and released
    "000228": "held",  # delivered: the last milestone paid online, its deliverables waiting
    "000233": "terminated",  # terminated by agreement after a payment: refunded
    "000238": "unpaid",  # accepted, the last payment not made yet
    "000241": "completed_rework",  # completed after a rejection, paid online
    "000252": "completed_online",
}
BY_END = {S.AWARDED: "none", S.CONTRACTED: "signed", S.IN_SERVICE: "released", S.DELIVERED: "delivered",
          S.ACCEPTED: "unpaid", S.COMPLETED: "completed_offline", S.TERMINATED: "terminated"}
ONLINE = {"released", "held", "terminated", "completed_rework", "completed_online"}


def seed_templates(seeder, moment):
    """Publish the model contracts (core/demo/contract_templates.py) as a regulator did, once."""
    with time_machine.travel(moment, tick=False):
        for source in TEMPLATES:
            if ContractTemplate.objects.filter(code=source["code"]).exists():
                continue
            # The regulator who keeps it: one supervising its category (any for a general one).
            keepers = Regulator.objects.filter(is_active=True).select_related("user").order_by("pk")
            if source.get("category"):
                keepers = keepers.filter(categories__code=source["category"])
            regulator = keepers.first()
            if regulator is None:
                continue
            template = template_services.template_create(
                actor=regulator.user, code=source["code"], title=source["title"], summary=source.get("summary", ""),
                item=ServiceItem.objects.filter(code=source.get("item")).first() if source.get("item") else None,
                category=ServiceCategory.objects.filter(code=source.get("category")).first()
                if source.get("category") else None)
            version = template_services.template_version_save(
                actor=regulator.user, template=template, clauses_list=source["clauses"],
                change_note="首次发布。")
            template_services.template_publish(actor=regulator.user, version=version)
            seeder.counter.created += 1


@contextlib.contextmanager
def one_off_password(user):
    """A password for the moment of a demo signature; the user's own (or none) is put back."""
    kept = user.password
    secret = secrets.token_urlsafe(16)
    user.set_password(secret)
    user.save(update_fields=["password"])
    try:
        yield secret
    finally:
        user.password = kept
        user.save(update_fields=["password"])


def sign(user, contract):
    with one_off_password(user) as secret:
        return signing.contract_sign(actor=user, contract=contract, secret=secret, seen_hash=contract.text_hash)


def terms(job):
    item = job.item
    return {
        "scope": job.description or item.description,
        "deliverables": f"{item.name}成果文件（纸质 6 份、电子版 1 套）及技术审查意见修改说明。",
        "acceptance_criteria": f"成果符合国家和行业技术规范及本合同约定，通过{item.approving_department.name}"
                               f"组织的技术审查。",
        "acceptance_days": "10",
        "special_terms": "乙方应指定项目负责人全程负责本项目，未经甲方同意不得更换。",
    }


def milestone_plan(contract, day):
    """Two milestones (40 % on the draft report, the rest on approval), or one for small contracts."""
    price = contract.price_fen
    if price < 3_000_000:
        return [{"title": "提交全部成果并通过验收", "amount": str(yuan(price)), "due_date": day(12).isoformat()}]
    first = price * 40 // 100
    return [
        {"title": "提交成果送审稿", "amount": str(yuan(first)), "due_date": day(8).isoformat()},
        {"title": "成果通过技术审查并取得批复", "amount": str(yuan(price - first)), "due_date": day(16).isoformat()},
    ]


class ContractStory:
    """One job's life after the award; `run` yields the moment of each next step."""

    def __init__(self, story, job):
        self.story, self.stage, self.job = story, story.stage, job
        self.plot = PLOTS.get(story.scene.serial, BY_END.get(story.scene.end, "none"))
        self.owner = story.actor

    def day(self, start):
        return lambda n: self.stage.add(start, n)

    def run(self):
        if self.plot == "none":
            return
        contract = yield from self.offer(self.job)
        if self.plot == "draft":
            return
        if self.plot == "refused":
            contract = yield from self.refuse_and_award_runner_up(contract)
        contract = yield from self.sign_both(contract)
        if contract is None or self.story.scene.end == S.CONTRACTED:
            return
        yield from self.perform(contract)
        yield from reviews_demo.play(self, contract)

    # drafting and signing
    def offer(self, job):
        stage = self.stage
        start = stage.add(timezone.localtime(job.awarded_at or timezone.now()).date(), 1)
        day = self.day(start)
        yield stage.at(start, 10)
        contract = drafting.contract_create(actor=self.owner, job=job)
        contract = drafting.contract_update(actor=self.owner, contract=contract, values=terms(job),
                                            milestone_plan=milestone_plan(contract, day))
        if self.plot == "draft":
            return contract
        yield stage.at(start, 10, 30)
        contract = drafting.contract_offer(actor=self.owner, contract=contract)
        if self.plot in ("signed_returned", "owner_signed"):
            yield stage.at(start, 14)
            drafting.contract_return(actor=stage.member(contract.agency), contract=contract,
                                     comments="请在专用条款中明确：技术审查提出的修改意见，乙方在 5 个工作日内修改完毕，"
                                              "修改不计入验收期限。")
            yield stage.at(start, 16)
            values = {**terms(job), "special_terms": terms(job)["special_terms"]
                      + "技术审查提出修改意见的，乙方在 5 个工作日内修改完毕，修改时间不计入甲方验收期限。"}
            drafting.contract_update(actor=self.owner, contract=contract, values=values,
                                     milestone_plan=milestone_plan(contract, day))
            contract = drafting.contract_offer(actor=self.owner, contract=contract)
        return contract

    def refuse_and_award_runner_up(self, contract):
        stage = self.stage
        yield contract.sign_deadline + datetime.timedelta(hours=1)
        refusal.refusal_record_if_due(contract.pk)  # the clock's run after the deadline
        yield stage.at(stage.add(timezone.localtime(contract.sign_deadline).date(), 1), 10)
        job = refusal.award_runner_up(actor=self.owner, job=self.job)
        yield job.publicity_ends_at + datetime.timedelta(minutes=5)
        publicity_end_if_due(job.pk)
        job.refresh_from_db()
        self.job = job
        return (yield from self.offer(job))

    def sign_both(self, contract):
        stage = self.stage
        offered = timezone.localtime(contract.offered_at).date()
        yield stage.at(offered, 17)
        sign(self.owner, contract)
        if self.plot == "owner_signed":
            return None
        yield stage.at(stage.add(offered, 1), 10)
        contract = sign(stage.member(contract.agency), contract)
        contract.refresh_from_db()
        return contract

    # performance
    def perform(self, contract):
        stage, plot = self.stage, self.plot
        agency_user = stage.member(contract.agency)
        day = self.day(timezone.localtime(contract.signed_at).date())
        yield stage.at(day(0), 11)
        delivery.service_start(actor=agency_user, contract=contract)
        milestones = list(contract.milestones.order_by("number"))
        if plot == "terminated":
            yield stage.at(day(1), 10)
            self.pay(milestones[0])
            yield stage.at(day(4), 10)
            termination.termination_propose(
                actor=self.owner, contract=contract,
                reason="建设单位调整项目选址，原场地不再建设，经双方协商一致解除服务合同，已付款项退回。")
            yield stage.at(day(4), 15)
            termination.termination_confirm(actor=agency_user, contract=contract)
            # The refund task runs after the commit; the demo's steps share one transaction, so
            # it runs here, at its moment (the task finds it done and does nothing).
            for refund in Refund.objects.filter(milestone__contract=contract, status=Refund.Status.PENDING):
                release.refund_send(refund.pk)
            return
        for index, milestone in enumerate(milestones):
            last = index == len(milestones) - 1
            n = 2 + index * 4
            if plot != "unpaid" or not last:
                yield stage.at(day(n), 10)
                self.pay(milestone)
            yield stage.at(day(n + 1), 15)
            first = self.deliver(agency_user, milestone)
            if plot in ("rejected", "completed_rework") and index == 0:
                yield stage.at(day(n + 2), 11)
                delivery.delivery_reject(actor=self.owner, delivery=first,
                                         reason="成果未附现场调查照片和监测数据原始记录，请补充后重新提交。")
                if plot == "rejected":
                    return
                yield stage.at(day(n + 3), 10)
                first = self.deliver(agency_user, milestone)
            if last and plot in ("delivered", "held"):
                return
            yield stage.at(day(n + 3), 16)
            delivery.delivery_accept(actor=self.owner, delivery=first, reason="成果符合合同约定，验收通过。")
            if plot == "released":
                return
        if plot == "unpaid":
            return

    def deliver(self, user, milestone):
        files = [SimpleUploadedFile(f"{milestone.title}.pdf", PDF, content_type="application/pdf")]
        return delivery.delivery_submit(actor=user, milestone=milestone, note=f"{milestone.title}：成果文件已上传。",
                                        files=files)

    def pay(self, milestone):
        milestone = Milestone.objects.get(pk=milestone.pk)
        if self.plot in ONLINE:
            try:
                payment = payments.payment_start(actor=self.owner, milestone=milestone)
                payments.payment_pay_test(actor=self.owner, payment=payment)
                return
            except PaymentServiceUnavailable:
                logger.warning("the local Stripe server is not running: milestone %s recorded as paid offline",
                               milestone.pk)
                # A payment started before Stripe went away is given up, so the offline one may be recorded.
                Payment.objects.filter(milestone=milestone, status=Payment.Status.PENDING).update(
                    status=Payment.Status.CANCELLED)
        voucher = SimpleUploadedFile("国库集中支付凭证.pdf", PDF, content_type="application/pdf")
        payments.payment_record_offline(actor=self.owner, milestone=milestone,
                                        reference=f"GK{timezone.localdate():%Y%m%d}{milestone.pk:05d}",
                                        paid_on=timezone.localdate(), files=[voucher])
