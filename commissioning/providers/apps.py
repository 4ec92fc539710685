from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "commissioning.providers"
    label = "providers"
    verbose_name = "Provider register"
