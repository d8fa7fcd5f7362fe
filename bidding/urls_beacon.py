"""The owner asks the regulators for the public beacon value its draw needs."""
from django.urls import path

from .views import beacon

urlpatterns = [
    path("jobs/<id:job_id>/selection/beacon/", beacon.beacon_request, name="selection_beacon_request"),
]
