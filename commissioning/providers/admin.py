from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Provider, ProviderMembership


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "town", "cqc_provider_id", "is_active", "is_demo", "created_at"]
    list_filter = ["is_active", "is_demo"]
    search_fields = ["name", "companies_house_number", "charity_number", "cqc_provider_id"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ProviderMembership)
class ProviderMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "provider", "invited_by", "created_at"]
    raw_id_fields = ["user", "provider", "invited_by"]
