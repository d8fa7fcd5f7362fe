"""Named refusals of marketplace (the catalogue, fee rules, regulators, agencies' offers), each with
the message the user sees (translated). A message that needs values is formatted where it is
raised: `raise errors.DuplicateItemCode(_("…%(code)s…") % {...}, field="code")`."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed
from core.text import clauses

# --- who may change the catalogue -----------------------------------------------------------


class NotACatalogueRegulator(NotAllowed):
    default_message = _("只有在岗的监管人员可以维护服务事项清单。")


class NotAFeeRuleRegulator(NotAllowed):
    default_message = _("只有在岗的监管人员可以维护收费标准。")


class NotAVersionRegulator(NotAllowed):
    default_message = _("只有在岗的监管人员可以撤回待生效的版本。")


class ItemNotSupervised(NotAllowed):
    default_message = _("您不监管该事项所属的类别，不能修改它。")


class FeeRuleNotSupervised(NotAllowed):
    default_message = _("您只能维护您监管类别内事项的收费标准。")


class VersionNotSupervised(NotAllowed):
    default_message = _("您不监管该事项所属的类别，不能撤回它的变更。")


class CategoryNotSupervised(NotAllowed):
    """An item put into a category its regulator does not supervise."""

    default_message = _("您只能把事项放入您监管的类别。")


class CategoryNotEditable(NotAllowed):
    default_message = _("您不监管该类别，不能修改它。")

# --- every catalogue change -----------------------------------------------------------------


class EffectiveDateRequired(DomainError):
    default_message = _("请填写生效日期。")


class ChangeReasonRequired(DomainError):
    default_message = _("请填写变更原因。")


class FieldRequired(DomainError):
    """Raised with `field` naming the empty field."""

    default_message = _("此项必填。")

# --- items ----------------------------------------------------------------------------------


class ItemCodeInvalid(DomainError):
    default_message = _("事项编码只能由字母、数字、“-”“_”“.”组成，以字母或数字开头，最长 30 位。")


class DuplicateItemCode(DomainError):
    """Raised naming the code and the item that uses it."""

    default_message = _("该事项编码已被使用，请换一个编码。")


class StatutoryDaysInvalid(DomainError):
    default_message = _("法定服务时限须为大于 0 的工作日数。")


class FeeTypeRequired(DomainError):
    default_message = _("请选择收费类型。")


class ApprovingDepartmentRequired(DomainError):
    default_message = _("请选择审批部门。")


class FeeRuleMissing(DomainError):
    default_message = _("政府定价或指导价的事项须先录入收费标准，才能列入清单。")


class FeeRuleMissingForChange(FeeRuleMissing):
    """An item in the catalogue switched to government pricing before it has a fee rule."""

    default_message = _("该事项还没有收费标准：请先停用该事项并录入收费标准，再改为政府定价后重新发布。")


class ItemUnchanged(DomainError):
    default_message = _("没有任何修改，未生成新版本。")


class ItemAlreadyListed(DomainError):
    """Raised with the date when the item will already be listed by a scheduled version."""

    default_message = _("该事项已在清单内。")


class ItemAlreadyWithdrawn(DomainError):
    """Raised with the date when the item will already be withdrawn by a scheduled version."""

    default_message = _("该事项已不在清单内。")

# --- categories -----------------------------------------------------------------------------


class CategoryCodeInvalid(DomainError):
    default_message = _("类别代码只能由字母、数字、“-”“_”组成，最长 20 位。")


class DuplicateCategoryCode(DomainError):
    """Raised naming the code."""

    default_message = _("该类别代码已被使用。")


class CategoryNameRequired(DomainError):
    default_message = _("请填写类别名称。")


class CategoryUnchanged(DomainError):
    default_message = _("没有任何修改。")

# --- fee rules ------------------------------------------------------------------------------


class FeeRuleInvalid(DomainError):
    """A fee rule that cannot be computed. `errors` maps a part of the rule ("mode", "bands",
    "coefficients", "minimum_fee", "maximum_fee") to its messages, so a form can put each
    message next to the part it is about."""

    default_message = _("收费标准无法计算。")

    def __init__(self, errors):
        self.errors = {part: list(messages) for part, messages in errors.items() if messages}
        # Each message on its own, for core.forms.apply_domain_error to show beside its part.
        self.problems = [DomainError(message, field=part)
                         for part, messages in self.errors.items() for message in messages]
        super().__init__(clauses(self.problems) or None,
                         field=next(iter(self.errors), None))


class FeeInputInvalid(DomainError):
    """A quantity or coefficient value the calculation refuses, raised with the reason; `field`
    is "quantity" or the coefficient's key."""

    default_message = _("计费数量或调整系数不正确。")


class FeeRuleUnchanged(DomainError):
    default_message = _("没有任何修改，未生成新版本。")

# --- scheduled versions ---------------------------------------------------------------------


class VersionNotPending(DomainError):
    default_message = _("该版本已生效或已撤回，不能再撤回。")


class VersionAlreadyInForce(DomainError):
    default_message = _("该版本的生效日期已到，不能再撤回；如需改变，请另行修改并注明原因。")


class WithdrawReasonRequired(DomainError):
    default_message = _("请填写撤回原因。")

# --- regulator accounts ---------------------------------------------------------------------


class PlatformAdminOnly(NotAllowed):
    default_message = _("只有平台管理员可以管理监管人员。")


class AlreadyRegulator(DomainError):
    default_message = _("该邮箱对应的用户已经是监管人员。")

# --- an agency's offered items --------------------------------------------------------------


class NotAnAgency(NotAllowed):
    default_message = _("只有中介机构可以提供服务事项。")


class NotAMember(NotAllowed):
    default_message = _("您不是该机构的成员。")


class OfferNotOfAgency(NotAllowed):
    default_message = _("该服务承诺不属于本机构。")


class ItemNotListed(DomainError):
    default_message = _("该事项不在现行清单内，不能提供。")


class DuplicateOffer(DomainError):
    default_message = _("本机构已提供该事项，请修改原有的承诺。")


class ServiceDaysInvalid(DomainError):
    default_message = _("承诺服务时限须为大于 0 的工作日数。")


class DaysAboveStatutoryLimit(DomainError):
    """Raised with the item's statutory limit in the message."""

    default_message = _("承诺服务时限不得超过该事项的法定时限。")


class FeeQuoteRequired(DomainError):
    default_message = _("请填写收费承诺。")


class ServiceStandardRequired(DomainError):
    default_message = _("请填写服务标准承诺。")
