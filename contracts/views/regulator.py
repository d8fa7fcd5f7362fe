"""The regulator workspace: the model contracts (合同示范文本) and their versions, and the
contracts of the supervised categories (read-only, with the regulator's termination).

Only active regulators (regulator_for: PermissionDenied otherwise); a contract outside the
categories the regulator supervises answers 404."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import act, submit
from marketplace.selectors.regulators import regulator_for

from ..fields import FIELDS
from ..forms import ReasonForm, TemplateCreateForm, TemplateVersionForm
from ..models import TemplateVersion
from ..selectors import contracts as selectors
from ..selectors.templates import templates_for_regulator
from ..services import templates as services
from ..services import termination
from .page import contract_context

PAGE_SIZE = 25
DRAFT = TemplateVersion.Status.DRAFT


def _template(request, template_id):
    regulator_for(request.user)
    return get_object_or_404(templates_for_regulator(), pk=template_id)


@login_required
def template_list(request):
    regulator_for(request.user)
    return render(request, "contracts/regulator/templates.html", {"templates": list(templates_for_regulator())})


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request):
    regulator_for(request.user)
    form = TemplateCreateForm(request.POST or None)
    created = submit(request, form, lambda data: services.template_create(
        actor=request.user, code=data["code"], title=data["title"], item=data["item"], category=data["category"],
        summary=data["summary"]))
    if created:
        messages.success(request, _("示范文本已创建，请填写条款后发布。"))
        return redirect("contracts_regulator:template", template_id=created.value.pk)
    return render(request, "contracts/regulator/template_new.html", {"form": form},
                  status=400 if form.errors else 200)


def _template_page(request, template, *, form=None, publish_form=None, status=200):
    versions = list(template.versions.all())
    draft = next((v for v in versions if v.status == DRAFT), None)
    # Without a draft the form starts from the newest version: saving it makes the next version.
    source = draft or (versions[0] if versions else None)
    return render(request, "contracts/regulator/template_detail.html", {
        "template": template, "versions": versions, "draft": draft,
        "form": form or TemplateVersionForm(version=source),
        "publish_problems": publish_form.non_field_errors() if publish_form is not None else [],
        "fields": [(key, label) for key, label in FIELDS.items()],
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def template_detail(request, template_id):
    template = _template(request, template_id)
    if request.method != "POST":
        return _template_page(request, template)
    form = TemplateVersionForm(request.POST)
    if submit(request, form, lambda data: services.template_version_save(
            actor=request.user, template=template, clauses_list=form.clauses_list(), change_note=data["change_note"])):
        messages.success(request, _("草稿版本已保存。发布前平台会检查必备条款和不公平条款。"))
        return redirect("contracts_regulator:template", template_id=template.pk)
    return _template_page(request, template, form=form, status=400)


def _version(template, version_id):
    version = next((v for v in template.versions.all() if v.pk == version_id), None)
    if version is None:
        raise Http404
    return version


@login_required
@require_POST
def template_publish(request, template_id, version_id):
    template = _template(request, template_id)
    version = _version(template, version_id)
    publish_form = forms.Form(request.POST)
    if submit(request, publish_form, lambda _data: services.template_publish(actor=request.user, version=version)):
        messages.success(request, _("第 %(n)s 版已发布，新生成的合同将使用该版本。") % {"n": version.number})
        return redirect("contracts_regulator:template", template_id=template.pk)
    return _template_page(request, _template(request, template_id), publish_form=publish_form, status=400)


@login_required
@require_POST
def template_withdraw(request, template_id, version_id):
    template = _template(request, template_id)
    version = _version(template, version_id)
    act(request, lambda: services.template_withdraw(actor=request.user, version=version),
        done=_("该版本已停用；已使用该版本的合同不受影响。"))
    return redirect("contracts_regulator:template", template_id=template.pk)


@login_required
def contract_list(request):
    _regulator, contracts = selectors.contracts_for_regulator(request.user)
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "contracts/regulator/contracts.html", {"page": page})


def _contract_page(request, contract, *, form=None, status=200):
    context = contract_context(request, contract, side=None)
    context.update(regulator=True, terminate_form=form or ReasonForm(), can_terminate=context["terminable"])
    return render(request, "contracts/regulator/contract.html", context, status=status)


@login_required
def contract_detail(request, contract_id):
    return _contract_page(request, selectors.contract_for_regulator(contract_id, request.user))


@login_required
@require_POST
def contract_terminate(request, contract_id):
    contract = selectors.contract_for_regulator(contract_id, request.user)
    form = ReasonForm(request.POST)
    if submit(request, form, lambda data: termination.contract_terminate_by_regulator(
            actor=request.user, contract=contract, reason=data["reason"])):
        messages.success(request, _("合同已终止，合同双方已收到通知；平台托管的未验收款项将退回项目业主。"))
        return redirect("contracts_regulator:contract", contract_id=contract.pk)
    return _contract_page(request, contract, form=form, status=400)
