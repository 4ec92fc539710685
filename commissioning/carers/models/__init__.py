"""The All-Age Carers Hub: carers, the people they care for, referrals through the Carers Service Pathway
2022, allocated support from the service catalogue, contacts and outcomes.

Carers' personal data (special category under UK GDPR) stays in this app. Every read goes through
`visible_to(user)`: only the carers hub worker and social care assessor roles ever get rows back.
"""

from .casework import CaseDocument, CaseTask, ReminderKind, ReminderSent
from .choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    OUTCOME_MEASURES,
    AgeBand,
    AssessmentMethod,
    CarerType,
    ClosureReason,
    ContactMethod,
    ContactMethodUsed,
    CrisisReason,
    Need,
    OutcomeScore,
    ReferrerType,
    Relationship,
    Route,
    Status,
    SupportReason,
    SupportType,
    age_on,
    carer_type_on,
)
from .consent import CONSENT_FIELDS, CONTACT_KINDS, Consent, ConsentKind, ConsentMethod
from .logs import FormAttempt, RecordView
from .people import (
    CARED_FOR_FIELDS,
    CARER_FIELDS,
    CONTACT_CHANNELS,
    PERSON_FIELDS,
    CaredForPerson,
    Carer,
    CarerQuerySet,
    CaringLink,
)
from .referrals import (
    REFERRAL_FIELDS,
    Allocation,
    CatalogueService,
    Contact,
    Referral,
    ReferralQuerySet,
    new_reference,
)
from .roles import is_assessor, sees_all_referrals

__all__ = [
    "AgeBand",
    "Allocation",
    "AssessmentMethod",
    "CARED_FOR_FIELDS",
    "CARER_FIELDS",
    "CLOSED_STATUSES",
    "CONSENT_FIELDS",
    "CONTACT_CHANNELS",
    "CONTACT_KINDS",
    "CaredForPerson",
    "Carer",
    "CarerQuerySet",
    "CarerType",
    "CaringLink",
    "CaseDocument",
    "CaseTask",
    "CatalogueService",
    "ClosureReason",
    "Consent",
    "ConsentKind",
    "ConsentMethod",
    "Contact",
    "ContactMethod",
    "ContactMethodUsed",
    "CrisisReason",
    "FormAttempt",
    "Need",
    "OPEN_STATUSES",
    "OUTCOME_MEASURES",
    "OutcomeScore",
    "PERSON_FIELDS",
    "REFERRAL_FIELDS",
    "RecordView",
    "Referral",
    "ReferralQuerySet",
    "ReferrerType",
    "Relationship",
    "ReminderKind",
    "ReminderSent",
    "Route",
    "Status",
    "SupportReason",
    "SupportType",
    "age_on",
    "carer_type_on",
    "is_assessor",
    "new_reference",
    "sees_all_referrals",
]
