"""core's pages: the in-site inbox (`urlpatterns`, under /workspace/) and the display choices
(`display`, under /display/)."""
from django.urls import path

from . import views_display, views_inbox

app_name = "core"
urlpatterns = [
    path("notices/", views_inbox.inbox, name="inbox"),
    path("notices/read-all/", views_inbox.mark_all_read, name="inbox_read_all"),
    path("notices/<id:notice_id>/read/", views_inbox.mark_read, name="inbox_read"),
]

display = ([path("text-size/", views_display.set_text_size, name="text_size")], "display")
