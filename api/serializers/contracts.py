"""Model contracts as the public library shows them (contracts.selectors.templates): each template
with the version in force and the earlier ones; a version with its clauses, each term the parties
fill in marked as a part with a key."""
from rest_framework import serializers

from contracts.models import ContractTemplate, TemplateVersion
from contracts.views.clauses import clause_parts


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TemplateVersion
        fields = ["number", "status", "published_at", "withdrawn_at", "change_note"]


class TemplateSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.code", read_only=True, allow_null=True, default=None)
    category = serializers.CharField(source="category.code", read_only=True, allow_null=True, default=None)
    versions = VersionSerializer(many=True, source="published_versions", read_only=True)

    class Meta:
        model = ContractTemplate
        fields = ["code", "title", "item", "category", "summary", "versions"]


class ClausePartSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, required=False)
    key = serializers.CharField(allow_blank=True, required=False)
    label = serializers.CharField(allow_blank=True, required=False)


class ClauseSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    parts = ClausePartSerializer(many=True)


class TemplateVersionSerializer(VersionSerializer):
    template = serializers.CharField(source="template.code", read_only=True)
    clauses = serializers.SerializerMethodField()

    class Meta(VersionSerializer.Meta):
        fields = ["template", *VersionSerializer.Meta.fields, "clauses"]

    def get_clauses(self, version) -> ClauseSerializer(many=True):
        return ClauseSerializer(clause_parts(version.clauses), many=True).data
