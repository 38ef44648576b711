from django.apps import AppConfig


class DelegationConfig(AppConfig):
    name = "sideline.delegation"
    label = "delegation"
    verbose_name = "Delegation"

    def ready(self) -> None:
        from sideline.calendars import selectors as calendar_selectors
        from sideline.delegation import home, report, selectors
        from sideline.delegation import rules as _rules  # noqa: F401  (registers the permissions)
        from sideline.schools import home as home_panels
        from sideline.schools import nav

        nav.register(
            nav.NavItem("Work queue", "delegation_queue", "delegation.view_queue", order=300),
            nav.NavItem("Capture", "delegation_capture", "delegation.capture", order=301),
            nav.NavItem("Waiting on you", "delegation_waiting", "delegation.decide", order=302),
            nav.NavItem("Daily meeting", "delegation_meeting", "delegation.view_meeting", order=303),
            nav.NavItem("First responders", "delegation_responders", "delegation.view_responders", order=920),
        )
        home_panels.register(home.panels)
        report.register_with_calendars()
        calendar_selectors.register_handed_over(selectors.handed_over_series)
