"""Workspace home, organisations, members and invitations."""
from django.urls import path

from .views import members

urlpatterns = [
    path("", members.workspace, name="workspace"),
    path("org/<id:org_id>/members/", members.members, name="members"),
    path("org/<id:org_id>/members/<id:membership_id>/role/", members.member_role, name="member_role"),
    path("org/<id:org_id>/members/<id:membership_id>/remove/", members.member_remove_view,
         name="member_remove"),
    path("org/<id:org_id>/invitations/<id:invitation_id>/revoke/", members.invitation_revoke_view,
         name="invitation_revoke"),
    path("invitations/<str:token>/", members.invitation, name="invitation"),
]
