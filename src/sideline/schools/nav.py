"""Navigation by role. Each app registers its entries; the menu shows those the user's rules allow."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from sideline.schools.models import School


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # takes the school slug as its one argument
    perm: str  # a rules permission checked against the school
    order: int = 100


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _ITEMS:
            _ITEMS.append(item)
    _ITEMS.sort(key=lambda i: (i.order, i.label))


def items_for(user: object, school: School) -> list[dict[str, str]]:
    visible = []
    for item in _ITEMS:
        if user.has_perm(item.perm, school):  # type: ignore[attr-defined]
            visible.append({"label": item.label, "url": reverse(item.url_name, args=[school.slug])})
    return visible
