"""Owners' and agencies' own working pages under /workspace/ (plain Django views)."""
from .urls_members import urlpatterns as member_urls
from .urls_profile import urlpatterns as profile_urls

app_name = "providers"
urlpatterns = member_urls + profile_urls
