"""Named refusals of inspections (oversight), each with its message in one place.

The beacon's own refusals (a value that is not a public number, no reference, the same regulator
confirming, a mismatch, nothing to confirm, the drand source, drand unreadable) are bidding's
(bidding/errors.py Beacon…): the campaign's value is fixed by the same rules as a job's."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

__all__ = [
    "CampaignByDepartmentOnly", "CampaignWrongState", "CampaignNotEditable", "CampaignTitleRequired",
    "CampaignChecksRequired", "CampaignCategoriesRequired", "CampaignCategoryOutOfScope",
    "CampaignRegionOutOfScope", "CampaignAgencyCountInvalid", "CampaignInspectorCountInvalid",
    "CampaignTooFewAgencies", "CampaignTooFewInspectors", "CampaignAgencyUnstaffable", "CampaignDrawAfterPast",
    "CampaignAlreadyDrawn", "CampaignBeaconTooEarly", "CampaignBeaconAlreadyFixed", "CampaignBeaconPending",
    "CampaignBeaconByRegulatorOnly", "ConflictNotInPool", "ConflictAgencyNotInPool", "ConflictReasonRequired",
    "ConflictAlreadyDeclared", "ConflictTooLate", "StandingConflictByInspectorOnly", "StandingConflictAgencyUnknown",
    "StandingConflictNotYours", "FindingAgencyNotDrawn", "FindingResultInvalid", "FindingDetailsRequired",
    "FindingDateInvalid", "FindingByConflictedInspector", "PublishFindingsMissing", "PublishSummaryRequired",
]


class CampaignByDepartmentOnly(NotAllowed):
    default_message = _("只有组织部门的在岗监管人员可以办理本抽查任务。")


class CampaignWrongState(DomainError):
    default_message = _("抽查任务当前的状态不允许这一操作，请刷新页面查看最新状态。")


class CampaignNotEditable(CampaignWrongState):
    default_message = _("抽查任务已公告，抽取范围和人数不能再修改。")


class CampaignTitleRequired(DomainError):
    default_message = _("请填写抽查任务名称（不超过 100 个字）。")


class CampaignChecksRequired(DomainError):
    default_message = _("请写明检查事项。")


class CampaignCategoriesRequired(DomainError):
    default_message = _("请至少选择一个服务类别。")


class CampaignCategoryOutOfScope(DomainError):
    default_message = _("只能抽查本部门监管的服务类别。")


class CampaignRegionOutOfScope(DomainError):
    default_message = _("抽查地区须在本部门所辖地区之内。")


class CampaignAgencyCountInvalid(DomainError):
    default_message = _("抽取机构数须为 1 至 200 之间的整数。")


class CampaignInspectorCountInvalid(DomainError):
    default_message = _("每家机构的检查人员数须为 1 至 10 之间的整数。")


class CampaignTooFewAgencies(DomainError):
    """Raised with the numbers: "符合条件的中介机构只有 3 家，少于拟抽取的 5 家…"."""

    default_message = _("符合条件的中介机构少于拟抽取的机构数，请减少抽取机构数或扩大服务类别、地区。")


class CampaignTooFewInspectors(DomainError):
    default_message = _("本部门名录中的在岗执法检查人员少于每家机构所需的检查人员数，无法组成检查组。")


class CampaignAgencyUnstaffable(DomainError):
    default_message = _("有中介机构因检查人员回避而无法组成检查组。")


class CampaignDrawAfterPast(DomainError):
    default_message = _("抽取时点不能早于公告时间。")


class CampaignAlreadyDrawn(CampaignWrongState):
    default_message = _("本抽查任务已经抽取，不能重复抽取。")


class CampaignBeaconTooEarly(DomainError):
    default_message = _("抽取时点之前不能录入公共随机数：须录入抽取时点之后第一期公开开奖号码。")


class CampaignBeaconAlreadyFixed(DomainError):
    default_message = _("本抽查任务的公共随机数已经确定，不能再更改。")


class CampaignBeaconPending(DomainError):
    default_message = _("等待公共随机数：抽取时点之后的公共随机数确定后才能抽取。")


class CampaignBeaconByRegulatorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以录入或复核公共随机数。")


class ConflictNotInPool(NotAllowed):
    default_message = _("只有本抽查任务检查人员名录中的人员可以申报回避。")


class ConflictAgencyNotInPool(DomainError):
    default_message = _("该机构不在本抽查任务的检查对象名录中。")


class ConflictReasonRequired(DomainError):
    default_message = _("请写明回避事由（不超过 200 个字），例如“曾在该机构任职”。")


class ConflictAlreadyDeclared(DomainError):
    default_message = _("您已申报与该机构的回避关系。")


class ConflictTooLate(DomainError):
    default_message = _("该机构的检查结果已登记，不能再申报回避。")


class StandingConflictByInspectorOnly(NotAllowed):
    default_message = _("只有在岗的监管人员可以登记本人的长期回避关系。")


class StandingConflictAgencyUnknown(DomainError):
    default_message = _("请选择一家已注册的中介机构。")


class StandingConflictNotYours(NotAllowed):
    default_message = _("只能撤回本人登记的回避关系。")


class FindingAgencyNotDrawn(DomainError):
    default_message = _("该机构不是本抽查任务抽中的检查对象。")


class FindingResultInvalid(DomainError):
    default_message = _("请选择检查结果。")


class FindingDetailsRequired(DomainError):
    default_message = _("请填写检查情况。")


class FindingDateInvalid(DomainError):
    default_message = _("检查日期须在抽取之后、不晚于今天。")


class FindingByConflictedInspector(NotAllowed):
    default_message = _("您与该机构存在回避关系，不能登记它的检查结果。")


class PublishFindingsMissing(DomainError):
    default_message = _("还有抽中的机构没有登记检查结果，不能公布。")


class PublishSummaryRequired(DomainError):
    default_message = _("请填写抽查结果综述。")
