from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("events.contest_urls")),  # the regional contest: /concours/...
]
