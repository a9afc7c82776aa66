"""The API's URLs as the site mounts them (/api/v1/...), for drf-spectacular's generator."""

from django.urls import include, path

urlpatterns = [path("api/v1/", include("api.urls"))]
