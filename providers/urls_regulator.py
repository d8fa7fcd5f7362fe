"""Regulator pages of providers: certificate verification."""
from django.urls import path

from .views import profile, standing

app_name = "providers_regulator"
urlpatterns = [
    path("certificates/", profile.regulator_certificates, name="certificates"),
    path("certificates/<id:certificate_id>/verify/", profile.regulator_certificate_verify,
         name="certificate_verify"),
    path("standing/", standing.standing_search, name="standing"),
    path("standing/<id:agency_id>/", standing.standing_agency, name="standing_agency"),
]
