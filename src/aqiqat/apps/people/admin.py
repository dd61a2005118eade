from django.contrib import admin

from aqiqat.apps.admin_base import ImmutableAdmin, TrackedAdmin
from aqiqat.apps.people.models import Event, LinkDecision, Person, PersonChange

admin.site.register(Person, TrackedAdmin)
admin.site.register(LinkDecision, ImmutableAdmin)
admin.site.register(PersonChange, ImmutableAdmin)
admin.site.register(Event, ImmutableAdmin)
