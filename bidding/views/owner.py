"""The owner's announcement pages: the job list, the form (new and edit), the job's own page,
and the publish / cancel / re-announce actions. Thin: parse, call one service, render.

Every page fetches through bidding.selectors.jobs, which raises PermissionDenied for anyone
who is not a member (admin or operator) of the job's owner organisation."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core import uploads

from .. import states
from ..forms_owner import (
    REFRESH_ITEM,
    AvoidanceFormSet,
    CancelForm,
    JobForm,
    avoidance_initial,
    avoidances_from,
    show_refusal,
)
from ..models import Job
from ..selectors import jobs as selectors
from ..services import jobs as services

PAGE_SIZE = 50
# Where the owner goes next, by status: the selection pages are another helper's.
SELECTION_STATUSES = {Job.Status.CLOSED, Job.Status.SELECTED, Job.Status.PUBLICITY, Job.Status.AWARDED}


@login_required
def job_list(request):
    organisations = list(selectors.owner_organisations_of(request.user))
    if not organisations:
        raise PermissionDenied
    page = Paginator(selectors.jobs_of_member(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bidding/owner/job_list.html", {
        "organisations": organisations, "page": page,
    })


def _form_page(request, *, organisation, form, formset, job=None):
    return render(request, "bidding/owner/job_form.html", {
        "organisation": organisation, "form": form, "formset": formset, "job": job,
        "refresh_button": REFRESH_ITEM,
        "earliest_close": services.earliest_close_date(timezone.now()),
    })


def _bound_forms(request, *, job=None, initial=None, avoidances=None):
    if request.method == "POST":
        form = JobForm(request.POST, request.FILES, job=job)
        formset = AvoidanceFormSet(request.POST, prefix="avoid")
    else:
        form = JobForm(initial=initial, job=job)
        formset = AvoidanceFormSet(initial=avoidances, prefix="avoid")
    return form, formset


def _save(request, form, formset, save):
    """Run the service if the input is valid; the job, or None with the errors on the form."""
    if request.method != "POST" or form.refreshing or not (form.is_valid() and formset.is_valid()):
        return None
    try:
        return save(form.to_data(avoidances_from(formset)))
    except DomainError as error:
        show_refusal(form, error)
        return None


@login_required
def job_new(request):
    organisation = selectors.owner_organisation_for_member(request.GET.get("org", ""), request.user)
    form, formset = _bound_forms(request)
    job = _save(request, form, formset,
                lambda data: services.job_create(actor=request.user, owner=organisation, data=data))
    if job is not None:
        messages.success(request, _("草稿已保存。检查无误后即可发布。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    return _form_page(request, organisation=organisation, form=form, formset=formset)


@login_required
def job_edit(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    if job.status != Job.Status.DRAFT:
        messages.error(request, _("只有草稿可以修改；已发布的公告如需变更，请撤销后重新发布。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    form, formset = _bound_forms(request, job=job, initial=JobForm.initial_for(job),
                                 avoidances=avoidance_initial(job))
    saved = _save(request, form, formset,
                  lambda data: services.job_update(actor=request.user, job=job, data=data))
    if saved is not None:
        messages.success(request, _("草稿已保存。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    return _form_page(request, organisation=job.owner, form=form, formset=formset, job=job)


def _detail_page(request, job, *, problems=None, cancel_form=None, status=200):
    now = timezone.now()
    if problems is None and job.status == Job.Status.DRAFT:
        # Tell the owner up front what publication would refuse.
        problems = services.publication_problems(job)
    return render(request, "bidding/owner/job_detail.html", {
        "job": job,
        "problems": problems or [],
        "cancel_form": cancel_form or CancelForm(),
        "can_edit": job.status == Job.Status.DRAFT,
        "can_publish": states.allowed(job, "publish"),
        "can_cancel": states.allowed(job, "cancel"),
        "can_reannounce": states.may_reannounce(job),
        "show_selection": job.status in SELECTION_STATUSES or states.close_due(job, now),
        "window_open": states.window_open(job, now),
        "close_pending": states.close_due(job, now),
        "sealed": states.bids_sealed(job),
        "fee_rule": job.item.government_fee_rule,
    }, status=status)


@login_required
def job_detail(request, job_id):
    return _detail_page(request, selectors.job_for_owner(job_id, request.user))


@login_required
@require_POST
def job_publish(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    try:
        services.job_publish(actor=request.user, job=job)
    except DomainError as error:
        problems = getattr(error, "problems", None) or [error]
        return _detail_page(request, selectors.job_for_owner(job_id, request.user), problems=problems)
    messages.success(request, _("公告已发布，提供该服务事项的中介机构已收到通知。"))
    return redirect("bidding:owner_job", job_id=job.pk)


@login_required
@require_POST
def job_cancel(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.job_cancel(actor=request.user, job=job, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error("reason" if error.field == "reason" else None, str(error))
        else:
            messages.success(request, _("公告已撤销。"))
            return redirect("bidding:owner_job", job_id=job.pk)
    return _detail_page(request, job, cancel_form=form)


@login_required
@require_POST
def job_reannounce(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    try:
        new = services.job_reannounce(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("bidding:owner_job", job_id=job.pk)
    messages.success(request, _("已按原公告生成新的草稿，报名截止时间已顺延至最早允许的日期；请核对后发布。"))
    return redirect("bidding:owner_job_edit", job_id=new.pk)


@login_required
def job_attachment(request, job_id, attachment_id):
    attachment = selectors.attachment_for_owner(job_id, attachment_id, request.user)
    return uploads.private_file_response(attachment.file, f"job-{job_id}-attachment-{attachment.pk}")
