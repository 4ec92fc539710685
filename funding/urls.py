from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.stream_list, name="streams"),
    path("summary/", views.summary, name="summary"),
    path("appendix.csv", views.appendix_csv, name="appendix-csv"),
    path("appendix.pdf", views.appendix_pdf, name="appendix-pdf"),
    path("grants.json", views.grants_json, name="grants-json"),
    path("bcf/", views.bcf, name="bcf"),
    path("bcf/schemes.csv", views.bcf_csv, name="bcf-csv"),
    path("bcf/schemes.pdf", views.bcf_pdf, name="bcf-pdf"),
    path("mine/", views.my_funding, name="mine"),
    path("funders/add/", views.funder_add, name="funder-add"),
    path("streams/add/", views.stream_add, name="stream-add"),
    path("providers/<slug:slug>/", views.provider_ledger, name="provider-ledger"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
    path("rounds/<int:pk>/retain/", views.round_retain, name="round-retain"),
    path("rounds/<int:pk>/allocate/", views.allocation_add, name="allocation-add"),
    path("rounds/<int:pk>/calculator/", views.calculator, name="calculator"),
    path("rounds/<int:pk>/bases/", views.basis_list, name="bases"),
    path("rounds/<int:pk>/bases/add/", views.basis_add, name="basis-add"),
    path("bases/<int:pk>/edit/", views.basis_edit, name="basis-edit"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
    path("allocations/<int:pk>/status/", views.allocation_status, name="allocation-status"),
    path("allocations/<int:pk>/amount/", views.allocation_amount, name="allocation-amount"),
    path("allocations/<int:pk>/refused/", views.refused_money, name="refused-money"),
    path("allocations/<int:pk>/return/", views.return_submit, name="return-submit"),
    path("returns/<int:pk>/reclaim/", views.return_reclaim, name="return-reclaim"),
    path("<slug:slug>/", views.stream_detail, name="stream"),
    path("<slug:slug>/edit/", views.stream_edit, name="stream-edit"),
    path("<slug:slug>/rounds/add/", views.round_add, name="round-add"),
]
