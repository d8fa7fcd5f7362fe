"""The blacklist as its public page shows it: each approved entry with the agency, the facts, the
basis, the period and how it ended, and the people it bans with their ID numbers masked (never the
number)."""
from rest_framework import serializers

from reviews.models import BlacklistEntry


class BannedPersonSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_label = serializers.CharField()
    name = serializers.CharField()
    id_masked = serializers.CharField()


class BlacklistEntrySerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.uscc", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state = serializers.CharField(source="shown_state.code", read_only=True)
    state_label = serializers.CharField(source="shown_state.label", read_only=True)
    ended_at = serializers.DateTimeField(source="shown_state.ended_at", read_only=True, allow_null=True)
    persons = BannedPersonSerializer(many=True, source="persons.all", read_only=True)

    class Meta:
        model = BlacklistEntry
        fields = ["id", "agency", "agency_name", "facts", "legal_basis", "years", "starts_at", "ends_at", "state",
                  "state_label", "ended_at", "persons"]


class RedListSerializer(serializers.Serializer):
    uscc = serializers.CharField()
    name = serializers.CharField()
    grade = serializers.CharField(source="credit_grade")
    score = serializers.DecimalField(source="credit_score", max_digits=6, decimal_places=2)
    grade_since = serializers.DateTimeField(source="credit_grade_since")
