from django.contrib import admin

from aqiqat.apps.admin_base import ImmutableAdmin
from aqiqat.apps.evidence.models import CustodyEntry, Evidence

admin.site.register(Evidence, ImmutableAdmin)
admin.site.register(CustodyEntry, ImmutableAdmin)
