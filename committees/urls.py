from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.committee_list, name="index"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings.ics", views.meetings_ical, name="meetings-ical"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="minutes"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("appendices/<int:pk>/", views.appendix_download, name="appendix"),
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.committee_detail, name="committee"),
    path("<slug:slug>/meetings.ics", views.committee_ical, name="committee-ical"),
    path("<slug:slug>/work-programme/", views.work_programme, name="work-programme"),
]

urlpatterns = [
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/publish-agenda/", views.agenda_publish, name="agenda-publish"),
    path("meetings/<int:pk>/agenda/add/", views.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("meetings/<int:pk>/minutes/add/", views.minute_add, name="minute-add"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/<int:number>/edit/", views.minute_edit, name="minute-edit"),
    path("attendance/<int:pk>/remove/", views.attendance_remove, name="attendance-remove"),
    path("agenda-items/<int:pk>/remove/", views.agenda_item_remove, name="agenda-item-remove"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/agenda-pack.pdf", views.pack_pdf, name="pack-pdf"),
    path("meetings/<int:pk>/agenda-pack/prepare/", views.pack_prepare, name="pack-prepare"),
    path("agenda-items/<int:pk>/edit/", views.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("actions/", views.action_list, name="actions"),
    path("manage/committees/new/", views.committee_create, name="committee-create"),
    path("manage/people/new/", views.person_add, name="person-add"),
    path("<slug:slug>/edit/", views.committee_edit, name="committee-edit"),
    path("<slug:slug>/members/add/", views.membership_add, name="membership-add"),
    path("<slug:slug>/work-programme/add/", views.work_programme_add, name="work-programme-add"),
    path("work-programme/<int:pk>/edit/", views.work_programme_edit, name="work-programme-edit"),
    path("work-programme/<int:pk>/delete/", views.work_programme_delete, name="work-programme-delete"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("actions/<int:pk>/done/", views.action_done, name="action-done"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report-edit"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/sections/add/", views.section_add, name="section-add"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("reports/<int:pk>/appendices/add/", views.appendix_add, name="appendix-add"),
    path(
        "reports/<int:pk>/appendices/add-scorecard/",
        views.appendix_add_scorecard,
        name="appendix-add-scorecard",
    ),
    path("reports/<int:pk>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report-publish"),
    *urlpatterns,
]
