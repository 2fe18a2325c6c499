"""Operations URLs, outside the public site's pages: /healthz and /metrics."""

from django.urls import path

from . import health, metrics

urlpatterns = [
    path("healthz", health.HealthView.as_view(), name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
]
