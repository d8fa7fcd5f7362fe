"""/api/v1/: what the API offers, with the address of each part and of its reference."""
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


@extend_schema(exclude=True)
class Root(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        def absolute(name, *args):
            return request.build_absolute_uri(reverse(f"api:{name}", args=args))

        return Response({
            "version": "v1",
            "schema": absolute("schema"),
            "docs": absolute("docs"),
            "catalogue": {"items": absolute("items")},
            "agencies": absolute("agencies"),
            "credit": {"blacklist": absolute("blacklist"), "redlist": absolute("redlist")},
            "notices": absolute("notices"),
            "contracts": {"templates": absolute("templates")},
            "statistics": absolute("statistics"),
            "search": absolute("search"),
        })
