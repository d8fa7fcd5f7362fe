"""Notices, read by anyone: the list with the filters of /notices/, one announcement, and its
result once the close has opened the bids — before that, 403 with the code "bids_sealed" (not even
how many bids there are). The same selectors as the notice pages (bidding.selectors.public)."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from bidding.models import Job
from bidding.selectors import public
from core.errors import NotAllowed

from ..serializers.notices import AnnouncementSerializer, JobSerializer, ResultSerializer


class BidsSealed(NotAllowed):
    default_message = _("报价在截止前保密：截止并完成开标后才公开。")


@extend_schema(
    tags=["notices"],
    summary=_("采购公告"),
    parameters=[
        OpenApiParameter("q", str, description=_("项目名称、项目代码或业主名称中的文字")),
        OpenApiParameter("item", str, description=_("服务事项编码")),
        OpenApiParameter("region", str, description=_("业主所在行政区划代码（含下级）")),
        OpenApiParameter("status", str, enum=[value for value, _label in public.PUBLIC_STATUS_CHOICES]),
        OpenApiParameter("method", str, enum=list(Job.Method.values)),
    ],
)
class NoticeList(generics.ListAPIView):
    """Published jobs, newest first (never a draft)."""

    serializer_class = JobSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = self.request.query_params
        status, method = params.get("status"), params.get("method")
        return public.public_jobs(
            query=(params.get("q") or "").strip()[:50] or None, item_code=params.get("item") or None,
            region_code=params.get("region") or None,
            status=status if status in dict(public.PUBLIC_STATUS_CHOICES) else None,
            method=method if method in Job.Method.values else None)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "at": timezone.now()}


def _job(job_id):
    return public.public_job(job_id)


@extend_schema(tags=["notices"], summary=_("采购公告详情"))
class NoticeDetail(generics.RetrieveAPIView):
    serializer_class = AnnouncementSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        return _job(self.kwargs["job_id"])


@extend_schema(tags=["notices"], summary=_("选取结果与抽签证明"), responses=ResultSerializer)
class NoticeResult(APIView):
    """Every bid, the winner, the draws with their proofs and the objections' outcomes — after the
    close; 403 "bids_sealed" before it."""

    permission_classes = [AllowAny]

    def get(self, request, job_id):
        result = public.public_result(_job(job_id))
        if result is None:
            raise BidsSealed()
        return Response(ResultSerializer(result).data)
