"""The delegation section of the calendars app's weekly PDF, registered only if that hook exists."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

from sideline.delegation import selectors
from sideline.schools.models import School

#: Where the calendars engineer may put `register_report_section`; the first found is used.
_HOOK_MODULES = ("sideline.calendars.report", "sideline.calendars.reports", "sideline.calendars.pdf")


def report_lines(school: School, week_start: dt.date) -> list[str]:
    """The measures as plain lines, for any report format."""
    m = selectors.measures(school, week_start)
    if m.technical_share_pct is None:
        share = (
            "no technical items triaged yet"
            if m.technical_items is not None
            else "triage inbox not installed"
        )
    else:
        share = f"{m.technical_share_pct}% ({m.delegated_items} of {m.technical_items})"
    medians = ", ".join(f"{a} {h:.1f} h" for a, h in m.median_hours_to_close.items()) or "nothing closed yet"
    return [
        f"Technical items delegated: {share}",
        f"Median time to close: {medians}",
        f"Items returned to the leader: {m.returned_total} ({m.returned_open} still open)",
        f"Technical hours removed from the leader's calendar this week: {m.hours_removed_this_week:.1f} h",
    ]


def section(school: School, week_start: dt.date, **_: Any) -> dict[str, Any]:
    return {"title": "Hand-over to the front office", "lines": report_lines(school, week_start)}


def register_with_calendars() -> bool:
    for name in _HOOK_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        hook = getattr(module, "register_report_section", None)
        if callable(hook):
            hook(section)
            return True
    return False
