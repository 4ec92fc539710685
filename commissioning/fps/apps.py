from django.apps import AppConfig


class FpsConfig(AppConfig):
    name = "commissioning.fps"
    label = "fps"
    verbose_name = "Flexible purchasing system"
