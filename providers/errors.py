"""Named refusals of providers (organisations, members, profiles, standing), each with the
message the user sees (translated). Services raise these; views show them next to the form
(core.forms.submit) or as a message (core.forms.act)."""
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed

# --- who may act ----------------------------------------------------------------------------


class SignInRequired(NotAllowed):
    default_message = _("请先登录。")


class NotOrganisationMember(NotAllowed):
    default_message = _("只有本机构的成员可以执行此操作。")


class NotOrganisationAdmin(NotAllowed):
    default_message = _("只有本机构的管理员可以执行此操作。")


class NotARegulator(NotAllowed):
    default_message = _("只有在岗的监管人员可以执行此操作。")


# --- registration and an organisation's details ---------------------------------------------


class InvalidUscc(DomainError):
    """Raised with the validator's reason (e.g. a wrong check digit) as the message."""

    default_message = _("统一社会信用代码无效。")


class DuplicateUscc(DomainError):
    default_message = _("该统一社会信用代码已注册，请勿重复注册；如需加入该机构，请联系其管理员邀请您。")


class OwnerTypeRequired(DomainError):
    default_message = _("请选择业主性质。")


# --- bans on people (禁入): registering or running an agency --------------------------------


class PersonBanned(DomainError):
    """A person banned (禁入) because of a blacklisted agency; built with `of(ban, who)`, which
    names the person, the agency and the ban's end."""

    default_message = _("该人员因所在机构被列入黑名单而被禁入，期间不得注册或管理中介机构。")

    @classmethod
    def of(cls, ban, who, *, field=None):
        message = gettext(
            "%(who)s（身份证号码 %(masked)s）因“%(agency)s”（统一社会信用代码 %(uscc)s）被列入黑名单，"
            "禁入至 %(until)s，期间不得注册或管理中介机构。"
        ) % {
            "who": who, "masked": ban.id_masked, "agency": ban.agency.name, "uscc": ban.agency.uscc,
            "until": date_format(timezone.localtime(ban.ends_at), "Y-m-d H:i"),
        }
        return cls(message, field=field)


class RegistrationBanned(PersonBanned):
    """A new agency whose legal representative, or whose registering user, is banned."""


class AdminBanned(PersonBanned):
    """Someone banned would become an agency's admin."""


class AdminIdentityRequired(DomainError):
    default_message = _("成为中介机构的管理员须先登记本人的居民身份证号码。")


class MemberIdentityRequired(DomainError):
    default_message = _("该成员尚未登记本人的居民身份证号码，不能设为中介机构的管理员；请其先在“我的工作台”登记。")


class RepresentativeIdentityRequired(DomainError):
    default_message = _("更换法定代表人时，请同时填写新法定代表人的居民身份证号码。")


# --- members and invitations ----------------------------------------------------------------


class InvalidRole(DomainError):
    default_message = _("请选择有效的角色。")


class AlreadyMember(DomainError):
    default_message = _("该邮箱的用户已是本机构成员。")


class AlreadyJoined(AlreadyMember):
    """The accepting user is a member already."""

    default_message = _("您已是该机构成员。")


class AlreadyInvited(DomainError):
    default_message = _("已向该邮箱发出邀请且尚未处理，请勿重复邀请；如需重发，请先撤销原邀请。")


class InvitationSignInRequired(SignInRequired):
    default_message = _("请先登录后再接受邀请。")


class InvitationNotFound(DomainError):
    default_message = _("邀请链接无效。")


class InvitationExpired(DomainError):
    default_message = _("该邀请已过期，请联系机构管理员重新邀请。")


class InvitationRevoked(DomainError):
    default_message = _("该邀请已被机构管理员撤销。")


class InvitationAlreadyRevoked(InvitationRevoked):
    """An admin revokes an invitation that was revoked already."""

    default_message = _("该邀请已撤销。")


class InvitationUsed(DomainError):
    default_message = _("该邀请已被使用，不能重复接受。")


class InvitationAlreadyAccepted(InvitationUsed):
    """An admin revokes an invitation that was accepted meanwhile."""

    default_message = _("该邀请已被接受，不能撤销；如需移除该成员，请在成员列表中操作。")


class InvitationWrongEmail(DomainError):
    default_message = _("该邀请发送给其他邮箱。请用受邀邮箱登录，或在账户设置中添加并验证受邀邮箱后再接受。")


class NoLongerMember(DomainError):
    default_message = _("该成员已不在本机构。")


class LastAdmin(DomainError):
    default_message = _("机构至少需要保留一名管理员：请先指定另一名管理员。")


# --- an agency's profile: certificates, practitioners, affiliations -------------------------


class NotAnAgency(DomainError):
    default_message = _("只有中介机构可以登记资质证书、从业人员和关联关系。")


class ExpiresBeforeIssued(DomainError):
    default_message = _("有效期截止日期不能早于发证日期。")


class DuplicateCertificate(DomainError):
    default_message = _("本机构已登记过该资质类别下同一编号的证书。")


class AlreadyVerified(DomainError):
    default_message = _("该证书已核验。")


class InvalidRelation(DomainError):
    default_message = _("请选择关联关系。")


class DuplicateAffiliation(DomainError):
    default_message = _("已申报过与该部门的这一关系。")


# --- an agency's standing (set by regulators) -----------------------------------------------


class StandingNotAnAgency(DomainError):
    default_message = _("只有中介机构有市场状态。")


class StandingInvalid(DomainError):
    default_message = _("请选择有效的市场状态。")


class StandingReasonRequired(DomainError):
    default_message = _("请填写调整市场状态的原因。")


class StandingUntilInPast(DomainError):
    default_message = _("状态截止时间须晚于现在。")


class StandingBlacklistNeedsTwoRegulators(DomainError):
    default_message = _(
        "列入黑名单须由一名监管人员在“黑名单”页面提出，并由另一名监管人员复核同意，不能在此直接设定。"
    )
