"""The FPS's URLs, one block per area; each block's views live in views/<area>.py."""

from django.urls import include, path

from .views import (
    calloffs,
    documents,
    evaluation,
    market,
    provider,
    public,
    questionnaire,
    questions,
    register,
    setup,
    system,
)

app_name = "fps"

urlpatterns = [
    # Provider users: applications, clarifications, notifications (views/provider.py).
    path("applications/", provider.application_list, name="applications"),
    path("messages/", provider.notifications, name="notifications"),
    path("applications/<str:reference>/", provider.application_detail, name="application"),
    path("applications/<str:reference>/lots/", provider.application_lots, name="application-lots"),
    path(
        "applications/<str:reference>/sections/<int:number>/",
        provider.application_section,
        name="application-section",
    ),
    path("applications/<str:reference>/check/", provider.application_check, name="application-check"),
    path(
        "applications/<str:reference>/submitted/",
        provider.application_submitted,
        name="application-submitted",
    ),
    path(
        "applications/<str:reference>/withdraw/", provider.application_withdraw, name="application-withdraw"
    ),
    path("documents/<int:pk>/", provider.document_download, name="document"),
    path("clarifications/<int:pk>/answer/", provider.clarification_answer, name="clarification-answer"),
    # Commissioners: evaluation, decisions, the register's suspensions and removals (views/evaluation.py).
    path("evaluation/", evaluation.queue, name="queue"),
    path("evaluation/<str:reference>/", evaluation.evaluate, name="evaluate"),
    path(
        "evaluation/<str:reference>/sections/<int:number>/",
        evaluation.evaluate_section,
        name="evaluate-section",
    ),
    path("evaluation/<str:reference>/pass/", evaluation.pass_remaining, name="evaluate-pass-remaining"),
    path("evaluation/<str:reference>/clarify/", evaluation.clarification_ask, name="clarification-ask"),
    path("evaluation/<str:reference>/lots/<int:lot>/decide/", evaluation.decide, name="decide"),
    path("evaluation/<str:reference>/application.pdf", evaluation.application_pdf, name="application-pdf"),
    path("admissions/<int:pk>/suspend/", register.admission_suspend, name="admission-suspend"),
    path("admissions/<int:pk>/reinstate/", register.admission_reinstate, name="admission-reinstate"),
    path("admissions/<int:pk>/remove/", register.admission_remove, name="admission-remove"),
    # Commissioners and admitted providers: call-off packages, bids, scores, awards, placements
    # (views/calloffs.py).
    path("packages/", calloffs.package_list, name="packages"),
    path("packages/new/", calloffs.package_create, name="package-create"),
    path("packages/<str:reference>/", calloffs.package_detail, name="package"),
    path("packages/<str:reference>/edit/", calloffs.package_edit, name="package-edit"),
    path("packages/<str:reference>/publish/", calloffs.package_publish, name="package-publish"),
    path("packages/<str:reference>/cancel/", calloffs.package_cancel, name="package-cancel"),
    path("packages/<str:reference>/bid/", calloffs.bid_edit, name="bid"),
    path("packages/<str:reference>/bids/", calloffs.package_bids, name="package-bids"),
    path("packages/<str:reference>/award/", calloffs.package_award, name="package-award"),
    path("packages/<str:reference>/placement/", calloffs.package_placement, name="package-placement"),
    path("bids/<int:pk>/score/", calloffs.bid_score, name="bid-score"),
    # Questions and answers: the commissioners' queue, and a package's (views/questions.py).
    path(
        "questions/",
        include(
            [
                path("", questions.question_queue, name="question-queue"),
                path("<int:pk>/", questions.question_answer, name="question-answer"),
            ]
        ),
    ),
    path(
        "packages/<str:reference>/questions/",
        include(
            [
                path("", questions.package_questions, name="package-questions"),
                path("ask/", questions.package_question_ask, name="package-question-ask"),
            ]
        ),
    ),
    path("documents/versions/<int:pk>/", documents.document_download, name="document-download"),
    path("new/", setup.system_create, name="system-create"),
    # Paths that start with a purchasing system's slug: last, so the fixed paths above win.
    path("", public.index, name="index"),
    path("<slug:slug>/", public.overview, name="overview"),
    path("<slug:slug>/apply/", provider.application_start, name="application-start"),
    path("<slug:slug>/register/", register.register, name="register"),
    path("<slug:slug>/register.csv", register.register_csv, name="register-csv"),
    # Commissioners who run the system: lots, windows and the questionnaire (views/system.py and
    # views/questionnaire.py).
    path("<slug:slug>/edit/", setup.system_edit, name="system-edit"),
    path("<slug:slug>/lots/add/", system.lot_add, name="lot-add"),
    path("<slug:slug>/lots/<int:pk>/edit/", setup.lot_edit, name="lot-edit"),
    path("<slug:slug>/lots/<int:pk>/remove/", setup.lot_remove, name="lot-remove"),
    path("<slug:slug>/windows/", system.windows, name="windows"),
    path("<slug:slug>/windows/add/", system.window_add, name="window-add"),
    path("<slug:slug>/windows/<int:pk>/edit/", system.window_edit, name="window-edit"),
    path("<slug:slug>/windows/<int:pk>/remove/", system.window_remove, name="window-remove"),
    path(
        "<slug:slug>/windows/<int:pk>/questions/",
        include(
            [
                path("", questions.window_questions, name="window-questions"),
                path("ask/", questions.window_question_ask, name="window-question-ask"),
            ]
        ),
    ),
    path("<slug:slug>/questionnaire/", questionnaire.questionnaire, name="questionnaire"),
    path("<slug:slug>/questionnaire/move/", questionnaire.questionnaire_move, name="questionnaire-move"),
    path("<slug:slug>/questionnaire/sections/add/", questionnaire.section_add, name="section-add"),
    path(
        "<slug:slug>/questionnaire/sections/<int:pk>/edit/", questionnaire.section_edit, name="section-edit"
    ),
    path(
        "<slug:slug>/questionnaire/sections/<int:pk>/remove/",
        questionnaire.section_remove,
        name="section-remove",
    ),
    path(
        "<slug:slug>/questionnaire/sections/<int:pk>/questions/add/",
        questionnaire.question_add,
        name="question-add",
    ),
    path(
        "<slug:slug>/questionnaire/questions/<int:pk>/edit/",
        questionnaire.question_edit,
        name="question-edit",
    ),
    path(
        "<slug:slug>/questionnaire/questions/<int:pk>/remove/",
        questionnaire.question_remove,
        name="question-remove",
    ),
    path("<slug:slug>/ocds.json", calloffs.ocds_export, name="ocds"),
    # A system's rules and a dynamic market's notices (views/market.py).
    path(
        "<slug:slug>/market/",
        include(
            [
                path("", market.market, name="market"),
                path("edit/", market.market_edit, name="market-edit"),
                path("notices/add/", market.notice_add, name="notice-add"),
            ]
        ),
    ),
    # Procurement documents: public, and kept by commissioners who run the system (views/documents.py).
    path("<slug:slug>/documents/", documents.documents, name="documents"),
    path("<slug:slug>/documents/add/", documents.document_add, name="document-add"),
    path("<slug:slug>/documents/<int:pk>/", documents.document_versions, name="document-versions"),
    path("<slug:slug>/documents/<int:pk>/versions/add/", documents.version_add, name="document-version-add"),
    path("<slug:slug>/questionnaire/publish/", documents.questionnaire_publish, name="questionnaire-publish"),
]
