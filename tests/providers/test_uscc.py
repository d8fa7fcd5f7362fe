"""USCC (统一社会信用代码): GB 32100-2015 check digit, canonical upper case, clear messages."""
import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc as uscc_lib

from providers.validators import normalise_uscc

VALID = ["91110000600037341L", "91510600MA62J6QX1M", "91330100MA27XL2X4H"]


@pytest.mark.parametrize("number", VALID)
def test_valid_samples_pass_and_agree_with_stdnum(number):
    assert uscc_lib.is_valid(number)
    assert normalise_uscc(number) == number


def test_lower_case_is_accepted_and_upper_cased():
    assert normalise_uscc("91510600ma62j6qx1m") == "91510600MA62J6QX1M"


def test_spaces_and_dashes_are_removed():
    assert normalise_uscc(" 9151 0600-MA62J6QX1M ") == "91510600MA62J6QX1M"


def test_wrong_check_digit_is_refused():
    # 91510600MA62J6QX1B was offered as a sample, but its check character is M.
    assert not uscc_lib.is_valid("91510600MA62J6QX1B")
    with pytest.raises(ValidationError) as refused:
        normalise_uscc("91510600MA62J6QX1B")
    assert refused.value.code == "uscc_check_digit"
    assert "校验位错误" in refused.value.messages[0]


@pytest.mark.parametrize("number, count", [("9151060MA62J6QX1M", 17), ("91510600MA62J6QX1MM", 19), ("", 0)])
def test_wrong_length_is_refused_with_the_count(number, count):
    with pytest.raises(ValidationError) as refused:
        normalise_uscc(number)
    assert refused.value.code == "uscc_length"
    assert f"您输入了 {count} 位" in refused.value.messages[0]


@pytest.mark.parametrize("number", ["91510600MA62J6QXIM", "9151060OMA62J6QX1M", "91510600统一社会信用代码代码"])
def test_bad_characters_are_refused(number):
    # I, O, Z, S, V are not in the alphabet; the first 8 characters must be digits.
    with pytest.raises(ValidationError) as refused:
        normalise_uscc(number)
    assert refused.value.code == "uscc_characters"
    assert "无效字符" in refused.value.messages[0]
