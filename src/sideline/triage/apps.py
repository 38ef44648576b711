from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "sideline.triage"
    label = "triage"
