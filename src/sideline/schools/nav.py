"""Navigation by role. Each app registers its entries; the menu shows those the user's rules allow.

Entries are grouped into a few sections named for the work (Time, Coaching, Front office, ...), so a
principal with access to everything sees six headings rather than two dozen links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from sideline.schools.models import School

#: Section of an entry, by the prefix of its URL name; first match wins, in this order.
_SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("Time", ("triage", "calendars")),
    ("Coaching", ("coaching",)),
    ("Front office", ("delegation",)),
    ("Leadership", ("leadership",)),
    ("Volunteers", ("volunteers",)),
    ("School", ("staff", "school_settings")),
]
#: Settings pages of every app are listed under School, with the school's own settings.
_SETTINGS_NAMES = {"coaching_settings", "delegation_responders"}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # takes the school slug as its one argument
    perm: str  # a rules permission checked against the school
    order: int = 100

    @property
    def section(self) -> str:
        if self.url_name in _SETTINGS_NAMES:
            return "School"
        for section, prefixes in _SECTIONS:
            if self.url_name.startswith(prefixes):
                return section
        return "More"


_ITEMS: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _ITEMS:
            _ITEMS.append(item)
    _ITEMS.sort(key=lambda i: (i.order, i.label))


def sections_for(user: object, school: School) -> list[dict[str, object]]:
    """[{"label": section, "items": [{"label", "url"}]}] with only what the user's rules allow."""
    grouped: dict[str, list[dict[str, str]]] = {}
    for item in _ITEMS:
        if user.has_perm(item.perm, school):  # type: ignore[attr-defined]
            url = reverse(item.url_name, args=[school.slug])
            grouped.setdefault(item.section, []).append({"label": item.label, "url": url})
    order = [name for name, _ in _SECTIONS] + ["More"]
    return [{"label": name, "items": grouped[name]} for name in order if name in grouped]
