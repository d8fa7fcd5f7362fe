"""Regulators keep the model contracts (合同示范文本): a template for an item, a category or every
item; its clauses in versions; a version is published only when it has every mandatory clause
and no clause that shifts all liability to one side (contracts/clauses.py), and once published it
never changes: a change is a new version. Withdrawing a version stops new contracts from taking
it; contracts made from it keep it."""
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.actions import Action
from audit.services import audit_record
from marketplace.selectors.regulators import can_edit_category, can_edit_item, regulator_for
from providers.access import is_active_regulator

from .. import clauses
from ..errors import RegulatorOnly, TemplateCodeTaken, TemplateNotPublished, TemplateProblems, TemplateVersionPublished
from ..models import ContractTemplate, TemplateVersion


def may_keep(actor, *, item=None, category=None) -> bool:
    """Who keeps a model contract: for an item or a category, a regulator supervising that
    category (as for the catalogue); a general one, any active regulator."""
    if not is_active_regulator(actor):
        return False
    if item is None and category is None:
        return True
    regulator = regulator_for(actor)
    return can_edit_item(regulator, item) if item is not None else can_edit_category(regulator, category)


def _keeper(actor, template):
    if not may_keep(actor, item=template.item, category=template.category):
        raise RegulatorOnly()


@transaction.atomic
def template_create(*, actor, code, title, item=None, category=None, summary=""):
    if not may_keep(actor, item=item, category=None if item else category):
        raise RegulatorOnly()
    try:
        with transaction.atomic():
            template = ContractTemplate.objects.create(
                code=code, title=title, item=item, category=None if item else category, summary=summary,
                created_by=actor, created_at=timezone.now())
    except IntegrityError:
        raise TemplateCodeTaken(field="code") from None
    audit_record(actor=actor, action=Action.CONTRACT_TEMPLATE_CREATE, obj=template,
                 after={"code": code, "title": title, "item": getattr(item, "pk", None),
                        "category": getattr(category, "pk", None)})
    return template


@transaction.atomic
def template_version_save(*, actor, template, clauses_list, change_note=""):
    """Save the draft version's clauses (a new draft after the newest published version)."""
    template = (ContractTemplate.objects.select_for_update(of=("self",)).select_related("item", "category")
                .get(pk=template.pk))
    _keeper(actor, template)
    draft = template.versions.filter(status=TemplateVersion.Status.DRAFT).first()
    if draft is None:
        last = template.versions.order_by("-number").values_list("number", flat=True).first() or 0
        draft = TemplateVersion(template=template, number=last + 1, created_by=actor, created_at=timezone.now())
    draft.clauses = [dict(kind=c.get("kind", ""), title=str(c.get("title", "")).strip(),
                          text=str(c.get("text", "")).strip()) for c in clauses_list]
    draft.change_note = (change_note or "").strip()
    draft.save()
    audit_record(actor=actor, action=Action.CONTRACT_TEMPLATE_VERSION_SAVE, obj=draft,
                 after={"number": draft.number, "clauses": len(draft.clauses)})
    return draft


@transaction.atomic
def template_publish(*, actor, version):
    """Publish a draft version after checking it: refused with every problem, each quoting the
    clause, when a mandatory clause is missing or a clause is unfair."""
    version = (TemplateVersion.objects.select_for_update(of=("self",))
               .select_related("template__item", "template__category").get(pk=version.pk))
    _keeper(actor, version.template)
    if version.status != TemplateVersion.Status.DRAFT:
        raise TemplateVersionPublished()
    problems = clauses.template_problems(version.clauses)
    if problems:
        raise TemplateProblems(problems)
    now = timezone.now()
    version.status, version.published_by, version.published_at = TemplateVersion.Status.PUBLISHED, actor, now
    version.save(update_fields=["status", "published_by", "published_at"])
    audit_record(actor=actor, action=Action.CONTRACT_TEMPLATE_PUBLISH, obj=version,
                 after={"template": version.template.code, "number": version.number})
    return version


@transaction.atomic
def template_withdraw(*, actor, version):
    version = (TemplateVersion.objects.select_for_update(of=("self",))
               .select_related("template__item", "template__category").get(pk=version.pk))
    _keeper(actor, version.template)
    if version.status != TemplateVersion.Status.PUBLISHED:
        raise TemplateNotPublished()
    version.status, version.withdrawn_at = TemplateVersion.Status.WITHDRAWN, timezone.now()
    version.save(update_fields=["status", "withdrawn_at"])
    audit_record(actor=actor, action=Action.CONTRACT_TEMPLATE_WITHDRAW, obj=version, after={"number": version.number})
    return version
