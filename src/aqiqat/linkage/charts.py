"""Charts of a trained model, drawn with matplotlib into PNG files (nothing from a CDN)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aqiqat.linkage.scoring import TrainedModel


def match_weights_chart(model: TrainedModel, path: Path, title: str = "") -> Path:
    """Each comparison level's match weight (log2 of m/u), as Splink's chart shows them.

    Levels with term-frequency adjustments show the weight for a value of average
    frequency; a rare surname weighs more, a common one less.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels: list[str] = []
    weights: list[float] = []
    groups: list[int] = []
    for group, (name, levels) in enumerate(model.labels.items()):
        for index, label in enumerate(levels):
            if label.startswith("missing"):
                continue
            labels.append(f"{name}: {label}")
            weights.append(model.weights[name][index])
            groups.append(group)
    height = 0.28 * len(labels) + 1.2
    fig, ax = plt.subplots(figsize=(8, height))
    colours = ["#2b7a3d" if w > 0 else "#b03a2e" for w in weights]
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, weights, color=colours)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    for y, g, previous in zip(positions[1:], groups[1:], groups[:-1], strict=True):
        if g != previous:
            ax.axhline(y + 0.5, color="#999999", linewidth=0.5)
    ax.set_xlabel("match weight (log2 Bayes factor)")
    ax.set_title(title or f"Match weights (prior {model.prior:.2e} per pair)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def threshold_chart(
    rows: Sequence[tuple[float, float, float, float]], path: Path, title: str
) -> Path:
    """Precision, recall and F1 against the threshold: rows of (threshold, p, r, f1)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    thresholds = [r[0] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    for column, label in ((1, "precision"), (2, "recall"), (3, "F1")):
        ax.plot(thresholds, [r[column] for r in rows], marker="o", label=label)
    ax.set_xlabel("threshold (match probability)")
    ax.set_ylim(min(min(r[1:]) for r in rows) - 0.02, 1.0)
    ax.grid(alpha=0.3)
    ax.legend()
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
