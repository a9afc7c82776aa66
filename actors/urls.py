from django.urls import path

from actors import views

app_name = "actors"

urlpatterns = [
    path("", views.actor_list, name="list"),
    path("carte.json", views.map_data, name="map_data"),
    path("proposer/", views.propose, name="propose"),
    path("proposer/merci/", views.proposal_thanks, name="proposal_thanks"),
    path("<slug:slug>/", views.actor_detail, name="detail"),
    path("<slug:slug>/corriger/", views.correct, name="correct"),
]
