"""Commissioners' changes to the market pages. Each is one transaction, validates with full_clean(), and
leaves a history record saying who did it and why (shown on the page as "last updated")."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from committees import markup
from portal.audit import audit

from .models import Assessment, Figure, Intention, Market, MarketSection

MARKET_FIELDS = [
    "title",
    "chapter",
    "position",
    "summary",
    "service_types",
    "purchasing_system",
    "shows_carers_referrals",
    "is_published",
]
FIGURE_FIELDS = [
    "kind",
    "label",
    "unit",
    "value",
    "value_to",
    "qualifier",
    "as_of",
    "as_of_precision",
    "source",
    "note",
]
INTENTION_FIELDS = ["text", "due", "due_precision", "report", "work_programme_item", "contract", "source"]


def _not_in_future(value: date | None, field: str, label: str) -> None:
    if value and value > timezone.localdate():
        raise ValidationError({field: f"{label} must be today or in the past"})


def _save(obj, by, reason: str, **full_clean_kwargs) -> None:
    obj.full_clean(**full_clean_kwargs)
    audit(obj, by=by, reason=reason)
    obj.save()


def _set(obj, fields: list[str], values: dict) -> None:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for field, value in values.items():
        setattr(obj, field, value)


def _delete(obj, by, reason: str) -> None:
    audit(obj, by=by, reason=reason)
    obj.delete()


# Markets ------------------------------------------------------------------------------------------------


RESERVED_SLUGS = {"add", "population"}  # paths of the app's own pages


def unique_market_slug(title: str) -> str:
    base = slugify(title)[:70] or "market"
    if base in RESERVED_SLUGS:
        base = f"{base}-market"
    taken = set(Market.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def market_create(*, by, **values) -> Market:
    market = Market(slug=unique_market_slug(values.get("title", "")))
    _set(market, MARKET_FIELDS, values)
    _save(market, by, "Market added")
    return market


@transaction.atomic
def market_update(*, market: Market, by, **values) -> Market:
    _set(market, MARKET_FIELDS, values)
    _save(market, by, "Market details changed")
    return market


# Sections of the statement's text ----------------------------------------------------------------------


def read_text(text: str) -> list[dict]:
    """The paragraphs of a section typed in the committees' light markup; a mistake is a form error."""
    try:
        paragraphs = markup.read(text or "")
    except markup.MarkupError as error:
        raise ValidationError({"text": str(error)}) from error
    if not paragraphs:
        raise ValidationError({"text": "Enter the text of the section"})
    return paragraphs


def section_text(section: MarketSection) -> str:
    """The section's paragraphs written back as markup, for the edit form."""
    return markup.write(SimpleNamespace(**paragraph) for paragraph in section.paragraphs)


@transaction.atomic
def section_create(
    *, market: Market, by, heading: str, text: str, last_reviewed: date | None = None
) -> MarketSection:
    last_reviewed = last_reviewed or timezone.localdate()
    _not_in_future(last_reviewed, "last_reviewed", "The date last reviewed")
    following = market.sections.aggregate(last=Max("position"))["last"]
    section = MarketSection(
        market=market,
        heading=heading,
        paragraphs=read_text(text),
        last_reviewed=last_reviewed,
        position=0 if following is None else following + 1,
    )
    _save(section, by, "Section added")
    return section


@transaction.atomic
def section_update(
    *, section: MarketSection, by, heading: str, text: str, last_reviewed: date
) -> MarketSection:
    _not_in_future(last_reviewed, "last_reviewed", "The date last reviewed")
    section.heading = heading
    section.paragraphs = read_text(text)
    section.last_reviewed = last_reviewed
    _save(section, by, "Section changed")
    return section


@transaction.atomic
def section_mark_reviewed(*, section: MarketSection, by) -> MarketSection:
    """Reviewed today and still right: the text stays as it is."""
    section.last_reviewed = timezone.localdate()
    _save(section, by, "Section reviewed: no change needed")
    return section


@transaction.atomic
def section_move(*, section: MarketSection, by, direction: str) -> MarketSection:
    """Swap the section with the one before ("up") or after ("down") it; at either end nothing moves."""
    if direction not in {"up", "down"}:
        raise ValidationError("Choose to move the section up or down")
    ordered = list(MarketSection.objects.select_for_update().filter(market_id=section.market_id))
    index = next(i for i, other in enumerate(ordered) if other.pk == section.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(ordered):
        return section
    ordered[index], ordered[other_index] = ordered[other_index], ordered[index]
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position
            audit(
                item,
                by=by,
                reason=f"Section moved {direction}" if item.pk == section.pk else "Section reordered",
            )
            item.save(update_fields=["position", "updated_at"])
    return next(item for item in ordered if item.pk == section.pk)


@transaction.atomic
def section_delete(*, section: MarketSection, by) -> None:
    _delete(section, by, "Section deleted")


# Figures ------------------------------------------------------------------------------------------------


@transaction.atomic
def figure_create(*, market: Market, by, **values) -> Figure:
    figure = Figure(market=market)
    _set(figure, FIGURE_FIELDS, values)
    following = market.figures.filter(kind=figure.kind).aggregate(last=Max("position"))["last"]
    figure.position = 0 if following is None else following + 1
    _save(figure, by, "Figure added")
    return figure


@transaction.atomic
def figure_update(*, figure: Figure, by, **values) -> Figure:
    _set(figure, FIGURE_FIELDS, values)
    _save(figure, by, "Figure changed")
    return figure


@transaction.atomic
def figure_delete(*, figure: Figure, by) -> None:
    _delete(figure, by, "Figure deleted")


# Commissioning intentions ----------------------------------------------------------------------------------


@transaction.atomic
def intention_create(*, market: Market, by, **values) -> Intention:
    intention = Intention(market=market)
    _set(intention, INTENTION_FIELDS, values)
    _save(intention, by, "Intention added")
    return intention


@transaction.atomic
def intention_update(*, intention: Intention, by, **values) -> Intention:
    _set(intention, INTENTION_FIELDS, values)
    _save(intention, by, "Intention changed")
    return intention


@transaction.atomic
def intention_delete(*, intention: Intention, by) -> None:
    _delete(intention, by, "Intention deleted")


# The commissioners' assessment ---------------------------------------------------------------------------


@transaction.atomic
def assessment_set(
    *, market: Market, dimension: str, by, rating: str, sentence: str, assessed_on: date
) -> Assessment:
    """Rate one dimension of the market (a new rating replaces the last; the history keeps it)."""
    _not_in_future(assessed_on, "assessed_on", "The date of the assessment")
    assessment = Assessment.objects.select_for_update().filter(
        market=market, dimension=dimension
    ).first() or Assessment(market=market, dimension=dimension)
    assessment.rating = rating
    assessment.sentence = sentence
    assessment.assessed_on = assessed_on
    assessment.is_demo = False  # a commissioner's own rating
    reason = "Assessment changed" if assessment.pk else "Assessment added"
    _save(assessment, by, reason)
    return assessment
