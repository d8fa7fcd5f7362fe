"""A person declares their resident identity number (居民身份证号码) once: it is what bans (禁入)
on running an agency are matched by. Stored only as a keyed hash and a masked form
(accounts/identity.py); never changed by the person afterwards, so a banned person cannot
swap it for another."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.actions import Action
from audit.services import audit_record

from . import errors
from .identity import InvalidIdentityNumber, identity_hash, identity_masked, normalise_identity
from .models import User

INVALID_MESSAGES = {
    "shape": _("身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X。"),
    "date": _("身份证号码中的出生日期（第 7–14 位）不是有效日期。"),
    "check": _("身份证号码的校验位（最后一位）不正确，请核对。"),
}


def clean_identity_number(value, *, field):
    """The number in its stored spelling, or IdentityNumberRequired / IdentityNumberInvalid
    (naming `field`, the form field it came from) with the reason in words."""
    if not str(value or "").strip():
        raise errors.IdentityNumberRequired(field=field)
    try:
        return normalise_identity(value)
    except InvalidIdentityNumber as error:
        raise errors.IdentityNumberInvalid(INVALID_MESSAGES.get(str(error)), field=field) from None


def hashed(number):
    """(hash, masked) of a normalised number: all the platform keeps of it."""
    return identity_hash(number), identity_masked(number)


@transaction.atomic
def identity_declare(*, actor, id_number, field="id_number"):
    """Record the actor's identity number (hash and masked form), once."""
    if actor is None or not actor.is_authenticated:
        raise errors.IdentitySignInRequired()
    number = clean_identity_number(id_number, field=field)
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.id_number_hash:
        raise errors.IdentityAlreadyDeclared(field=field)
    user.id_number_hash, user.id_number_masked = hashed(number)
    user.save(update_fields=["id_number_hash", "id_number_masked"])
    actor.id_number_hash, actor.id_number_masked = user.id_number_hash, user.id_number_masked
    audit_record(actor=actor, action=Action.IDENTITY_DECLARE, obj=user, object_repr=user.email,
                 after={"id_number_masked": user.id_number_masked})
    return user
