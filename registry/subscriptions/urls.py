from django.urls import path

from . import views

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("confirm/<str:token>/", views.confirm, name="subscription-confirm"),
    path("stop/<str:token>/", views.stop, name="subscription-stop"),
]
