"""The carers hub's records in the Django admin, for superusers only (no role is staff). Also the
benchmark's comparison for the caseload (bench/cases/carers.py)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Allocation,
    CaredForPerson,
    Carer,
    CaringLink,
    CaseDocument,
    CaseTask,
    CatalogueService,
    Consent,
    Contact,
    RecordView,
    Referral,
)


@admin.register(Referral)
class ReferralAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "carer",
        "carer_type",
        "received_at",
        "route",
        "level_of_need",
        "status",
        "is_crisis",
    ]
    list_filter = ["status", "level_of_need", "carer_type", "route", "is_crisis"]
    list_select_related = ["carer"]
    search_fields = ["reference"]
    raw_id_fields = ["carer", "assessor"]


@admin.register(Carer)
class CarerAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "postcode", "is_demo", "anonymised_at"]
    list_filter = ["is_demo"]
    search_fields = ["last_name", "postcode"]


@admin.register(CatalogueService)
class CatalogueServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "records_amount", "position"]
    list_filter = ["tier"]


admin.site.register(CaredForPerson, SimpleHistoryAdmin)
admin.site.register(CaringLink, SimpleHistoryAdmin, raw_id_fields=["carer", "cared_for"])
admin.site.register(
    Consent, admin.ModelAdmin, raw_id_fields=["carer"], list_display=["carer", "kind", "given", "on"]
)
admin.site.register(
    CaseTask, SimpleHistoryAdmin, raw_id_fields=["referral"], list_display=["title", "owner", "due_on"]
)
admin.site.register(
    CaseDocument, SimpleHistoryAdmin, raw_id_fields=["referral"], list_display=["title", "kind", "size"]
)
admin.site.register(
    Allocation,
    SimpleHistoryAdmin,
    raw_id_fields=["referral"],
    list_display=["referral", "service", "amount", "allocated_at"],
)
admin.site.register(Contact, admin.ModelAdmin, raw_id_fields=["referral"])
admin.site.register(
    RecordView,
    admin.ModelAdmin,
    raw_id_fields=["carer", "referral"],
    list_display=["carer", "user", "what", "viewed_at"],
)
