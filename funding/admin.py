from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BCFScheme,
    Funder,
    FundingStream,
    LedgerEntry,
    ProviderAllocation,
    ProviderBasis,
    ProviderReturn,
    Round,
    Section75Agreement,
    ServiceInScope,
)


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind"]


@admin.register(FundingStream)
class FundingStreamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "funder", "category", "decision"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["stream", "name", "period", "allocation", "status"]
    list_filter = ["status", "stream"]


@admin.register(ProviderBasis)
class ProviderBasisAdmin(SimpleHistoryAdmin):
    list_display = ["round", "provider", "beds", "service_users", "new_packages"]
    raw_id_fields = ["provider", "round"]


@admin.register(ProviderAllocation)
class ProviderAllocationAdmin(SimpleHistoryAdmin):
    """Read-only here: money changes through the portal's pages, which keep the round's total."""

    list_display = ["provider", "round", "amount", "status", "paid_on"]
    list_filter = ["status"]
    raw_id_fields = ["provider", "round"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = ["round", "kind", "amount", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ProviderReturn)
class ProviderReturnAdmin(SimpleHistoryAdmin):
    list_display = ["allocation", "submitted_on", "unspent", "is_late", "status"]

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(Section75Agreement, SimpleHistoryAdmin)
admin.site.register(BCFScheme, SimpleHistoryAdmin)
admin.site.register(ServiceInScope)
