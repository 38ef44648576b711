"""Read a family roster CSV as PTA exports and form tools write it. Plain Python: parsing is kept apart
from saving so a file is judged whole before anything is written.

Headers are matched loosely ("Family Name", "family_name", "LAST NAME", "Parent 1 Email" …); a row may give
one or two parents either in numbered columns or joined in one cell ("Ana & Luis", "a@x.org; b@x.org").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

MAX_BYTES = 5_000_000


class RosterError(ValueError):
    """The file cannot be used at all; nothing is imported."""


@dataclass
class Parent:
    name: str
    email: str = ""
    phone: str = ""


@dataclass
class Family:
    family_name: str
    key: str
    grades: list[str] = field(default_factory=list)
    parents: list[Parent] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class RowError:
    row: int  # line number in the file, header = 1
    message: str


@dataclass
class Roster:
    families: list[Family]
    errors: list[RowError]
    rows_read: int


_ALIASES: dict[str, tuple[str, ...]] = {
    "family": ("familyname", "family", "lastname", "surname", "household", "householdname", "familylastname"),
    "parents": ("parentnames", "parents", "parentname", "guardians", "guardiannames", "names", "name"),
    "parent1": ("parent1", "parent1name", "guardian1", "guardian1name", "parentguardian1", "firstparent"),
    "parent2": ("parent2", "parent2name", "guardian2", "guardian2name", "parentguardian2", "secondparent"),
    "emails": ("emails", "email", "emailaddress", "emailaddresses", "parentemail", "parentemails"),
    "email1": ("parent1email", "email1", "guardian1email"),
    "email2": ("parent2email", "email2", "guardian2email"),
    "phones": ("phones", "phone", "phonenumber", "phonenumbers", "mobile", "cell", "parentphone"),
    "phone1": ("parent1phone", "phone1", "guardian1phone", "parent1mobile", "parent1cell"),
    "phone2": ("parent2phone", "phone2", "guardian2phone", "parent2mobile", "parent2cell"),
    "grades": (
        "studentgrades",
        "grades",
        "grade",
        "studentgrade",
        "gradelevels",
        "gradelevel",
        "childgrades",
    ),
}
_LOOKUP = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_SPLIT = re.compile(r"\s*(?:;|,|/|\|)\s*")
_SPLIT_NAMES = re.compile(r"\s*(?:;|/|\||&|\band\b)\s*", re.IGNORECASE)


def _norm_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("\ufeff", "")).replace("s1", "1").replace("s2", "2")


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise RosterError(
            f"the file is larger than {MAX_BYTES // 1_000_000} MB; split it and import the parts"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError("the file is not text (expected a CSV saved from a spreadsheet)")


def _cells(text: str) -> list[str]:
    return [c for c in (p.strip() for p in _SPLIT.split(text)) if c] if text.strip() else []


def _names(text: str) -> list[str]:
    return [c for c in (p.strip() for p in _SPLIT_NAMES.split(text)) if c] if text.strip() else []


def parse_roster(raw: bytes) -> Roster:
    """Families from a roster CSV; rows with problems are reported and left out, duplicates merged."""
    text = _decode(raw)
    if not text.strip():
        raise RosterError("the file is empty")
    # Spreadsheets in many locales save with ';' or tabs; the header row tells which, as names rarely
    # contain the delimiter (data rows may, inside quotes, which confuses csv.Sniffer).
    first_line = text.lstrip("\ufeff").splitlines()[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise RosterError(f"cannot read the header row: {exc}") from None
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        key = _LOOKUP.get(_norm_header(name))
        if key is not None and key not in columns:
            columns[key] = i
    if "family" not in columns:
        raise RosterError(
            "no family name column: the header needs one of 'Family name', 'Last name' or 'Household' "
            f"(found: {', '.join(h.strip() for h in header if h.strip()) or 'nothing'})"
        )
    if not {"parents", "parent1"} & set(columns):
        raise RosterError(
            "no parent name column: the header needs 'Parent names' or 'Parent 1' (and 'Parent 2')"
        )

    families: dict[str, Family] = {}
    by_name: dict[str, list[Family]] = {}
    errors: list[RowError] = []
    rows_read = 0
    try:
        for line_no, row in enumerate(reader, start=2):
            if not any(c.strip() for c in row):
                continue
            rows_read += 1

            def get(key: str, row: list[str] = row) -> str:
                i = columns.get(key)
                return row[i].strip() if i is not None and i < len(row) else ""

            family = " ".join(get("family").split())
            if not family:
                errors.append(RowError(line_no, "no family name"))
                continue
            names = _names(get("parents")) + [n for n in (get("parent1"), get("parent2")) if n]
            names = [" ".join(n.split()) for n in names]
            if not names:
                errors.append(RowError(line_no, f"{family}: no parent name"))
                continue
            if len(names) > 2:
                errors.append(RowError(line_no, f"{family}: {len(names)} parent names, at most 2 per row"))
                continue
            emails = _cells(get("emails")) + [e for e in (get("email1"), get("email2")) if e]
            bad = [e for e in emails if not _EMAIL.match(e)]
            if bad:
                errors.append(RowError(line_no, f"{family}: {bad[0]!r} is not an email address"))
                continue
            phones = _cells(get("phones")) + [p for p in (get("phone1"), get("phone2")) if p]
            bad_phones = [p for p in phones if len(re.sub(r"\D", "", p)) < 7]
            if bad_phones:
                errors.append(RowError(line_no, f"{family}: {bad_phones[0]!r} is not a phone number"))
                continue
            grades = _cells(get("grades"))
            emails = [e.lower() for e in emails]
            # Two families may share a surname; the same family shares a parent's email or name.
            same_name = by_name.setdefault(family.lower(), [])
            merged = next(
                (
                    f
                    for f in same_name
                    if {p.email for p in f.parents if p.email} & set(emails)
                    or {p.name.lower() for p in f.parents} & {n.lower() for n in names}
                ),
                None,
            )
            if merged is None:
                key = f"{family.lower()}|{emails[0] if emails else names[0].lower()}"
                merged = families[key] = Family(family_name=family, key=key)
                same_name.append(merged)
            merged.rows.append(line_no)
            for g in grades:
                if g not in merged.grades:
                    merged.grades.append(g)
            for i, name in enumerate(names):
                email = emails[i] if i < len(emails) else ""
                phone = phones[i] if i < len(phones) else ""
                same = next(
                    (
                        p
                        for p in merged.parents
                        if p.name.lower() == name.lower() or (email and p.email == email)
                    ),
                    None,
                )
                if same is None:
                    merged.parents.append(Parent(name, email, phone))
                else:
                    same.email = same.email or email
                    same.phone = same.phone or phone
    except csv.Error as exc:
        raise RosterError(f"the file is not a readable CSV: {exc}") from None
    if not families:
        detail = f"; first problem: row {errors[0].row}: {errors[0].message}" if errors else ""
        raise RosterError(f"no usable rows ({rows_read} read){detail}")
    return Roster(families=list(families.values()), errors=errors, rows_read=rows_read)
