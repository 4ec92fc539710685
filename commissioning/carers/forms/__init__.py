"""The carers hub's forms, one module per area: `referral` (the referral form, a carer's details, the
people they look after), `pathway` (the pathway's steps, allocations, contacts), `casework` (search,
merging records, documents, tasks, consent, the case worker, the national returns)."""

from .casework import (
    CaseWorkerForm,
    ConsentForm,
    DocumentForm,
    MergeForm,
    ReturnDetailsForm,
    ReturnsForm,
    SearchForm,
    TaskForm,
)
from .pathway import STEP_FORMS, AllocationForm, ContactForm
from .referral import CaredForForm, CarerForm, LinkCaredForForm, ReferralForm

__all__ = [
    "STEP_FORMS",
    "AllocationForm",
    "CaredForForm",
    "CarerForm",
    "CaseWorkerForm",
    "ConsentForm",
    "ContactForm",
    "DocumentForm",
    "LinkCaredForForm",
    "MergeForm",
    "ReferralForm",
    "ReturnDetailsForm",
    "ReturnsForm",
    "SearchForm",
    "TaskForm",
]
