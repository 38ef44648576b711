from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "sideline.calendars"
    label = "calendars"
    verbose_name = "Calendars and the time audit"

    def ready(self) -> None:
        from sideline.calendars import home, rules  # noqa: F401 - registers the app's permissions
        from sideline.schools import home as home_panels
        from sideline.schools import nav

        nav.register(
            nav.NavItem("Calendars", "calendars_list", "calendars.view_calendars", order=300),
            nav.NavItem("Time trend", "calendars_trend", "calendars.view_calendars", order=310),
        )
        home_panels.register(home.this_week_panel)
