"""A regulator's credit record of an organisation (信用记录): a penalty (监管处理, by its level) or a
commendation (表彰奖励, the red-list award), each an event the rule set weighs. Recorded, it is
never edited; the CREDIT_ACTION_RECORD audit entry recomputes the organisation's credit
(reviews/credit/triggers.py)."""
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.actions import Action
from audit.services import audit_record
from core.navigation import page_url
from core.notifications import notify
from providers.access import is_active_regulator, members_of

from ..errors.credit import (
    CreditActionBasisRequired,
    CreditActionFactsRequired,
    CreditActionKindInvalid,
    CreditActionLevelInvalid,
    CreditActionTextTooLong,
    CreditRegulatorOnly,
)
from ..models import CreditAction

TEXT_MAX = 2000


def _text(value, required, field):
    text = str(value or "").replace("\x00", "").strip()
    if not text:
        raise required(field=field)
    if len(text) > TEXT_MAX:
        raise CreditActionTextTooLong(CreditActionTextTooLong.default_message % {"n": TEXT_MAX}, field=field)
    return text


@transaction.atomic
def credit_action_record(*, actor, organisation, kind, level, facts, legal_basis):
    """Record a penalty or a commendation of `organisation` (an agency or an owner). A
    commendation has no level (stored as the lowest). The organisation's members are told."""
    if not is_active_regulator(actor):
        raise CreditRegulatorOnly()
    if kind not in CreditAction.Kind.values:
        raise CreditActionKindInvalid(field="kind")
    if kind == CreditAction.Kind.COMMENDATION:
        level = CreditAction.Level.MINOR
    elif level not in CreditAction.Level.values:
        raise CreditActionLevelInvalid(field="level")
    facts = _text(facts, CreditActionFactsRequired, "facts")
    legal_basis = _text(legal_basis, CreditActionBasisRequired, "legal_basis")
    action = CreditAction.objects.create(organisation=organisation, kind=kind, level=level, facts=facts,
                                         legal_basis=legal_basis, decided_by=actor, decided_at=timezone.now())
    audit_record(actor=actor, action=Action.CREDIT_ACTION_RECORD, obj=action, object_repr=organisation.name,
                 after={"organisation": organisation.pk, "kind": kind, "level": level, "facts": facts,
                        "legal_basis": legal_basis})
    label = action.get_kind_display()
    if kind == CreditAction.Kind.PENALTY:
        label = _("%(kind)s（%(level)s）") % {"kind": label, "level": action.get_level_display()}
    notify(members_of([organisation.pk]),
           title=_("[中介超市] 监管部门登记了贵机构的信用记录：%(kind)s") % {"kind": label},
           body=_("事实与理由：%(facts)s\n依据：%(basis)s\n该记录按信用评价规则计入信用分。") % {
               "facts": facts, "basis": legal_basis},
           link=page_url("agency_profile", organisation.uscc) if organisation.is_agency else "")
    return action
