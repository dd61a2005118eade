from django.contrib import admin

from aqiqat.apps.admin_base import ImmutableAdmin, TrackedAdmin
from aqiqat.apps.tracing.models import TracingRequest, TracingStatusChange

admin.site.register(TracingRequest, TrackedAdmin)
admin.site.register(TracingStatusChange, ImmutableAdmin)
