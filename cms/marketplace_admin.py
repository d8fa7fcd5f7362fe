"""The marketplace data editors keep, in the Wagtail admin (菜单“市场数据”): service items, fee
rules, contract templates and the search's synonym table, each a view set to list, search, filter
and inspect.

They are changed in one place only, the regulator workspace, whose services hold the rules (an
active regulator, within the categories they oversee), write the audit entry and announce the
change. So these view sets read: nobody adds, changes or deletes through them (the permission
policy below grants "view" and nothing else), and each row and each inspect page offers the
workspace's own page for the change. Shown to active regulators only, like the workspace.
"""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.models import User
from contracts.models import ContractTemplate
from marketplace.models import FeeRule, ServiceItem
from providers.access import is_active_regulator
from search.models import SynonymGroup


class ReadByRegulators(BasePermissionPolicy):
    """Active regulators may view; no one may add, change or delete here (the workspace does)."""

    def user_has_permission(self, user, action):
        return action == "view" and is_active_regulator(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(regulator__is_active=True)   # is_active_regulator, as a query


WORKSPACE_LABEL = _("在监管工作台修改")


class MarketplaceIndexView(IndexView):
    workspace_url = None   # the view set's: object -> the workspace's page for it

    def get_list_buttons(self, instance):
        return [ListingButton(WORKSPACE_LABEL, url=self.workspace_url(instance), icon_name="edit"),
                *super().get_list_buttons(instance)]


class MarketplaceInspectView(InspectView):
    workspace_url = None

    def get_header_buttons(self):
        return [HeaderButton(WORKSPACE_LABEL, url=self.workspace_url(self.object), icon_name="edit"),
                *super().get_header_buttons()]


class MarketplaceViewSet(ModelViewSet):
    """Read-only: list, search, filter, inspect; the workspace URL of each object."""

    inspect_view_enabled = True
    pk_path_converter = "id"   # the project's database-id converter (core/converters.py), as every URL of ours
    index_view_class = MarketplaceIndexView
    inspect_view_class = MarketplaceInspectView
    add_to_admin_menu = False
    copy_view_enabled = False
    exclude_form_fields = []   # no form is ever shown: the policy grants no add or change
    workspace_url_name = ""

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(workspace_url=self.workspace_url, **kwargs)

    def workspace_url(self, instance):
        return reverse(self.workspace_url_name, args=self.workspace_args(instance))

    def workspace_args(self, instance):
        return [instance.pk]


class ServiceItemViewSet(MarketplaceViewSet):
    model = ServiceItem
    icon = "list-ul"
    menu_label = _("服务事项")
    list_display = ["code", "name", "category", "fee_type", BooleanColumn("is_active", label=_("在清单内"))]
    list_filter = ["category", "fee_type", "is_active"]
    search_fields = ["code", "name", "approval_item"]
    ordering = ["code"]
    inspect_view_fields = ["code", "name", "category", "approval_item", "approving_department", "legal_basis",
                           "statutory_days", "fee_type", "description", "is_active", "updated_at"]
    workspace_url_name = "regulator:item_detail"

    def workspace_args(self, instance):
        return [instance.code]


class FeeRuleViewSet(MarketplaceViewSet):
    model = FeeRule
    icon = "calculator"
    menu_label = _("收费标准")
    list_display = ["item", "mode", Column("quantity_label", label=_("计费依据")), "updated_at"]
    list_filter = ["mode"]
    search_fields = ["item__code", "item__name", "legal_basis"]
    ordering = ["item__code"]
    inspect_view_fields = ["item", "legal_basis", "quantity_label", "quantity_unit", "mode", "minimum_fee",
                           "maximum_fee", "note", "updated_at"]
    workspace_url_name = "regulator:fee_rule_edit"

    def workspace_args(self, instance):
        return [instance.item.code]


class ContractTemplateViewSet(MarketplaceViewSet):
    model = ContractTemplate
    icon = "doc-full"
    menu_label = _("合同示范文本")
    list_display = ["code", "title", "item", "category", "created_at"]
    list_filter = ["category"]
    search_fields = ["code", "title"]
    ordering = ["code"]
    inspect_view_fields = ["code", "title", "item", "category", "summary", "created_at"]
    workspace_url_name = "contracts_regulator:template"


class SynonymGroupViewSet(MarketplaceViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("搜索同义词表")
    list_display = ["__str__", "note", BooleanColumn("is_active", label=_("启用")), "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["words", "note"]
    ordering = ["pk"]
    inspect_view_fields = ["words", "note", "is_active", "updated_at", "updated_by"]
    workspace_url_name = "search_regulator:synonym_edit"


class MarketplaceDataGroup(ModelViewSetGroup):
    menu_label = _("市场数据")
    menu_icon = "cogs"
    menu_order = 220
    items = (ServiceItemViewSet("marketplace_items"), FeeRuleViewSet("marketplace_fee_rules"),
             ContractTemplateViewSet("marketplace_templates"), SynonymGroupViewSet("marketplace_synonyms"))


def register_policies():
    for model in (ServiceItem, FeeRule, ContractTemplate, SynonymGroup):
        register_permission_policy(model, ReadByRegulators(model))
