"""Subject access: everything the hub holds about a carer, as plain data (the JSON export and the PDF's
content come from this one function)."""

from __future__ import annotations

from django.utils import timezone

from .models import Carer


def subject_access_data(carer: Carer) -> dict:
    """Everything the hub holds about a carer, as plain data (the JSON export and the PDF's content)."""
    referrals = []
    held = carer.referrals.prefetch_related("allocations__service", "contacts", "documents")
    for referral in held.order_by("received_at"):
        referrals.append(
            {
                "reference": referral.reference,
                "received_at": referral.received_at,
                "route": referral.get_route_display(),
                "referred_by": referral.get_referrer_type_display(),
                "referrer_name": referral.referrer_name,
                "referrer_organisation": referral.referrer_organisation,
                "reason": referral.reason,
                "urgent": referral.is_crisis,
                "urgency_reason": referral.get_crisis_reason_display(),
                "status": referral.get_status_display(),
                "level_of_need": referral.get_level_of_need_display(),
                "assessed_on": referral.assessed_on,
                "plan_agreed_on": referral.plan_agreed_on,
                "review_due_on": referral.review_due_on,
                "closed_at": referral.closed_at,
                "closure_reason": referral.get_closure_reason_display(),
                "support": [
                    {
                        "service": a.service.name,
                        "allocated_at": a.allocated_at,
                        "amount": a.amount,
                        "notes": a.notes,
                    }
                    for a in referral.allocations.all()
                ],
                "contacts": [
                    {"date": c.contacted_on, "how": c.get_method_display(), "notes": c.notes}
                    for c in referral.contacts.all()
                ],
                "documents": [
                    {"title": d.title, "file": d.original_name, "added": d.uploaded_at}
                    for d in referral.documents.all()
                ],
            }
        )
    return {
        "carer": {
            "first_name": carer.first_name,
            "last_name": carer.last_name,
            "date_of_birth": carer.date_of_birth,
            "email": carer.email,
            "telephone": carer.phone,
            "address": [carer.address_line_1, carer.address_line_2, carer.town, carer.postcode],
            "gp_practice": carer.gp_practice,
            "school": carer.school,
            "preferred_contact": carer.get_preferred_contact_display(),
            "consents": {
                "store_details": carer.consent_to_store,
                "share_with_gp": carer.consent_to_share_with_gp,
                "share_with_social_care": carer.consent_to_share_with_social_care,
                "contact": carer.consent_to_contact,
                "contact_by": carer.contact_channels,
            },
            "consent_records": [
                {
                    "what": c.get_kind_display(),
                    "decision": "given" if c.given else "withdrawn",
                    "date": c.on,
                    "how": c.get_method_display(),
                }
                for c in carer.consents.all()
            ],
            "parent_carer": carer.is_parent_carer,
            "working_carer": carer.is_working_carer,
            "caring_hours_per_week": carer.caring_hours_per_week,
        },
        "cared_for": [
            {
                "name": link.cared_for.name,
                "relationship": link.get_relationship_display(),
                "age": link.cared_for.get_age_band_display(),
                "main_reason_for_care": link.cared_for.get_primary_support_reason_display(),
                "needs": link.cared_for.needs,
                "social_care_respite": link.cared_for.has_social_care_respite,
            }
            for link in carer.caring_links.select_related("cared_for")
        ],
        "referrals": referrals,
        "exported_at": timezone.now(),
    }
