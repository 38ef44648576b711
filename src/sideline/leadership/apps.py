from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "sideline.leadership"
    label = "leadership"
    verbose_name = "Leveraged Leadership Work"

    def ready(self) -> None:
        from sideline.leadership import home, rules  # noqa: F401 - registers the app's permissions
        from sideline.schools import home as home_panels
        from sideline.schools import nav

        nav.register(
            nav.NavItem("Pipeline", "leadership_pipeline", "leadership.view_pipeline", order=500),
            nav.NavItem("PLCs", "leadership_plcs", "leadership.view_plcs", order=510),
            nav.NavItem("Compare visits", "leadership_visits", "leadership.view_visits", order=520),
            nav.NavItem("Leverage projects", "leadership_leverage", "leadership.view_leverage", order=530),
            nav.NavItem("On message", "leadership_on_message", "leadership.view_on_message", order=540),
            nav.NavItem("My leadership path", "leadership_me", "leadership.view_my_path", order=560),
        )
        home_panels.register(home.readiness_panel)
