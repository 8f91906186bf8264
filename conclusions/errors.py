"""The domain error of conclusions, raised by its services, its models and its querysets alike."""


class ConclusionError(Exception):
    """A domain error, shown to the user as it is (in Vietnamese)."""


#: Why an issued notice cannot change (its save, bulk update and delete all say it).
FROZEN_MESSAGE = "Thông báo đã ban hành không được sửa; muốn sửa nội dung hãy lập thông báo đính chính."
