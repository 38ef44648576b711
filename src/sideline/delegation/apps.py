from django.apps import AppConfig


class DelegationConfig(AppConfig):
    name = "sideline.delegation"
    label = "delegation"
