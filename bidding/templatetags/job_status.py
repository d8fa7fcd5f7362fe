"""`{{ job|shown_status }}`: the status label a reader should see, as the clock implies it
(bidding.states.shown_status), so no template compares stored statuses or dates itself."""
from django import template
from django.utils import timezone

from .. import states

register = template.Library()


@register.filter
def shown_status(job):
    now = timezone.now()
    return states.shown_status(job, now, objections_open=getattr(job, "objections_open", None)).label
