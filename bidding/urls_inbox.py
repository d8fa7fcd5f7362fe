"""The in-site inbox of notices."""
from django.urls import path

from .views import inbox as views

urlpatterns = [
    path("notices/", views.inbox, name="inbox"),
    path("notices/read-all/", views.mark_all_read, name="inbox_read_all"),
    path("notices/<id:notice_id>/read/", views.mark_read, name="inbox_read"),
]
