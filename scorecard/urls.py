from django.urls import path, register_converter

from .views import analyst, reading


class YearConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(YearConverter, "fy")

app_name = "scorecard"

urlpatterns = [
    path("", reading.index, name="index"),
    path("import/", analyst.import_upload, name="import"),
    path("import/<int:pk>/", analyst.import_preview, name="import-preview"),
    path("measures/new/", analyst.measure_new, name="measure-new"),
    path("measures/<int:pk>/", reading.measure_page, name="measure"),
    path("measures/<int:pk>/edit/", analyst.measure_edit, name="measure-definition"),
    path("measures/<int:pk>/retire/", analyst.measure_retire, name="measure-retire"),
    path("measures/<int:pk>/bring-back/", analyst.measure_restore, name="measure-restore"),
    path("<fy:year>/q<int:quarter>/", reading.quarter_page, name="quarter"),
    path("<fy:year>/q<int:quarter>/scorecard.<str:fmt>", reading.quarter_export, name="export"),
    path("<fy:year>/q<int:quarter>/publish/", analyst.quarter_publish, name="publish"),
    path("<fy:year>/q<int:quarter>/new-version/", analyst.quarter_new_version, name="new-version"),
    path("<fy:year>/q<int:quarter>/measures/<int:pk>/", analyst.measure_quarter_edit, name="measure-edit"),
]
