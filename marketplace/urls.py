"""marketplace's pages, one list per place it is mounted (config/urls.py includes each with its
namespace):

- `regulator`: the regulator workspace under /regulator/ — the catalogue of service items, its
  categories, scheduled versions and fee rules;
- `agency_services`: an agency's offered items with their three commitments, under
  /workspace/services/<org_id>/.
"""
from django.urls import path

from .views import agency, fees
from .views import regulator as catalogue

regulator = ([
    path("", catalogue.dashboard, name="dashboard"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    # Outside catalogue/<code>/ so no item code can shadow it.
    path("items/new/", catalogue.item_create, name="item_create"),
    path("catalogue/<str:code>/", catalogue.item_detail, name="item_detail"),
    path("catalogue/<str:code>/edit/", catalogue.item_edit, name="item_edit"),
    path("catalogue/<str:code>/withdraw/", catalogue.item_withdraw, name="item_withdraw"),
    path("catalogue/<str:code>/publish/", catalogue.item_publish, name="item_publish"),
    path("catalogue/<str:code>/scheduled/<id:version_id>/withdraw/", catalogue.version_withdraw,
         name="version_withdraw"),
    path("catalogue/<str:code>/fee-rule/", fees.fee_rule_edit, name="fee_rule_edit"),
    path("categories/", catalogue.categories, name="categories"),
    path("categories/new/", catalogue.category_create, name="category_create"),
    path("categories/<slug:code>/edit/", catalogue.category_edit, name="category_edit"),
], "regulator")

agency_services = ([
    path("<id:org_id>/", agency.offer_list, name="list"),
    path("<id:org_id>/add/", agency.offer_add, name="add"),
    path("<id:org_id>/<id:offer_id>/edit/", agency.offer_edit, name="edit"),
    path("<id:org_id>/<id:offer_id>/remove/", agency.offer_remove, name="remove"),
], "agency_services")
