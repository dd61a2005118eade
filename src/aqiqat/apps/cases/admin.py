from django.contrib import admin

from aqiqat.apps.admin_base import ImmutableAdmin, TrackedAdmin
from aqiqat.apps.cases.models import AnswerDeadline, Case, CaseStatusChange, Complaint

admin.site.register(Complaint, TrackedAdmin)
admin.site.register(Case, TrackedAdmin)
admin.site.register(CaseStatusChange, ImmutableAdmin)
admin.site.register(AnswerDeadline, TrackedAdmin)
