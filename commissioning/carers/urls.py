from django.urls import path

from .views import carers, caseload, public, referrals, statistics

app_name = "carers"

urlpatterns = [
    path("refer/", public.refer, name="refer"),
    path("refer/sent/", public.refer_done, name="refer-done"),
    path("", caseload.caseload, name="caseload"),
    path("referrals/new/", caseload.referral_new, name="referral-new"),
    path("assessor/", caseload.assessor_list, name="assessor"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("referrals/<str:reference>/", referrals.referral_detail, name="referral"),
    path("referrals/<str:reference>/allocate/", referrals.referral_allocate, name="allocate"),
    path("referrals/<str:reference>/contacts/", referrals.referral_add_contact, name="add-contact"),
    path("referrals/<str:reference>/<slug:step>/", referrals.referral_step, name="step"),
    path("carers/<int:pk>/", carers.carer_detail, name="carer"),
    path("carers/<int:pk>/change/", carers.carer_edit, name="carer-edit"),
    path("carers/<int:pk>/cared-for/add/", carers.cared_for_form, name="cared-for-add"),
    path("carers/<int:pk>/cared-for/<int:person_pk>/change/", carers.cared_for_form, name="cared-for-edit"),
    path(
        "carers/<int:pk>/cared-for/<int:person_pk>/remove/", carers.cared_for_remove, name="cared-for-remove"
    ),
    path("carers/<int:pk>/access-log/", carers.carer_access_log, name="access-log"),
    path("carers/<int:pk>/export.json", carers.carer_export_json, name="export-json"),
    path("carers/<int:pk>/export.pdf", carers.carer_export_pdf, name="export-pdf"),
]
