from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sideline.schools import home as home_panels
from sideline.schools import selectors, services
from sideline.schools.forms import SchoolSettingsForm
from sideline.schools.roles import FRONT_OFFICE, LEADERS, Role, role_label
from sideline.schools.rules import (
    get_district_for_user,
    get_school_for_user,
    is_read_only,
    schools_for_user,
    standing_of,
)

# The order decides which role's home a person with several roles sees first.
_HOME_ORDER = [
    Role.PRINCIPAL,
    Role.ASSISTANT_PRINCIPAL,
    Role.INSTRUCTIONAL_COACH,
    *sorted(FRONT_OFFICE),
    Role.VOLUNTEER_COORDINATOR,
    Role.TEACHER,
]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    standing = standing_of(request.user)
    if standing.roles_by_school:
        return redirect("school_home", schools_for_user(request.user)[0].slug)
    if standing.district_leader_of:
        schools = schools_for_user(request.user)
        if schools:
            return redirect("district_home", schools[0].district.slug)
    return render(request, "schools/unlinked.html", status=200)


@login_required
def school_home(request: HttpRequest, slug: str) -> HttpResponse:
    school = get_school_for_user(request.user, slug)
    request.school = school  # type: ignore[attr-defined]
    roles = standing_of(request.user).roles_at(school)
    primary = next((r for r in _HOME_ORDER if r in roles), None)
    context = {
        "school": school,
        "roles": sorted(role_label(r) for r in roles),
        "primary_role": primary,
        "is_leader": bool(roles & LEADERS),
        "read_only": is_read_only(request.user, school),
        "priorities": list(school.priorities.all()),
        "panels": home_panels.panels_for(request, school, roles),
    }
    return render(request, "schools/home.html", context)


@login_required
def staff(request: HttpRequest, slug: str) -> HttpResponse:
    school = get_school_for_user(request.user, slug, "schools.view_staff")
    request.school = school  # type: ignore[attr-defined]
    people = list(selectors.staff_of(school))
    rows = [
        {"person": p, "roles": ", ".join(sorted(m.get_role_display() for m in p.roles_here))}  # type: ignore[attr-defined]
        for p in people
    ]
    return render(request, "schools/staff.html", {"school": school, "rows": rows})


@login_required
def school_settings(request: HttpRequest, slug: str) -> HttpResponse:
    school = get_school_for_user(request.user, slug, "schools.view_settings")
    request.school = school  # type: ignore[attr-defined]
    can_edit = request.user.has_perm("schools.change_school", school)
    initial = {
        "priorities": "\n".join(p.title for p in school.priorities.all()),
        "non_contact_days": "\n".join(
            f"{d.date:%Y-%m-%d} {d.kind} {d.label}".strip() for d in school.non_contact_days.all()
        ),
    }
    if request.method == "POST":
        if not can_edit:
            return HttpResponse("Only the school's leaders can change its settings.", status=403)
        form = SchoolSettingsForm(request.POST, instance=school, initial=initial)
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
                    services.school_set_priorities(school=school, titles=form.cleaned_data["priorities"])
                    services.school_set_non_contact_days(
                        school=school, days=form.cleaned_data["non_contact_days"]
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Settings saved.")
                return redirect("school_settings", school.slug)
    else:
        form = SchoolSettingsForm(instance=school, initial=initial)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(request, "schools/settings.html", {"school": school, "form": form, "can_edit": can_edit})


@login_required
def district_home(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_district_for_user(request.user, slug)
    schools = list(district.schools.prefetch_related("priorities"))
    return render(request, "schools/district.html", {"district": district, "schools": schools})
