from django.urls import URLPattern, URLResolver, path

from sideline.triage import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<slug:slug>/triage/", views.inbox, name="triage_inbox"),
    path("s/<slug:slug>/triage/<int:pk>/correct/", views.correct, name="triage_correct"),
    path("s/<slug:slug>/triage/<int:pk>/dismiss/", views.dismiss, name="triage_dismiss"),
    path("s/<slug:slug>/triage/<int:pk>/restore/", views.restore, name="triage_restore"),
]
