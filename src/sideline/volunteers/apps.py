from __future__ import annotations

from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "sideline.volunteers"
    label = "volunteers"

    def ready(self) -> None:
        from sideline.schools import home, nav
        from sideline.volunteers import rules  # noqa: F401  (registers the permissions)
        from sideline.volunteers.panels import home_panels

        nav.register(nav.NavItem("Volunteers", "volunteers:index", "volunteers.view_volunteers", order=70))
        home.register(home_panels)
