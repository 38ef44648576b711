from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "sideline.leadership"
    label = "leadership"
