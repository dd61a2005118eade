"""Three real instances edit at random and exchange bundles in random orders, with losses,
duplicates and replays; after a final full exchange they hold identical data."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.instances import Instance, start, trust_each_other

NAMES = ["almaty", "taraz", "laptop"]
EDITS = ["record", "retract", "decide", "link", "case", "case_status", "case_edit", "tracing"]


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Instance]]:
    running = start(NAMES, Path(tmp_path_factory.mktemp("sync-three")))
    yield running
    for instance in running:
        instance.stop()


edit = st.tuples(st.just("edit"), st.sampled_from(range(3)), st.sampled_from(EDITS))
send = st.tuples(
    st.just("send"),
    st.sampled_from([(a, b) for a in range(3) for b in range(3) if a != b]),
    st.sampled_from(["deliver", "lose", "twice", "hold"]),
)
replay = st.tuples(st.just("replay"), st.integers(0, 50), st.none())
steps = st.lists(st.one_of(edit, edit, send, send, replay), min_size=5, max_size=20)


def full_exchange(instances: list[Instance]) -> None:
    """Rounds of every instance sending to every other, until a round has nothing new."""
    for _ in range(6):
        moved = 0
        for sender in instances:
            for receiver in instances:
                if sender is receiver:
                    continue
                answer = sender.call("export", to=receiver.name)
                moved += answer["rows"]
                outcome = receiver.import_(base64.b64decode(answer["bundle"]))
                assert "error" not in outcome, outcome
        if moved == 0:
            return
    raise AssertionError("instances still had changes to send after six full rounds")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps, seed=st.integers(0, 10**6))
def test_three_instances_converge_whatever_the_order_of_bundles(
    instances: list[Instance], plan: list[tuple[str, object, object]], seed: int
) -> None:
    for instance in instances:
        instance.call("reset")
    trust_each_other(instances)
    written: set[str] = set()
    held: list[tuple[int, bytes]] = []
    for number, (action, who, how) in enumerate(plan):
        if action == "edit":
            assert isinstance(who, int)
            created = instances[who].call("edit", kind=how, seed=seed + number, name=NAMES[who])
            written.update(created["created"])
        elif action == "send":
            assert isinstance(who, tuple)
            sender, receiver = who
            bundle = instances[sender].export(NAMES[receiver])
            if how in {"deliver", "twice"}:
                assert "error" not in instances[receiver].import_(bundle)
            if how == "twice":
                again = instances[receiver].import_(bundle)
                assert again["ignored"], again
            if how == "hold":
                held.append((receiver, bundle))
        elif held:
            assert isinstance(who, int)
            receiver, bundle = held[who % len(held)]
            # A late, reordered or repeated bundle is merged or ignored, never refused.
            assert "error" not in instances[receiver].import_(bundle)
    full_exchange(instances)
    digests = {instance.name: instance.digest() for instance in instances}
    assert len(set(digests.values())) == 1, digests
    for instance in instances:
        assert written <= set(instance.call("ids")["ids"]), f"{instance.name} lost rows"
