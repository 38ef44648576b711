"""The home page is made of panels; each app contributes panels for the roles it serves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from sideline.schools.models import School


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]
    order: int = 100


PanelProvider = Callable[[HttpRequest, School, frozenset[str]], list[Panel]]
_PROVIDERS: list[PanelProvider] = []


def register(provider: PanelProvider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels_for(request: HttpRequest, school: School, roles: frozenset[str]) -> list[Panel]:
    panels: list[Panel] = []
    for provider in _PROVIDERS:
        panels.extend(provider(request, school, roles))
    return sorted(panels, key=lambda p: p.order)
