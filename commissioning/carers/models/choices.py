"""The carers hub's choices and the rules that derive a carer's type from their age."""

from __future__ import annotations

from datetime import date

from django.db import models


class CarerType(models.TextChoices):
    YOUNG = "young", "Young carer"
    YOUNG_ADULT = "young-adult", "Young adult carer"
    PARENT = "parent", "Parent carer"
    ADULT = "adult", "Adult carer"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Telephone"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    POST = "post", "Post"


class Relationship(models.TextChoices):
    PARENT = "parent", "Parent"
    PARTNER = "partner", "Husband, wife or partner"
    CHILD = "child", "Son or daughter"
    SIBLING = "sibling", "Brother or sister"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other-relative", "Other relative"
    FRIEND = "friend", "Friend or neighbour"


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", "Under 18"
    AGE_18_64 = "18-64", "18 to 64"
    AGE_65_84 = "65-84", "65 to 84"
    AGE_85_PLUS = "85+", "85 or over"


class SupportReason(models.TextChoices):
    PHYSICAL = "physical", "Physical support"
    MEMORY = "memory", "Memory and cognition"
    LEARNING = "learning-disability", "Learning disability"
    MENTAL_HEALTH = "mental-health", "Mental health"
    SENSORY = "sensory", "Sensory support"
    SUBSTANCE = "substance-misuse", "Substance misuse"
    OTHER = "other", "Other"


class Route(models.TextChoices):
    ONLINE = "online", "Online"
    TELEPHONE = "telephone", "Telephone"
    FACE_TO_FACE = "face-to-face", "Face to face"
    EMAIL = "email", "Email"


class ReferrerType(models.TextChoices):
    SELF = "self", "Self-referral"
    GP = "gp", "GP"
    HOSPITAL = "hospital", "Hospital"
    FAMILY = "family", "Family or friend"
    PROFESSIONAL = "professional", "Professional"
    SCHOOL = "school", "School"


class CrisisReason(models.TextChoices):
    BREAKDOWN = "breakdown", "Carer breakdown"
    ILL_HEALTH = "ill-health", "Carer's ill health"
    HOSPITAL = "hospital-discharge", "Cared-for person returning from hospital"
    OTHER = "other", "Other"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    CONTACTED = "contacted", "Contacted"
    ASSESSED = "assessed", "Assessment completed"
    DECLINED = "declined", "Declined assessment"
    NOT_ELIGIBLE = "not-eligible", "Not eligible"
    ASSESSOR_REVIEW = "assessor-review", "With social care assessor"
    SOCIAL_CARE = "social-care", "Sent to social care"
    AWAITING_SUPPORT = "awaiting-support", "Awaiting allocation"
    SUPPORT_ALLOCATED = "support-allocated", "Support allocated"
    PLAN_IN_PLACE = "plan-in-place", "Plan in place"
    CLOSED = "closed", "Closed"


CLOSED_STATUSES = (Status.DECLINED, Status.NOT_ELIGIBLE, Status.CLOSED)
OPEN_STATUSES = tuple(s for s in Status if s not in CLOSED_STATUSES)


class Need(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class ClosureReason(models.TextChoices):
    OUTCOMES_MET = "outcomes-met", "Outcomes met"
    NO_LONGER_CARING = "no-longer-caring", "No longer caring"
    MOVED_AWAY = "moved-away", "Moved out of Cheshire East"
    NO_CONTACT = "no-contact", "Could not be contacted"
    CARER_WITHDREW = "withdrew", "Carer asked to stop"
    TRANSFERRED = "transferred", "Transferred to social care"
    DECLINED = "declined", "Declined assessment"
    NOT_ELIGIBLE = "not-eligible", "Not eligible"
    OTHER = "other", "Other"


class OutcomeScore(models.TextChoices):
    IMPROVED = "improved", "Improved"
    SAME = "same", "Stayed the same"
    WORSE = "worse", "Got worse"


OUTCOME_MEASURES = {
    "outcome_wellbeing": "Wellbeing",
    "outcome_ability_to_care": "Ability to keep caring",
    "outcome_life_of_own": "Having a life of their own",
}


def carer_type_on(date_of_birth: date | None, is_parent_carer: bool, on: date) -> str:
    """The carer's type on a day: young (under 18), young adult (18 to 25), parent, or adult.

    A 16 or 17 year old is both a young carer and a young adult carer (`carer_types`); the one type used
    for counting and filtering is the younger one, so each referral is counted once.
    """
    if date_of_birth is not None:
        age = age_on(date_of_birth, on)
        if age < 18:
            return CarerType.YOUNG
        if age <= 25:
            return CarerType.YOUNG_ADULT
    return CarerType.PARENT if is_parent_carer else CarerType.ADULT


def age_on(date_of_birth: date, on: date) -> int:
    return on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))


class ContactMethodUsed(models.TextChoices):
    PHONE = "phone", "Telephone"
    EMAIL = "email", "Email"
    FACE_TO_FACE = "face-to-face", "Face to face"
    VIDEO = "video", "Video call"
    LETTER = "letter", "Letter"


# --- The national returns (ADR 023) -------------------------------------------------------------------
class AssessmentMethod(models.TextChoices):
    """How the carer was assessed or reviewed (SALT LTS003 table 3a; the Survey of Adult Carers)."""

    JOINT = "joint", "Jointly with the cared-for person"
    SEPARATE = "separate", "Separately from the cared-for person"
    NONE = "none", "No assessment or review"


class SupportType(models.TextChoices):
    """The support provided to the carer (SALT LTS003 categories, used by the Survey of Adult Carers)."""

    DIRECT_PAYMENT = "direct-payment", "Direct payment"
    PERSONAL_BUDGET = "personal-budget", "Managed personal budget"
    COMMISSIONED = "commissioned", "Commissioned support"
    INFORMATION = "information", "Information, advice and signposting only"
    NONE = "none", "No direct support to the carer"
