"""Only the reference list of management areas has an admin page; cases are business data behind scope."""

from django.contrib import admin

from .models import ManagementArea


@admin.register(ManagementArea)
class ManagementAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "org", "sort_order"]
    search_fields = ["name", "code"]
