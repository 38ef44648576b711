from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "sideline.coaching"
    label = "coaching"
