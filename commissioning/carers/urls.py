from django.urls import path

from .views import carers, caseload, casework, consent, merge, public, referrals, returns, search, statistics

app_name = "carers"

urlpatterns = [
    path("refer/", public.refer, name="refer"),
    path("refer/sent/", public.refer_done, name="refer-done"),
    path("", caseload.caseload, name="caseload"),
    path("referrals/new/", caseload.referral_new, name="referral-new"),
    path("assessor/", caseload.assessor_list, name="assessor"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("search/", search.search, name="search"),
    path("tasks/", casework.task_list, name="tasks"),
    path("tasks/<int:pk>/", casework.task_edit, name="task-edit"),
    path("tasks/<int:pk>/done/", casework.task_done, name="task-done"),
    path("returns/", returns.returns_page, name="returns"),
    path("returns/client-level-data.csv", returns.returns_cld, name="returns-cld"),
    path("returns/survey-of-adult-carers.csv", returns.returns_sace, name="returns-sace"),
    path("access-log/", returns.hub_access_log, name="hub-access-log"),
    path("referrals/<str:reference>/", referrals.referral_detail, name="referral"),
    path("referrals/<str:reference>/allocate/", referrals.referral_allocate, name="allocate"),
    path("referrals/<str:reference>/contacts/", referrals.referral_add_contact, name="add-contact"),
    path("referrals/<str:reference>/new-carer/", merge.referral_confirm_new, name="confirm-new-carer"),
    path("referrals/<str:reference>/documents/add/", casework.document_add, name="document-add"),
    path("referrals/<str:reference>/documents/<int:pk>/", casework.document_download, name="document"),
    path(
        "referrals/<str:reference>/documents/<int:pk>/remove/",
        casework.document_remove,
        name="document-remove",
    ),
    path("referrals/<str:reference>/tasks/add/", casework.task_add, name="task-add"),
    path("referrals/<str:reference>/case-worker/", casework.referral_case_worker, name="case-worker"),
    path("referrals/<str:reference>/returns/", casework.referral_return_details, name="return-details"),
    path("referrals/<str:reference>/<slug:step>/", referrals.referral_step, name="step"),
    path("carers/<int:pk>/", carers.carer_detail, name="carer"),
    path("carers/<int:pk>/change/", carers.carer_edit, name="carer-edit"),
    path("carers/<int:pk>/consent/", consent.carer_consent, name="consent"),
    path("carers/<int:pk>/merge/<int:other_pk>/", merge.carer_merge, name="carer-merge"),
    path("carers/<int:pk>/cared-for/add/", carers.cared_for_form, name="cared-for-add"),
    path("carers/<int:pk>/cared-for/share/", carers.cared_for_link, name="cared-for-link"),
    path("carers/<int:pk>/cared-for/<int:person_pk>/change/", carers.cared_for_form, name="cared-for-edit"),
    path(
        "carers/<int:pk>/cared-for/<int:person_pk>/remove/", carers.cared_for_remove, name="cared-for-remove"
    ),
    path("carers/<int:pk>/access-log/", carers.carer_access_log, name="access-log"),
    path("carers/<int:pk>/export.json", carers.carer_export_json, name="export-json"),
    path("carers/<int:pk>/export.pdf", carers.carer_export_pdf, name="export-pdf"),
]
