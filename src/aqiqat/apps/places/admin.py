from django.contrib import admin

from aqiqat.apps.admin_base import TrackedAdmin
from aqiqat.apps.places.models import Facility, Place

admin.site.register(Place, TrackedAdmin)
admin.site.register(Facility, TrackedAdmin)
