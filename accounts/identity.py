"""Resident identity numbers (居民身份证号码, GB 11643-1999), kept only as a keyed hash and a
masked form.

A blacklisting bans named people (the legal representative, senior managers) from registering or
running another agency (禁入). People are matched by their identity number, which the platform
never stores in clear: `identity_hash` is an HMAC-SHA256 keyed with `IDENTITY_HMAC_KEY` (an
unkeyed hash of an 18-digit number with a birth date inside could be reversed by trying them
all), and `identity_masked` is what pages show (`5101**********123X`).
"""
import datetime
import hashlib
import hmac
import re

from django.conf import settings

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class InvalidIdentityNumber(ValueError):
    """Not an 18-character resident identity number with a valid date and check character."""


def normalise_identity(value) -> str:
    """The number in its one stored spelling (upper-case X, no spaces), or InvalidIdentityNumber."""
    number = re.sub(r"[\s\u3000-]", "", str(value or "")).upper()
    if not _SHAPE.match(number):
        raise InvalidIdentityNumber("shape")
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentityNumber("date") from None
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], WEIGHTS, strict=True))
    if CHECK_CHARACTERS[total % 11] != number[17]:
        raise InvalidIdentityNumber("check")
    return number


def with_check_character(first17: str) -> str:
    """The 18-character number whose first 17 digits are `first17` (for demo data and tests)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return first17 + CHECK_CHARACTERS[total % 11]


def identity_hash(number: str) -> str:
    """The keyed hash a normalised number is stored and matched by."""
    key = settings.IDENTITY_HMAC_KEY.encode()
    return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()


def identity_masked(number: str) -> str:
    return number[:4] + "*" * 10 + number[-4:]
