"""The linkage's last two steps on hand-made graphs: the split pass and the reassignment.

Rows are articles, ``labels`` their clusters, ``groups`` their copy groups, and candidate
pairs (i, j, cosine) the links between them, small enough to check by hand.
"""

from __future__ import annotations

import numpy as np

from briefgen.stories.reassign import reassign
from briefgen.stories.split import split_loose


def links(*pairs: tuple[int, int, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    i, j, v = zip(*pairs, strict=True)
    return np.array(i), np.array(j), np.array(v, dtype=float)


def clique(members: list[int], cosine: float) -> list[tuple[int, int, float]]:
    return [(a, b, cosine) for k, a in enumerate(members) for b in members[k + 1 :]]


def test_split_cuts_two_tight_groups_joined_by_one_weak_link() -> None:
    """Rows 0-3 and 4-7 are two stories in one cluster; one faint link joins them."""
    pairs = links(*clique([0, 1, 2, 3], 0.6), *clique([4, 5, 6, 7], 0.6), (3, 4, 0.1))
    labels = np.zeros(8, dtype=np.int64)
    every = np.ones(8, dtype=bool)
    moves = split_loose(labels, np.arange(8), every, pairs, neighbours=3, limit=0.2)
    assert [m.tolist() for m in moves] == [[4, 5, 6, 7]]  # the part without the first row
    # one story whose reports all link to one another has no loose cut
    tangle = links(*clique(list(range(8)), 0.4))
    assert split_loose(labels, np.arange(8), every, tangle, neighbours=3, limit=0.2) == []


def test_split_keeps_a_group_of_copies_whole_and_leaves_small_parts() -> None:
    """Row 8 copies row 4 (group 4): it moves with it. A part of two is too small to cut."""
    pairs = links(*clique([0, 1, 2, 3], 0.6), *clique([4, 5, 6, 7], 0.6), (3, 4, 0.1))
    labels = np.zeros(9, dtype=np.int64)
    groups = np.array([0, 1, 2, 3, 4, 5, 6, 7, 4])
    every = np.ones(9, dtype=bool)
    moves = split_loose(labels, groups, every, pairs, neighbours=3, limit=0.2)
    assert [m.tolist() for m in moves] == [[4, 5, 6, 7, 8]]
    small = links(*clique([0, 1, 2, 3], 0.6), (4, 5, 0.6), (3, 4, 0.1))
    labels = np.zeros(6, dtype=np.int64)
    assert split_loose(labels, np.arange(6), every[:6], small, neighbours=3, limit=0.2) == []


def test_reassign_moves_an_article_to_the_cluster_its_neighbours_are_in() -> None:
    """Row 2 sits in cluster 0 but its three closest reports are in cluster 3."""
    pairs = links((0, 1, 0.5), (0, 2, 0.1), (2, 3, 0.5), (2, 4, 0.5), (2, 5, 0.4), (3, 4, 0.5))
    labels = np.array([0, 0, 0, 3, 3, 3])
    every = np.ones(6, dtype=bool)
    moved = reassign(labels, np.arange(6), every, pairs, neighbours=3, margin=1.5)
    assert moved.tolist() == [0, 0, 3, 3, 3, 3]
    assert labels.tolist() == [0, 0, 0, 3, 3, 3]  # the input is left as it was
    # with its own cluster nearly as close, the margin keeps it where it is
    close = links((0, 1, 0.5), (0, 2, 0.45), (1, 2, 0.45), (2, 3, 0.5), (2, 4, 0.5), (3, 4, 0.5))
    kept = reassign(labels, np.arange(6), every, close, neighbours=4, margin=1.5)
    assert kept.tolist() == [0, 0, 0, 3, 3, 3]


def test_reassign_moves_copies_together_and_weighs_votes_by_the_days_between() -> None:
    """Row 6 copies row 2: it follows row 2. A vote from weeks away counts for little."""
    pairs = links((0, 1, 0.5), (0, 2, 0.1), (2, 3, 0.5), (2, 4, 0.5), (3, 4, 0.5), (6, 0, 0.1))
    labels = np.array([0, 0, 0, 3, 3, 3, 0])
    groups = np.array([0, 1, 2, 3, 4, 5, 2])
    every = np.ones(7, dtype=bool)
    moved = reassign(labels, groups, every, pairs, neighbours=3, margin=1.5)
    assert moved.tolist() == [0, 0, 3, 3, 3, 3, 3]
    far = np.array([0, 0, 0, 30, 30, 30, 0])  # rows 3-5 a month after the others

    def damping(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.where(far[a] == far[b], 1.0, 0.05)

    held = reassign(labels, groups, every, pairs, neighbours=3, margin=1.5, damping=damping)
    assert held.tolist() == labels.tolist()


def test_split_of_a_large_cluster_uses_the_sparse_solver_and_finds_the_same_cut() -> None:
    """Two groups of 250 rows, each row linked to five of its own group and a few rows
    linked across: past ``DENSE_UP_TO`` members the cut is found all the same."""
    rng = np.random.default_rng(7)
    pairs = []
    for start in (0, 250):
        for a in range(start, start + 250):
            for b in rng.choice(np.arange(start, start + 250), size=5, replace=False):
                if a != b:
                    pairs.append((a, int(b), 0.5))
    pairs += [(k, 250 + k, 0.05) for k in range(0, 250, 50)]
    labels = np.zeros(500, dtype=np.int64)
    every = np.ones(500, dtype=bool)
    moves = split_loose(labels, np.arange(500), every, links(*pairs), neighbours=5, limit=0.2)
    assert [m.tolist() for m in moves] == [list(range(250, 500))]
