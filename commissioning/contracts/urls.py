"""The contracts app's pages, one nested include per resource (each branch keeps its own)."""

from django.urls import include, path

from .views import contracts, provider_page, public

app_name = "contracts"

urlpatterns = [
    # The public contracts register (Local Government Transparency Code 2015): anonymous.
    path(
        "public/",
        include(
            [
                path("", public.register, name="public"),
                path("contracts.csv", public.register_csv, name="public-csv"),
                path("<str:reference>/", public.entry, name="public-entry"),
            ]
        ),
    ),
    # A provider's page: everything the council holds on it (its own users see their own).
    path("providers/", include([path("<slug:slug>/", provider_page.provider_page, name="provider")])),
    # The contracts register (staff) and a contract's pages.
    path(
        "",
        include(
            [
                path("", contracts.contract_list, name="list"),
                path("add/", contracts.contract_create, name="create"),
                path("<str:reference>/", contracts.contract_detail, name="detail"),
                path("<str:reference>/change/", contracts.contract_edit, name="edit"),
                path("<str:reference>/suppliers/add/", contracts.party_add, name="party-add"),
                path("<str:reference>/decision/", contracts.decision_add, name="decide"),
                path("<str:reference>/decision/check/", contracts.decision_confirm, name="decide-confirm"),
                path(
                    "<str:reference>/work-programme/", contracts.work_programme_add, name="work-programme-add"
                ),
            ]
        ),
    ),
]
