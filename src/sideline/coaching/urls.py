from django.urls import URLPattern, URLResolver, path

from sideline.coaching import views

P = "s/<slug:slug>/coaching/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{P}observe/", views.observe, name="coaching_observe"),
    path(f"{P}observations/", views.observation_list, name="coaching_observations"),
    path(f"{P}observations/<int:pk>/", views.observation_detail, name="coaching_observation"),
    path(
        f"{P}observations/<int:pk>/acknowledge/", views.observation_acknowledge, name="coaching_acknowledge"
    ),
    path(f"{P}observations/<int:pk>/close-step/", views.observation_close_step, name="coaching_close_step"),
    path(f"{P}observations/<int:pk>/follow-up/", views.observation_follow_up, name="coaching_follow_up"),
    path(f"{P}me/", views.my_coaching, name="coaching_me"),
    path(f"{P}goals/", views.goal_list, name="coaching_goals"),
    path(f"{P}goals/<int:pk>/", views.goal_detail, name="coaching_goal"),
    path(f"{P}coverage/", views.coverage, name="coaching_coverage"),
    path(f"{P}coverage.csv", views.coverage_csv, name="coaching_coverage_csv"),
    path(f"{P}timetables/<int:person_id>/", views.timetable, name="coaching_timetable"),
    path(
        f"{P}observations/<int:pk>/debrief-held/",
        views.observation_debrief_held,
        name="coaching_debrief_held",
    ),
    path(f"{P}settings/", views.coaching_settings, name="coaching_settings"),
    path(f"{P}plan/", views.plan, name="coaching_plan"),
    path(f"{P}plan/propose/", views.plan_make, name="coaching_plan_make"),
    path(f"{P}plan/accept/", views.plan_accept, name="coaching_plan_accept"),
    path(f"{P}plan/blocks/<int:pk>/", views.plan_edit, name="coaching_plan_edit"),
]

# One URL per goal action: accept, reword, checkin, support, close.
urlpatterns += [
    path(
        f"{P}goals/<int:pk>/{action}/", views.goal_action, {"action": action}, name=f"coaching_goal_{action}"
    )
    for action in ("accept", "reword", "checkin", "support", "close")
]
