"""Webhook subscriptions and their delivery log in the desk, for administrators to follow
(subscribers manage theirs through the API)."""

from django.contrib import admin
from django.db import models

from ..models import WebhookDelivery, WebhookSubscription
from .logs import ReadOnlyAdmin


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ["attempted_at", "event", "attempt", "outcome", "status_code", "duration_ms",
              "error", "next_attempt_at"]
    readonly_fields = fields
    ordering = ["-pk"]
    max_num = 0
    can_delete = False
    show_change_link = False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["url", "owner", "active", "cursor", "attempts", "failed_at", "created_at"]
    list_filter = ["active"]
    list_select_related = ["owner"]
    search_fields = ["url", "owner__username"]
    exclude = ["secret"]
    inlines = [DeliveryInline]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["attempted_at", "subscription", "event", "attempt", "outcome",
                    "status_code", "duration_ms", "error"]
    list_filter = ["outcome"]
    list_select_related = ["subscription"]
