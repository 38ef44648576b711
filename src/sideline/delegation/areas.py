"""How the triage engine's `delegate_to` role keys map to areas of Technical Work.

Plain Python (no Django) so the triage engineer and the docs can read the table as it is.

| delegate_to                | area            | default first responder      |
|----------------------------|-----------------|------------------------------|
| administrative_assistant   | scheduling      | administrative assistant     |
| bookkeeper                 | purchasing      | bookkeeper                   |
| registrar                  | attendance      | registrar                    |
| custodian                  | facilities      | custodian                    |
| nurse                      | health          | nurse                        |
| counselor                  | parent_concerns | counselor                    |
| technology                 | technology      | technology lead              |
| volunteers                 | duties          | volunteer coordinator        |
| volunteer_coordinator      | duties          | volunteer coordinator        |
| assistant_principal        | discipline      | assistant principal          |
| anything else / none       | scheduling      | administrative assistant     |

Areas with no delegate key of their own (enrolment, transport, communications) default to the registrar
and the administrative assistant; the leader changes any of them on the first responders page.
"""

from __future__ import annotations

AREAS: tuple[str, ...] = (
    "attendance",
    "enrolment",
    "discipline",
    "facilities",
    "purchasing",
    "technology",
    "health",
    "parent_concerns",
    "transport",
    "scheduling",
    "communications",
    "duties",
)

DELEGATE_TO_AREA: dict[str, str] = {
    "administrative_assistant": "scheduling",
    "bookkeeper": "purchasing",
    "registrar": "attendance",
    "custodian": "facilities",
    "nurse": "health",
    "counselor": "parent_concerns",
    "technology": "technology",
    "volunteers": "duties",
    "volunteer_coordinator": "duties",
    "assistant_principal": "discipline",
}

#: The front office sorts out what the engine could not place.
FALLBACK_AREA = "scheduling"

#: The role whose holder a school starts with as each area's first responder and backup.
DEFAULT_RESPONDER_ROLE: dict[str, tuple[str, str]] = {
    "attendance": ("registrar", "administrative_assistant"),
    "enrolment": ("registrar", "administrative_assistant"),
    "discipline": ("assistant_principal", "counselor"),
    "facilities": ("custodian", "administrative_assistant"),
    "purchasing": ("bookkeeper", "administrative_assistant"),
    "technology": ("technology", "administrative_assistant"),
    "health": ("nurse", "counselor"),
    "parent_concerns": ("counselor", "administrative_assistant"),
    "transport": ("administrative_assistant", "registrar"),
    "scheduling": ("administrative_assistant", "registrar"),
    "communications": ("administrative_assistant", "registrar"),
    "duties": ("volunteer_coordinator", "administrative_assistant"),
}


def area_for_delegate(delegate_to: str | None) -> str:
    """The area a triage verdict's delegate belongs to; unknown or missing delegates go to the front office."""
    if not delegate_to:
        return FALLBACK_AREA
    return DELEGATE_TO_AREA.get(delegate_to, FALLBACK_AREA)
