from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "commissioning.market"
    label = "market"
    verbose_name = "Market position statement"
