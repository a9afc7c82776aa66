from django.urls import path

from opendata import views

app_name = "opendata_files"
urlpatterns = [path("<slug:dataset>/<str:name>", views.download, name="file")]
