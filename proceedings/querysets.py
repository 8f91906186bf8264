"""Reads of the session's documents: the session's scope, and the freeze of signed minutes in bulk."""

from directory.querysets import CommuneScopedQuerySet

from .enums import MUTABLE_AFTER_SIGNING, MinutesStatus
from .errors import FROZEN_MESSAGE, ProceedingsError


class ProgrammeItemQuerySet(CommuneScopedQuerySet):
    commune_lookup = "session__plan__commune"


class MinutesQuerySet(CommuneScopedQuerySet):
    commune_lookup = "session__plan__commune"

    def signed(self):
        return self.filter(status=MinutesStatus.SIGNED)

    def delete(self):
        """Bulk deletion keeps the rule of Minutes.delete(): signed minutes stay."""
        if self.signed().exists():
            raise ProceedingsError("Biên bản đã ký không được xóa.")
        return super().delete()

    delete.alters_data = True
    delete.queryset_only = True

    def update(self, **kwargs):
        """Bulk updates keep the freeze of Minutes.save() on signed minutes."""
        if set(kwargs) - MUTABLE_AFTER_SIGNING and self.signed().exists():
            raise ProceedingsError(FROZEN_MESSAGE)
        return super().update(**kwargs)

    update.alters_data = True
