"""Form bases shared by the apps."""

from crispy_forms.helper import FormHelper
from django import forms


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
