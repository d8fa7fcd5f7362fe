"""The parties' contract pages: the list, the contract's own page, the owner's draft form, and
the actions from generating to signing and ending. Thin: fetch and authorise through
contracts.selectors.contracts (404 for anyone but the parties' members), call one service,
redirect; a refusal shows the page again with the posted form and its errors.

Each action's permission is the service's: a page only hides the buttons it knows would be
refused."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bidding.selectors.jobs import job_for_owner
from core.converters import parse_id
from core.forms import act, submit
from core.uploads import private_file_response

from .. import rules
from ..fields import FIELDS, FROM_AWARD
from ..forms import ContractEditForm, ReasonForm, ReturnForm, SignForm
from ..models import Contract
from ..selectors import contracts as selectors
from ..services import delivery, drafting, refusal, signing, termination
from .clauses import clause_parts
from .page import contract_response

STATUS_ORDER = [Contract.Status.OFFERED, Contract.Status.DRAFT, Contract.Status.SIGNED, Contract.Status.REFUSED,
                Contract.Status.TERMINATED]


def _side(request, contract):
    return rules.side_of(request.user, contract)


def _back(contract):
    return redirect("contracts:contract", contract_id=contract.pk)


@login_required
def contract_list(request):
    org_id = parse_id(request.GET.get("org", ""))
    contracts = list(selectors.contracts_for_user(request.user, organisation_id=org_id))
    labels = dict(Contract.Status.choices)
    groups = [(labels[status], [c for c in contracts if c.status == status]) for status in STATUS_ORDER]
    return render(request, "contracts/contract_list.html", {
        "groups": [(label, rows) for label, rows in groups if rows],
        "awarded_jobs": list(selectors.awarded_jobs_without_contract(request.user, organisation_id=org_id)),
    })


@login_required
@require_POST
def contract_create(request, job_id):
    job = job_for_owner(job_id, request.user)
    created = act(request, lambda: drafting.contract_create(actor=request.user, job=job),
                  done=_("合同已按示范文本生成，请填写约定事项后送签。"))
    if created:
        return redirect("contracts:contract_edit", contract_id=created.value.pk)
    return redirect("contracts:contracts")


@login_required
def contract_detail(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    return contract_response(request, contract, side=_side(request, contract))


def _locked_rows(contract):
    values = contract.values or {}
    return [(FIELDS[key], values.get(key, "")) for key in FROM_AWARD]


@login_required
def contract_edit(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    if _side(request, contract) != "owner" or not rules.editable(contract):
        messages.error(request, _("只有项目业主可以修改草拟中的合同；已送签的合同须乙方退回后方可修改。"))
        return _back(contract)
    form = ContractEditForm(request.POST or None, contract=contract)
    if submit(request, form, lambda _data: drafting.contract_update(
            actor=request.user, contract=contract, values=form.values(), milestone_plan=form.plan())):
        messages.success(request, _("合同草稿已保存。"))
        return _back(contract)
    return render(request, "contracts/contract_edit.html", {
        "contract": contract, "form": form, "formset": form.milestones, "locked": _locked_rows(contract),
        "clauses": clause_parts(contract.template_version.clauses, values=contract.values),
    }, status=400 if form.errors or form.milestones.total_error_count() else 200)


@login_required
@require_POST
def contract_offer(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    act(request, lambda: drafting.contract_offer(actor=request.user, contract=contract),
        done=_("合同已送签，中选机构已收到通知。"))
    return _back(contract)


@login_required
@require_POST
def contract_return(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    form = ReturnForm(request.POST)
    if submit(request, form, lambda data: drafting.contract_return(
            actor=request.user, contract=contract, comments=data["comments"])):
        messages.success(request, _("已退回合同并附修改意见，项目业主已收到通知。"))
        return _back(contract)
    return contract_response(request, contract, side=_side(request, contract), status=400, return_form=form)


@login_required
@require_POST
def contract_sign(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    form = SignForm(request.POST, user=request.user, contract=contract)
    if submit(request, form, lambda data: signing.contract_sign(
            actor=request.user, contract=contract, secret=data["secret"], seen_hash=data["seen_hash"])):
        messages.success(request, _("已签署。"))
        return _back(contract)
    return contract_response(request, contract, side=_side(request, contract), status=400, sign_form=form)


@login_required
def contract_pdf(request, contract_id):
    contract = selectors.contract_for_reader(contract_id, request.user)
    if not contract.pdf:
        messages.error(request, _("合同尚未签订，没有签章 PDF。"))
        return _back(contract)
    return private_file_response(contract.pdf, f"contract-{contract.number}")


@login_required
@require_POST
def service_start(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    act(request, lambda: delivery.service_start(actor=request.user, contract=contract),
        done=_("已开始服务，项目业主已收到通知。"))
    return _back(contract)


@login_required
@require_POST
def termination_propose(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    form = ReasonForm(request.POST)
    if submit(request, form, lambda data: termination.termination_propose(
            actor=request.user, contract=contract, reason=data["reason"])):
        messages.success(request, _("已提出协商解除合同，等待对方确认。"))
        return _back(contract)
    return contract_response(request, contract, side=_side(request, contract), status=400, propose_form=form)


@login_required
@require_POST
def termination_withdraw(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    act(request, lambda: termination.termination_withdraw(actor=request.user, contract=contract),
        done=_("已撤回解除合同的提议。"))
    return _back(contract)


@login_required
@require_POST
def termination_confirm(request, contract_id):
    contract = selectors.contract_for_party(contract_id, request.user)
    act(request, lambda: termination.termination_confirm(actor=request.user, contract=contract),
        done=_("合同已协商解除。"))
    return _back(contract)


@login_required
@require_POST
def runner_up(request, job_id):
    job = job_for_owner(job_id, request.user)
    act(request, lambda: refusal.award_runner_up(actor=request.user, job=job),
        done=_("已按公示排名确定递补中选机构，结果进入公示期；公示期满后即可生成合同。"))
    return redirect("contracts:contracts")


@login_required
@require_POST
def end_unsigned(request, job_id):
    job = job_for_owner(job_id, request.user)
    act(request, lambda: refusal.job_end_unsigned(actor=request.user, job=job, reason=request.POST.get("reason", "")),
        done=_("项目已终止。如仍需该项服务，请重新发布公告。"))
    return redirect("contracts:contracts")
