"""The pages of petitions, by subject: `lists` (the lists, the unit's queue, approvals, the
export), `intake` (the form, the fast intake, the import), `detail` (one petition and its files),
`actions` (each state change) and `reference` (topics and answer templates)."""

from .actions import petition_action
from .bulk import petitions_bulk
from .detail import (
    attachment_download,
    citizen_letter,
    citizen_letter_docx,
    petition_detail,
    receipt_pdf,
    session_citizen_letters,
    session_citizen_letters_docx,
)
from .intake import (
    petition_create,
    petition_import,
    petition_import_confirm,
    petition_import_template,
    session_intake,
    suggest,
)
from .lists import (
    approvals,
    petition_export,
    petition_list,
    repeated,
    transfers,
    unit_queue,
)

__all__ = [
    "approvals",
    "attachment_download",
    "citizen_letter",
    "citizen_letter_docx",
    "petition_action",
    "petition_create",
    "petition_detail",
    "petition_export",
    "petition_import",
    "petition_import_confirm",
    "petition_import_template",
    "petition_list",
    "petitions_bulk",
    "receipt_pdf",
    "repeated",
    "session_citizen_letters",
    "session_citizen_letters_docx",
    "session_intake",
    "suggest",
    "transfers",
    "unit_queue",
]
