"""The owner's announcement pages: the job list, the form (new and edit), the job's own page,
and the publish / cancel / re-announce actions. Thin: parse, call one service, render.

Every page fetches through bidding.selectors.jobs: another owner's job answers 404, as one that
does not exist."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import uploads
from core.forms import act, submit

from .. import publication, states
from ..forms.owner import REFRESH_ITEM, CancelForm, JobForm, PublishForm
from ..method_params import param_rows
from ..models import Job
from ..selectors import jobs as selectors
from ..selectors.benchmarks import item_benchmarks
from ..selectors.public import public_winner, weight_rows
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


def _form_page(request, *, organisation, form, job=None):
    return render(request, "bidding/owner/job_form.html", {
        "organisation": organisation, "form": form, "formset": form.avoidances, "job": job,
        "refresh_button": REFRESH_ITEM,
        "earliest_close": publication.earliest_close_date(timezone.now()),
        # The chosen item's price benchmarks, beside the budget and the ceiling (selectors.benchmarks).
        "benchmarks": item_benchmarks(form.item) if form.item is not None else None, "benchmark_item": form.item,
    }, status=400 if form.is_bound and not form.refreshing else 200)  # a refused form comes back as 400


def _posted(request):
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@login_required
def job_new(request):
    organisation = selectors.owner_organisation_for_member(request.GET.get("org", ""), request.user)
    form = JobForm(*_posted(request))
    created = not form.refreshing and submit(request, form, lambda _data: services.job_create(
        actor=request.user, owner=organisation, data=form.to_data()))
    if created:
        messages.success(request, _("草稿已保存。检查无误后即可发布。"))
        return redirect("bidding:owner_job", job_id=created.value.pk)
    return _form_page(request, organisation=organisation, form=form)


@login_required
def job_edit(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    if job.status != Job.Status.DRAFT:
        messages.error(request, _("只有草稿可以修改；已发布的公告如需变更，请撤销后重新发布。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    form = JobForm(*_posted(request), job=job)
    if not form.refreshing and submit(request, form, lambda _data: services.job_update(
            actor=request.user, job=job, data=form.to_data())):
        messages.success(request, _("草稿已保存。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    return _form_page(request, organisation=job.owner, form=form, job=job)


def _detail_page(request, job, *, publish_form=None, cancel_form=None, status=200):
    now = timezone.now()
    is_draft = job.status == Job.Status.DRAFT
    if publish_form is not None:
        problems = publish_form.non_field_errors()
    else:
        # Tell the owner up front what publication would refuse.
        problems = publication.publication_problems(job) if is_draft else []
    show_selection = job.status in SELECTION_STATUSES or states.close_due(job, now)
    return render(request, "bidding/owner/job_detail.html", {
        "job": job,
        "problems": problems,
        "is_draft": is_draft,
        "cancel_form": cancel_form or CancelForm(),
        "can_edit": is_draft,
        "can_publish": states.allowed(job, "publish"),
        "can_cancel": states.allowed(job, "cancel"),
        "can_reannounce": states.may_reannounce(job),
        "show_selection": show_selection,
        "show_failed": job.status == Job.Status.FAILED,
        "show_public": not is_draft,
        "window_open": states.window_open(job, now),
        "close_pending": states.close_due(job, now),
        "sealed": states.bids_sealed(job),
        "fee_rule": job.item.government_fee_rule,
        "weights": weight_rows(job),
        "method_params": param_rows(job),
        "winner": public_winner(job) if show_selection else None,
    }, status=status)


@login_required
def job_detail(request, job_id):
    return _detail_page(request, selectors.job_for_owner(job_id, request.user))


@login_required
@require_POST
def job_publish(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    form = PublishForm(request.POST)
    if submit(request, form, lambda _data: services.job_publish(actor=request.user, job=job)):
        messages.success(request, _("公告已发布，提供该服务事项的中介机构已收到通知。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    # Every problem of a refused publication is listed at once.
    return _detail_page(request, selectors.job_for_owner(job_id, request.user), publish_form=form)


@login_required
@require_POST
def job_cancel(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    form = CancelForm(request.POST)
    if submit(request, form, lambda data: services.job_cancel(actor=request.user, job=job, reason=data["reason"])):
        messages.success(request, _("公告已撤销。"))
        return redirect("bidding:owner_job", job_id=job.pk)
    return _detail_page(request, job, cancel_form=form)


@login_required
@require_POST
def job_reannounce(request, job_id):
    job = selectors.job_for_owner(job_id, request.user)
    new = act(request, lambda: services.job_reannounce(actor=request.user, job=job),
              done=_("已按原公告生成新的草稿，报名截止时间已顺延至最早允许的日期；请核对后发布。"))
    if not new:
        return redirect("bidding:owner_job", job_id=job.pk)
    return redirect("bidding:owner_job_edit", job_id=new.value.pk)


@login_required
def job_attachment(request, job_id, attachment_id):
    attachment = selectors.attachment_for_owner(job_id, attachment_id, request.user)
    return uploads.private_file_response(attachment.file, f"job-{job_id}-attachment-{attachment.pk}")
