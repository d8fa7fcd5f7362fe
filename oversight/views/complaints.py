"""Complaints pages (投诉举报). Paths are listed at the bottom, joined in oversight/urls.py.

Public, no login needed (a signed-in visitor's details are offered, the complaint may still be
anonymous): /complaints/ files a complaint and links to the follow box and the latest outcomes;
/complaints/<number>/ follows one by its tracking number; /complaints/outcomes/ lists the
published outcomes. Public pages read complaints only through selectors.complaints'
PublicComplaint, which carries no name, phone, e-mail, account, details or files.

Regulators (/regulator/oversight/complaints/…): the queue of what their department oversees, with
filters, and the case page. Every view starts with `regulator_for` (403 for anyone else);
complaint_for_regulator refuses a case outside the regulator's scope. Only the regulators of the
answering department (selectors.may_handle) see who complained and the files, and take, transfer
or decide; the files (/files/oversight/complaints/<id>/) are served to them alone.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import uploads
from core.forms import act, submit
from core.pagecache import depends_on, valid_until
from core.workdays import calendar_from_db
from marketplace.selectors.scope import scope_of
from providers.access import regulator_for

from .. import complaint_rules as rules
from ..forms.complaints import (
    ComplaintForm,
    DecideForm,
    FollowForm,
    QueueFilterForm,
    TransferForm,
    normalise_number,
)
from ..models import ComplaintFile
from ..selectors import complaints as selectors
from ..services import complaints as services

TOPIC = "complaints"
LATEST = 5
PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 25


# --- public ----------------------------------------------------------------------------------

def _index(request, form, follow, status=200):
    return render(request, "oversight/complaints/index.html", {
        "form": form,
        "files_sent": bool(request.FILES),
        "follow": follow,
        "latest": selectors.public_decided()[:LATEST],
        "working_days": settings.COMPLAINT_WORKING_DAYS,
    }, status=status)


@require_http_methods(["GET", "POST"])
def complaint_index(request):
    form = ComplaintForm(request.POST or None, request.FILES or None, user=request.user)
    filed = submit(request, form, lambda data: services.complaint_file(
        actor=request.user, about=data["about"], agency=data["agency"], owner=data["owner"], job=data["job"],
        item=data["item"], summary=data["summary"], details=data["details"], anonymous=data["anonymous"],
        complainant_name=data["complainant_name"], contact_phone=data["contact_phone"],
        contact_email=data["contact_email"], files=data["files"]))
    if filed:
        number = filed.value.number
        messages.success(request, _("投诉已受理，受理编号 %(number)s。请记下这个编号，凭它在本页查询办理进度和结果。")
                         % {"number": number})
        return redirect("oversight:complaint", number)
    return _index(request, form, FollowForm(), status=400 if form.errors else 200)


@require_safe
def complaint_follow(request):
    """The follow box: a tracking number leads to its page; a malformed or unknown one is
    answered on the complaints page, next to the box."""
    follow = FollowForm(request.GET)
    if follow.is_valid():
        number = follow.cleaned_data["number"]
        if selectors.complaint_public(number) is not None:
            return redirect("oversight:complaint", number)
        follow.add_error("number", _("没有受理编号为 %(number)s 的投诉，请核对后重新输入。") % {"number": number})
        return _index(request, ComplaintForm(user=request.user), follow, status=404)
    return _index(request, ComplaintForm(user=request.user), follow, status=400)


@require_safe
def complaint_detail(request, number):
    canonical = normalise_number(number)  # anything that cannot be a number is not looked up
    complaint = selectors.complaint_public(canonical) if canonical else None
    if complaint is None:
        raise Http404
    if complaint.number != number:
        return redirect("oversight:complaint", complaint.number)
    depends_on(request, TOPIC)
    if complaint.is_open:
        valid_until(request, complaint.due_at)  # it shows as overdue from then
    return render(request, "oversight/complaints/detail.html", {
        "complaint": complaint,
        "follow": FollowForm(),
        "working_days": settings.COMPLAINT_WORKING_DAYS,
    })


@require_safe
def complaint_outcomes(request):
    depends_on(request, TOPIC)
    page = Paginator(selectors.public_decided(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "oversight/complaints/outcomes.html", {"page": page})


# --- regulators ------------------------------------------------------------------------------

@login_required
@require_safe
def queue(request):
    regulator = regulator_for(request.user)
    scope = scope_of(regulator)
    form = QueueFilterForm(request.GET, scope=scope)
    filters = form.filters()
    now = timezone.now()
    page = Paginator(selectors.complaints_in_scope(scope, now=now, **filters), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page"))
    calendar = calendar_from_db()
    rows = [{
        "complaint": complaint,
        "overdue": rules.overdue(complaint, now),
        "due_soon": rules.due_soon(complaint, now, calendar),
        "days_left": rules.working_days_left(complaint, now, calendar) if rules.is_open(complaint) else None,
        "can_act": rules.is_open(complaint) and selectors.may_handle(request.user, complaint),
    } for complaint in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "oversight/complaints/queue.html", {
        "regulator": regulator, "form": form, "page": page, "rows": rows,
        "counts": selectors.queue_counts(scope, now=now), "query_string": query.urlencode(),
    }, status=400 if form.errors else 200)


def _case(request, complaint, *, transfer=None, decide=None, status=200):
    now = timezone.now()
    may_handle = selectors.may_handle(request.user, complaint)
    is_open = rules.is_open(complaint)
    can_take = may_handle and rules.allowed(complaint, "take")
    days_left = rules.working_days_left(complaint, now, calendar_from_db()) if is_open else None
    return render(request, "oversight/complaints/case.html", {
        "complaint": complaint,
        "may_handle": may_handle,
        "overdue": rules.overdue(complaint, now),
        "days_left": days_left if days_left is not None and days_left >= 0 else None,
        "days_over": -days_left if days_left is not None and days_left < 0 else None,
        "routed_label": rules.ROUTED_LABELS.get(complaint.routed_by, complaint.routed_by),
        "can_take": can_take,
        "transfer": (transfer or TransferForm(complaint=complaint)) if may_handle and is_open else None,
        "decide": (decide or DecideForm(complaint=complaint)) if may_handle and is_open else None,
    }, status=status)


@login_required
@require_safe
def case(request, complaint_id):
    return _case(request, selectors.complaint_for_regulator(complaint_id, request.user))


@login_required
@require_POST
def case_take(request, complaint_id):
    complaint = selectors.complaint_for_regulator(complaint_id, request.user)
    act(request, lambda: services.complaint_take(actor=request.user, complaint=complaint),
        done=_("已受理办理，您是该投诉的承办人。"))
    return redirect("oversight_regulator:complaint", complaint.pk)


@login_required
@require_POST
def case_transfer(request, complaint_id):
    complaint = selectors.complaint_for_regulator(complaint_id, request.user)
    form = TransferForm(request.POST, complaint=complaint)
    if submit(request, form, lambda data: services.complaint_transfer(
            actor=request.user, complaint=complaint, department=data["department"], reason=data["reason"])):
        department = form.cleaned_data["department"]
        messages.success(request, _("已转交%(department)s办理。") % {"department": department.name})
        return redirect("oversight_regulator:complaints")
    return _case(request, _reloaded(complaint, request), transfer=form, status=400)


@login_required
@require_POST
def case_decide(request, complaint_id):
    complaint = selectors.complaint_for_regulator(complaint_id, request.user)
    form = DecideForm(request.POST, complaint=complaint)
    if submit(request, form, lambda data: services.complaint_decide(
            actor=request.user, complaint=complaint, status=data["status"], outcome=data["outcome"],
            responsible=data["responsible"])):
        messages.success(request, _("已办结，处理结果已公开并通知投诉人。"))
        return redirect("oversight_regulator:complaint", complaint.pk)
    return _case(request, _reloaded(complaint, request), decide=form, status=400)


def _reloaded(complaint, request):
    """The case as stored (a refused service may have changed the object in hand)."""
    return selectors.complaint_for_regulator(complaint.pk, request.user)


@login_required
@require_safe
def complaint_file(request, file_id):
    """An evidence file, as a download, for the regulators of the answering department only."""
    regulator_for(request.user)
    attachment = get_object_or_404(ComplaintFile.objects.only("pk", "complaint_id", "file", "name"), pk=file_id)
    complaint = selectors.complaint_for_regulator(attachment.complaint_id, request.user)
    if not selectors.may_handle(request.user, complaint):
        raise PermissionDenied
    return uploads.private_file_response(attachment.file, f"{complaint.number}-{attachment.pk}")


public_urls = [
    path("complaints/", complaint_index, name="complaints"),
    path("complaints/follow/", complaint_follow, name="complaint_follow"),
    path("complaints/outcomes/", complaint_outcomes, name="complaint_outcomes"),
    path("complaints/<str:number>/", complaint_detail, name="complaint"),
]
regulator_urls = [
    path("complaints/", queue, name="complaints"),
    path("complaints/<id:complaint_id>/", case, name="complaint"),
    path("complaints/<id:complaint_id>/take/", case_take, name="complaint_take"),
    path("complaints/<id:complaint_id>/transfer/", case_transfer, name="complaint_transfer"),
    path("complaints/<id:complaint_id>/decide/", case_decide, name="complaint_decide"),
]
files_urls = [
    path("complaints/<id:file_id>/", complaint_file, name="complaint_file"),
]
