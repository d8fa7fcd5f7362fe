"""Form widgets for the public pages' filter forms."""
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

SELECTED = mark_safe(" selected")


class FastSelect(forms.Select):
    """A plain <select> written out in Python. Django renders every <option> through a template
    of its own, which for a list of items or regions costs milliseconds a page; the HTML here is
    the same, escaped the same way. Flat choices only (no <optgroup>)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((key, SELECTED if str(key) in chosen else "", text) for key, text in self.choices),
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        return format_html('<select name="{}"{}>{}</select>', name, attributes, options)
