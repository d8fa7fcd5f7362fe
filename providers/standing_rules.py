"""The rules of an agency's standing (市场状态): which standing is in force at a moment, what the
public sees of it, and the barred-representative match. (The regulator sets a standing through
providers.services.standing; the standing pages read through providers.selectors.standing.)

A standing other than "active" lasts until `standing_until` when one is set: once that moment
has passed the agency is active again, without anyone having to lift it by hand. That rule is
written once, here: `standing_in_force` (and its query form `standing_in_force_q`, which must
agree with it), and every reader goes through it: the regulators' lists, bidding eligibility
(through `standing_at`) and the public profile (`public_standing`).

A suspension or a blacklisting (BARRED) is public on the agency's profile with its dates and
reason; "watch" (重点关注) is for regulators only.

Until the credit issue's bans exist, an agency whose legal representative is also the legal
representative of a barred agency is flagged to regulators (`agencies_sharing_a_barred_representative`):
at registration, and in the regulators' red flags.
"""
from dataclasses import dataclass

from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Organisation, Standing

BARRED = (Standing.SUSPENDED, Standing.BLACKLISTED)


def standing_in_force(agency, at):
    """Whether the agency's stored non-active standing is still in force at the moment `at`."""
    return agency.standing != Standing.ACTIVE and (agency.standing_until is None or agency.standing_until > at)


def standing_in_force_q(at, prefix=""):
    """`standing_in_force` as a query condition (on Organisation, or through `prefix`)."""
    return ~Q(**{f"{prefix}standing": Standing.ACTIVE}) & (
        Q(**{f"{prefix}standing_until__isnull": True}) | Q(**{f"{prefix}standing_until__gt": at})
    )


def next_change(agency, at):
    """The moment after `at` at which the agency's standing lapses by itself, or None."""
    return agency.standing_until if standing_in_force(agency, at) else None


def standing_at(agency, at):
    """(standing, reason, until) in force at `at`; an expired standing counts as active."""
    if not standing_in_force(agency, at):
        return Standing.ACTIVE, "", None
    return agency.standing, agency.standing_reason, agency.standing_until


def is_barred(agency, at):
    """Suspended or blacklisted at `at`: may not bid, and shown so on the public profile."""
    return standing_at(agency, at)[0] in BARRED


@dataclass(frozen=True)
class ShownStanding:
    """A standing as a page shows it: the one in force, and the stored one if it has lapsed."""

    code: str
    label: str
    reason: str
    since: object
    until: object
    lapsed: str = ""  # the label of a stored standing whose end has passed
    lapsed_until: object = None

    @property
    def is_active(self):
        return self.code == Standing.ACTIVE


def shown_standing(agency, at):
    standing, reason, until = standing_at(agency, at)
    lapsed = agency.standing != standing
    return ShownStanding(
        code=standing, label=Standing(standing).label, reason=reason,
        since=None if standing == Standing.ACTIVE else agency.standing_since, until=until,
        lapsed=Standing(agency.standing).label if lapsed else "",
        lapsed_until=agency.standing_until if lapsed else None,
    )


def public_standing(agency, at):
    """The suspension or blacklisting in force at `at`, for the public profile, or None."""
    shown = shown_standing(agency, at)
    return shown if shown.code in BARRED else None


def with_public_standing(agencies, at):
    """`agencies` (a page of rows) as a list, each with `public_standing` set for the listing."""
    agencies = list(agencies)
    for agency in agencies:
        agency.public_standing = public_standing(agency, at)
    return agencies


# --- the legal representative of a barred agency behind another agency ---------------------
# Until the credit issue bans a blacklisted agency's legal representative from running another
# agency (禁入), a match is flagged to regulators, with the evidence. Only the name is stored
# (no identity number), so two spellings of one name count as the same person: the comparison
# ignores spaces, the middle dots of minority and foreign names, full stops, hyphens and case.

NAME_NOISE = (" ", "\u3000", "\t", "·", "•", "・", "‧", ".", "．", "-", "－")


def representative_key(name):
    """A legal representative's name as it is compared (see NAME_NOISE)."""
    text = name or ""
    for character in NAME_NOISE:
        text = text.replace(character, "")
    return text.lower()


def representative_key_expression(field="legal_representative"):
    """`representative_key` computed by the database (it must agree with the Python one)."""
    expression = field
    for character in NAME_NOISE:
        expression = Replace(expression, Value(character), Value(""))
    return Lower(expression)


@dataclass(frozen=True)
class RepresentativeLink:
    """`agency` has the same legal representative as `barred`, which is suspended or blacklisted."""

    agency: Organisation
    barred: Organisation
    standing: ShownStanding

    @property
    def evidence(self):
        until = self.standing.until
        until = date_format(timezone.localtime(until), "DATE_FORMAT") if until else _("长期")
        return _(
            "法定代表人“%(person)s”也是“%(barred)s”（统一社会信用代码 %(uscc)s）的法定代表人，"
            "该机构%(standing)s（原因：%(reason)s；期限：%(until)s）。"
        ) % {
            "person": self.agency.legal_representative, "barred": self.barred.name, "uscc": self.barred.uscc,
            "standing": self.standing.label, "reason": self.standing.reason or _("未说明"), "until": until,
        }


def barred_representatives(at):
    """{representative_key: [agencies barred at `at` with that legal representative]}; one query."""
    barred = (
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY, standing__in=BARRED)
        .filter(standing_in_force_q(at))
        .exclude(legal_representative="")
        .order_by("name", "pk")
    )
    keys = {}
    for agency in barred:
        key = representative_key(agency.legal_representative)
        if key:
            keys.setdefault(key, []).append(agency)
    return keys


def representative_links(agency, at, *, barred=None):
    """The barred agencies (other than `agency`) sharing `agency`'s legal representative at `at`."""
    barred = barred_representatives(at) if barred is None else barred
    return [
        RepresentativeLink(agency=agency, barred=other, standing=shown_standing(other, at))
        for other in barred.get(representative_key(agency.legal_representative), [])
        if other.pk != agency.pk
    ]


def agencies_sharing_a_barred_representative(at):
    """Every link between an agency and a barred agency with the same legal representative, the
    newest registered agency first; two queries whatever the number of agencies."""
    barred = barred_representatives(at)
    if not barred:
        return []
    candidates = (
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
        .annotate(representative_key=representative_key_expression())
        .filter(representative_key__in=list(barred))
        .select_related("region")
        .order_by("-created_at", "-pk")
    )
    return [link for agency in candidates for link in representative_links(agency, at, barred=barred)]
