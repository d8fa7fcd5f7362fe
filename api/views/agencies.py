"""The directory of agencies, read by anyone: the list in the directory's order with its filters,
one agency with its credit explained — the same selectors as /agencies/."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from marketplace.selectors.directory import agency_directory
from providers.selectors import agency_by_uscc
from reviews.selectors.credit import credit_explanation

from ..serializers.agencies import AgencyProfileSerializer, AgencySerializer


@extend_schema(
    tags=["agencies"],
    summary=_("中介机构名录"),
    parameters=[
        OpenApiParameter("q", str, description=_("机构名称中的文字，或完整的统一社会信用代码")),
        OpenApiParameter("item", str, description=_("提供的服务事项编码")),
        OpenApiParameter("region", str, description=_("行政区划代码（含下级）")),
        OpenApiParameter("grade", str, enum=["A", "B", "C", "D"], description=_("信用等级")),
    ],
)
class AgencyList(generics.ListAPIView):
    """Agencies in the directory's order: rated ones by credit score, then the others by name."""

    serializer_class = AgencySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = self.request.query_params
        return agency_directory(query=(params.get("q") or "").strip()[:50] or None,
                                item_code=params.get("item") or None, region_code=params.get("region") or None,
                                grade=params.get("grade") or None)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "at": timezone.now()}


@extend_schema(tags=["agencies"], summary=_("中介机构及其信用"))
class AgencyDetail(generics.RetrieveAPIView):
    """One agency by its unified social credit code, with its credit score explained."""

    serializer_class = AgencyProfileSerializer
    permission_classes = [AllowAny]

    def retrieve(self, request, *args, **kwargs):
        agency, at = agency_by_uscc(kwargs["uscc"]), timezone.now()
        # The stored score explained as the rules computed it (as the profile page does).
        explanation = credit_explanation(agency, agency.credit_rated_at or at)
        context = {**self.get_serializer_context(), "at": at, "explanation": explanation}
        return Response(self.get_serializer(agency, context=context).data)
