from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("alerts/new/", views.subscribe, name="subscribe"),
    path("alerts/sent/", views.sent, name="sent"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
]
