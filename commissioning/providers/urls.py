from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("", views.provider_list, name="list"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register-sent"),
    path("register/confirm/<str:token>/", views.register_confirm, name="register-confirm"),
    path("export.csv", views.provider_export, name="export"),
    path("search.json", views.provider_search, name="search"),
    path("mine/", views.my_organisation, name="mine"),
    path("<slug:slug>/", views.provider_detail, name="detail"),
    path("<slug:slug>/edit/", views.provider_edit, name="edit"),
    path("<slug:slug>/deactivate/", views.provider_deactivate, name="deactivate"),
    path("<slug:slug>/reactivate/", views.provider_reactivate, name="reactivate"),
    path("<slug:slug>/invite/", views.provider_invite, name="invite"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
]
