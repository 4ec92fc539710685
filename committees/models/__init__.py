"""Committee business: committees, people, meetings, agendas, reports, minutes and the work programme.

What the public may see is decided in the querysets' `visible_to(user)`: published part 1 reports,
agendas once published, minutes once approved. Drafts and part 2 (exempt) reports never reach the public.

One module per area; everything is importable from `committees.models`.
"""

from .decisions import Decision, DecisionQuerySet, call_in_working_days
from .interests import RegisteredInterest, RegisteredInterestQuerySet
from .meetings import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    MeetingQuerySet,
    WorkProgrammeItem,
)
from .minutes import Action, Minute, minute_text, resolution_lines
from .packs import AgendaPack, AgendaPackQuerySet, pack_path, pack_timeout
from .people import (
    MUNICIPAL_YEAR_RE,
    REFERENCE_RE,
    ROLE_ORDER,
    SEARCH_CONFIG,
    Committee,
    ExemptParagraph,
    Membership,
    Person,
    code_validator,
    municipal_year,
    municipal_year_validator,
    reference_validator,
)
from .reports import (
    Appendix,
    Paragraph,
    ReferenceCounter,
    Report,
    ReportQuerySet,
    ReportReference,
    ReportSection,
    appendix_path,
    scorecard_appendix_title,
)
from .subscriptions import Subscription

__all__ = [
    "MUNICIPAL_YEAR_RE",
    "REFERENCE_RE",
    "ROLE_ORDER",
    "SEARCH_CONFIG",
    "Action",
    "Decision",
    "DecisionQuerySet",
    "call_in_working_days",
    "AgendaItem",
    "AgendaPack",
    "AgendaPackQuerySet",
    "Appendix",
    "Attendance",
    "Committee",
    "Declaration",
    "ExemptParagraph",
    "Meeting",
    "MeetingQuerySet",
    "Membership",
    "Minute",
    "Paragraph",
    "Person",
    "ReferenceCounter",
    "RegisteredInterest",
    "RegisteredInterestQuerySet",
    "Report",
    "ReportQuerySet",
    "ReportReference",
    "ReportSection",
    "Subscription",
    "WorkProgrammeItem",
    "appendix_path",
    "code_validator",
    "minute_text",
    "municipal_year",
    "municipal_year_validator",
    "pack_path",
    "pack_timeout",
    "reference_validator",
    "resolution_lines",
    "scorecard_appendix_title",
]
