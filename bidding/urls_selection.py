"""Owner selection pages after the close: direct, draw, lowest price, scoring."""
from django.urls import path

from .views import selection

urlpatterns = [
    path("jobs/<id:job_id>/selection/", selection.selection_page, name="selection"),
    path("jobs/<id:job_id>/selection/close/", selection.close_now, name="selection_close"),
    path("jobs/<id:job_id>/selection/direct/", selection.select_direct, name="selection_direct"),
    path("jobs/<id:job_id>/selection/draw/", selection.draw, name="selection_draw"),
    path("jobs/<id:job_id>/selection/lowest/", selection.select_lowest, name="selection_lowest"),
    path("jobs/<id:job_id>/selection/scores/", selection.scores_enter, name="selection_scores"),
    path("jobs/<id:job_id>/selection/scoring/", selection.select_scoring, name="selection_scoring"),
]
