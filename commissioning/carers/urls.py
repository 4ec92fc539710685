from django.urls import path

from . import views

app_name = "carers"

urlpatterns = [
    path("refer/", views.refer, name="refer"),
    path("refer/sent/", views.refer_done, name="refer-done"),
    path("", views.caseload, name="caseload"),
    path("referrals/new/", views.referral_new, name="referral-new"),
    path("assessor/", views.assessor_list, name="assessor"),
    path("statistics/", views.statistics, name="statistics"),
    path("referrals/<str:reference>/", views.referral_detail, name="referral"),
    path("referrals/<str:reference>/allocate/", views.referral_allocate, name="allocate"),
    path("referrals/<str:reference>/contacts/", views.referral_add_contact, name="add-contact"),
    path("referrals/<str:reference>/<slug:step>/", views.referral_step, name="step"),
    path("carers/<int:pk>/", views.carer_detail, name="carer"),
    path("carers/<int:pk>/change/", views.carer_edit, name="carer-edit"),
    path("carers/<int:pk>/cared-for/add/", views.cared_for_form, name="cared-for-add"),
    path("carers/<int:pk>/cared-for/<int:person_pk>/change/", views.cared_for_form, name="cared-for-edit"),
    path(
        "carers/<int:pk>/cared-for/<int:person_pk>/remove/", views.cared_for_remove, name="cared-for-remove"
    ),
    path("carers/<int:pk>/access-log/", views.carer_access_log, name="access-log"),
    path("carers/<int:pk>/export.json", views.carer_export_json, name="export-json"),
    path("carers/<int:pk>/export.pdf", views.carer_export_pdf, name="export-pdf"),
]
