"""Django admin for the platform admins: regulator accounts (created and changed through
marketplace.services.regulators, so each change is audited)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from providers.models import Regulator

from .errors import AlreadyRegulator
from .models import ServiceCategory
from .services.regulators import regulator_create, regulator_update


class RegulatorChangeForm(forms.ModelForm):
    # The categories a regulator supervises are kept on the catalogue's side
    # (ServiceCategory.supervisors); the form edits them here and the service saves them.
    categories = forms.ModelMultipleChoiceField(
        ServiceCategory.objects.all(), required=False, label=_("监管类别"),
        widget=admin.widgets.FilteredSelectMultiple(_("监管类别"), is_stacked=False))

    class Meta:
        model = Regulator
        fields = ("department", "title", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["categories"].initial = self.instance.categories.all()


class RegulatorAddForm(RegulatorChangeForm):
    email = forms.EmailField(label=_("登录邮箱"), help_text=_("没有账户时自动创建，并发送设置密码的邮件。"))
    full_name = forms.CharField(label=_("姓名"), max_length=100)

    class Meta:
        model = Regulator
        fields = ("department", "title")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        # Checked here too so the admin sees it next to the field; the service checks again.
        if Regulator.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(AlreadyRegulator.default_message)
        return email


@admin.register(Regulator)
class RegulatorAdmin(admin.ModelAdmin):
    list_display = ("user", "department", "title", "is_active", "created_at")
    list_filter = ("is_active", "categories")
    form = RegulatorChangeForm
    search_fields = ("user__email", "user__full_name", "department__name")
    list_select_related = ("user", "department__region")

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = RegulatorAddForm if obj is None else RegulatorChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("email", "full_name", "department", "categories", "title")
        return ("user", "department", "categories", "title", "is_active")

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        # Regulators are retired (is_active off), never deleted: their decisions keep their author.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            regulator_update(
                actor=request.user, regulator=obj, department=data["department"],
                categories=data["categories"], title=data["title"], is_active=data["is_active"],
            )
        else:
            regulator = regulator_create(
                actor=request.user, email=data["email"], full_name=data["full_name"],
                department=data["department"], categories=data["categories"], title=data["title"],
            )
            obj.pk = regulator.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The service has set the categories already; only inline formsets (none today) remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

