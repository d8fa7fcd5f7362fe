"""Factories of quote comparison (询比): invitations."""
import factory
from django.utils import timezone

from bidding.models import JobInvitation

from .bidding import JobFactory
from .providers import AgencyFactory


class JobInvitationFactory(factory.django.DjangoModelFactory):
    """An agency invited to quote (as the owner's choice; pass drawn=True for a drawn one)."""

    class Meta:
        model = JobInvitation

    job = factory.SubFactory(JobFactory, selection_method="quote")
    agency = factory.SubFactory(AgencyFactory)
    drawn = False
    invited_at = factory.LazyFunction(timezone.now)
