from django.urls import URLPattern, URLResolver, path

from sideline.volunteers import views

app_name = "volunteers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<slug:slug>/volunteers/", views.index, name="index"),
    path("s/<slug:slug>/volunteers/programs/<int:pk>/", views.program_detail, name="program"),
    path(
        "s/<slug:slug>/volunteers/programs/<int:pk>/templates/", views.template_create, name="template_create"
    ),
    path("s/<slug:slug>/volunteers/programs/<int:pk>/generate/", views.shifts_generate, name="generate"),
    path("s/<slug:slug>/volunteers/programs/<int:pk>/shifts/", views.shift_create, name="shift_create"),
    path("s/<slug:slug>/volunteers/programs/<int:pk>/solve/", views.program_solve, name="solve"),
    path("s/<slug:slug>/volunteers/plans/<int:pk>/", views.run_detail, name="run"),
    path("s/<slug:slug>/volunteers/plans/<int:pk>/publish/", views.run_publish, name="publish"),
    path("s/<slug:slug>/volunteers/assignments/<int:pk>/no-show/", views.no_show, name="no_show"),
    path("s/<slug:slug>/volunteers/roster/", views.roster, name="roster"),
    path("s/<slug:slug>/volunteers/people/<int:pk>/", views.volunteer_edit, name="volunteer"),
    path("s/<slug:slug>/volunteers/people/<int:pk>/link/", views.volunteer_link, name="link"),
    path("s/<slug:slug>/volunteers/swaps/", views.swaps, name="swaps"),
    path("s/<slug:slug>/volunteers/hours/", views.hours, name="hours"),
    path("s/<slug:slug>/volunteers/hours.csv", views.hours_csv, name="hours_csv"),
    path("v/<str:token>/", views.family, name="family"),
    path("v/<str:token>/shifts.ics", views.family_ics, name="family_ics"),
    path("v/<str:token>/shifts/<int:pk>/sign-up/", views.family_signup, name="family_signup"),
    path("v/<str:token>/swaps/<int:pk>/take/", views.family_take, name="family_take"),
    path("v/<str:token>/swaps/<int:pk>/withdraw/", views.family_unswap, name="family_unswap"),
    path("v/<str:token>/mine/<int:pk>/drop/", views.family_drop, name="family_drop"),
    path("v/<str:token>/mine/<int:pk>/swap/", views.family_swap, name="family_swap"),
]
