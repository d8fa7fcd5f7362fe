"""The model contracts, read by anyone: the library and each published version with its clauses
— the same selectors as /contracts/templates/ (contracts.selectors.templates); a draft never."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from contracts.selectors import templates

from ..serializers.contracts import TemplateSerializer, TemplateVersionSerializer


@extend_schema(tags=["contracts"], summary=_("合同示范文本"))
class TemplateList(generics.ListAPIView):
    """Every model contract with a published version, by code, each with its published versions
    (newest first; the first not withdrawn is the one new contracts take)."""

    serializer_class = TemplateSerializer
    permission_classes = [AllowAny]

    def get_queryset(self):
        return templates.published_templates()


@extend_schema(tags=["contracts"], summary=_("合同示范文本的一个版本"))
class TemplateVersionDetail(generics.RetrieveAPIView):
    """One published (or withdrawn) version with its clauses; the terms to fill in are the parts
    with a key."""

    serializer_class = TemplateVersionSerializer
    permission_classes = [AllowAny]

    def get_object(self):
        found = templates.public_version(self.kwargs["code"], self.kwargs["number"])
        if found is None:
            raise NotFound()
        return found[1]
