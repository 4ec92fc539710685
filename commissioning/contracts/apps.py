from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "commissioning.contracts"
    label = "contracts"
    verbose_name = "Contracts, provider performance and quality"
