from django.urls import path

from sideline.schools import views

urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:slug>/", views.school_home, name="school_home"),
    path("s/<slug:slug>/staff/", views.staff, name="staff"),
    path("s/<slug:slug>/settings/", views.school_settings, name="school_settings"),
    path("d/<slug:slug>/", views.district_home, name="district_home"),
]
