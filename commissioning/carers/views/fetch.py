"""Fetching a referral or a carer for a page: 404 for anyone who may not see it, 403 for a role that sees
it but may not change it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from portal import permissions as perms

from ..models import Carer, CaseDocument, CaseTask, Referral
from ..services import works_cases


def get_referral_for_user(user, reference: str) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(user).select_related("carer", "assessor"), reference=reference
    )


def get_carer_for_user(user, pk: int) -> Carer:
    return get_object_or_404(Carer.objects.visible_to(user), pk=pk)


def may_change_carer(user, carer: Carer) -> bool:
    return user.has_perm(perms.CHANGE_CARERS_REFERRALS) and not carer.anonymised_at


def get_carer_to_change(request, pk: int) -> Carer:
    """404 for anyone who may not see the carer; 403 for a role that sees it but may not change it."""
    carer = get_carer_for_user(request.user, pk)
    if not request.user.has_perm(perms.CHANGE_CARERS_REFERRALS):
        raise PermissionDenied("Your role cannot change a carer's record.")
    return carer


def posted(request):
    return request.POST if request.method == "POST" else None


def require_case_worker(user) -> None:
    """Search, matches, documents, tasks and consent: hub workers and social care assessors only."""
    if not works_cases(user):
        raise PermissionDenied("Only the carers hub and social care assessors can do this.")


def get_document_for_user(user, reference: str, pk: int) -> CaseDocument:
    referral = get_referral_for_user(user, reference)
    return get_object_or_404(referral.documents.select_related("referral__carer"), pk=pk)


def get_task_for_user(user, pk: int) -> CaseTask:
    return get_object_or_404(
        CaseTask.objects.visible_to(user).select_related("referral__carer", "owner"), pk=pk
    )
