from django.urls import path, register_converter

from . import views


class YearConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(YearConverter, "fy")

app_name = "scorecard"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
    path("measures/new/", views.measure_new, name="measure-new"),
    path("measures/<int:pk>/", views.measure_page, name="measure"),
    path("<fy:year>/q<int:quarter>/", views.quarter_page, name="quarter"),
    path("<fy:year>/q<int:quarter>/scorecard.<str:fmt>", views.quarter_export, name="export"),
    path("<fy:year>/q<int:quarter>/publish/", views.quarter_publish, name="publish"),
    path("<fy:year>/q<int:quarter>/new-version/", views.quarter_new_version, name="new-version"),
    path("<fy:year>/q<int:quarter>/measures/<int:pk>/", views.measure_quarter_edit, name="measure-edit"),
]
