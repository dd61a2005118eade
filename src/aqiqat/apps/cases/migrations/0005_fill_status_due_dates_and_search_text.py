"""Cases made before case work kept their status beside the history get it now; complaints
get their answer date (30 days) and the text they are found by."""

from datetime import timedelta

from django.db import migrations

from aqiqat.selectors.case_text import search_text

DEFAULT_ANSWER_DAYS = 30


def fill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Complaint = apps.get_model("cases", "Complaint")
    CaseStatusChange = apps.get_model("cases", "CaseStatusChange")
    for case in Case.objects.filter(status=""):
        latest = (
            CaseStatusChange.objects.filter(case=case, retracted_at__isnull=True)
            .order_by("-on", "-created_at")
            .first()
        )
        parts = [case.number, case.article]
        for complaint in Complaint.objects.filter(case=case).select_related("person"):
            parts += [complaint.person.display_name, complaint.person.display_name_latin]
            parts += [complaint.filed_by, complaint.authority_name]
        Case.objects.filter(pk=case.pk).update(
            status=latest.status if latest else "",
            status_on=latest.on if latest else None,
            search_text=search_text(parts),
        )
    for complaint in Complaint.objects.filter(search_text="").select_related("person", "case"):
        person = complaint.person
        Complaint.objects.filter(pk=complaint.pk).update(
            answer_due_on=complaint.answer_due_on
            or complaint.filed_on + timedelta(days=DEFAULT_ANSWER_DAYS),
            search_text=search_text(
                (
                    person.display_name,
                    person.display_name_latin,
                    complaint.filed_by,
                    complaint.authority_name,
                    complaint.summary,
                    complaint.case.number if complaint.case else "",
                )
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_work_status_lawyers_deadlines")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
