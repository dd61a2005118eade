"""What a linkage run tells its user besides the clusters: a kind and its particulars.

The core says what happened in the model's terms (`detail`, English, for analysts and
logs); the service layer turns each kind into a plain sentence in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aqiqat.notices import Notice


class NoteKind(StrEnum):
    # The prior (how often two random records are one person) could not be estimated.
    PRIOR_NOT_ESTIMATED = "prior_not_estimated"
    # It was estimated from too few pairs (0): a cautious fallback was used.
    PRIOR_TOO_FEW_PAIRS = "prior_too_few_pairs"
    # It came out implausibly high and was capped.
    PRIOR_CAPPED = "prior_capped"
    # One EM run found no pairs under its blocking rule and was skipped; params `columns`:
    # the prepared columns of the rule.
    TRAINING_SKIPPED = "training_skipped"
    MODEL_GIVEN = "model_given"
    ONE_RECORD = "one_record"
    # Reviewers' «same» decisions left out because they contradict a «different»; params
    # `pairs`: the record-id pairs of the decisions left out.
    SAME_NOT_APPLIED = "same_not_applied"


@dataclass(frozen=True)
class LinkNote(Notice):
    kind: NoteKind
