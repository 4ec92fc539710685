"""Case work on a referral: documents, tasks with an owner and a due date, the case worker, and the
details the national returns need (carer type, assessment method, support type)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from portal.audit import audit

from ..models import AssessmentMethod, CarerType, CaseDocument, CaseTask, Referral, SupportType
from ..uploads import check_case_document
from .base import ASSESSOR, HUB, check_permission


def works_cases(user) -> bool:
    """Hub workers and social care assessors do case work (on the referrals they can see)."""
    return user.is_authenticated and (user.has_perm(HUB) or user.has_perm(ASSESSOR))


def _check_case_worker(user) -> None:
    if not works_cases(user):
        raise PermissionDenied("Your role cannot change this case.")


def case_workers():
    """Active users who can be given a task or a case: hub workers and social care assessors."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(groups__permissions__codename__in=["change_referral", "assess_referral"])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _can_see(user, referral: Referral) -> bool:
    return Referral.objects.visible_to(user).filter(pk=referral.pk).exists()


# --- Documents -------------------------------------------------------------------------------------------
@transaction.atomic
def document_add(*, referral: Referral, title: str, upload, by) -> CaseDocument:
    _check_case_worker(by)
    checked = check_case_document(upload)
    document = CaseDocument(
        referral=referral,
        title=title.strip(),
        original_name=checked.name,
        kind=checked.kind,
        size=checked.size,
        uploaded_by=by,
    )
    document.file.save(checked.name, upload, save=False)  # stored under a random name (document_path)
    try:
        document.full_clean(exclude=["file"])
        audit(document, by=by, reason="Document added")
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def document_remove(*, document: CaseDocument, by) -> None:
    """The record goes (its history keeps a deletion row); the file is deleted once that has committed."""
    _check_case_worker(by)
    fresh = CaseDocument.objects.select_for_update().filter(pk=document.pk).first()
    if fresh is None:
        return
    name, storage = fresh.file.name, fresh.file.storage
    audit(fresh, by=by, reason="Document removed")
    fresh.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Tasks -----------------------------------------------------------------------------------------------
def _check_owner(owner, referral: Referral) -> None:
    if not owner.is_active or not works_cases(owner) or not _can_see(owner, referral):
        raise ValidationError({"owner": "Choose someone who can see this referral"})


@transaction.atomic
def task_add(*, referral: Referral, title: str, owner, due_on: date, by, notes: str = "") -> CaseTask:
    _check_case_worker(by)
    if not referral.is_open:
        raise ValidationError("This referral is closed: tasks cannot be added.")
    _check_owner(owner, referral)
    task = CaseTask(
        referral=referral, title=title.strip(), owner=owner, due_on=due_on, notes=notes, created_by=by
    )
    task.full_clean()
    audit(task, by=by, reason="Task added")
    task.save()
    return task


@transaction.atomic
def task_update(*, task: CaseTask, by, title: str, owner, due_on: date, notes: str = "") -> CaseTask:
    _check_case_worker(by)
    fresh = CaseTask.objects.select_for_update().get(pk=task.pk)
    _check_owner(owner, fresh.referral)
    before = (fresh.title, fresh.owner_id, fresh.due_on, fresh.notes)
    fresh.title, fresh.owner, fresh.due_on, fresh.notes = title.strip(), owner, due_on, notes
    if (fresh.title, fresh.owner_id, fresh.due_on, fresh.notes) == before:
        return fresh
    fresh.full_clean()
    audit(fresh, by=by, reason="Task changed")
    fresh.save()
    return fresh


@transaction.atomic
def task_done(*, task: CaseTask, by, done: bool = True) -> CaseTask:
    """Mark the task done (or not done again). A second click changes nothing."""
    _check_case_worker(by)
    fresh = CaseTask.objects.select_for_update().get(pk=task.pk)
    if bool(fresh.done_at) == done:
        return fresh
    fresh.done_at, fresh.done_by = (timezone.now(), by) if done else (None, None)
    audit(fresh, by=by, reason="Task done" if done else "Task reopened")
    fresh.save(update_fields=["done_at", "done_by"])
    return fresh


# --- The case worker and the national returns' details ---------------------------------------------------
@transaction.atomic
def referral_assign(*, referral: Referral, owner, by) -> Referral:
    check_permission(by, HUB)
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    if owner is not None:
        _check_owner(owner, fresh)
    if fresh.owner_id == (owner.pk if owner else None):
        return fresh
    fresh.owner = owner
    audit(fresh, by=by, reason="Case worker changed" if owner else "Case worker removed")
    fresh.save(update_fields=["owner", "updated_at"])
    return fresh


@transaction.atomic
def referral_set_return_details(
    *, referral: Referral, by, carer_type: str, assessment_method: str, support_type: str
) -> Referral:
    """Carer type (as received, corrected if it was wrong), assessment method and support type."""
    _check_case_worker(by)
    if carer_type not in CarerType.values:
        raise ValidationError({"carer_type": "Choose the carer type"})
    if assessment_method and assessment_method not in AssessmentMethod.values:
        raise ValidationError({"assessment_method": "Choose how the carer was assessed"})
    if support_type and support_type not in SupportType.values:
        raise ValidationError({"support_type": "Choose the support provided to the carer"})
    fresh = Referral.objects.select_for_update().get(pk=referral.pk)
    values = {"carer_type": carer_type, "assessment_method": assessment_method, "support_type": support_type}
    changed = [field for field, value in values.items() if getattr(fresh, field) != value]
    if not changed:
        return fresh
    for field in changed:
        setattr(fresh, field, values[field])
    audit(fresh, by=by, reason="National return details changed")
    fresh.save(update_fields=[*changed, "updated_at"])
    return fresh
