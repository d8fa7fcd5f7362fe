"""The bidding part of the regulator workspace, under /regulator/jobs/."""
from .urls_regulator_beacons import urlpatterns as beacon_urls
from .urls_regulator_flags import urlpatterns as flag_urls
from .urls_regulator_objections import urlpatterns as objection_urls
from .urls_regulator_patterns import urlpatterns as pattern_urls

app_name = "bidding_regulator"
urlpatterns = objection_urls + flag_urls + beacon_urls + pattern_urls
