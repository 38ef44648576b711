"""Charts (Vega-Lite) and the one-page weekly PDF a leader can bring to a supervisor.

Other apps add their measures to the PDF with `register_report_section(fn)`. The PDF calls
`fn(school, week_start, person=person, week=week_summary)` (accept `**kwargs` for what you do not
use) and takes back a `ReportSection`, a dict `{"title": str, "lines": [str, ...]}`, or None when the
section has nothing to say this week.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from django.conf import settings

from sideline.calendars.selectors import WeekSummary
from sideline.engines.ical.audit import AuditReport
from sideline.schools.models import Person, School

CATEGORY_LABELS = {
    "coaching": "Coaching",
    "technical": "Technical",
    "leveraged": "Leveraged",
    "personal": "Personal",
}
# The same hues as the badges in sideline.css, so the chart reads like the rest of the app.
CATEGORY_COLORS = {
    "coaching": "#1b7f4c",
    "technical": "#9a5b00",
    "leveraged": "#3556a8",
    "personal": "#6b6b6b",
}


@dataclass(frozen=True)
class ReportSection:
    title: str
    rows: list[tuple[str, str]]


ReportSectionFn = Callable[..., "ReportSection | dict[str, Any] | None"]
_SECTIONS: list[ReportSectionFn] = []


def register_report_section(fn: ReportSectionFn) -> ReportSectionFn:
    if fn not in _SECTIONS:
        _SECTIONS.append(fn)
    return fn


def trend_spec(rows: list[dict[str, object]], target_pct: int, title: str) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": rows},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": "week", "type": "ordinal", "title": "ISO week", "axis": {"labelAngle": -45}},
            "y": {"field": "hours", "type": "quantitative", "title": "Hours", "stack": "zero"},
            "color": {
                "field": "category",
                "type": "nominal",
                "title": "Category",
                "sort": list(CATEGORY_LABELS),
                "scale": {"domain": list(CATEGORY_COLORS), "range": list(CATEGORY_COLORS.values())},
            },
            "order": {"field": "category", "sort": "ascending"},
        },
        "description": f"Hours per week by category; the Coaching target is {target_pct}% of work hours.",
    }


def _fixed_width(spec: dict[str, Any], width: int) -> dict[str, Any]:
    # "container" width only means something in a browser; the server renders at a fixed size.
    return {**spec, "width": width}


def spec_to_svg(spec: dict[str, Any], width: int = 640) -> str:
    import vl_convert

    return str(vl_convert.vegalite_to_svg(_fixed_width(spec, width)))


def spec_to_png(spec: dict[str, Any], width: int = 640) -> bytes:
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(_fixed_width(spec, width), scale=2))


_bundle: str | None = None
_bundle_lock = threading.Lock()


def vega_bundle() -> str:
    """vega + vega-lite + vega-embed as one script, built from the copy shipped inside vl-convert.

    Building it takes seconds, so it is kept in memory and in var/cache keyed by the package version.
    """
    global _bundle
    with _bundle_lock:
        if _bundle is not None:
            return _bundle
        import vl_convert

        version = str(getattr(vl_convert, "__version__", "unknown"))
        cache = Path(getattr(settings, "VAR_DIR", Path("var"))) / "cache" / f"vega-bundle-{version}.js"
        if cache.exists():
            _bundle = cache.read_text(encoding="utf-8")
        else:
            _bundle = str(vl_convert.javascript_bundle())  # type: ignore[call-arg]
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(".tmp")
                tmp.write_text(_bundle, encoding="utf-8")
                tmp.replace(cache)
            except OSError:
                pass  # a read-only var/ only costs the rebuild on the next start
        return _bundle


def _fmt_share(share: float | None) -> str:
    return "no work hours" if share is None else f"{share:.0f}%"


def weekly_pdf(person: Person, school: School, week: WeekSummary, trend: AuditReport | None = None) -> bytes:
    """One page: the week's hours, Coaching share vs target, classroom days, double-bookings, the trend."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from sideline.calendars.selectors import weekly_hours

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=letter, leftMargin=0.6 * inch, rightMargin=0.6 * inch, topMargin=0.5 * inch,
        bottomMargin=0.5 * inch, title=f"Weekly time report {week.iso_week}", author=person.name,
    )  # fmt: skip
    styles = getSampleStyleSheet()
    small = styles["BodyText"]
    story: list[Any] = [
        Paragraph(
            escape(f"{person.name} — week {week.iso_week} ({week.date_from:%b %d} to {week.date_to:%b %d})"),
            styles["Title"],
        ),
        Paragraph(escape(f"{school.name}. Times in {week.timezone}."), small),
        Spacer(1, 6),
    ]
    rows = [["Category", "Hours"]]
    rows += [[CATEGORY_LABELS[c], f"{h:.2f}"] for c, h in week.hours.items()]
    rows += [["Total", f"{week.total_hours:.2f}"], ["Needing review", f"{week.review_hours:.2f}"]]
    facts = [
        ["Coaching share of work hours", f"{_fmt_share(week.coaching_share)} (target {week.target_pct}%)"],
        ["Full days in classrooms", f"{week.classroom_days} (target {week.classroom_days_target:g})"],
        ["Double-booked", f"{week.overlap_hours:.2f} h in {len(week.double_bookings)} clash(es)"],
    ]
    grid = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
         ("FONTSIZE", (0, 0), (-1, -1), 9)]
    )  # fmt: skip
    story += [Table(rows, style=grid, hAlign="LEFT"), Spacer(1, 6), Table(facts, style=grid, hAlign="LEFT")]
    if week.double_bookings:
        story.append(Spacer(1, 6))
        clashes = [["When", "Clash"]] + [
            [f"{d.start:%a %H:%M}-{d.end:%H:%M}", f"{d.first} / {d.second}"[:90]]
            for d in week.double_bookings[:6]
        ]
        story.append(Table(clashes, style=grid, hAlign="LEFT"))
    if trend is not None and trend.weeks:
        spec = trend_spec(weekly_hours(trend), week.target_pct, "Hours per week this term")
        png = spec_to_png(spec, width=560)
        story += [
            Spacer(1, 6),
            Image(io.BytesIO(png), width=6.4 * inch, height=2.9 * inch, kind="proportional"),
        ]
    for fn in _SECTIONS:
        section = fn(school, week.date_from, person=person, week=week)
        if section is None:
            continue
        if isinstance(section, dict):
            story += [Spacer(1, 6), Paragraph(escape(str(section.get("title", ""))), styles["Heading3"])]
            story += [Paragraph(escape(str(line)), small) for line in section.get("lines", [])]
        else:
            story += [Spacer(1, 6), Paragraph(escape(section.title), styles["Heading3"])]
            if section.rows:
                story.append(Table([list(r) for r in section.rows], style=grid, hAlign="LEFT"))
    doc.build(story)
    return buffer.getvalue()
