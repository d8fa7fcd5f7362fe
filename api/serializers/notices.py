"""Notices as the public pages show them (bidding.selectors.public): the announcement, and after
the close its result — every valid bid with its price and rank, the invalid ones with their
reason, the winner, each draw with its proof recomputed, and the objections' outcomes (the
bidders' reasons and the owner's answers stay private). Nothing of a bid before the close."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from bidding import states
from bidding.models import Bid, Job, Objection
from bidding.selectors.public import public_winner


class OrganisationRef(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()


class JobSerializer(serializers.ModelSerializer):
    owner = OrganisationRef(read_only=True)
    owner_region = serializers.CharField(source="owner.region.code", read_only=True)
    item = serializers.CharField(source="item.code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    status = serializers.SerializerMethodField(help_text=_("读者此刻应看到的状态（含时钟已到的变化）"))
    winner = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = ["id", "title", "owner", "owner_region", "item", "item_name", "selection_method", "status",
                  "published_at", "closes_at", "winner"]

    def get_status(self, job) -> str:
        return states.shown_status(job, self.context.get("at") or timezone.now(),
                                   objections_open=getattr(job, "objections_open", None))

    def get_winner(self, job) -> OrganisationRef(allow_null=True):
        winner = public_winner(job)
        return OrganisationRef(winner.agency).data if winner else None


class AnnouncementSerializer(JobSerializer):
    required_qualifications = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "project_code", "description", "requirements", "fiscal_funds", "budget",
                  "ceiling_price", "price_mode", "weights", "service_days", "required_qualifications",
                  "draw_commitment", "publicity_ends_at", "selection_reason", "end_reason"]


class BidSerializer(serializers.ModelSerializer):
    agency = OrganisationRef(read_only=True)

    class Meta:
        model = Bid
        fields = ["agency", "price", "discount_rate", "promised_days", "rank", "total_score", "status",
                  "invalid_reason"]


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ["id", "status", "raised_at", "answered_at", "escalated_at", "decided_at", "decision"]


class DrawProofSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    seed = serializers.CharField()
    commitment = serializers.CharField()
    beacon = serializers.CharField(allow_blank=True)
    values = serializers.ListField(child=serializers.CharField())
    pool = serializers.CharField()
    ranking = serializers.ListField(child=serializers.CharField())
    ok = serializers.BooleanField(help_text=_("承诺值、随机池和排序经重新计算均一致"))


class ResultSerializer(serializers.Serializer):
    valid_bids = BidSerializer(many=True)
    invalid_bids = BidSerializer(many=True)
    winner = serializers.SerializerMethodField()
    draws = DrawProofSerializer(many=True, source="proofs")
    objections = ObjectionSerializer(many=True)

    def get_winner(self, result) -> OrganisationRef(allow_null=True):
        return OrganisationRef(result.winner.agency).data if result.winner else None
