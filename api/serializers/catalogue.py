"""The catalogue as the API shows it: each item as it is in force today, with its fee rule, and a
fee calculated step by step (marketplace.fees)."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.models import FeeRule, ServiceItem


class FeeRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeRule
        fields = ["legal_basis", "quantity_label", "quantity_unit", "mode", "bands", "coefficients",
                  "minimum_fee", "maximum_fee", "note"]


class ItemSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("服务类别的代码"))
    category_name = serializers.CharField(source="category.name", read_only=True)
    approving_department = serializers.CharField(source="approving_department.name", read_only=True)
    required_qualifications = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    fee_rule = serializers.SerializerMethodField(help_text=_("政府定价或指导价事项的收费标准；市场调节价为 null"))

    class Meta:
        model = ServiceItem
        fields = ["code", "name", "category", "category_name", "approval_item", "approving_department",
                  "legal_basis", "statutory_days", "fee_type", "required_qualifications", "description",
                  "fee_rule"]

    def get_fee_rule(self, item) -> FeeRuleSerializer(allow_null=True):
        rule = item.government_fee_rule
        return FeeRuleSerializer(rule).data if rule is not None else None


class BandLineSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    lower = serializers.DecimalField(max_digits=20, decimal_places=4)
    upper = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    rate = serializers.DecimalField(max_digits=20, decimal_places=6)
    fixed = serializers.DecimalField(max_digits=20, decimal_places=2)
    portion = serializers.DecimalField(max_digits=20, decimal_places=4)
    amount = serializers.DecimalField(max_digits=20, decimal_places=2)


class AppliedCoefficientSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    value = serializers.DecimalField(max_digits=10, decimal_places=4)


class FeeResultSerializer(serializers.Serializer):
    """marketplace.fees.FeeResult: what the page's calculator shows, band by band."""

    mode = serializers.CharField()
    unit = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=4)
    charged_quantity = serializers.DecimalField(max_digits=20, decimal_places=4)
    lines = BandLineSerializer(many=True)
    base_fee = serializers.DecimalField(max_digits=20, decimal_places=2)
    coefficients = AppliedCoefficientSerializer(many=True)
    rounded_fee = serializers.DecimalField(max_digits=20, decimal_places=2)
    minimum_fee = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    maximum_fee = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    final_fee = serializers.DecimalField(max_digits=20, decimal_places=2)
