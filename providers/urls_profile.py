"""Registering an agency or owner and editing its profile, certificates, practitioners, affiliations."""
from django.urls import path

from .views import profile, registration

urlpatterns = [
    path("register/agency/", registration.register_agency, name="register_agency"),
    path("register/owner/", registration.register_owner, name="register_owner"),
    path("org/<id:org_id>/profile/", profile.org_profile, name="org_profile"),
    path("org/<id:org_id>/profile/certificates/add/", profile.certificate_add, name="certificate_add"),
    path("org/<id:org_id>/profile/certificates/<id:certificate_id>/edit/", profile.certificate_edit,
         name="certificate_edit"),
    path("org/<id:org_id>/profile/certificates/<id:certificate_id>/remove/", profile.certificate_remove,
         name="certificate_remove"),
    path("org/<id:org_id>/profile/practitioners/add/", profile.practitioner_add, name="practitioner_add"),
    path("org/<id:org_id>/profile/practitioners/<id:practitioner_id>/edit/", profile.practitioner_edit,
         name="practitioner_edit"),
    path("org/<id:org_id>/profile/practitioners/<id:practitioner_id>/remove/", profile.practitioner_remove,
         name="practitioner_remove"),
    path("org/<id:org_id>/profile/affiliations/add/", profile.affiliation_add, name="affiliation_add"),
    path("org/<id:org_id>/profile/affiliations/<id:affiliation_id>/withdraw/", profile.affiliation_withdraw,
         name="affiliation_withdraw"),
]
