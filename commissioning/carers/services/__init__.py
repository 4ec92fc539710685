"""Writes for the carers hub, one module per area: `intake` (referrals received online or by staff),
`pathway` (the Carers Service Pathway 2022 as a state machine), `records` (a carer's details and the people
they look after), `merge` (two records of one carer become one), `consent` (consent as records),
`casework` (documents, tasks, the case worker, the national returns' details), `reminders` (the daily
reminders), `access` (the access log) and `notify` (telling staff, carers and referrers).

Each write is a keyword-only function in one transaction that checks the caller's permission, locks what
it changes, validates with full_clean() and leaves a history row saying who and why. The names below are
the package's public services; callers use `services.<name>`.
"""

from .access import record_search, record_view
from .casework import (
    case_workers,
    document_add,
    document_remove,
    referral_assign,
    referral_set_return_details,
    task_add,
    task_done,
    task_update,
    works_cases,
)
from .catalogue import (
    CATALOGUE_FIELDS,
    catalogue_service_reinstate,
    catalogue_service_retire,
    catalogue_service_update,
)
from .consent import consent_record, may_contact
from .intake import OnlineResult, Outcome, new_form_token, online_referral_submit, referral_receive
from .merge import MERGE_FIELDS, carers_merge, merge_differences, referral_confirm_new_carer, same_people
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
    cared_for_link,
    cared_for_remove,
    cared_for_update,
    carer_update,
)
from .reminders import send_reminders

__all__ = [
    "CATALOGUE_FIELDS",
    "catalogue_service_reinstate",
    "catalogue_service_retire",
    "catalogue_service_update",
    "ALLOCATABLE_STATUSES",
    "CARER_UPDATE_FIELDS",
    "MERGE_FIELDS",
    "OnlineResult",
    "Outcome",
    "STEPS",
    "Step",
    "TIER_RANK",
    "allocation_add",
    "cared_for_add",
    "cared_for_link",
    "cared_for_remove",
    "cared_for_update",
    "carer_update",
    "carers_merge",
    "case_workers",
    "consent_record",
    "contact_add",
    "document_add",
    "document_remove",
    "may_allocate",
    "may_contact",
    "merge_differences",
    "same_people",
    "new_form_token",
    "next_steps",
    "one_year_after",
    "online_referral_submit",
    "record_search",
    "record_view",
    "referral_assessor_review",
    "referral_assign",
    "referral_close",
    "referral_confirm_new_carer",
    "referral_mark_contacted",
    "referral_receive",
    "referral_record_assessment",
    "referral_record_plan",
    "referral_record_review",
    "referral_set_need",
    "referral_set_return_details",
    "referral_social_care_assessed",
    "send_reminders",
    "task_add",
    "task_done",
    "task_update",
    "works_cases",
]
