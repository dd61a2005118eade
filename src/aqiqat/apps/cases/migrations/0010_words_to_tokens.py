"""A complaint's search text keeps only what is plain elsewhere (names, who filed, the
authority, the case number); the words of its summary and answer become keyed tokens
(`sealed_words`), read while the summary is still plain. Going back puts the summary's
words back into the search text."""

from django.db import migrations

from aqiqat.selectors.case_text import sealed_words, search_text


def _plain_parts(complaint):
    person = complaint.person
    number = complaint.case.number if complaint.case_id else ""
    return [
        person.display_name,
        person.display_name_latin,
        complaint.filed_by,
        complaint.authority_name,
        number,
    ]


def _rewrite(apps, build, fields):
    Complaint = apps.get_model("cases", "Complaint")
    batch = []
    for complaint in Complaint.objects.select_related("person", "case").iterator(2000):
        build(Complaint, complaint)
        batch.append(complaint)
        if len(batch) == 2000:
            Complaint.objects.bulk_update(batch, fields)
            batch = []
    Complaint.objects.bulk_update(batch, fields)


def index_words(apps, schema_editor):
    def build(model, complaint):
        complaint.search_text = search_text(_plain_parts(complaint))
        complaint.sealed_words = sealed_words(
            (complaint.summary, complaint.answer_note), model, complaint.search_text
        )

    _rewrite(apps, build, ["search_text", "sealed_words"])


def words_back_as_keys(apps, schema_editor):
    def build(model, complaint):
        complaint.search_text = search_text([*_plain_parts(complaint), complaint.summary])

    _rewrite(apps, build, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_sealed_words")]

    operations = [migrations.RunPython(index_words, words_back_as_keys)]
