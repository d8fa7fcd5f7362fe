"""Agencies as the public directory and profile show them: the grade and score only once the
credit rules rated the agency (else null: 暂无足够评价), the standing in force (watch list,
suspension, blacklist) with its reason and dates, the items offered; on the profile, the score
explained line by line (reviews.selectors.credit)."""
from django.utils import timezone
from rest_framework import serializers

from providers import standing_rules
from providers.models import Organisation


class StandingSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    since = serializers.DateTimeField(allow_null=True)
    until = serializers.DateTimeField(allow_null=True)


class CreditSerializer(serializers.Serializer):
    grade = serializers.CharField(source="credit_grade")
    score = serializers.DecimalField(source="credit_score", max_digits=6, decimal_places=2)
    rated_at = serializers.DateTimeField(source="credit_rated_at")


class AgencySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.full_name", read_only=True)
    credit = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["uscc", "name", "region", "region_name", "credit", "standing", "items"]

    def get_credit(self, agency) -> CreditSerializer(allow_null=True):
        return CreditSerializer(agency).data if agency.has_credit_record else None

    def get_standing(self, agency) -> StandingSerializer(allow_null=True):
        shown = standing_rules.public_standing(agency, self.context.get("at") or timezone.now())
        return StandingSerializer(shown).data if shown else None

    def get_items(self, agency) -> list[str]:
        return [offer.item.code for offer in agency.services.all()]


class ExplanationLineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    description = serializers.CharField()
    on = serializers.DateField(allow_null=True)
    points = serializers.DecimalField(max_digits=8, decimal_places=2)
    decay = serializers.DecimalField(max_digits=6, decimal_places=4)
    contribution = serializers.DecimalField(max_digits=8, decimal_places=2)


class ExplanationSerializer(serializers.Serializer):
    base = serializers.DecimalField(max_digits=8, decimal_places=2)
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    grade = serializers.CharField(allow_null=True)
    events = serializers.IntegerField()
    min_events = serializers.IntegerField()
    rule_version = serializers.IntegerField()
    lines = ExplanationLineSerializer(many=True)


class AgencyProfileSerializer(AgencySerializer):
    explanation = serializers.SerializerMethodField()

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "legal_representative", "address", "contact_name",
                  "contact_phone", "contact_email", "website", "explanation"]

    def get_explanation(self, agency) -> ExplanationSerializer:
        return ExplanationSerializer(self.context["explanation"]).data
