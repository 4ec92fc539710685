"""Writes for public questions and answers.

A provider's user asks about an application window while it is open, or about a package published to a
lot its organisation is admitted to, before the bid deadline. A commissioner answers: publishing puts the
question (reworded if it would identify the asker) and the answer in front of everyone who can see that
window or package, and tells them; or answers the asker privately when the question is about their own
organisation. The asker is never named to anyone but the commissioners.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commissioning.providers.models import Provider, require_active

from ..models import Admission, Application, ApplicationWindow, Package, PublicQuestion
from .calloffs import bid_refusal
from .common import audit, link_to, uk_time
from .notify import provider_notify

MAX_LENGTH = 4000
LIVE_APPLICATIONS = [Application.Status.DRAFT, Application.Status.SUBMITTED, Application.Status.CLARIFICATION]


def _check_text(text: str, field: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: f"Enter {what}"})
    if len(text) > MAX_LENGTH:
        raise ValidationError({field: f"{what[0].upper()}{what[1:]} must be 4,000 characters or fewer"})
    return text


def window_question_refusal(window: ApplicationWindow | None, provider: Provider, moment=None) -> str | None:
    moment = moment or timezone.now()
    if window is None or not window.is_open(moment):
        return "Questions about applying can be asked only while an application window is open."
    if not provider.is_active:
        return "A deactivated organisation cannot ask questions."
    return None


@transaction.atomic
def question_ask_about_window(
    *, window: ApplicationWindow, provider: Provider, question: str, by, moment=None
):
    moment = moment or timezone.now()
    require_active(provider)
    refusal = window_question_refusal(window, provider, moment)
    if refusal:
        raise ValidationError(refusal)
    return _record_question(window.system, provider, question, by, moment, window=window)


def _record_question(system, provider: Provider, question: str, by, moment, **about) -> PublicQuestion:
    """A provider's question about a window or a package (`about`), once its asking has been allowed."""
    text = _check_text(question, "question", "your question")
    item = PublicQuestion(
        system=system, asked_by_provider=provider, asked_by=by, asked_at=moment, question=text, **about
    )
    item.full_clean(exclude=["asked_by"])
    audit(item, by=by, reason="Asked")
    item.save()
    return item


def package_question_refusal(package: Package, provider: Provider, moment=None) -> str | None:
    """Why this provider cannot ask about this package now (the same rule as bidding), or None."""
    if not provider.is_active:
        return "A deactivated organisation cannot ask questions."
    refusal = bid_refusal(package, provider, moment)
    if refusal is None:
        return None
    return refusal.replace("bids can no longer be made or changed", "questions are closed").replace(
        "so it cannot bid for this package", "so it cannot ask about this package"
    )


@transaction.atomic
def question_ask_about_package(*, package: Package, provider: Provider, question: str, by, moment=None):
    moment = moment or timezone.now()
    require_active(provider)
    package = Package.objects.select_for_update().select_related("lot__system").get(pk=package.pk)
    refusal = package_question_refusal(package, provider, moment)
    if refusal:
        raise ValidationError(refusal)
    return _record_question(package.system, provider, question, by, moment, package=package)


def audience(item: PublicQuestion):
    """The active organisations told when a question is published: for a package, those admitted (active)
    to its lot; for a window, those with an application in progress or with the evaluators in it. The
    asker is always told."""
    if item.package_id:
        ids = Admission.objects.current().filter(lot_id=item.package.lot_id).values("provider_id")
    else:
        ids = Application.objects.filter(window=item.window_id, status__in=LIVE_APPLICATIONS).values(
            "provider_id"
        )
    return Provider.objects.filter(is_active=True).filter(Q(pk__in=ids) | Q(pk=item.asked_by_provider_id))


def _where(item: PublicQuestion) -> str:
    if item.package_id:
        return link_to("fps:package-questions", item.package.reference)
    return link_to("fps:window-questions", item.system.slug, item.window_id)


@transaction.atomic
def question_publish(*, item: PublicQuestion, published_question: str, answer: str, by, moment=None):
    """Publishes the question (as reworded, so it names nobody) and its answer, and tells everyone who can
    see it. Publishing again corrects the published text (the history keeps the earlier one)."""
    moment = moment or timezone.now()
    item = (
        PublicQuestion.objects.select_for_update(of=("self",))
        .select_related("package__lot", "window", "system")
        .get(pk=item.pk)
    )
    published_question = _check_text(
        published_question, "published_question", "the question as it will be published"
    )
    answer = _check_text(answer, "answer", "the answer")
    first_time = item.status != PublicQuestion.Status.PUBLISHED
    item.published_question = published_question
    item.answer = answer
    item.answered_by = by
    item.answered_at = moment
    item.status = PublicQuestion.Status.PUBLISHED
    item.full_clean(exclude=["asked_by"])
    audit(item, by=by, reason="Published" if first_time else "Published answer corrected")
    item.save()
    if first_time:
        for provider in audience(item).order_by("name", "pk").iterator(chunk_size=500):
            provider_notify(
                provider=provider,
                subject=f"A question about {item.subject} has been answered",
                body=(
                    f"The council has answered a question about {item.subject} ({item.system.name}).\n\n"
                    f"Question:\n{item.published_question}\n\nAnswer:\n{item.answer}"
                ),
                link=_where(item),
            )
    return item


@transaction.atomic
def question_answer_privately(*, item: PublicQuestion, answer: str, by, moment=None):
    """Answers only the asker (a question about their own organisation or application): nothing is
    published."""
    moment = moment or timezone.now()
    item = (
        PublicQuestion.objects.select_for_update(of=("self",))
        .select_related("package", "window", "system")
        .get(pk=item.pk)
    )
    if item.status == PublicQuestion.Status.PUBLISHED:
        raise ValidationError("This question is published: correct its published answer instead.")
    answer = _check_text(answer, "answer", "the answer")
    item.answer = answer
    item.answered_by = by
    item.answered_at = moment
    item.status = PublicQuestion.Status.NOT_PUBLISHED
    item.full_clean(exclude=["asked_by"])
    audit(item, by=by, reason="Answered privately")
    item.save()
    provider_notify(
        provider=item.asked_by_provider,
        subject=f"Your question about {item.subject} has been answered",
        body=(
            f"You asked at {uk_time(item.asked_at)}:\n{item.question}\n\nThe council's answer, to your "
            f"organisation only:\n{item.answer}"
        ),
        link=_where(item),
    )
    return item
