from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scorecard"
    verbose_name = "Adult social care scorecard"

    def ready(self):
        from . import documents

        documents.register()
