"""Regulator pages of providers: certificate verification."""
from django.urls import path

from .views import profile

app_name = "providers_regulator"
urlpatterns = [
    path("certificates/", profile.regulator_certificates, name="certificates"),
    path("certificates/<int:certificate_id>/verify/", profile.regulator_certificate_verify,
         name="certificate_verify"),
]
