from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "sideline.coaching"
    label = "coaching"
    verbose_name = "Coaching Work"

    def ready(self) -> None:
        from sideline.coaching import rules  # noqa: F401  (registers the permissions)
        from sideline.coaching.views import home_panels
        from sideline.schools import home, nav

        nav.register(
            nav.NavItem("Log a visit", "coaching_observe", "coaching.log_observation", order=20),
            nav.NavItem("My coaching", "coaching_me", "coaching.view_my_coaching", order=20),
            nav.NavItem("Observations", "coaching_observations", "coaching.view_observations", order=25),
            nav.NavItem("Goals", "coaching_goals", "coaching.view_goals", order=26),
            nav.NavItem("Coverage", "coaching_coverage", "coaching.view_coverage", order=27),
            nav.NavItem("Visit planner", "coaching_plan", "coaching.plan_visits", order=28),
            nav.NavItem("Coaching settings", "coaching_settings", "coaching.change_settings", order=940),
        )
        home.register(home_panels)
