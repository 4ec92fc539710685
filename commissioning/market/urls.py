from django.urls import path

from . import views

app_name = "market"

urlpatterns = [
    path("", views.index, name="index"),
    path("population/", views.population_page, name="population"),
    path("population/<slug:table>.csv", views.population_csv, name="population-csv"),
    path("statement.pdf", views.statement_pdf_view, name="pdf"),
    path("add/", views.market_add, name="market-add"),
    path("<slug:slug>/", views.market_page, name="market"),
    path("<slug:slug>/tables/<slug:table>.csv", views.table_csv, name="table-csv"),
    path("<slug:slug>/edit/", views.market_edit, name="market-edit"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/sections/add/", views.section_add, name="section-add"),
    path("<slug:slug>/sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("<slug:slug>/sections/<int:pk>/reviewed/", views.section_reviewed, name="section-reviewed"),
    path("<slug:slug>/sections/<int:pk>/move/", views.section_move, name="section-move"),
    path("<slug:slug>/sections/<int:pk>/delete/", views.section_delete, name="section-delete"),
    path("<slug:slug>/figures/add/", views.figure_add, name="figure-add"),
    path("<slug:slug>/figures/<int:pk>/edit/", views.figure_edit, name="figure-edit"),
    path("<slug:slug>/figures/<int:pk>/delete/", views.figure_delete, name="figure-delete"),
    path("<slug:slug>/intentions/add/", views.intention_add, name="intention-add"),
    path("<slug:slug>/intentions/<int:pk>/edit/", views.intention_edit, name="intention-edit"),
    path("<slug:slug>/intentions/<int:pk>/delete/", views.intention_delete, name="intention-delete"),
    path("<slug:slug>/assessment/<slug:dimension>/", views.assessment_edit, name="assessment-edit"),
]
