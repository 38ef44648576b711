from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "sideline.volunteers"
    label = "volunteers"
