from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from .feeds import MeetingsFeed
from .views import (
    actions,
    decisions,
    interests,
    meetings,
    minutes,
    public,
    registers,
    reports,
    subscriptions,
)

app_name = "committees"

urlpatterns = [
    path("", public.committee_list, name="index"),
    path("meetings/", public.meeting_list, name="meetings"),
    path("meetings.ics", public.meetings_ical, name="meetings-ical"),
    path("meetings.atom", login_not_required(MeetingsFeed()), name="meetings-feed"),
    path(
        "subscriptions/",
        include(
            [
                path("confirm/<str:token>/", subscriptions.subscription_confirm, name="subscription-confirm"),
                path("unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
            ]
        ),
    ),
    path("meetings/<int:pk>/", public.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/minutes/", public.meeting_minutes, name="minutes"),
    path("reports/<int:pk>/", public.report_detail, name="report"),
    path("appendices/<int:pk>/", public.appendix_download, name="appendix"),
    path("search/", public.search, name="search"),
    path("decisions/", decisions.decision_list, name="decisions"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path(
        "interests/",
        include(
            [
                path("", interests.interest_index, name="interests"),
                path("members/<int:pk>/", interests.member_interests, name="member-interests"),
                path("members/<int:pk>/add/", interests.interest_add, name="interest-add"),
                path("<int:pk>/correct/", interests.interest_edit, name="interest-edit"),
                path("<int:pk>/end/", interests.interest_end, name="interest-end"),
                path("<int:pk>/remove/", interests.interest_remove, name="interest-remove"),
            ]
        ),
    ),
    path("<slug:slug>/", public.committee_detail, name="committee"),
    path("<slug:slug>/meetings.ics", public.committee_ical, name="committee-ical"),
    path(
        "<slug:slug>/",
        include(
            [
                path("meetings.atom", login_not_required(MeetingsFeed()), name="committee-feed"),
                path("subscribe/", subscriptions.subscribe, name="subscribe"),
                path("subscribe/sent/", subscriptions.subscribe_sent, name="subscribe-sent"),
            ]
        ),
    ),
    path("<slug:slug>/work-programme/", public.work_programme, name="work-programme"),
]

urlpatterns = [
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/publish-agenda/", meetings.agenda_publish, name="agenda-publish"),
    path("meetings/<int:pk>/agenda/add/", meetings.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:pk>/delete/", meetings.meeting_delete, name="meeting-delete"),
    path("meetings/<int:pk>/attendance/", minutes.attendance_record, name="attendance"),
    path("meetings/<int:pk>/declarations/", minutes.declarations, name="declarations"),
    path("declarations/<int:pk>/edit/", minutes.declaration_edit, name="declaration-edit"),
    path("declarations/<int:pk>/remove/", minutes.declaration_remove, name="declaration-remove"),
    path("meetings/<int:pk>/minutes/add/", minutes.minute_add, name="minute-add"),
    path("meetings/<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/minutes/<int:number>/edit/", minutes.minute_edit, name="minute-edit"),
    path("attendance/<int:pk>/remove/", minutes.attendance_remove, name="attendance-remove"),
    path("agenda-items/<int:pk>/remove/", meetings.agenda_item_remove, name="agenda-item-remove"),
    path("meetings/<int:pk>/minutes.pdf", public.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/agenda-pack.pdf", public.pack_pdf, name="pack-pdf"),
    path("meetings/<int:pk>/agenda-pack/prepare/", public.pack_prepare, name="pack-prepare"),
    path("agenda-items/<int:pk>/edit/", meetings.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/move/", meetings.agenda_item_move, name="agenda-item-move"),
    path("actions/", actions.action_list, name="actions"),
    path("decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/publish/", decisions.decision_publish, name="decision-publish"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("meetings/<int:pk>/actions/new/", actions.action_create, name="action-create"),
    path("manage/committees/new/", registers.committee_create, name="committee-create"),
    path("manage/people/", registers.person_list, name="people"),
    path("manage/people/new/", registers.person_add, name="person-add"),
    path("manage/people/<int:pk>/edit/", registers.person_edit, name="person-edit"),
    path("<slug:slug>/edit/", registers.committee_edit, name="committee-edit"),
    path("<slug:slug>/end/", registers.committee_end, name="committee-end"),
    path("<slug:slug>/reinstate/", registers.committee_reinstate, name="committee-reinstate"),
    path("<slug:slug>/members/add/", registers.membership_add, name="membership-add"),
    path("<slug:slug>/work-programme/add/", registers.work_programme_add, name="work-programme-add"),
    path("work-programme/<int:pk>/edit/", registers.work_programme_edit, name="work-programme-edit"),
    path("work-programme/<int:pk>/delete/", registers.work_programme_delete, name="work-programme-delete"),
    path("memberships/<int:pk>/edit/", registers.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/end/", registers.membership_end, name="membership-end"),
    path("actions/<int:pk>/done/", actions.action_done, name="action-done"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_create, name="report-create"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report-edit"),
    path("reports/<int:pk>/delete/", reports.report_delete, name="report-delete"),
    path("reports/<int:pk>/pdf/", public.report_pdf, name="report-pdf"),
    path("reports/<int:pk>/sections/add/", reports.section_add, name="section-add"),
    path("sections/<int:pk>/edit/", reports.section_edit, name="section-edit"),
    path("sections/<int:pk>/delete/", reports.section_delete, name="section-delete"),
    path("reports/<int:pk>/appendices/add/", reports.appendix_add, name="appendix-add"),
    path(
        "reports/<int:pk>/appendices/add-scorecard/",
        reports.appendix_add_scorecard,
        name="appendix-add-scorecard",
    ),
    path("appendices/<int:pk>/delete/", reports.appendix_delete, name="appendix-delete"),
    path("appendices/<int:pk>/move/", reports.appendix_move, name="appendix-move"),
    path("reports/<int:pk>/submit/", reports.report_submit, name="report-submit"),
    path("reports/<int:pk>/publish/", reports.report_publish, name="report-publish"),
    path("reports/<int:pk>/return/", reports.report_return, name="report-return"),
    *urlpatterns,
]
