"""The Day Opportunities Flexible Purchasing System (FPS), from the committee report AH/39/2021-22.

Stage 1, selection: while an application window is open, providers apply online to one or more lots by
answering the selection questionnaire; commissioners evaluate each section pass/fail, may ask clarification
questions, and the delegated officer admits or rejects the provider per lot. Any number of providers can be
admitted; the FPS reopens every 12 months for 5 years; lots can be added during the term.

Stage 2, call-off: anonymised care packages are published to the admitted providers of a lot, who bid; the
commissioner scores the bids after the deadline (quality/price weighting, social value inside quality),
awards one, and records the placement handed to the Care Brokerage Team.

See docs/adr/021-flexible-purchasing-system.md.
"""

from .applications import (
    Admission,
    AdmissionQuerySet,
    Answer,
    Application,
    ApplicationLot,
    ApplicationQuerySet,
    Clarification,
    SectionEvaluation,
    answer_upload_to,
)
from .calloffs import Bid, BidQuerySet, Package, PackageQuerySet
from .documents import DocumentVersion, ProcurementDocument
from .notices import Notice, Reminder
from .notifications import Notification
from .questions import PublicQuestion
from .system import (
    ApplicationWindow,
    Lot,
    PurchasingSystem,
    Question,
    QuestionSection,
    SpendFigure,
    WindowQuerySet,
)

__all__ = [
    "Admission",
    "AdmissionQuerySet",
    "Answer",
    "Application",
    "ApplicationLot",
    "ApplicationQuerySet",
    "ApplicationWindow",
    "Bid",
    "BidQuerySet",
    "DocumentVersion",
    "Clarification",
    "Lot",
    "Notice",
    "Notification",
    "Package",
    "PackageQuerySet",
    "ProcurementDocument",
    "PublicQuestion",
    "PurchasingSystem",
    "Question",
    "QuestionSection",
    "Reminder",
    "SectionEvaluation",
    "SpendFigure",
    "WindowQuerySet",
    "answer_upload_to",
]
