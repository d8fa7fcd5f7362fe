"""Owners' and agencies' bidding pages under /workspace/ (plain Django views over the services)."""
from .urls_agency import urlpatterns as agency_urls
from .urls_beacon import urlpatterns as beacon_urls
from .urls_objections import urlpatterns as objection_urls
from .urls_owner import urlpatterns as owner_urls
from .urls_selection import urlpatterns as selection_urls

app_name = "bidding"
urlpatterns = owner_urls + agency_urls + selection_urls + beacon_urls + objection_urls
