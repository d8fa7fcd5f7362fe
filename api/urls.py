"""The API's addresses, mounted at /api/v1/ (namespace "api")."""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import agencies, catalogue, contracts, credit, notices, root, search, statistics

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
    path("credit/redlist/", credit.RedList.as_view(), name="redlist"),
    path("contracts/templates/", contracts.TemplateList.as_view(), name="templates"),
    path("contracts/templates/<slug:code>/v<id:number>/", contracts.TemplateVersionDetail.as_view(),
         name="template_version"),
    path("statistics/", statistics.Statistics.as_view(), name="statistics"),
    path("search/", search.Search.as_view(), name="search"),
    path("notices/", notices.NoticeList.as_view(), name="notices"),
    path("notices/<id:job_id>/", notices.NoticeDetail.as_view(), name="notice"),
    path("notices/<id:job_id>/result/", notices.NoticeResult.as_view(), name="notice_result"),
]
