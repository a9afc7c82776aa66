from django.urls import path

from observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.index, name="index"),
    path("atlas/", views.atlas, name="atlas"),
    path("indicateurs/<slug:code>/", views.indicator, name="indicator"),
    path("provinces/<slug:slug>/", views.province, name="province"),
]
