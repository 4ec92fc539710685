"""The contracts app's pages, one nested include per resource (each branch keeps its own)."""

from django.urls import include, path

from .views import concerns, contracts, performance, provider_page, public, quality

app_name = "contracts"

# Provider performance (issue 12, part 4): KPIs, quarterly returns, late returns to chase.
PERFORMANCE = [
    path("returns/", performance.returns_list, name="returns"),
    path("returns/<int:pk>/", performance.return_detail, name="return"),
    path("returns/<int:pk>/submit/", performance.return_submit, name="return-submit"),
    path("returns/<int:pk>/review/", performance.return_review, name="return-review"),
    path("contracts/<str:reference>/kpis/", performance.contract_kpis, name="kpis"),
    path("contracts/<str:reference>/kpis/add/", performance.kpi_add, name="kpi-add"),
    path("contracts/<str:reference>/ask/", performance.return_ask, name="return-ask"),
    path("kpis/<int:pk>/edit/", performance.kpi_edit, name="kpi-edit"),
]

# Quality assurance and eligibility (parts 5 and 7): visits, action plans, providers' quality records.
VISITS = [
    path("", quality.visits_list, name="visits"),
    path("due/", quality.visits_due, name="visits-due"),
    path("add/", quality.visit_add, name="visit-add"),
    path("<int:pk>/", quality.visit_detail, name="visit"),
    path("<int:pk>/edit/", quality.visit_edit, name="visit-edit"),
    path("<int:pk>/record/", quality.visit_record, name="visit-record"),
    path("<int:pk>/cancel/", quality.visit_cancel, name="visit-cancel"),
    path("<int:pk>/actions/add/", quality.action_add, name="action-add"),
]

ACTIONS = [
    path("", quality.actions_list, name="actions"),
    path("<int:pk>/", quality.action_detail, name="action"),
    path("<int:pk>/respond/", quality.action_respond, name="action-respond"),
    path("<int:pk>/review/", quality.action_review, name="action-review"),
]

QUALITY_RECORD = [
    path("", quality.provider_quality, name="quality"),
    path("edit/", quality.quality_edit, name="quality-edit"),
    path("insurance/<str:kind>/", quality.insurance_edit, name="insurance-edit"),
]

# Providers of concern (part 6): concerns and the monthly governance meeting's decisions.
CONCERNS = [
    path("", concerns.concerns_list, name="concerns"),
    path("add/", concerns.concern_add, name="concern-add"),
    path("<int:pk>/", concerns.concern_detail, name="concern"),
    path("<int:pk>/close/", concerns.concern_close, name="concern-close"),
    path("<int:pk>/actions/add/", concerns.concern_action_add, name="concern-action-add"),
]

MEETINGS = [
    path("", concerns.meetings_list, name="meetings"),
    path("add/", concerns.meeting_add, name="meeting-add"),
    path("<int:pk>/", concerns.meeting_detail, name="meeting"),
    path("<int:pk>/providers/<slug:slug>/", concerns.item_add, name="meeting-item"),
]

urlpatterns = [
    # Monitoring providers (issue 12, parts 4-7): the lists above.
    path("performance/", include(PERFORMANCE)),
    path("quality/visits/", include(VISITS)),
    path("quality/actions/", include(ACTIONS)),
    path("quality/providers/<slug:slug>/", include(QUALITY_RECORD)),
    path("governance/concerns/", include(CONCERNS)),
    path("governance/meetings/", include(MEETINGS)),
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
                path("<str:reference>/suppliers/<int:pk>/end/", contracts.party_end, name="party-end"),
                path("<str:reference>/decision/", contracts.decision_add, name="decide"),
                path("<str:reference>/decision/check/", contracts.decision_confirm, name="decide-confirm"),
                path(
                    "<str:reference>/work-programme/", contracts.work_programme_add, name="work-programme-add"
                ),
            ]
        ),
    ),
]
