from django.contrib import admin

from aqiqat.apps.admin_base import TrackedAdmin
from aqiqat.apps.figures.models import MemorialConsent, OfficialFigure, SavedEstimate

admin.site.register(OfficialFigure, TrackedAdmin)
admin.site.register(SavedEstimate, TrackedAdmin)
admin.site.register(MemorialConsent, TrackedAdmin)
