"""The register's own pages: what it is, its legal footing, how to apply, its data, whom to ask."""

from django.urls import path
from django.views.generic import TemplateView


def page(name):
    return TemplateView.as_view(template_name=f"about/{name}.html")


urlpatterns = [
    path("", page("about"), name="about"),
    path("legal/", page("legal"), name="about-legal"),
    path("apply/", page("apply"), name="about-apply"),
    path("open-data/", page("open_data"), name="about-open-data"),
    path("contacts/", page("contacts"), name="about-contacts"),
]
