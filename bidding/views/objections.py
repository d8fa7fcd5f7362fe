"""Objections in the workspace: a bidder raises one from its bid, the owner answers, the bidder
escalates. Each page fetches and authorises in one selector call (PermissionDenied otherwise)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import uploads
from core.converters import parse_id
from core.forms import submit

from ..forms.selection import AnswerForm, EscalateForm, ObjectionForm
from ..models import Objection
from ..selectors import selection as selectors
from ..services import objections as services


@login_required
@require_http_methods(["GET", "POST"])
def objection_new(request, job_id):
    bid_id = parse_id(request.GET.get("bid"))
    if bid_id is None:
        raise Http404
    job, bid = selectors.bid_for_objection(job_id, bid_id, request.user)
    form = ObjectionForm(request.POST or None, request.FILES or None)
    raised = submit(request, form, lambda data: services.objection_raise(
        actor=request.user, job=job, bid=bid, reasons=data["reasons"], files=data["files"]))
    if raised:
        messages.success(request, _("异议已提交，业主答复后您会收到通知。"))
        return redirect("bidding:objection", raised.value.pk)
    return render(request, "bidding/objections/new.html", {"job": job, "bid": bid, "form": form},
                  status=400 if form.errors else 200)


def _detail(request, objection, role, *, answer_form=None, escalate_form=None, status=200):
    is_owner = role == "owner"
    return render(request, "bidding/objections/detail.html", {
        "objection": objection,
        "job": objection.job,
        "role": role,
        "is_owner": is_owner,
        "answer_form": answer_form or (
            AnswerForm() if is_owner and objection.status == Objection.Status.OPEN else None),
        "escalate_form": escalate_form or (
            EscalateForm() if not is_owner and objection.status in (Objection.Status.OPEN, Objection.Status.ANSWERED)
            else None
        ),
    }, status=status)


@login_required
def objection_detail(request, objection_id):
    objection, role = selectors.objection_for_party(objection_id, request.user)
    return _detail(request, objection, role)


@login_required
@require_POST
def objection_answer(request, objection_id):
    objection, role = selectors.objection_for_party(objection_id, request.user)
    form = AnswerForm(request.POST)
    if submit(request, form, lambda data: services.objection_answer(
            actor=request.user, objection=objection, answer=data["answer"])):
        messages.success(request, _("答复已发送。"))
        return redirect("bidding:objection", objection.pk)
    return _detail(request, objection, role, answer_form=form, status=400)


@login_required
@require_POST
def objection_escalate(request, objection_id):
    objection, role = selectors.objection_for_party(objection_id, request.user)
    form = EscalateForm(request.POST)
    if submit(request, form, lambda data: services.objection_escalate(
            actor=request.user, objection=objection, reasons=data["reasons"])):
        messages.success(request, _("已投诉至监管部门。"))
        return redirect("bidding:objection", objection.pk)
    return _detail(request, objection, role, escalate_form=form, status=400)


def attachment_response(objection, attachment_id):
    """Serve one of the objection's private files, typed by its content."""
    attachment = next((a for a in objection.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return uploads.private_file_response(attachment.file, f"objection-{objection.pk}-{attachment.pk}")


@login_required
def objection_attachment(request, objection_id, attachment_id):
    objection, _role = selectors.objection_for_party(objection_id, request.user)
    return attachment_response(objection, attachment_id)
