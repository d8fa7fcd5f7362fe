"""Workspace home, organisations, members and invitations."""
from django.urls import path

from .views import members

urlpatterns = [
    path("", members.workspace, name="workspace"),
    path("org/<int:org_id>/members/", members.members, name="members"),
    path("org/<int:org_id>/members/<int:membership_id>/role/", members.member_role, name="member_role"),
    path("org/<int:org_id>/members/<int:membership_id>/remove/", members.member_remove_view,
         name="member_remove"),
    path("org/<int:org_id>/invitations/<int:invitation_id>/revoke/", members.invitation_revoke_view,
         name="invitation_revoke"),
    path("invitations/<str:token>/", members.invitation, name="invitation"),
]
