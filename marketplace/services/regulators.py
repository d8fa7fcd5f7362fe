"""Creating and changing regulator accounts: only platform admins do this.

`actor=None` means a platform admin at the server's command line (manage.py create_regulator):
whoever can run commands there already holds every power the platform has.
"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from accounts.links import absolute_url, password_set_url
from audit.actions import Action
from audit.services import audit_record, snapshot
from core.notifications import notify
from providers.models import Regulator

from .. import errors

AUDIT_FIELDS = ("user_id", "department_id", "title", "is_active")


def _require_platform_admin(actor, permission):
    if actor is None:
        return
    if not (actor.is_active and actor.is_staff and actor.has_perm(permission)):
        raise errors.PlatformAdminOnly()


def _summary(regulator):
    after = snapshot(regulator, AUDIT_FIELDS)
    after["categories"] = sorted(c.code for c in regulator.categories.all())
    return after


def _user_for(email, full_name, initial_password):
    """The account behind the regulator: an existing one keeps its password."""
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, full_name=full_name)
        if initial_password:
            user.set_password(initial_password)
        else:
            user.set_unusable_password()
        user.save()
    elif full_name and not user.full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    # The platform admin vouches for the address: it is verified, so the regulator can log in.
    address, _new = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return user, created


def _welcome(user, *, send_password_link):
    """The new regulator's welcome notice (inbox row, and e-mail after the commit): how to log in,
    with a one-time link to set a password for an account that has none."""
    lines = [
        gettext("您好，%(name)s：") % {"name": user.get_full_name()},
        "",
        gettext("平台管理员已为您开通中介超市监管人员账户（登录邮箱：%(email)s）。") % {"email": user.email},
    ]
    if send_password_link:
        lines.append(gettext("请通过以下链接设置登录密码（链接仅可使用一次）："))
        lines.append(password_set_url(user))
    else:
        lines.append(gettext("登录地址：%(url)s") % {"url": absolute_url(reverse("account_login"))})
    lines += ["", gettext("首次登录后须启用两步验证（身份验证器应用），之后每次登录都需输入动态验证码。")]
    notify([user], title=gettext("[中介超市] 监管人员账户已开通"), body="\n".join(lines))


@transaction.atomic
def regulator_create(*, actor, email, full_name, department, categories=(), title="", initial_password=None):
    """Make `email`'s account (created when missing) a regulator of `department` over `categories`.

    A new account without `initial_password` gets no usable password: the welcome e-mail
    carries a one-time link to set one.
    """
    _require_platform_admin(actor, "providers.add_regulator")
    user, created = _user_for(email, full_name, initial_password)
    if Regulator.objects.filter(user=user).exists():
        raise errors.AlreadyRegulator(field="email")
    regulator = Regulator.objects.create(user=user, department=department, title=title)
    regulator.categories.set(categories)
    audit_record(actor=actor, action=Action.REGULATOR_CREATE, obj=regulator, after=_summary(regulator))
    _welcome(user, send_password_link=created and not initial_password)
    return regulator


@transaction.atomic
def regulator_update(*, actor, regulator, department, categories, title, is_active):
    _require_platform_admin(actor, "providers.change_regulator")
    regulator = Regulator.objects.select_for_update().get(pk=regulator.pk)
    before = _summary(regulator)
    regulator.department = department
    regulator.title = title
    regulator.is_active = is_active
    regulator.save(update_fields=["department", "title", "is_active"])
    regulator.categories.set(categories)
    audit_record(actor=actor, action=Action.REGULATOR_UPDATE, obj=regulator, before=before, after=_summary(regulator))
    return regulator
