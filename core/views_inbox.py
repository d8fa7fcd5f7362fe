"""The in-site inbox (站内消息): the user's own notices, newest first."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .inbox import notice_mark_read, notices_mark_all_read, notices_of
from .notifications import unread_count

PAGE_SIZE = 20


@login_required
def inbox(request):
    page = Paginator(notices_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page, "unread": unread_count(request.user)})


@login_required
@require_POST
def mark_read(request, notice_id):
    """Mark a notice read; with open=1, go on to the page the notice points to."""
    notice = notice_mark_read(actor=request.user, notice_id=notice_id)
    if request.POST.get("open") and notice.link and url_has_allowed_host_and_scheme(
        notice.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.link)
    return redirect(_back(request))


@login_required
@require_POST
def mark_all_read(request):
    count = notices_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)s 条消息标为已读。") % {"n": count})
    return redirect(_back(request))


def _back(request):
    page = request.POST.get("page", "")
    url = reverse("core:inbox")
    return f"{url}?page={page}" if page.isdigit() else url
