"""/api/v1/: the read-only public API (not under a language prefix). URL names: api:<resource>-list,
api:<resource>-detail, api:root, api:openapi."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from api import views
from api.errors import not_found

app_name = "api"

router = SimpleRouter()
router.register("structures", views.StructureViewSet, basename="structure")
router.register("services", views.SupportServiceViewSet, basename="service")
router.register("documents", views.DocumentViewSet, basename="document")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("observations", views.ObservationViewSet, basename="observation")
router.register("events", views.EventViewSet, basename="event")
router.register("laureates", views.LaureateViewSet, basename="laureate")

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="root"),
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    path("", include(router.urls)),
    # Any other address under /api/v1/: a JSON 404.
    re_path(r"^.*$", not_found),
]
