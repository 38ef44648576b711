from django.urls import URLPattern, URLResolver, path

from sideline.calendars import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<slug:slug>/calendars/", views.calendar_list, name="calendars_list"),
    path("s/<slug:slug>/calendars/<int:pk>/sync/", views.calendar_sync_view, name="calendars_sync"),
    path("s/<slug:slug>/calendars/<int:pk>/delete/", views.calendar_delete_view, name="calendars_delete"),
    path("s/<slug:slug>/calendars/<int:pk>/correct/", views.correct, name="calendars_correct"),
    path("s/<slug:slug>/calendars/trend/", views.trend, name="calendars_trend"),
    path("s/<slug:slug>/calendars/trend.json", views.trend_json, name="calendars_trend_json"),
    path("s/<slug:slug>/calendars/trend.svg", views.trend_svg, name="calendars_trend_svg"),
    path("s/<slug:slug>/calendars/export.csv", views.export_csv, name="calendars_export_csv"),
    path("s/<slug:slug>/calendars/report.pdf", views.report_pdf, name="calendars_report_pdf"),
    path("s/<slug:slug>/calendars/feed/", views.feed_manage, name="calendars_feed_manage"),
    path("feeds/<str:token>.ics", views.feed, name="calendars_feed"),
    path("calendars/vega.js", views.vega_js, name="calendars_vega_js"),
]
