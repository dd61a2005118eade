"""When the data cannot support an estimate: reasons to refuse instead of printing a number."""

from __future__ import annotations

from aqiqat.estimate.histories import CaptureHistories

# Below this many people seen on two or more lists every method's answer is driven by
# its assumptions rather than by the data; Chapman's variance formula alone needs a
# handful of recaptures to be more than decoration.
MIN_OVERLAPS = 5
FEW_OVERLAPS = 20


def refusal_reasons(histories: CaptureHistories, min_overlaps: int = MIN_OVERLAPS) -> list[str]:
    """Problems that make any MSE estimate meaningless; empty when estimation may proceed."""
    reasons: list[str] = []
    totals = histories.list_totals()
    for name, total in zip(histories.lists, totals.tolist(), strict=True):
        if total == 0:
            reasons.append(f"list {name!r} has no records (all-zero margin)")
    for i, name in enumerate(histories.lists):
        if totals[i] == 0:
            continue
        shared = sum(histories.overlap(i, j) for j in range(histories.n_lists) if j != i)
        if shared == 0:
            reasons.append(
                f"list {name!r} shares no record with any other list, so nothing links it to "
                "the others; drop it or merge it with a related list"
            )
    overlaps = histories.on_several_lists()
    if overlaps < min_overlaps:
        reasons.append(
            f"only {overlaps} documented people appear on more than one list; at least "
            f"{min_overlaps} are needed before the overlap says anything about the unseen"
        )
    return reasons


def caution_notes(histories: CaptureHistories) -> list[str]:
    """Weaknesses worth a warning on every estimate, short of refusing."""
    notes: list[str] = []
    overlaps = histories.on_several_lists()
    if overlaps < FEW_OVERLAPS:
        notes.append(
            f"only {overlaps} people appear on more than one list; intervals are wide and "
            "depend heavily on the model"
        )
    return notes
