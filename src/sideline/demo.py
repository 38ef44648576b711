"""The demo school, built in steps: schools and people first, then each app adds its own data.

Each app may have a `demo.py` with `build(ctx: DemoContext) -> None`; `sideline demo` runs them in the
order of INSTALLED_APPS. Every step must be idempotent: running the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps

from sideline.schools.models import District, Person, School

DEMO_PASSWORD = "sideline-demo"


@dataclass
class DemoContext:
    today: dt.date
    district: District
    school: School
    other_school: School
    #: role key -> people holding it at the main school
    people: dict[str, list[Person]] = field(default_factory=dict)
    #: (role label, where, name, login) for each demo login, printed at the end
    logins: list[tuple[str, str, str, str]] = field(default_factory=list)
    log: Callable[[str], None] = print

    def one(self, role: str) -> Person:
        return self.people[role][0]


def steps() -> list[tuple[str, Callable[[DemoContext], None]]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sideline.") or config.name == "sideline.schools":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        found.append((config.label, module.build))
    return found


def build(*, today: dt.date | None = None, log: Callable[[str], None] = print) -> DemoContext:
    from sideline.schools.demo import build_schools

    ctx = build_schools(today=today or dt.date.today(), log=log)
    for label, step in steps():
        log(f"demo: {label}")
        step(ctx)
    return ctx
