"""The regulator workspace under /regulator/."""
from django.urls import path

from .urls_fees import urlpatterns as fee_urls
from .views import regulator as views

app_name = "regulator"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("catalogue/", views.catalogue, name="catalogue"),
    # Outside catalogue/<code>/ so no item code can shadow it.
    path("items/new/", views.item_create, name="item_create"),
    path("catalogue/<str:code>/", views.item_detail, name="item_detail"),
    path("catalogue/<str:code>/edit/", views.item_edit, name="item_edit"),
    path("catalogue/<str:code>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("catalogue/<str:code>/publish/", views.item_publish, name="item_publish"),
    path("catalogue/<str:code>/scheduled/<id:version_id>/withdraw/", views.version_withdraw,
         name="version_withdraw"),
    path("categories/", views.categories, name="categories"),
    path("categories/new/", views.category_create, name="category_create"),
    path("categories/<slug:code>/edit/", views.category_edit, name="category_edit"),
] + fee_urls
