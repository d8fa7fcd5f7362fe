"""The regulators' forms for the public beacon value (services/beacon.py checks the rules)."""
from django import forms
from django.utils.translation import gettext_lazy as _


class BeaconEnterForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="enter")
    reference = forms.CharField(
        label=_("出处"), max_length=300,
        help_text=_("报名截止后第一期公开开奖的名称和期号，例如“福彩3D 第2026318期开奖号码”。"),
        error_messages={"required": _("请填写开奖号码的出处。")},
    )
    value = forms.CharField(
        label=_("开奖号码"), max_length=200,
        help_text=_("按开奖公告原样填写，号码之间用空格分隔，例如“5 2 8”。"),
        error_messages={"required": _("请填写开奖号码。")},
    )


class BeaconConfirmForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput, initial="confirm")
    value = forms.CharField(
        label=_("再次录入开奖号码"), max_length=200,
        help_text=_("请对照出处所指的开奖公告独立录入，不要复制第一次录入的号码；两次一致才能确定。"),
        error_messages={"required": _("请再次录入开奖号码。")},
    )
