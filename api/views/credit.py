"""The blacklist and the red list, read by anyone — the same selectors as /credit/blacklist/ and
/credit/redlist/ (reviews.selectors.public): every approved blacklisting, in force or ended,
newest first; the agencies the published rule puts on the red list, in the directory's order."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.permissions import AllowAny

from reviews.selectors.public import blacklist_rows, blacklist_shown, redlist_rows

from ..serializers.credit import BlacklistEntrySerializer, RedListSerializer


@extend_schema(
    tags=["credit"],
    summary=_("黑名单"),
    parameters=[OpenApiParameter("q", str, description=_("机构名称中的文字，或完整的统一社会信用代码"))],
)
class Blacklist(generics.ListAPIView):
    """Approved blacklist entries, in force and ended, newest first."""

    serializer_class = BlacklistEntrySerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        self.at = timezone.now()
        return blacklist_rows(self.at, query=(self.request.query_params.get("q") or "").strip()[:50] or None)

    def paginate_queryset(self, queryset):
        return blacklist_shown(super().paginate_queryset(queryset), self.at)   # each entry's state at `at`


@extend_schema(
    tags=["credit"],
    summary=_("红名单"),
    parameters=[OpenApiParameter("q", str, description=_("机构名称中的文字，或完整的统一社会信用代码"))],
)
class RedList(generics.ListAPIView):
    """The agencies on the red list now, by credit score (computed from the published rule: no one
    applies for it, no one adds or removes an agency by hand)."""

    serializer_class = RedListSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return redlist_rows(timezone.now(), query=(self.request.query_params.get("q") or "").strip()[:50] or None)
