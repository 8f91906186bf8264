"""Form bases shared by the apps."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxLengthValidator

from .text import legacy_message


def typeahead(field):
    """Give FIELD's select a search box that ignores accents (static/js/app.js, data-typeahead)."""
    if isinstance(field.widget, forms.Select):
        field.widget.attrs["data-typeahead"] = ""
    return field


class CommuneFormMixin:
    """A form that works inside one commune: limits its choices and checks them.

    Subclasses list in `commune_fields` the foreign keys whose choices must come
    from the commune, e.g. {"issuer": Unit, "signer": Official}.
    """

    commune_fields = {}

    def __init__(self, *args, commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune = commune
        for name, model in self.commune_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.filter(commune=commune)
                typeahead(self.fields[name])
        self.helper = FormHelper()
        self.helper.form_tag = False


class DateInput(forms.DateInput):
    """A date typed and shown dd/mm/yyyy whatever the browser's language, with a calendar button.

    A text input, not type="date" (which shows the browser's own order: 12/02/2026 for
    2 December in an English browser). The calendar is static/js/app.js's own small picker;
    the server also takes ISO dates (dialogue/formats/vi: DATE_INPUT_FORMATS).
    """

    input_type = "text"
    picker = "date"
    placeholder = "dd/mm/yyyy"

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": self.placeholder,
            "inputmode": "numeric",
            "autocomplete": "off",
            "data-picker": self.picker,
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y")


class DateTimeInput(forms.DateTimeInput):
    """A date and time typed and shown "dd/mm/yyyy HH:MM", with the same calendar for the day."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "placeholder": "dd/mm/yyyy hh:mm",
            "autocomplete": "off",
            "data-picker": "datetime",
            **(attrs or {}),
        }
        super().__init__(attrs=attrs, format="%d/%m/%Y %H:%M")


def limit_length(form, limit, *names):
    """Cap the text fields NAMES of FORM at LIMIT characters, with a Vietnamese message.

    The model's TextField has no limit; without one a form would store megabytes pasted by mistake.
    """
    for name in names:
        if name in form.fields:
            field = form.fields[name]
            field.max_length = limit
            field.widget.attrs["maxlength"] = str(limit)
            field.validators.append(
                MaxLengthValidator(limit, message=f"Dài quá {limit:,} ký tự; hãy rút gọn.".replace(",", "."))
            )


def refuse_legacy_encoding(value):
    """VALUE, or a ValidationError when it was typed in TCVN3 or VNI instead of Unicode."""
    message = legacy_message(value, advice="rồi nhập lại")
    if message:
        raise forms.ValidationError(message, code="legacy_encoding")
    return value
