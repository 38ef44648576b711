from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "sideline.calendars"
    label = "calendars"
