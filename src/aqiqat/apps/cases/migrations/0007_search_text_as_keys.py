"""Search text becomes Latin keys and digit runs only (shorter, indexed): rewrite it."""

from django.db import migrations

from aqiqat.selectors.case_text import search_text


def rewrite(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Complaint = apps.get_model("cases", "Complaint")
    for complaint in Complaint.objects.select_related("person", "case").iterator():
        person = complaint.person
        Complaint.objects.filter(pk=complaint.pk).update(
            search_text=search_text(
                (
                    person.display_name,
                    person.display_name_latin,
                    complaint.filed_by,
                    complaint.authority_name,
                    complaint.summary,
                    complaint.case.number if complaint.case else "",
                )
            )
        )
    for case in Case.objects.iterator():
        parts = [case.number, case.article]
        for complaint in Complaint.objects.filter(case=case).select_related("person"):
            parts += [complaint.person.display_name, complaint.person.display_name_latin]
            parts += [complaint.filed_by, complaint.authority_name]
        Case.objects.filter(pk=case.pk).update(search_text=search_text(parts))


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_list_and_search_indexes")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
