"""The review queue page: pairs the model was unsure about, decided by a reviewer."""

from __future__ import annotations

import pytest
from django.test import Client

from aqiqat.apps.people.models import LinkDecision
from aqiqat.demo import generate
from aqiqat.selectors.linkage import review_queue
from aqiqat.services.demo_data import load_demo
from aqiqat.services.linkage import decide_link, relink_all

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def queue(personas):  # type: ignore[no-untyped-def]
    load_demo(generate(people=400, seed=11), actor=personas.admin)
    relink_all(actor=personas.admin)
    items = review_queue(personas.analyst)
    assert items, "the demo should leave some pairs in the uncertain band"
    return items


def test_the_outsider_gets_404_for_the_queue_and_for_deciding(personas, queue) -> None:
    outsider = logged_in(personas.outsider)
    assert outsider.get("/review/").status_code == 404
    item = queue[0]
    response = outsider.post("/review/decide/", {"record_a": item.left.record.pk,
                                                 "record_b": item.right.record.pk,
                                                 "verdict": "same"})  # fmt: skip
    assert response.status_code == 404
    assert not LinkDecision.objects.exists()


def test_a_viewer_may_not_review(personas, queue) -> None:
    assert logged_in(personas.viewer).get("/review/").status_code == 404


def test_the_queue_needs_a_login(personas) -> None:
    response = Client().get("/review/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_analyst_sees_both_records_as_written_with_latin_and_evidence(personas, queue) -> None:
    page = logged_in(personas.analyst).get("/review/").content.decode()
    item = queue[0]
    assert item.left.record.full_name in page and item.right.record.full_name in page
    assert item.left.latin in page
    assert "Same person" in page and "<kbd>D</kbd>" in page
    assert "review.js" in page


def test_a_decision_is_stored_and_the_pair_leaves_the_queue(personas, queue) -> None:
    item = queue[0]
    response = logged_in(personas.analyst).post(
        "/review/decide/",
        {"record_a": item.left.record.pk, "record_b": item.right.record.pk,
         "verdict": "different", "note": "different fathers"},
    )  # fmt: skip
    assert response.status_code == 302
    decision = LinkDecision.objects.get()
    assert decision.verdict == "different" and decision.created_by == personas.analyst
    decided = {item.left.record.pk, item.right.record.pk}
    remaining = review_queue(personas.analyst)
    assert all({i.left.record.pk, i.right.record.pk} != decided for i in remaining)


def test_a_change_of_mind_supersedes_the_earlier_decision(personas, queue) -> None:
    item = queue[0]
    first = decide_link(personas.analyst, item.left.record, item.right.record, "same")
    second = decide_link(personas.analyst, item.right.record, item.left.record, "different")
    assert second.supersedes == first
    assert LinkDecision.objects.filter(superseded_by__isnull=True).get() == second


def test_an_unknown_verdict_is_refused_with_a_message(personas, queue) -> None:
    item = queue[0]
    response = logged_in(personas.analyst).post(
        "/review/decide/",
        {"record_a": item.left.record.pk, "record_b": item.right.record.pk, "verdict": "maybe"},
        follow=True,
    )
    assert "unknown verdict" in response.content.decode()
    assert not LinkDecision.objects.exists()


def test_a_pair_that_is_not_two_records_is_not_found(personas, queue) -> None:
    analyst = logged_in(personas.analyst)
    pk = queue[0].left.record.pk
    assert analyst.post("/review/decide/", {"record_a": pk, "record_b": pk,
                                            "verdict": "same"}).status_code == 404  # fmt: skip
    assert analyst.post("/review/decide/", {"record_a": "x", "record_b": "y",
                                            "verdict": "same"}).status_code == 404  # fmt: skip
