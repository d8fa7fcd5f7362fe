"""Named refusals of contracts, delivery and payments, each with the message the user sees."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

# --- who may act ------------------------------------------------------------------------------


class OwnerOnly(NotAllowed):
    default_message = _("只有项目业主（甲方）的成员可以进行此操作。")


class AgencyOnly(NotAllowed):
    default_message = _("只有中选机构（乙方）的成员可以进行此操作。")


class PartiesOnly(NotAllowed):
    default_message = _("只有合同双方的成员可以进行此操作。")


class RegulatorOnly(NotAllowed):
    default_message = _("只有监管该服务事项类别的在岗监管人员可以进行此操作。")


# --- templates --------------------------------------------------------------------------------


class TemplateCodeTaken(DomainError):
    default_message = _("该文本编号已被使用。")


class TemplateVersionPublished(DomainError):
    default_message = _("已发布的版本不能修改；请新建一个版本。")


class TemplateNotPublished(DomainError):
    default_message = _("该版本尚未发布。")


class TemplateProblems(DomainError):
    """Several problems at once: `problems` are ClauseProblem errors (contracts/clauses.py)."""

    default_message = _("示范文本未通过检查，不能发布。")

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.default_message)


class NoTemplate(DomainError):
    default_message = _("该服务事项还没有已发布的合同示范文本，请联系行业主管部门。")


# --- drafting and signing ------------------------------------------------------------------------


class NotAwarded(DomainError):
    default_message = _("项目尚未确定中选机构，不能生成合同。")


class ContractExists(DomainError):
    default_message = _("该项目已有合同。")


class NotEditable(DomainError):
    default_message = _("合同已送签，不能再修改；乙方退回后方可修改。")


class LockedField(DomainError):
    default_message = _("“%(field)s”来自中选结果或示范文本的固定条款，不能修改。")


class MilestonesDoNotAddUp(DomainError):
    default_message = _("付款节点金额合计 %(total)s 元，与合同价款 %(price)s 元不符。")


class MilestonePlanInvalid(DomainError):
    default_message = _("请至少填写一个付款节点，每个节点须有名称、金额（大于 0，最多两位小数）和计划完成日期。")


class UnfairSpecialTerms(DomainError):
    pass


class NotOffered(DomainError):
    default_message = _("合同目前不在待签署状态。")


class CommentsRequired(DomainError):
    default_message = _("退回合同时请写明修改意见。")


class AlreadySigned(DomainError):
    default_message = _("贵方已签署此合同，不能重复签署。")


class SignedAfterReturn(DomainError):
    default_message = _("对方已签署当前文本，如有异议请联系对方；签署后不能退回。")


class SigningDeadlinePassed(DomainError):
    default_message = _("签订期限已过，不能再签署；逾期未签署视为放弃中选。")


class ReauthFailed(DomainError):
    default_message = _("身份核验未通过：密码或动态验证码不正确，合同未签署。")


class ReauthLocked(DomainError):
    default_message = _("密码或动态验证码连续输错次数过多，请 5 分钟后再试。")


class TextChanged(DomainError):
    default_message = _("合同文本已变化，请重新阅读后再签署。")


class SignedContractFrozen(DomainError):
    default_message = _("已签订的合同不能修改。")


class PartyBarred(DomainError):
    default_message = _("中选机构已被列入黑名单或暂停，不能签订合同。")


# --- refusal and runner-up ------------------------------------------------------------------------


class RefusalNotDue(DomainError):
    default_message = _("签订期限尚未届满，不能记录拒签。")


class NoRunnerUp(DomainError):
    default_message = _("已公布的排名中没有可以递补的机构；请重新发布公告。")


class RunnerUpNeeded(DomainError):
    default_message = _("中选机构已拒签，不能再与其签订合同；请按排名递补，或在无人可递补时终止本项目。")


class RunnerUpNotAllowed(DomainError):
    default_message = _("只有中选机构拒签后，才能依次递补。")


# --- delivery and acceptance ---------------------------------------------------------------------


class NotInService(DomainError):
    default_message = _("合同尚未签订或已终止，不能进行此操作。")


class DeliveryOpen(DomainError):
    default_message = _("该节点已有待验收的成果，请等待业主验收。")


class MilestoneAlreadyAccepted(DomainError):
    default_message = _("该节点已验收。")


class FilesRequired(DomainError):
    default_message = _("请上传成果文件。")


class NoOpenDelivery(DomainError):
    default_message = _("该成果已处理。")


class AcceptanceTimeOver(DomainError):
    default_message = _("验收期限已过，该成果已视为验收通过，不能再退回。")


class RejectionReasonRequired(DomainError):
    default_message = _("退回成果时请写明理由。")


# --- termination ---------------------------------------------------------------------------------


class TerminationReasonRequired(DomainError):
    default_message = _("请写明终止合同的原因。")


class NotTerminable(DomainError):
    default_message = _("合同当前状态下不能终止。")


class NoTerminationProposed(DomainError):
    default_message = _("对方尚未提出解除合同，或提议已撤回。")


class OwnProposal(DomainError):
    default_message = _("解除合同须由另一方确认。")


# --- payments ------------------------------------------------------------------------------------


class MilestoneAlreadyPaid(DomainError):
    default_message = _("该节点已支付（或有一笔支付正在进行），不能重复支付。")


class PaymentNotOpen(DomainError):
    default_message = _("合同签订后、终止前才能支付。")


class VoucherRequired(DomainError):
    default_message = _("请上传支付凭证并填写凭证号。")


class ConnectOff(DomainError):
    default_message = _("平台未启用 Stripe Connect：节点款项由平台按结算记录划付，无需开通收款账户。")


class TestPaymentsOnly(DomainError):
    default_message = _("测试支付只在测试环境中可用。")


class UnknownPaymentObject(DomainError):
    default_message = _("未知的支付对象。")
