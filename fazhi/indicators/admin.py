from django.contrib import admin

from .models import Baseline


@admin.register(Baseline)
class BaselineAdmin(admin.ModelAdmin):
    list_display = ["org", "year", "key", "value", "source"]
    list_filter = ["year"]
    search_fields = ["key", "source", "org__name"]
    autocomplete_fields = ["org"]

    def save_model(self, request, obj, form, change):
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)
