from __future__ import annotations

import pytest

from sideline.delegation import services
from tests.conftest import World


@pytest.fixture
def staffed(world: World) -> World:
    """The test world with first responders named for every area from the default roles."""
    services.first_responders_ensure_defaults(school=world.school)
    services.first_responders_ensure_defaults(school=world.other_school)
    return world
