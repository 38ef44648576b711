from __future__ import annotations

import pytest

from sideline.volunteers import services
from sideline.volunteers.models import Household, Volunteer
from sideline.volunteers.roster import RosterError, parse_roster
from tests.conftest import World

GOOD = b"""Family Name,Parent 1,Parent 2,Parent 1 Email,Parent 2 Email,Phone,Student Grades
Garcia,Ana Garcia,Luis Garcia,ana@example.org,luis@example.org,555-0101,"6, 8"
Okafor,Ben Okafor,,ben@example.org,,555-0102,7
"""

MESSY = (
    "\ufeffLAST NAME;parent names;E-mails;phones;grade\n"
    "garcia;Ana Garcia & Luis Garcia;ana@example.org / luis@example.org;555-0101;6\n"
    "Garcia;Ana Garcia;ANA@example.org;;8\n"
    "Smith;Jo Smith;jo@example.org;;7\n"
    "Smith;Al Smith;al@example.org;;6\n"
    ";Nobody;x@example.org;;6\n"
    "Lee;Kim Lee;not-an-email;;6\n"
    "Park;;p@example.org;;6\n"
).encode()


def test_good_roster_imports_households_and_parents(world: World) -> None:
    report = services.roster_import(school=world.school, raw=GOOD)
    assert (report.households_created, report.volunteers_created, report.errors) == (2, 3, [])
    garcia = Household.objects.get(school=world.school, family_name="Garcia")
    assert garcia.student_grades == "6, 8"
    assert [(v.name, v.email, v.phone) for v in garcia.members.order_by("name")] == [
        ("Ana Garcia", "ana@example.org", "555-0101"),
        ("Luis Garcia", "luis@example.org", ""),
    ]
    # Importing the same file again merges instead of duplicating.
    again = services.roster_import(school=world.school, raw=GOOD)
    assert (again.households_created, again.households_merged, again.volunteers_created) == (0, 2, 0)
    assert Volunteer.objects.filter(household__school=world.school).count() == 3


def test_messy_roster_merges_duplicates_and_reports_each_bad_row(world: World) -> None:
    report = services.roster_import(school=world.school, raw=MESSY)
    assert report.errors == [
        (6, "no family name"),
        (7, "Lee: 'not-an-email' is not an email address"),
        (8, "Park: no parent name"),
    ]
    families = sorted((h.family_name, h.student_grades, h.members.count()) for h in Household.objects.all())
    # The two Garcia rows are one family; the two Smiths are different families.
    assert families == [("Smith", "6", 1), ("Smith", "7", 1), ("garcia", "6, 8", 2)]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\xff\xfe" * 10, "no family name column"),
        (b"Name,Email\nAna,ana@example.org\n", "no family name column"),
        (b"Family,Email\nGarcia,ana@example.org\n", "no parent name column"),
        (b"Family,Parent 1\n,Ana\n", "no usable rows (1 read); first problem: row 2: no family name"),
    ],
)
def test_unusable_file_saves_nothing(world: World, raw: bytes, message: str) -> None:
    with pytest.raises(RosterError) as exc:
        services.roster_import(school=world.school, raw=raw)
    assert str(exc.value).startswith(message)
    assert Household.objects.count() == 0
    assert Volunteer.objects.count() == 0


def test_parser_splits_joined_cells() -> None:
    roster = parse_roster(
        b"household,guardians,email addresses\nDoe,Jane Doe and John Doe,j@x.org | k@x.org\n"
    )
    assert [(p.name, p.email) for p in roster.families[0].parents] == [
        ("Jane Doe", "j@x.org"),
        ("John Doe", "k@x.org"),
    ]
