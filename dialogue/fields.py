"""Model fields that store text in Unicode NFC whichever way it arrives.

Some Vietnamese input methods type combining marks: the same word then looks the
same and compares different. Normalising in the field covers forms, the admin,
imports, bulk_create and queryset.update alike.
"""

from django import forms
from django.db import models

from .text import nfc


class NFCFormCharField(forms.CharField):
    def to_python(self, value):
        return nfc(super().to_python(value))


class _NFCMixin:
    def pre_save(self, model_instance, add):
        value = nfc(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return nfc(super().get_prep_value(value))

    def formfield(self, **kwargs):
        if "choices" not in kwargs and not self.choices:
            kwargs.setdefault("form_class", NFCFormCharField)
        return super().formfield(**kwargs)


class NFCCharField(_NFCMixin, models.CharField):
    pass


class NFCTextField(_NFCMixin, models.TextField):
    pass
