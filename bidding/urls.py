"""Every bidding page, one list per place the app is mounted (config/urls.py includes each with
its namespace):

- `workspace` ("bidding", under /workspace/): the owners' announcements and selection, the
  agencies' bids, objections;
- `regulator` ("bidding_regulator", under /regulator/jobs/): complaints, red flags, the public
  beacon value of draws, the integrity patterns;
- `files` ("bidding_files", under /files/jobs/): the attachments of published announcements,
  public as their help text promises.
"""
from django.urls import path

from .views import (
    agency,
    auction,
    beacon,
    best_price,
    capacity,
    credit_draw,
    objections,
    owner,
    quote,
    regulator_flags,
    regulator_objections,
    regulator_patterns,
    selection,
)
from .views import files as file_views

workspace = ([
    # The owner's announcements
    path("jobs/", owner.job_list, name="owner_jobs"),
    path("jobs/new/", owner.job_new, name="owner_job_new"),
    path("jobs/<id:job_id>/", owner.job_detail, name="owner_job"),
    path("jobs/<id:job_id>/edit/", owner.job_edit, name="owner_job_edit"),
    path("jobs/<id:job_id>/publish/", owner.job_publish, name="owner_job_publish"),
    path("jobs/<id:job_id>/cancel/", owner.job_cancel, name="owner_job_cancel"),
    path("jobs/<id:job_id>/reannounce/", owner.job_reannounce, name="owner_job_reannounce"),
    path("jobs/<id:job_id>/attachments/<id:attachment_id>/", owner.job_attachment, name="owner_job_attachment"),
    # The owner's selection after the close
    path("jobs/<id:job_id>/selection/", selection.selection_page, name="selection"),
    path("jobs/<id:job_id>/selection/close/", selection.close_now, name="selection_close"),
    path("jobs/<id:job_id>/selection/direct/", selection.select_direct, name="selection_direct"),
    path("jobs/<id:job_id>/selection/draw/", selection.draw, name="selection_draw"),
    path("jobs/<id:job_id>/selection/lowest/", selection.select_lowest, name="selection_lowest"),
    path("jobs/<id:job_id>/selection/scores/", selection.scores_enter, name="selection_scores"),
    path("jobs/<id:job_id>/selection/scoring/", selection.select_scoring, name="selection_scoring"),
    path("jobs/<id:job_id>/selection/beacon/", beacon.beacon_request, name="selection_beacon_request"),
    # The methods added after the first four, each in its own module
    *best_price.workspace_urls,
    *credit_draw.workspace_urls,
    *auction.workspace_urls,
    *quote.workspace_urls,
    # The agencies' bids
    path("opportunities/", agency.opportunities, name="opportunities"),
    path("opportunities/<id:job_id>/bid/", agency.bid_form, name="bid_form"),
    path("bids/", agency.my_bids, name="my_bids"),
    path("bids/<id:bid_id>/", agency.bid_receipt, name="bid_receipt"),
    path("bids/<id:bid_id>/withdraw/", agency.bid_withdraw, name="bid_withdraw"),
    path("bids/attachments/<id:attachment_id>/", file_views.bid_attachment, name="bid_attachment"),
    # The agency's capacity per item (产能)
    path("capacity/", capacity.capacity, name="capacity"),
    path("capacity/remove/", capacity.capacity_remove, name="capacity_remove"),
    # Objections: raised by a bidder, answered by the owner, escalated to the regulators
    path("jobs/<id:job_id>/objections/new/", objections.objection_new, name="objection_new"),
    path("objections/<id:objection_id>/", objections.objection_detail, name="objection"),
    path("objections/<id:objection_id>/answer/", objections.objection_answer, name="objection_answer"),
    path("objections/<id:objection_id>/escalate/", objections.objection_escalate, name="objection_escalate"),
    path("objections/<id:objection_id>/files/<id:attachment_id>/", objections.objection_attachment,
         name="objection_attachment"),
], "bidding")

regulator = ([
    # Complaints (escalated objections)
    path("complaints/", regulator_objections.complaints, name="complaints"),
    path("complaints/<id:objection_id>/", regulator_objections.complaint_detail, name="complaint"),
    path("complaints/<id:objection_id>/files/<id:attachment_id>/", regulator_objections.complaint_attachment,
         name="complaint_attachment"),
    # Collusion signs and other red flags
    path("flags/", regulator_flags.flags, name="flags"),
    path("flags/zombies/", regulator_flags.zombies, name="flags_zombies"),
    path("flags/<id:job_id>/", regulator_flags.job_detail, name="flags_job"),
    # The public beacon value of draws: enter, and confirm another regulator's entry
    path("beacons/", beacon.beacons, name="beacons"),
    path("beacons/<id:job_id>/", beacon.beacon_detail, name="beacon"),
    path("beacons/<id:job_id>/invitation/", beacon.beacon_detail, {"stage": "invitation"}, name="beacon_invitation"),
    # The integrity patterns (restrictive-clause rules)
    path("patterns/", regulator_patterns.patterns, name="patterns"),
    path("patterns/new/", regulator_patterns.pattern_create, name="pattern_create"),
    path("patterns/<id:pattern_id>/", regulator_patterns.pattern_edit, name="pattern_edit"),
    path("patterns/<id:pattern_id>/active/", regulator_patterns.pattern_active, name="pattern_active"),
    path("patterns/<id:pattern_id>/history/", regulator_patterns.pattern_history, name="pattern_history"),
], "bidding_regulator")

files = ([
    path("<id:job_id>/attachments/<id:attachment_id>/", file_views.job_attachment, name="job_attachment"),
], "bidding_files")
