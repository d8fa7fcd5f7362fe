"""The rules of an agency's standing (市场状态): which standing is in force at a moment, what the
public sees of it, the bans on people (禁入) and the barred-representative match.

Three inputs decide the standing, and the most severe in force wins (SEVERITY):

- a regulator's standing set by hand (`standing…`, providers.services.standing), in force until
  its `standing_until` when one is set;
- the credit rules' automatic watch list or suspension (`credit_standing…`, set and lifted by
  reviews.services.credit as the score crosses the rule set's thresholds);
- an approved blacklisting (`blacklisted_…`, reviews.services.blacklist), in force until its end
  or until a credit repair ends it.

That rule is written once, here: `standing_at` (and its query form `standing_in_force_q`, which
must agree with it), and every reader goes through it: the regulators' lists, bidding
eligibility, signing, the draw's runner-up and the public profile (`public_standing`). The
watch list, a suspension and a blacklisting are all public on the agency's page.
"""
from dataclasses import dataclass

from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Membership, Organisation, PersonBan, Standing

BARRED = (Standing.SUSPENDED, Standing.BLACKLISTED)
SEVERITY = (Standing.ACTIVE, Standing.WATCH, Standing.SUSPENDED, Standing.BLACKLISTED)
SOURCES = {
    "manual": gettext_lazy("监管部门设定"),
    "credit": gettext_lazy("信用评价自动措施"),
    "blacklist": gettext_lazy("黑名单"),
}


def manual_in_force(agency, at):
    """Whether the regulator's stored non-active standing is still in force at the moment `at`."""
    return agency.standing != Standing.ACTIVE and (agency.standing_until is None or agency.standing_until > at)


def blacklisted_at(agency, at):
    return agency.blacklisted_until is not None and agency.blacklisted_until > at


def _inputs(agency, at):
    """(standing, reason, since, until, source) of each input in force at `at`."""
    if manual_in_force(agency, at):
        yield agency.standing, agency.standing_reason, agency.standing_since, agency.standing_until, "manual"
    if agency.credit_standing != Standing.ACTIVE:
        yield agency.credit_standing, agency.credit_standing_reason, agency.credit_standing_since, None, "credit"
    if blacklisted_at(agency, at):
        yield (Standing.BLACKLISTED, agency.blacklist_reason, agency.blacklisted_since,
               agency.blacklisted_until, "blacklist")


def _in_force(agency, at):
    inputs = list(_inputs(agency, at))
    if not inputs:
        return Standing.ACTIVE, "", None, None, ""
    return max(inputs, key=lambda entry: SEVERITY.index(entry[0]))


def standing_in_force(agency, at):
    """Whether any non-active standing is in force for the agency at the moment `at`."""
    return _in_force(agency, at)[0] != Standing.ACTIVE


def standing_in_force_q(at, prefix=""):
    """`standing_in_force` as a query condition (on Organisation, or through `prefix`)."""
    manual = ~Q(**{f"{prefix}standing": Standing.ACTIVE}) & (
        Q(**{f"{prefix}standing_until__isnull": True}) | Q(**{f"{prefix}standing_until__gt": at})
    )
    credit = ~Q(**{f"{prefix}credit_standing": Standing.ACTIVE})
    blacklist = Q(**{f"{prefix}blacklisted_until__gt": at})
    return manual | credit | blacklist


def barred_q(at, prefix=""):
    """`is_barred` as a query condition."""
    manual = Q(**{f"{prefix}standing__in": BARRED}) & (
        Q(**{f"{prefix}standing_until__isnull": True}) | Q(**{f"{prefix}standing_until__gt": at})
    )
    return manual | Q(**{f"{prefix}credit_standing__in": BARRED}) | Q(**{f"{prefix}blacklisted_until__gt": at})


def next_change(agency, at):
    """The first moment after `at` at which an input lapses by itself (a regulator's standing with
    an end, a blacklisting at its end), or None. The credit input changes only with an event."""
    moments = [until for _standing, _reason, _since, until, _source in _inputs(agency, at) if until]
    return min(moments) if moments else None


def standing_at(agency, at):
    """(standing, reason, until) in force at `at`; nothing in force counts as active."""
    standing, reason, _since, until, _source = _in_force(agency, at)
    return standing, reason, until


def is_barred(agency, at):
    """Suspended or blacklisted at `at`: may not bid, sign or be drawn, and shown so in public."""
    return standing_at(agency, at)[0] in BARRED


@dataclass(frozen=True)
class ShownStanding:
    """A standing as a page shows it: the one in force with where it comes from, and the
    regulator's stored one if it has lapsed."""

    code: str
    label: str
    reason: str
    since: object
    until: object
    lapsed: str = ""  # the label of a regulator's standing whose end has passed
    lapsed_until: object = None
    source: str = ""

    @property
    def is_active(self):
        return self.code == Standing.ACTIVE

    @property
    def source_label(self):
        return SOURCES.get(self.source, "")


def shown_standing(agency, at):
    standing, reason, since, until, source = _in_force(agency, at)
    lapsed = agency.standing != Standing.ACTIVE and not manual_in_force(agency, at)
    return ShownStanding(
        code=standing, label=Standing(standing).label, reason=reason, since=since, until=until,
        lapsed=Standing(agency.standing).label if lapsed else "",
        lapsed_until=agency.standing_until if lapsed else None, source=source,
    )


def public_standing(agency, at):
    """The watch listing, suspension or blacklisting in force at `at`, for the public, or None."""
    shown = shown_standing(agency, at)
    return None if shown.is_active else shown


# --- bans on people (禁入) ------------------------------------------------------------------------

def ban_in_force_q(at):
    return Q(starts_at__lte=at, ends_at__gt=at, ended_at__isnull=True)


def bans_of(id_hashes, at):
    """The bans in force at `at` on any of the people with these identity hashes (one query)."""
    hashes = [value for value in id_hashes if value]
    if not hashes:
        return []
    return list(PersonBan.objects.filter(ban_in_force_q(at), id_hash__in=hashes).select_related("agency")
                .order_by("ends_at", "pk"))


def agency_bans(agency, at):
    """The bans in force at `at` on the agency's legal representative or any of its admins: such an
    agency may not bid (the person may not run an agency while banned)."""
    admins = agency.memberships.filter(role=Membership.Role.ADMIN).values_list("user__id_number_hash", flat=True)
    hashes = [agency.legal_representative_id_hash, *admins]
    return [ban for ban in bans_of(hashes, at) if ban.agency_id != agency.pk]


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
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY)
        .filter(barred_q(at))
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
