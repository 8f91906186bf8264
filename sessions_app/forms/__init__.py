"""The forms of sessions_app, by subject: plans and sessions; rosters."""

from .rosters import (
    BatchFilterForm,
    HouseholdsPerVillageForm,
    ImportUploadForm,
    ParticipantForm,
    SessionDocumentForm,
)
from .sessions import (
    DutyFormSet,
    LegalBasisFormSet,
    PlanDutyFormSet,
    PlanForm,
    PlanLegalBasisFormSet,
    PlanRecipientFormSet,
    PlanSectionFormSet,
    SessionForm,
)

__all__ = [
    "BatchFilterForm",
    "DutyFormSet",
    "HouseholdsPerVillageForm",
    "ImportUploadForm",
    "LegalBasisFormSet",
    "ParticipantForm",
    "PlanDutyFormSet",
    "PlanForm",
    "PlanLegalBasisFormSet",
    "PlanRecipientFormSet",
    "PlanSectionFormSet",
    "SessionDocumentForm",
    "SessionForm",
]
