"""The API's addresses, mounted at /api/v1/ (namespace "api")."""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import agencies, catalogue, credit, root

app_name = "api"

urlpatterns = [
    path("", root.Root.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("catalogue/items/", catalogue.ItemList.as_view(), name="items"),
    path("catalogue/items/<str:code>/", catalogue.ItemDetail.as_view(), name="item"),
    path("catalogue/items/<str:code>/fee/", catalogue.FeeCalculation.as_view(), name="fee"),
    path("agencies/", agencies.AgencyList.as_view(), name="agencies"),
    path("agencies/<str:uscc>/", agencies.AgencyDetail.as_view(), name="agency"),
    path("credit/blacklist/", credit.Blacklist.as_view(), name="blacklist"),
]
