"""The domain error of proceedings, raised by its services, models and querysets alike."""


class ProceedingsError(Exception):
    """A domain error, shown to the user as it is (in Vietnamese)."""


#: Why signed minutes cannot change (their save, bulk update and delete all say it).
FROZEN_MESSAGE = "Biên bản đã ký và cấp số, không được sửa."
