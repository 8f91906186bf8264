"""Form bases shared by the apps."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MaxLengthValidator

from .text import legacy_message


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
        self.helper = FormHelper()
        self.helper.form_tag = False


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


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
