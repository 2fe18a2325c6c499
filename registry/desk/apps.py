from django.contrib.admin.apps import AdminConfig


class DeskAdminConfig(AdminConfig):
    """django.contrib.admin with the desk's site (see site)."""

    default_site = "registry.desk.site.DeskSite"
