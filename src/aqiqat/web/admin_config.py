"""Installs Aqiqat's admin site in place of Django's default one."""

from django.contrib.admin.apps import AdminConfig


class AqiqatAdminConfig(AdminConfig):
    default_site = "aqiqat.web.admin_site.AqiqatAdminSite"
