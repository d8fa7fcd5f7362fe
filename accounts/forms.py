"""The extra field asked at sign-up, on top of allauth's e-mail and password."""
from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: the name colleagues see in member lists."""

    full_name = forms.CharField(
        label=_("姓名"), max_length=100, required=False,
        help_text=_("机构成员列表中显示的姓名，可稍后填写。"),
    )

    def signup(self, request, user):
        user.full_name = self.cleaned_data.get("full_name", "").strip()
        user.save(update_fields=["full_name"])
