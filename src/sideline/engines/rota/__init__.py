"""Volunteer scheduling: the instance format, an exact optimizer, first-come simulation and generators.

Django-free on purpose, so the solver runs from the command line, in benchmarks and in tests without a
database; the `volunteers` app turns its models into an `Instance` and back.
"""

from .cli import cli_main, render, solve_file
from .constraints import Rule, Violation, validate
from .model import (
    Assignment,
    Bound,
    Changes,
    Instance,
    InstanceError,
    PreferRule,
    Shift,
    Solution,
    Unfilled,
    Volunteer,
    Window,
    load_instance,
    load_instance_file,
    solution_from_dict,
    solution_to_dict,
)
from .solver import solve

__all__ = [
    "Assignment",
    "Bound",
    "Changes",
    "Instance",
    "InstanceError",
    "PreferRule",
    "Rule",
    "Shift",
    "Solution",
    "Unfilled",
    "Violation",
    "Volunteer",
    "Window",
    "cli_main",
    "load_instance",
    "load_instance_file",
    "render",
    "solution_from_dict",
    "solution_to_dict",
    "solve",
    "solve_file",
    "validate",
]
