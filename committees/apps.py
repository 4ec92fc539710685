from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    label = "committees"
    verbose_name = "Committees"

    def ready(self):
        from . import documents

        documents.register()
