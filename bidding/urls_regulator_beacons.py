"""Regulator pages for the public beacon value of draws: enter, and confirm another's entry."""
from django.urls import path

from .views import beacon

urlpatterns = [
    path("beacons/", beacon.beacons, name="beacons"),
    path("beacons/<id:job_id>/", beacon.beacon_detail, name="beacon"),
]
