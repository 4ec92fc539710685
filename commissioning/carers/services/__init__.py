"""Writes for the carers hub, one module per area: `intake` (referrals received online or by staff),
`pathway` (the Carers Service Pathway 2022 as a state machine), `records` (a carer's details and the people
they look after), `access` (the access log) and `notify` (telling staff, never with personal data).

Each write is a keyword-only function in one transaction that checks the caller's permission, locks what
it changes, validates with full_clean() and leaves a history row saying who and why. The names below are
the package's public services; callers use `services.<name>`.
"""

from .access import record_view
from .intake import (
    CARED_FOR_FIELDS,
    CARER_FIELDS,
    REFERRAL_FIELDS,
    OnlineResult,
    Outcome,
    new_form_token,
    online_referral_submit,
    referral_receive,
)
from .pathway import (
    ALLOCATABLE_STATUSES,
    STEPS,
    TIER_RANK,
    Step,
    allocation_add,
    contact_add,
    may_allocate,
    next_steps,
    one_year_after,
    referral_assessor_review,
    referral_close,
    referral_mark_contacted,
    referral_record_assessment,
    referral_record_plan,
    referral_record_review,
    referral_set_need,
    referral_social_care_assessed,
)
from .records import (
    CARER_UPDATE_FIELDS,
    cared_for_add,
    cared_for_remove,
    cared_for_update,
    carer_update,
)

__all__ = [
    "ALLOCATABLE_STATUSES",
    "CARED_FOR_FIELDS",
    "CARER_FIELDS",
    "CARER_UPDATE_FIELDS",
    "OnlineResult",
    "Outcome",
    "REFERRAL_FIELDS",
    "STEPS",
    "Step",
    "TIER_RANK",
    "allocation_add",
    "cared_for_add",
    "cared_for_remove",
    "cared_for_update",
    "carer_update",
    "contact_add",
    "may_allocate",
    "new_form_token",
    "next_steps",
    "one_year_after",
    "online_referral_submit",
    "record_view",
    "referral_assessor_review",
    "referral_close",
    "referral_mark_contacted",
    "referral_receive",
    "referral_record_assessment",
    "referral_record_plan",
    "referral_record_review",
    "referral_set_need",
    "referral_social_care_assessed",
]
