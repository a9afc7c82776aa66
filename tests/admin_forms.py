"""Post an admin change form as a browser would: every field as the page shows it, a few changed."""

from django.forms import CheckboxInput, MultiWidget
from django.forms.widgets import ClearableFileInput, FileInput


def _field_data(bound_field) -> dict:
    widget = bound_field.field.widget
    while hasattr(widget, "widget") and not isinstance(widget, MultiWidget):  # RelatedFieldWidgetWrapper
        widget = widget.widget
    value = bound_field.value()
    name = bound_field.html_name
    if isinstance(widget, (FileInput, ClearableFileInput)):
        return {}
    if isinstance(widget, CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list) else widget.decompress(value)
        data = {}
        for index, (part, sub) in enumerate(zip(parts, widget.widgets, strict=False)):
            formatted = sub.format_value(part)
            if formatted not in (None, ""):
                data[f"{name}_{index}"] = formatted
        return data
    if value is None:
        return {}
    if isinstance(value, (list, tuple)):
        return {name: [str(item) for item in value]}
    formatted = widget.format_value(value) if hasattr(widget, "format_value") else value
    return {name: "" if formatted is None else formatted}


def change_form_data(response, **changes) -> dict:
    """The data the admin change page in ``response`` would send, with ``changes`` applied."""
    data = {}
    for bound_field in response.context["adminform"].form:
        data.update(_field_data(bound_field))
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            data[bound_field.html_name] = bound_field.value()
        for form in formset.forms:
            for bound_field in form:
                data.update(_field_data(bound_field))
    data.update(changes)
    return data
