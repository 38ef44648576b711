from django.urls import URLPattern, URLResolver, path

from sideline.delegation import views

P = "s/<slug:slug>/delegation/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, views.queue, name="delegation_queue"),
    path(f"{P}capture/", views.capture, name="delegation_capture"),
    path(f"{P}items/<int:pk>/", views.item_detail, name="delegation_item"),
    path(f"{P}items/<int:pk>/state/", views.item_state, name="delegation_item_state"),
    path(f"{P}items/<int:pk>/edit/", views.item_edit, name="delegation_item_edit"),
    path(f"{P}items/<int:pk>/note/", views.item_note, name="delegation_item_note"),
    path(f"{P}items/<int:pk>/teach-triage/", views.item_teach_triage, name="delegation_item_teach_triage"),
    path(f"{P}items/<int:pk>/forget-triage/", views.item_forget_triage, name="delegation_item_forget_triage"),
    path(f"{P}waiting/", views.waiting, name="delegation_waiting"),
    path(f"{P}responders/", views.responders, name="delegation_responders"),
    path(f"{P}auto-reply/", views.auto_reply, name="delegation_auto_reply"),
    path(f"{P}handover/triage/<int:item_id>/", views.handover_triage, name="delegation_handover_triage"),
    path(
        f"{P}handover/series/<int:occurrence_id>/", views.handover_series, name="delegation_handover_series"
    ),
    path(f"{P}meeting/", views.meeting, name="delegation_meeting"),
    path(f"{P}meeting/<str:date>/", views.meeting, name="delegation_meeting_day"),
    path(
        f"{P}meeting/<str:date>/items/<int:item_id>/move/", views.meeting_move, name="delegation_meeting_move"
    ),
    path(f"{P}meeting/<str:date>/add/", views.meeting_add, name="delegation_meeting_add"),
    path(f"{P}meeting/<str:date>/send/", views.meeting_send, name="delegation_meeting_send"),
]
