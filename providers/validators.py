"""Checks on what organisations type in. The USCC check digit comes from python-stdnum."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as uscc_lib

USCC_LENGTH = 18


def normalise_uscc(value):
    """The USCC in its canonical form (upper case, no spaces or dashes), or ValidationError.

    GB 32100-2015: 18 characters; the first 8 digits (registration authority, organisation
    type, administrative division); then the organisation code and a check character from
    0-9 and the capital letters except I, O, Z, S, V.
    """
    number = uscc_lib.compact(value or "")
    try:
        return uscc_lib.validate(number)
    except stdnum_errors.InvalidLength:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，您输入了 %(count)s 位。"),
            code="uscc_length", params={"count": len(number)},
        ) from None
    except stdnum_errors.InvalidFormat:
        raise ValidationError(
            _("统一社会信用代码含有无效字符：前 8 位应为数字，其余只能是数字和除 I、O、Z、S、V 以外的大写字母。"),
            code="uscc_characters",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("统一社会信用代码校验位错误，请核对后重新输入。"), code="uscc_check_digit"
        ) from None


def validate_uscc(value):
    """A model/form validator: refuses any value `normalise_uscc` would refuse."""
    normalise_uscc(value)
