"""Computable fee rules (收费标准): the JSON shapes, their validation, and the one calculation.

Pure arithmetic on Decimal. `rule` is anything with FeeRule's attributes (mode, bands,
coefficients, minimum_fee, maximum_fee, quantity_unit), so the calculator, bid checks and
tests all go through `calculate_fee` without touching the database.

Shapes stored in FeeRule's JSON columns (numbers as strings, so no float ever creeps in):
  bands:        [{"lower": "0", "upper": "1000", "rate": "10", "fixed": "0"}, ...]
                quantity in the rule's unit (e.g. 万元), `rate` in 元 per unit, `fixed` in 元;
                the last `upper` may be null (open-ended).
  coefficients: [{"key": "complexity", "name": "复杂程度调整系数",
                  "min": "0.8", "max": "1.2", "default": "1.0"}, ...]

Conventions the published standards leave implicit, written down here once:
- A band covers (lower, upper]: Chinese standards say "1000万元以下", and 以下 includes the
  number itself, so a quantity exactly on a boundary belongs to the lower band. The first band
  also includes its lower bound.
- A first lower bound above 0 is a minimum billable quantity: a smaller quantity is charged as
  that minimum (不足起点按起点计), and the result says so.
- progressive (差额定率累进): the sum over the bands reached of (the part of the quantity inside
  the band × rate + fixed). A band is reached when the quantity is above its lower bound.
- band (分档计费): the band containing the quantity gives fixed + (quantity − lower) × rate.
- The base fee is multiplied by every adjustment coefficient, rounded to the fen
  (ROUND_HALF_UP) once, at the end, then held between the minimum and the maximum fee.
- Every number has bounds, so no input can overflow the arithmetic or the columns it ends up
  in: at most 12 digits before the point everywhere; after it, at most 6 in a rule's bands and
  coefficients, 4 in a quantity (the job's fee_quantity column) and 2 in an amount of money
  (minimum and maximum fee). A fee above LARGEST_FEE (the largest amount the price columns hold)
  is refused rather than computed.
"""
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import FeeInputInvalid, FeeRuleInvalid

PROGRESSIVE = "progressive"
BAND = "band"
MODES = (PROGRESSIVE, BAND)
FEN = Decimal("0.01")
INTEGER_DIGITS = 12  # 10^12 元 or 万元 or 平方米 is beyond any project
RULE_PLACES = 6
QUANTITY_PLACES = 4
MONEY_PLACES = 2
LARGEST_FEE = Decimal("999999999999.99")  # DecimalField(max_digits=14, decimal_places=2)
COEFFICIENT_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


@dataclass(frozen=True)
class Band:
    lower: Decimal
    upper: Decimal | None
    rate: Decimal
    fixed: Decimal

    def as_json(self):
        return {
            "lower": plain(self.lower),
            "upper": None if self.upper is None else plain(self.upper),
            "rate": plain(self.rate),
            "fixed": plain(self.fixed),
        }


@dataclass(frozen=True)
class Coefficient:
    key: str
    name: str
    min: Decimal
    max: Decimal
    default: Decimal

    def as_json(self):
        return {
            "key": self.key,
            "name": self.name,
            "min": plain(self.min),
            "max": plain(self.max),
            "default": plain(self.default),
        }


@dataclass(frozen=True)
class CleanRule:
    """A validated rule, with its JSON in the canonical shape to store."""

    mode: str
    bands: tuple
    coefficients: tuple
    minimum_fee: Decimal | None
    maximum_fee: Decimal | None

    @property
    def bands_json(self):
        return [band.as_json() for band in self.bands]

    @property
    def coefficients_json(self):
        return [coefficient.as_json() for coefficient in self.coefficients]


@dataclass(frozen=True)
class BandLine:
    """One line of "how it was computed": `portion` of the quantity charged at this band."""

    number: int
    lower: Decimal
    upper: Decimal | None
    rate: Decimal
    fixed: Decimal
    portion: Decimal
    amount: Decimal


@dataclass(frozen=True)
class AppliedCoefficient:
    key: str
    name: str
    value: Decimal
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class FeeResult:
    mode: str
    unit: str
    quantity: Decimal  # as asked
    charged_quantity: Decimal  # raised to the first band's lower bound when below it
    lines: tuple
    base_fee: Decimal  # exact sum of the lines
    coefficients: tuple
    adjusted_fee: Decimal  # base × coefficients, exact
    rounded_fee: Decimal  # adjusted, to the fen
    clamp: str | None  # None, "minimum" or "maximum"
    minimum_fee: Decimal | None
    maximum_fee: Decimal | None
    final_fee: Decimal

    @property
    def raised_to_start(self):
        return self.charged_quantity != self.quantity


def plain(value):
    """A Decimal as a plain string without exponent or trailing zeros: 1.50 → "1.5", 1E+3 → "1000"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


class NumberOutOfRange(ValueError):
    """A number with more digits before or after the point than its place allows."""


def to_decimal(value, places=RULE_PLACES):
    """`value` as a finite Decimal with at most INTEGER_DIGITS digits before the point and
    `places` after it (trailing zeros do not count); None for an empty value; NumberOutOfRange
    for a number too large or too finely divided, ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    if not number.is_zero() and (number.adjusted() >= INTEGER_DIGITS or _places(number) > places):
        raise NumberOutOfRange(value)
    return number


def _places(number):
    """How many digits `number` has after the point, not counting trailing zeros (no context
    arithmetic, so any exponent is safe)."""
    _sign, digits, exponent = number.as_tuple()
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing))


# --- validation -------------------------------------------------------------------------------

def check_bands(raw_bands):
    """The bands parsed, and the list of what is wrong with them (empty when they are fine)."""
    if not isinstance(raw_bands, (list, tuple)) or not raw_bands:
        return [], [_("至少需要一个计费档次。")]
    bands, errors = [], []
    for number, raw in enumerate(raw_bands, start=1):
        band, row_errors = _parse_band(number, raw)
        errors += row_errors
        if band is not None:
            bands.append((number, band))
    if errors:
        return [], errors
    errors = _check_band_chain(bands, len(raw_bands))
    return ([] if errors else [band for _n, band in bands]), errors


def _parse_band(number, raw):
    if not isinstance(raw, dict):
        return None, [_("第%(n)d档的格式不正确。") % {"n": number}]
    values, errors = {}, []
    labels = {"lower": _("下限"), "upper": _("上限"), "rate": _("费率"), "fixed": _("固定费用")}
    for name, label in labels.items():
        try:
            values[name] = to_decimal(raw.get(name))
        except NumberOutOfRange:
            errors.append(_("第%(n)d档%(label)s最多 %(digits)d 位整数、%(places)d 位小数。")
                          % {"n": number, "label": label, "digits": INTEGER_DIGITS, "places": RULE_PLACES})
        except ValueError:
            errors.append(_("第%(n)d档%(label)s不是有效的数字。") % {"n": number, "label": label})
    if errors:
        return None, errors
    if values["lower"] is None:
        errors.append(_("第%(n)d档缺少下限。") % {"n": number})
    if values["rate"] is None:
        errors.append(_("第%(n)d档缺少费率（没有按量计费的部分请填 0）。") % {"n": number})
    for name in ("lower", "rate", "fixed"):
        if values[name] is not None and values[name] < 0:
            errors.append(_("第%(n)d档%(label)s不能为负数。") % {"n": number, "label": labels[name]})
    if errors:
        return None, errors
    return Band(values["lower"], values["upper"], values["rate"], values["fixed"] or Decimal(0)), []


def _check_band_chain(numbered_bands, count):
    """Each band wider than nothing, each starting where the one before ended, only the last open."""
    errors = []
    previous_number, previous = None, None
    for number, band in numbered_bands:
        if band.upper is None and number != count:
            errors.append(
                _("只有最后一档可以不设上限，第%(n)d档缺少上限。") % {"n": number}
            )
        elif band.upper is not None and band.upper <= band.lower:
            errors.append(
                _("第%(n)d档上限 %(upper)s 必须大于下限 %(lower)s。")
                % {"n": number, "upper": plain(band.upper), "lower": plain(band.lower)}
            )
        if previous is not None and previous.upper is not None:
            errors += _join_error(previous_number, previous, number, band)
        previous_number, previous = number, band
    return errors


def _join_error(previous_number, previous, number, band):
    values = {"n": number, "lower": plain(band.lower), "p": previous_number, "upper": plain(previous.upper)}
    if band.lower > previous.upper:
        return [_("第%(n)d档下限 %(lower)s 与第%(p)d档上限 %(upper)s 不衔接，档次之间不能有空档。") % values]
    if band.lower < previous.upper:
        return [_("第%(n)d档下限 %(lower)s 小于第%(p)d档上限 %(upper)s，档次之间不能重叠。") % values]
    return []


def check_coefficients(raw_coefficients):
    """The coefficients parsed, and the list of what is wrong with them."""
    if raw_coefficients in (None, ""):
        return [], []
    if not isinstance(raw_coefficients, (list, tuple)):
        return [], [_("调整系数的格式不正确。")]
    coefficients, errors, seen = [], [], set()
    for number, raw in enumerate(raw_coefficients, start=1):
        coefficient, row_errors = _parse_coefficient(number, raw)
        if coefficient is not None and coefficient.key in seen:
            row_errors.append(_("调整系数代码“%(key)s”重复。") % {"key": coefficient.key})
        errors += row_errors
        if coefficient is not None:
            seen.add(coefficient.key)
            coefficients.append(coefficient)
    return ([] if errors else coefficients), errors


def _parse_coefficient(number, raw):
    if not isinstance(raw, dict):
        return None, [_("第%(n)d个调整系数的格式不正确。") % {"n": number}]
    key = str(raw.get("key") or "").strip()
    name = str(raw.get("name") or "").strip()
    errors = []
    if not COEFFICIENT_KEY.match(key):
        errors.append(
            _("第%(n)d个调整系数的代码须以小写字母开头，只含小写字母、数字和下划线（如 complexity）。")
            % {"n": number}
        )
    if not name:
        errors.append(_("第%(n)d个调整系数缺少名称。") % {"n": number})
    label = name or str(number)
    values = {}
    for part, part_label in (("min", _("下限")), ("max", _("上限")), ("default", _("默认值"))):
        try:
            values[part] = to_decimal(raw.get(part))
        except ValueError:
            values[part] = None
        if values[part] is None:
            errors.append(
                _("调整系数“%(name)s”的%(part)s须填写数字。") % {"name": label, "part": part_label}
            )
    if errors:
        return None, errors
    errors = _coefficient_range_errors(label, values["min"], values["max"], values["default"])
    if errors:
        return None, errors
    return Coefficient(key, name, values["min"], values["max"], values["default"]), []


def _coefficient_range_errors(name, low, high, default):
    values = {"name": name, "min": plain(low), "max": plain(high), "default": plain(default)}
    if low <= 0:
        return [_("调整系数“%(name)s”的下限须大于 0。") % values]
    if low > high:
        return [_("调整系数“%(name)s”的下限 %(min)s 大于上限 %(max)s。") % values]
    if not low <= default <= high:
        return [_("调整系数“%(name)s”的默认值 %(default)s 不在 %(min)s～%(max)s 之间。") % values]
    return []


def check_fee_limits(minimum_fee, maximum_fee):
    """(minimum, maximum) parsed, and a dict of messages by field."""
    errors, parsed = {}, {}
    for field, value, label in (
        ("minimum_fee", minimum_fee, _("最低收费")),
        ("maximum_fee", maximum_fee, _("最高收费")),
    ):
        try:
            parsed[field] = to_decimal(value, MONEY_PLACES)
        except NumberOutOfRange:
            parsed[field] = None
            errors[field] = [_("%(label)s最多 %(digits)d 位整数、%(places)d 位小数。")
                             % {"label": label, "digits": INTEGER_DIGITS, "places": MONEY_PLACES}]
            continue
        except ValueError:
            parsed[field] = None
            errors[field] = [_("%(label)s不是有效的金额。") % {"label": label}]
            continue
        if parsed[field] is not None and parsed[field] < 0:
            errors[field] = [_("%(label)s不能为负数。") % {"label": label}]
    low, high = parsed["minimum_fee"], parsed["maximum_fee"]
    if not errors and low is not None and high is not None and low > high:
        errors["maximum_fee"] = [
            _("最低收费 %(min)s 元高于最高收费 %(max)s 元。") % {"min": plain(low), "max": plain(high)}
        ]
    return low, high, errors


def validate_rule(*, mode, bands, coefficients, minimum_fee=None, maximum_fee=None):
    """The rule in canonical form, or FeeRuleInvalid listing every problem by part."""
    errors = {}
    if mode not in MODES:
        errors["mode"] = [_("请选择计费方式（差额定率累进或分档计费）。")]
    parsed_bands, errors["bands"] = check_bands(bands)
    parsed_coefficients, errors["coefficients"] = check_coefficients(coefficients)
    low, high, limit_errors = check_fee_limits(minimum_fee, maximum_fee)
    errors.update(limit_errors)
    if any(errors.values()):
        raise FeeRuleInvalid(errors)
    return CleanRule(mode, tuple(parsed_bands), tuple(parsed_coefficients), low, high)


def clean_rule(rule):
    """A stored rule (anything with FeeRule's attributes) validated for computing."""
    return validate_rule(
        mode=rule.mode,
        bands=rule.bands,
        coefficients=rule.coefficients,
        minimum_fee=rule.minimum_fee,
        maximum_fee=rule.maximum_fee,
    )


# --- calculation ------------------------------------------------------------------------------

def parse_quantity(quantity):
    try:
        value = to_decimal(quantity, QUANTITY_PLACES)
    except NumberOutOfRange:
        raise FeeInputInvalid(
            _("计费数量最多 %(digits)d 位整数、%(places)d 位小数。")
            % {"digits": INTEGER_DIGITS, "places": QUANTITY_PLACES},
            field="quantity",
        ) from None
    except ValueError:
        value = None
    if value is None:
        raise FeeInputInvalid(_("请填写数字形式的计费数量，例如 3000 或 125.5。"), field="quantity")
    if value < 0:
        raise FeeInputInvalid(_("计费数量不能为负数。"), field="quantity")
    return value


def calculate_fee(rule, quantity, coefficient_values=None):
    """The fee for `quantity` (in the rule's unit) under `rule`, with every step shown.

    `coefficient_values` maps a coefficient key to the value chosen; a missing or empty value
    takes the coefficient's default.
    """
    clean = clean_rule(rule)
    asked = parse_quantity(quantity)
    charged = max(asked, clean.bands[0].lower)
    _check_within_last_band(clean.bands[-1], charged)
    if clean.mode == PROGRESSIVE:
        lines = _progressive_lines(clean.bands, charged)
    else:
        lines = _band_lines(clean.bands, charged)
    base = sum((line.amount for line in lines), Decimal(0))
    applied = _applied_coefficients(clean.coefficients, coefficient_values or {})
    adjusted = base
    for coefficient in applied:
        adjusted *= coefficient.value
    rounded = _to_fen(adjusted)
    final, clamp = _clamp(rounded, clean.minimum_fee, clean.maximum_fee)
    if final > LARGEST_FEE:
        raise FeeInputInvalid(
            _("按此计费数量算出的收费超过 %(largest)s 元，超出可计算的范围，请核对计费数量。")
            % {"largest": f"{LARGEST_FEE:,.2f}"},
            field="quantity",
        )
    return FeeResult(
        mode=clean.mode,
        unit=getattr(rule, "quantity_unit", ""),
        quantity=asked,
        charged_quantity=charged,
        lines=tuple(lines),
        base_fee=base,
        coefficients=tuple(applied),
        adjusted_fee=adjusted,
        rounded_fee=rounded,
        clamp=clamp,
        minimum_fee=clean.minimum_fee,
        maximum_fee=clean.maximum_fee,
        final_fee=final,
    )


def _to_fen(amount):
    # With enough precision for the whole amount, so a large one is rounded, never refused by
    # the decimal module (its default 28 digits would raise InvalidOperation).
    return amount.quantize(FEN, rounding=ROUND_HALF_UP, context=Context(prec=max(28, amount.adjusted() + 4)))


def _check_within_last_band(last, quantity):
    # A standard whose last band is closed does not price anything beyond it.
    if last.upper is not None and quantity > last.upper:
        raise FeeInputInvalid(
            _("计费数量 %(q)s 超出本标准最高一档的上限 %(upper)s，本标准不适用。")
            % {"q": plain(quantity), "upper": plain(last.upper)},
            field="quantity",
        )


def _progressive_lines(bands, quantity):
    lines = []
    for number, band in enumerate(bands, start=1):
        if number > 1 and quantity <= band.lower:
            break
        top = quantity if band.upper is None else min(quantity, band.upper)
        portion = top - band.lower
        lines.append(_line(number, band, portion))
    return lines


def _band_lines(bands, quantity):
    # calculate_fee has refused a quantity above a closed last band, so one band contains it.
    number, band = next(
        (n, b) for n, b in enumerate(bands, start=1) if b.upper is None or quantity <= b.upper
    )
    return [_line(number, band, quantity - band.lower)]


def _line(number, band, portion):
    amount = portion * band.rate + band.fixed
    return BandLine(number, band.lower, band.upper, band.rate, band.fixed, portion, amount)


def _applied_coefficients(coefficients, chosen):
    known = {coefficient.key for coefficient in coefficients}
    unknown = sorted(set(chosen) - known)
    if unknown:
        raise FeeInputInvalid(
            _("本收费标准没有调整系数“%(key)s”。") % {"key": unknown[0]}, field=unknown[0]
        )
    return [_applied(coefficient, chosen.get(coefficient.key)) for coefficient in coefficients]


def _applied(coefficient, raw):
    try:
        value = to_decimal(raw)
    except NumberOutOfRange:
        raise FeeInputInvalid(
            _("“%(name)s”须在 %(min)s～%(max)s 之间。")
            % {"name": coefficient.name, "min": plain(coefficient.min), "max": plain(coefficient.max)},
            field=coefficient.key,
        ) from None
    except ValueError:
        raise FeeInputInvalid(
            _("“%(name)s”须填写数字。") % {"name": coefficient.name}, field=coefficient.key
        ) from None
    if value is None:
        value = coefficient.default
    if not coefficient.min <= value <= coefficient.max:
        raise FeeInputInvalid(
            _("“%(name)s”须在 %(min)s～%(max)s 之间，填写的是 %(value)s。")
            % {
                "name": coefficient.name,
                "min": plain(coefficient.min),
                "max": plain(coefficient.max),
                "value": plain(value),
            },
            field=coefficient.key,
        )
    return AppliedCoefficient(coefficient.key, coefficient.name, value, coefficient.min, coefficient.max)


def _clamp(fee, minimum, maximum):
    if minimum is not None and fee < minimum:
        return minimum.quantize(FEN), "minimum"
    if maximum is not None and fee > maximum:
        return maximum.quantize(FEN), "maximum"
    return fee, None


def fee_range(rule, quantity):
    """(lowest, highest) final fee for `quantity` over every coefficient's range: a price
    outside it is outside a government-priced rule. Coefficients multiply a non-negative
    base, so the extremes are at all-minimum and all-maximum."""
    coefficients = clean_rule(rule).coefficients
    lowest = calculate_fee(rule, quantity, {c.key: c.min for c in coefficients})
    highest = calculate_fee(rule, quantity, {c.key: c.max for c in coefficients})
    return lowest.final_fee, highest.final_fee
