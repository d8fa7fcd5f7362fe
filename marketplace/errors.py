"""Domain errors of the catalogue, with the message a user sees (translated)."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class VersionNotPending(DomainError):
    default_message = _("该版本已生效或已撤回，不能再撤回。")


class VersionAlreadyInForce(DomainError):
    default_message = _("该版本的生效日期已到，不能再撤回；如需改变，请另行修改并注明原因。")


class WithdrawReasonRequired(DomainError):
    default_message = _("请填写撤回原因。")
