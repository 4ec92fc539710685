"""The All-Age Carers Hub: carers, the people they care for, referrals through the Carers Service Pathway
2022, allocated support from the service catalogue, contacts and outcomes.

Carers' personal data (special category under UK GDPR) stays in this app. Every read goes through
`visible_to(user)`: only the carers hub worker and social care assessor roles ever get rows back.
"""

from .choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    OUTCOME_MEASURES,
    AgeBand,
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
    age_on,
    carer_type_on,
)
from .logs import FormAttempt, RecordView
from .people import CaredForPerson, Carer, CarerQuerySet
from .referrals import Allocation, CatalogueService, Contact, Referral, ReferralQuerySet, new_reference
from .roles import is_assessor, sees_all_referrals

__all__ = [
    "AgeBand",
    "Allocation",
    "CLOSED_STATUSES",
    "CaredForPerson",
    "Carer",
    "CarerQuerySet",
    "CarerType",
    "CatalogueService",
    "ClosureReason",
    "Contact",
    "ContactMethod",
    "ContactMethodUsed",
    "CrisisReason",
    "FormAttempt",
    "Need",
    "OPEN_STATUSES",
    "OUTCOME_MEASURES",
    "OutcomeScore",
    "RecordView",
    "Referral",
    "ReferralQuerySet",
    "ReferrerType",
    "Relationship",
    "Route",
    "Status",
    "SupportReason",
    "age_on",
    "carer_type_on",
    "is_assessor",
    "new_reference",
    "sees_all_referrals",
]
