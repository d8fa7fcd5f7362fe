"""The two sides' reviews (双评价) of the demo contracts whose deliverables were filed, played
through the reviews services inside their windows (core/demo/contracts.py calls `play` at the end
of a contract's story, in the jobs' time-ordered play).

By scene: both sides review; a harsh review the agency appeals and a regulator voids; a low
review of the owner's payments it appeals and the regulator keeps; one side only, the other
counted as the default at the window's close; nobody, both defaults; a window still open with one
side's review waiting, blind, for the other's; and one appeal by the demo agency left for a
regulator to decide through the site.
"""
import datetime

from django.utils import timezone

from contracts.models import Contract
from reviews import rules as review_rules
from reviews.models import Review
from reviews.services import reviews as review_services

OWNER, AGENCY = Review.Direction.OWNER_TO_AGENCY, Review.Direction.AGENCY_TO_OWNER

GOOD_OWNER = ({"quality": 5, "timeliness": 5, "attitude": 5, "fee_compliance": 4},
              "成果质量高，技术审查一次通过；项目负责人多次到现场核实数据，沟通及时。")
FAIR_OWNER = ({"quality": 4, "timeliness": 4, "attitude": 4, "fee_compliance": 4}, "按合同约定完成，成果符合要求。")
LOW_OWNER = ({"quality": 3, "timeliness": 2, "attitude": 3, "fee_compliance": 4},
             "首次提交的成果缺少现场调查照片，返工一次，比承诺时间晚了两天。")
HARSH_OWNER = ({"quality": 1, "timeliness": 1, "attitude": 2, "fee_compliance": 1}, "不满意。")
GOOD_AGENCY = ({"payment_timeliness": 5, "cooperation": 5, "integrity": 5},
               "业主按节点及时付款，资料提供完整，配合现场踏勘。")
SLOW_PAYER = ({"payment_timeliness": 2, "cooperation": 3, "integrity": 3},
              "成果验收后尾款迟迟未付，多次催告无果。")

# serial: [(days after the filing, hour, direction, review), …], then appeals
PLOTS = {
    "000252": [(2, 10, OWNER, GOOD_OWNER), (3, 15, AGENCY, GOOD_AGENCY)],
    "000246": [(1, 16, OWNER, HARSH_OWNER), (4, 10, AGENCY, GOOD_AGENCY),
               (6, 10, "appeal", "业主的评价与验收记录不符：成果已于验收期限内一次验收通过，验收意见为“符合合同约定”。"),
               (9, 11, "void", "经核查验收记录与往来函件，业主评价所述情况缺乏事实依据，评价予以撤销。")],
    "000238": [(2, 10, OWNER, FAIR_OWNER), (5, 15, AGENCY, SLOW_PAYER),
               (7, 10, "appeal_owner", "尾款支付按财政资金拨付流程办理，未超过合同约定的付款期限。"),
               (11, 11, "keep", "合同约定验收后 15 日内付款，付款凭证显示实际付款晚于约定，评价属实，予以维持。")],
    "000241": [(2, 10, OWNER, LOW_OWNER), (2, 16, AGENCY, GOOD_AGENCY),
               (4, 10, "appeal", "返工系业主变更调查范围所致，延期已经业主书面同意，不应计为服务时效问题。")],
    "000257": [(3, 10, OWNER, FAIR_OWNER)],  # the agency writes none: its review of the owner defaults
    "000263": [],  # neither side: both default at the close
    "000224": [(1, 10, OWNER, GOOD_OWNER)],  # recent: the owner's review waits, blind, for the agency's
}


def play(story, contract):
    """The reviews of `contract` (filed deliverables) in the scene's plot; yields moments."""
    contract = Contract.objects.get(pk=contract.pk)
    plot = PLOTS.get(story.story.scene.serial)
    if plot is None or contract.deliverables_filed_at is None:
        return
    stage = story.stage
    # The contract's story may have gone on after the filing (acceptance, payment): count from now.
    start = max(timezone.localtime(contract.deliverables_filed_at).date(), timezone.localdate())
    last = timezone.now()
    for days, hour, what, detail in plot:
        moment = max(stage.at(start + datetime.timedelta(days=days), hour), last + datetime.timedelta(minutes=5))
        if moment >= stage.now:
            return
        yield moment
        last = moment
        if what in (OWNER, AGENCY) and not review_rules.window_open(contract, moment):
            continue  # the window closed before this side's turn: its review counts as the default
        _step(story, contract, what, detail)
    _opens, closes = review_rules.window(contract)
    if last < closes + datetime.timedelta(hours=1) < stage.now:
        yield closes + datetime.timedelta(hours=1)
        review_services.review_default_if_due(contract.pk)  # what advance_reviews does after the close


def _step(story, contract, what, detail):
    stage = story.stage
    if what in (OWNER, AGENCY):
        scores, text = detail
        side = contract.owner if what == OWNER else contract.agency
        user = story.owner if what == OWNER else stage.member(side)
        review_services.review_submit(actor=user, contract=contract, scores=scores, text=text)
    elif what in ("appeal", "appeal_owner"):
        direction = OWNER if what == "appeal" else AGENCY
        review = Review.objects.get(contract=contract, direction=direction)
        user = stage.member(contract.agency) if direction == OWNER else story.owner
        review_services.appeal_file(actor=user, review=review, reason=detail)
    else:
        appeal = Review.objects.get(contract=contract, direction=OWNER if what == "void" else AGENCY).appeal
        review_services.appeal_decide(actor=stage.regulator_for(contract.job.item), appeal=appeal,
                                      void=what == "void", reason=detail)
