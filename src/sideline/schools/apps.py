from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "sideline.schools"
    label = "schools"
    verbose_name = "Schools and people"

    def ready(self) -> None:
        from sideline.schools import nav

        nav.register(
            nav.NavItem("Staff", "staff", "schools.view_staff", order=900),
            nav.NavItem("Settings", "school_settings", "schools.view_settings", order=950),
        )
