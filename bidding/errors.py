"""Named refusals of the bidding domain, each with the message the user sees (translated).

Shared by every part of bidding/: add new classes in your own section."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed
from core.text import clauses

# --- who may act (each refusal names who may) ----------------------------------------------


class OwnerMembersOnly(NotAllowed):
    default_message = _("只有项目业主的成员可以进行此操作。")


class SelectionByOwnerOnly(NotAllowed):
    default_message = _("只有项目业主的成员可以进行选取。")


class AnswerByOwnerOnly(NotAllowed):
    default_message = _("只有项目业主的成员可以答复异议。")


class EscalationByObjectorOnly(NotAllowed):
    default_message = _("只有提出异议的机构可以投诉。")


class DecisionByRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以处理投诉。")


class ComplaintNotSupervised(NotAllowed):
    default_message = _("您不监管该项目服务事项所属的类别，不能处理此投诉。")


class BeaconRequestByOwnerOnly(NotAllowed):
    default_message = _("只有项目业主的成员可以通知监管人员录入公共随机数。")


class BeaconEntryByRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以录入公共随机数。")


class BeaconConfirmByRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以复核公共随机数。")


# --- announcements (owner side) -------------------------------------------------------------


class NotAnOwner(DomainError):
    default_message = _("只有项目业主可以发布采购公告。")


class JobNotEditable(DomainError):
    default_message = _("只有草稿可以修改；已发布的公告如需变更，请撤销后重新发布。")


class WindowTooShort(DomainError):
    """Raised with the earliest allowed close date in the message."""

    default_message = _("报名时间不足。")


class PriceOutsideFeeRule(DomainError):
    """Raised with the allowed range quoted."""

    default_message = _("金额不在收费标准允许的范围内。")


class PriceMissingForJob(DomainError):
    default_message = _("预算金额或最高限价至少填写一项。")


class DiscountNeedsGovernmentPrice(DomainError):
    default_message = _("只有政府定价或指导价的事项可以按下浮率报价（下浮率针对收费标准计算的标准收费）。")


class QualificationNotRequiredByLaw(DomainError):
    """Raised naming each qualification beyond the item's law-required ones."""

    default_message = _("资质要求只能从该事项法定的资质中选择。")


class RestrictiveRequirement(DomainError):
    """Raised quoting each restrictive phrase and the rule it breaks."""

    default_message = _("公告含有限制性条件。")


class ServiceDaysTooLong(DomainError):
    default_message = _("要求服务时限不能超过该事项的法定服务时限。")


class AvoidanceReasonRequired(DomainError):
    default_message = _("回避机构须写明回避理由。")


class AvoidanceNotAgency(DomainError):
    default_message = _("回避对象须为平台上的中介机构。")


class ItemNotInCatalogue(DomainError):
    default_message = _("该服务事项已不在清单内，不能发布公告。")


class CloseTimeMissing(DomainError):
    default_message = _("请填写报名截止时间。")


class CancelReasonRequired(DomainError):
    default_message = _("撤销公告须填写原因，原因将公开并通知已报名的机构。")


class NotReannounceable(DomainError):
    default_message = _("只有流标或已撤销的项目可以重新发布。")


class AlreadyReannounced(DomainError):
    default_message = _("该项目已经重新发布过，请在新的公告上继续。")


class PublicationRefused(DomainError):
    """Every reason a draft cannot be published, so the owner can fix them all at once.

    `problems` are the named errors above; `errors` maps a field to its messages."""

    def __init__(self, problems):
        self.problems = list(problems)
        self.errors = {}
        for problem in self.problems:
            self.errors.setdefault(problem.field, []).append(str(problem))
        super().__init__(clauses(self.problems),
                         field=self.problems[0].field if self.problems else None)

# --- bids, the close ------------------------------------------------------------------------


class JobNotOpen(DomainError):
    default_message = _("该项目当前不在报名期内。")


class BidWindowClosed(DomainError):
    """Raised with the close time in the message: "报名已于 … 截止"."""

    default_message = _("报名已截止。")


class CloseInGrace(DomainError):
    """Raised with the moment the close may be applied in the message."""

    default_message = _("报名已截止，截止前发出的报名仍在接收中，请稍候再判定。")


class AgencyMayNotBid(DomainError):
    """Raised with the reason bidding.eligibility.bid_refusal gives."""

    default_message = _("贵机构不能对本项目报名。")


class BidPriceRefused(DomainError):
    """Raised with the reason bidding.eligibility.price_refusal gives."""

    default_message = _("报价不符合本项目的要求。")


class DuplicateBid(DomainError):
    default_message = _("贵机构已对本项目报名，请修改或撤回原报名，不能重复报名。")


class BidNotLive(DomainError):
    default_message = _("该报名已撤回或已截止评审，不能再修改或撤回。")


class DiscountWithoutFeeRule(DomainError):
    default_message = _("本项目没有可计算的收费标准，不能按下浮率报价。")


class PromisedDaysInvalid(DomainError):
    default_message = _("承诺服务时限须为正整数个工作日。")


class TooManyAttachments(DomainError):
    default_message = _("附件过多。")

# --- selection, publicity, objections ------------------------------------------------------


class SelectionNotOpen(DomainError):
    default_message = _("只有报名截止后、尚未选取的项目才能进行选取。")


class WrongSelectionMethod(DomainError):
    default_message = _("该项目公告的选取方式不是此方式。")


class SelectionReasonRequired(DomainError):
    default_message = _("直接选取须填写选取理由。")


class BidNotValidForJob(DomainError):
    default_message = _("只能选取本项目的有效报名。")


class DrawAlreadyRun(DomainError):
    default_message = _("本轮已经抽取，不能重复抽取。")


class SeedMismatch(DomainError):
    default_message = _("随机种子与公告公布的承诺值不符，抽取已中止，请联系平台。")


class PriceMissing(DomainError):
    default_message = _("有效报名缺少报价，无法比较。")


class LowPriceJustificationRequired(DomainError):
    default_message = _("中选报价为异常低价，须填写书面说明后才能确认。")


class WeightsInvalid(DomainError):
    default_message = _("评分权重须包含价格、信用、评价和方案四项，合计 100。")


class PlanScoresIncomplete(DomainError):
    default_message = _("每一家有效报名都须录入方案得分（0–100）。")


class ObjectionNotAllowed(DomainError):
    default_message = _("只有本项目的报名机构可以在公示期内提出异议。")


class ObjectionWindowClosed(DomainError):
    default_message = _("公示期已结束或尚未开始，不能提出异议。")


class ObjectionReasonsRequired(DomainError):
    default_message = _("请填写异议理由。")


class ObjectionAlreadyOpen(DomainError):
    default_message = _("该报名已有尚未办结的异议。")


class ObjectionWrongStage(DomainError):
    default_message = _("该异议当前的状态下不能执行此操作。")


class InvalidationNotValidBid(DomainError):
    default_message = _("只能认定本项目的有效报名为无效。")


class EscalationTooEarly(DomainError):
    default_message = _("业主答复后，或提出异议满 3 个工作日仍未答复时，才能投诉至监管部门。")


class EscalationTooLate(DomainError):
    default_message = _("业主答复已超过 3 个工作日，不能再投诉。")

# --- promised service time ------------------------------------------------------------------


class PromisedDaysTooLong(DomainError):
    """Raised with the reason bidding.eligibility.promised_days_refusal gives."""

    default_message = _("承诺服务时限不能超过本项目要求的服务时限。")

# --- the public beacon value of draws -------------------------------------------------------


class BeaconPending(DomainError):
    """Raised with what the draw waits for: "等待公共随机数：…"."""

    default_message = _("等待公共随机数：报名截止后的公共随机数确定后才能抽取。")


class BeaconUnavailable(DomainError):
    default_message = _("暂时无法读取公共随机信标，抽取未进行，请稍后再试。")


class BeaconNotNeeded(DomainError):
    default_message = _("只有报名已截止、等待选取且可能需要抽取的项目需要公共随机数。")


class BeaconNotFromRegulators(DomainError):
    default_message = _("本平台的公共随机数由公共随机信标自动读取，无需录入。")


class BeaconAlreadyFixed(DomainError):
    default_message = _("该项目的公共随机数已经确定，不能再更改。")


class BeaconAlreadyRequested(DomainError):
    default_message = _("已经通知监管人员录入公共随机数，请等待录入和复核。")


class BeaconValueInvalid(DomainError):
    default_message = _("请按开奖公告原样填写号码：只能包含数字、字母、空格和 + - , . : /，不超过 200 个字符。")


class BeaconReferenceRequired(DomainError):
    default_message = _("请写明号码的出处，例如“福彩3D 第2026318期开奖号码”。")


class BeaconNothingToConfirm(DomainError):
    default_message = _("还没有录入公共随机数，无可复核。")


class BeaconSameRegulator(DomainError):
    default_message = _("录入和复核须由两名不同的监管人员完成，您不能复核自己录入的号码。")


class BeaconMismatch(DomainError):
    default_message = _("复核录入的号码与第一次录入的不一致，未确定。请核对开奖公告；如第一次录入有误，请重新录入。")


# --- integrity patterns (kept by regulators) -----------------------------------------------


class PatternsByRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以维护限制性条款规则。")


class PatternIncomplete(DomainError):
    default_message = _("请填写类型、写法、模式、说明和示例条款。")


class PatternInvalid(DomainError):
    """Raised with the reason the pattern cannot be used."""

    default_message = _("模式无法使用。")


class PatternMissesExample(DomainError):
    default_message = _("该模式识别不出示例条款：请修改模式，或换一个它应当识别的示例条款。")


class PatternDuplicate(DomainError):
    default_message = _("已有相同写法和内容的模式，请修改原有的那一条。")


class PatternReasonRequired(DomainError):
    default_message = _("请填写变更原因，它将记入该规则的历史。")


# --- the methods added after the first four (method_params.py; each part its own section below) --


class MethodParamsInvalid(DomainError):
    default_message = _("选取方式的参数不在允许的范围内。")


# --- 均价比选 and 信用择优抽取 (best price, credit-merit draw; part A) --------------------------


class CoefficientAlreadyDrawn(DomainError):
    default_message = _("本轮的下浮系数 K 已经抽取，不能重复抽取。")


class ShortlistAlreadyDrawn(DomainError):
    default_message = _("入围名单已经抽取，不能重复抽取；请从入围机构中选定中选机构。")


class ShortlistNotDrawn(DomainError):
    default_message = _("尚未抽取入围名单：请先抽取入围机构，再从中选定。")


class NotShortlisted(DomainError):
    default_message = _("只能从随机抽取的入围机构中选定中选机构。")


class ShortlistReasonRequired(DomainError):
    default_message = _("请写明从入围机构中选定该机构的理由，理由将随结果公示。")


# --- capacity and price benchmarks (part D) --------------------------------------------------


class CapacityByMemberOnly(NotAllowed):
    default_message = _("只有该中介机构的成员可以申报承接能力。")


class CapacityItemNotOffered(DomainError):
    default_message = _("贵机构未提供该服务事项，请先在“服务事项与承诺”中添加。")


class CapacityInvalid(DomainError):
    default_message = _("承接能力须为 0 至 999 之间的整数。")


class CapacityBelowLoad(DomainError):
    """Raised with the current load in the message."""

    default_message = _("申报的承接能力不能少于正在承接的项目数。")


class AgencyAtCapacity(DomainError):
    """Raised with the limit and the load in the message (eligibility.capacity_refusal)."""

    default_message = _("贵机构在该服务事项已达到申报的承接能力，不能报名。")


class BenchmarkJustificationRequired(DomainError):
    """Raised with the benchmark in the message (selectors.benchmarks.justification_refusal)."""

    default_message = _("报价远低于该事项的价格基准，请填写低价说明。")


# --- 网上竞价 (online reverse auction; bidding/auction.py, services/auction.py) ------------------


class AuctionAlreadyStarted(DomainError):
    default_message = _("网上竞价已经开始，不能重复开始。")


class AuctionNotStarted(DomainError):
    default_message = _("网上竞价尚未开始。")


class AuctionNeedsAmounts(DomainError):
    default_message = _("网上竞价只适用于按金额报价的项目（下浮率报价不能逐轮降价）。")


class AuctionNotABidder(NotAllowed):
    default_message = _("只有参加本次网上竞价的有效报名机构可以出价。")


class AuctionNotOpenYet(DomainError):
    """Raised with the moment the first round starts."""

    default_message = _("网上竞价尚未开始第一轮，请在开始后出价。")


class AuctionOver(DomainError):
    default_message = _("网上竞价已经结束，不能再出价。")


class AuctionMoveLate(DomainError):
    """Raised with the moment the bidder's box closed."""

    default_message = _("您本轮的出价时间已结束，本轮按维持报价处理。")


class AuctionNotYourTurn(DomainError):
    """Raised with the moment the bidder's box opens, when known."""

    default_message = _("还没有轮到贵机构出价。")


class AuctionAlreadyMoved(DomainError):
    default_message = _("贵机构本轮已经出价，每轮只能出价一次。")


class AuctionPriceHigher(DomainError):
    """Raised with the bidder's current price."""

    default_message = _("报价不能高于贵机构当前的报价。")


class AuctionStepTooLarge(DomainError):
    """Raised with the lowest price allowed."""

    default_message = _("本次降价超过了允许的幅度。")


class AuctionPriceInvalid(DomainError):
    default_message = _("请填写大于 0、最多两位小数的报价金额。")


class AuctionResultPending(DomainError):
    default_message = _("网上竞价尚未结束，结束后才能确定结果。")


# --- quote comparison (询比, part C: services/quote.py) ----------------------------------------


class InvitationNotQuote(DomainError):
    default_message = _("只有采用询比方式的项目才邀请机构报价。")


class InvitationsClosed(DomainError):
    default_message = _("只能在公告发布后、报名截止前邀请机构。")


class InvitationsDrawnOnly(DomainError):
    default_message = _("本项目使用财政资金，邀请机构须由可验证随机抽取产生，业主不能指定。")


class InvitationsChosenByOwner(DomainError):
    default_message = _("本项目未使用财政资金，由业主选择邀请机构，无需抽取。")


class InvitationPoolAlreadyFixed(DomainError):
    default_message = _("候选名单已经确定，不能再次确定。")


class InvitationPoolNotFixed(DomainError):
    default_message = _("请先确定候选名单，再抽取邀请机构。")


class InvitationDrawAlreadyRun(DomainError):
    default_message = _("邀请机构已经抽取，不能再次抽取。")


class InvitationCandidatesTooFew(DomainError):
    """Raised with the numbers: how many candidates there are and how many are to be invited."""

    default_message = _("符合条件的候选机构少于公布的邀请家数。")


class InvitationChoiceEmpty(DomainError):
    default_message = _("请选择要邀请的机构。")


class InvitationTooFew(DomainError):
    """Raised with the numbers invited and required."""

    default_message = _("邀请的机构少于公布的邀请家数。")


class AgencyNotInvitable(DomainError):
    """Raised with the agency's name and the reason."""

    default_message = _("所选机构不能受邀报价。")


class QuoteScoreInvalid(DomainError):
    """Raised with the agency and the criterion."""

    default_message = _("得分须为 0～100 之间的数，最多两位小数。")


class QuoteScoresIncomplete(DomainError):
    """Raised with the agencies whose quotes lack a score."""

    default_message = _("尚有有效报价未录入全部评审因素的得分。")
