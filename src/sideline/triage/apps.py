from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "sideline.triage"
    label = "triage"
    verbose_name = "Triage"

    def ready(self) -> None:
        from sideline.schools import home, nav
        from sideline.triage import rules  # noqa: F401  (registers the permissions)
        from sideline.triage.panels import inbox_panel

        nav.register(nav.NavItem("Triage", "triage_inbox", "triage.use_inbox", order=20))
        home.register(inbox_panel)
