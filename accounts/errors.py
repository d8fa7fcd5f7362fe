"""Named refusals of accounts (each a core.errors.DomainError with the message the user sees)."""
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, NotAllowed


class IdentitySignInRequired(NotAllowed):
    default_message = _("请先登录。")


class IdentityNumberRequired(DomainError):
    default_message = _("请填写居民身份证号码。")


class IdentityNumberInvalid(DomainError):
    """The number is not a valid 18-character resident identity number; the message says why."""

    default_message = _("身份证号码无效：请填写 18 位居民身份证号码，最后一位可以是数字或 X。")


class IdentityAlreadyDeclared(DomainError):
    default_message = _("您已登记过身份证号码，不能自行更改；如登记有误，请联系平台运营方。")
