from django.urls import URLPattern, URLResolver, path

from sideline.leadership import views

P = "s/<slug:slug>/leadership/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{P}pipeline/", views.pipeline, name="leadership_pipeline"),
    path(f"{P}pipeline/<int:pk>/", views.candidate_detail, name="leadership_candidate"),
    path(f"{P}pipeline/<int:pk>/move/", views.candidate_move, name="leadership_candidate_move"),
    path(f"{P}pipeline/<int:pk>/conversations/", views.conversation_log, name="leadership_conversation_log"),
    path(f"{P}me/", views.my_path, name="leadership_me"),
    path(f"{P}plcs/", views.plc_list, name="leadership_plcs"),
    path(f"{P}plcs/<int:pk>/", views.plc_detail, name="leadership_plc"),
    path(f"{P}plcs/<int:pk>/meetings/", views.meeting_add, name="leadership_meeting_add"),
    path(f"{P}meetings/<int:pk>/", views.meeting_update, name="leadership_meeting_update"),
    path(f"{P}meetings/<int:pk>/observe/", views.meeting_observe, name="leadership_meeting_observe"),
    path(f"{P}visits/", views.visit_list, name="leadership_visits"),
    path(f"{P}visits/<int:pk>/", views.visit_detail, name="leadership_visit"),
    path(f"{P}visits/<int:pk>/noticings/", views.visit_noticings, name="leadership_visit_noticings"),
    path(f"{P}visits/<int:pk>/presentation/", views.visit_present, name="leadership_visit_present"),
    path(f"{P}visits/<int:pk>/happened/", views.visit_happened, name="leadership_visit_happened"),
    path(f"{P}leverage/", views.leverage, name="leadership_leverage"),
    path(f"{P}leverage/new/", views.project_new, name="leadership_project_new"),
    path(f"{P}leverage/<int:pk>/", views.project_detail, name="leadership_project"),
    path(f"{P}leverage/<int:pk>/milestones/", views.milestone_add, name="leadership_milestone_add"),
    path(f"{P}milestones/<int:pk>/", views.milestone_toggle, name="leadership_milestone_toggle"),
    path(f"{P}on-message/", views.on_message, name="leadership_on_message"),
    path(f"{P}readiness/", views.readiness_settings, name="leadership_readiness"),
]
