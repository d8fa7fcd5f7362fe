"""providers' URLs, one list per mount point (config/urls.py includes each with its namespace):

- `workspace` ("providers", under /workspace/): the workspace home, organisations, members and
  invitations; registering an agency or owner; its profile, certificates, practitioners and
  affiliations;
- `regulator` ("providers_regulator", under /regulator/providers/): certificate checks and
  agencies' standing;
- `files` ("files", under /files/): private files (certificate scans), served only to those
  allowed to read them.
"""
from django.urls import path

from .views import files as file_views
from .views import members, profile, registration, standing

workspace = ([
    path("", members.workspace, name="workspace"),
    path("org/<id:org_id>/members/", members.members, name="members"),
    path("org/<id:org_id>/members/<id:membership_id>/role/", members.member_role, name="member_role"),
    path("org/<id:org_id>/members/<id:membership_id>/remove/", members.member_remove_view,
         name="member_remove"),
    path("org/<id:org_id>/invitations/<id:invitation_id>/revoke/", members.invitation_revoke_view,
         name="invitation_revoke"),
    path("invitations/<str:token>/", members.invitation, name="invitation"),
    path("identity/", members.identity, name="identity"),
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
], "providers")

regulator = ([
    path("certificates/", profile.regulator_certificates, name="certificates"),
    path("certificates/<id:certificate_id>/verify/", profile.regulator_certificate_verify,
         name="certificate_verify"),
    path("standing/", standing.standing_search, name="standing"),
    path("standing/<id:agency_id>/", standing.standing_agency, name="standing_agency"),
], "providers_regulator")

files = ([
    path("certificates/<id:certificate_id>/", file_views.certificate_scan, name="certificate_scan"),
], "files")
