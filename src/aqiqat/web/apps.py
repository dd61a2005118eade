from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aqiqat.web"
    label = "web"
