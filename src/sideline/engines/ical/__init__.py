"""Calendar engine: iCalendar parsing and expansion, the time audit, and the planned-blocks feed.

Django-free: the `calendars` app stores what `parse_calendar` returns and renders `build_audit`.
"""

from .audit import AuditReport, Categorizer, build_audit, make_categorizer
from .feed import FeedBlock, build_feed
from .model import CATEGORIES, CalendarError, EventError, Occurrence, ParseResult
from .parse import parse_calendar, parse_file, resolve_zone

__all__ = [
    "CATEGORIES",
    "AuditReport",
    "CalendarError",
    "Categorizer",
    "EventError",
    "FeedBlock",
    "Occurrence",
    "ParseResult",
    "build_audit",
    "build_feed",
    "make_categorizer",
    "parse_calendar",
    "parse_file",
    "resolve_zone",
]
