"""The catalogue, read by anyone: the items in force today (filtered like the public list), one
item with its fee rule, and the fee for a quantity under that rule — the same selectors and the
same calculation as /catalogue/ and /fees/."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace import fees
from marketplace.errors import FeeInputInvalid
from marketplace.models import ServiceItem
from marketplace.selectors import versions

from ..serializers.catalogue import FeeResultSerializer, ItemSerializer

COEFFICIENT_PREFIX = "k_"


@extend_schema(
    tags=["catalogue"],
    summary=_("服务事项清单"),
    parameters=[
        OpenApiParameter("category", str, description=_("服务类别代码")),
        OpenApiParameter("fee_type", str, enum=list(ServiceItem.FeeType.values), description=_("收费类型")),
        OpenApiParameter("q", str, description=_("事项名称、编码或审批事项中的文字")),
    ],
)
class ItemList(generics.ListAPIView):
    """Every service item in the catalogue as it is in force today, by code."""

    serializer_class = ItemSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        params = self.request.query_params
        return versions.catalogue_in_force(
            query=(params.get("q") or "").strip()[:50] or None,
            category=params.get("category") or None, fee_type=params.get("fee_type") or None)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return versions.items_in_force(page)   # the scheduled versions due today, on the page's rows


@extend_schema(tags=["catalogue"], summary=_("服务事项详情"))
class ItemDetail(generics.RetrieveAPIView):
    """One item as it is in force today, with its fee rule."""

    serializer_class = ItemSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        return versions.item_in_force(self.kwargs["code"])


@extend_schema(
    tags=["catalogue"],
    summary=_("收费计算"),
    parameters=[
        OpenApiParameter("quantity", OpenApiTypes.DECIMAL, required=True,
                         description=_("计费数量，按收费标准的计量单位")),
        OpenApiParameter("k_<key>", OpenApiTypes.DECIMAL,
                         description=_("调整系数的取值（每个系数一个参数，例如 k_complexity）；不填按默认值")),
    ],
    responses=FeeResultSerializer,
    examples=[OpenApiExample("3000 万元", value={"final_fee": "84600.00"}, response_only=True)],
)
class FeeCalculation(APIView):
    """The fee for a quantity under a government-priced item's rule, band by band (the calculator
    of /fees/). A market-priced item has no rule: 404."""

    permission_classes = [AllowAny]

    def get(self, request, code):
        rule = versions.item_in_force(code).government_fee_rule
        if rule is None:
            raise NotFound(_("该服务事项实行市场调节价，没有收费标准。"))
        params = request.query_params
        if "quantity" not in params:
            raise FeeInputInvalid(_("请填写计费数量。"), field="quantity")
        chosen = {key[len(COEFFICIENT_PREFIX):]: value for key, value in params.items()
                  if key.startswith(COEFFICIENT_PREFIX)}
        try:
            result = fees.calculate_fee(rule, params["quantity"], chosen)
        except fees.FeeRuleInvalid:
            raise FeeInputInvalid(_("该收费标准暂不能自动计算，请以收费依据为准。")) from None
        return Response(FeeResultSerializer(result).data)
