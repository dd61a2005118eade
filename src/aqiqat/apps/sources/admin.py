from django.contrib import admin

from aqiqat.apps.admin_base import ImmutableAdmin, TrackedAdmin
from aqiqat.apps.sources.models import Record, Source

admin.site.register(Source, TrackedAdmin)
admin.site.register(Record, ImmutableAdmin)
