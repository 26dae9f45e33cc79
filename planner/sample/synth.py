"""Spreading real kabupaten totals over kecamatan, desa and TPS, reproducibly.

Only kabupaten totals were published (figures.py), but the planner's maps,
flags and rankings work on kecamatan and desa. The sample therefore makes up
the lower levels so that they look like a real kabupaten (turnout differs by
place, Sambong and Bogorejo lag as the KPU Blora meeting reported) while every
level adds up EXACTLY to the published totals: a user who sums the sample's
kecamatan must find KPU's figure, not a rounding error.

Everything here is a pure function of its arguments: randomness comes from
random.Random instances seeded with strings (stable across runs and Python
versions), never from the global generator.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from planner.sample.figures import (
    DPS_SIZES,
    LAGGING_KECAMATAN,
    SLIGHTLY_LAGGING_KECAMATAN,
    Counts,
    ElectionFigures,
)

SEED = 3316
# PKPU caps a TPS at 600 voters for the 2024 pilkada.
MAX_DPT_PER_TPS = 600
# A typical share of men in Blora's DPT (349,413 of 704,285 in 2024).
MEN_SHARE = 0.4961


@dataclass(frozen=True)
class Child:
    """How one part of a region differs from the whole, before rounding."""

    code: str
    size: float  # relative DPT
    turnout_offset: float = 0.0  # percentage points against the parent's rate
    invalid_factor: float = 1.0  # relative to the parent's invalid share
    men_share: float = MEN_SHARE
    fixed_dpt: int | None = None  # a published figure that must come out as is
    max_dpt: int | None = None


@dataclass(frozen=True)
class Spread:
    """One election's synthetic figures below the kabupaten."""

    kecamatan: Mapping[str, Counts]
    desa: Mapping[str, Counts]
    # Per desa code, its TPS in order (TPS n is item n - 1); empty when the
    # election is spread to desa only.
    tps: Mapping[str, tuple[Counts, ...]]


def allocate(
    total: int,
    weights: Sequence[float],
    *,
    lower: Sequence[int] | None = None,
    upper: Sequence[int] | None = None,
) -> list[int]:
    """Integers proportional to weights, within bounds, summing exactly to total.

    Proportional shares are clamped to [lower, upper] with one common scale
    found by bisection (the clamped sum grows with the scale), then rounded by
    largest remainder; ties go to the earlier item so the result is reproducible.
    """
    n = len(weights)
    lo = list(lower) if lower is not None else [0] * n
    hi = list(upper) if upper is not None else [total] * n
    if len(lo) != n or len(hi) != n:
        raise ValueError("weights and bounds differ in length")
    if total < 0 or any(w < 0 for w in weights) or any(a > b for a, b in zip(lo, hi, strict=True)):
        raise ValueError("negative total or weight, or a lower bound above its upper bound")
    if n == 0:
        if total:
            raise ValueError("nothing to allocate to")
        return []
    # Items without weight never grow past their lower bound.
    reach = sum(h if w > 0 else lo_i for w, lo_i, h in zip(weights, lo, hi, strict=True))
    if sum(lo) > total or reach < total:
        raise ValueError(f"cannot allocate {total} within the bounds")

    bounds = list(zip(weights, lo, hi, strict=True))

    def shares(scale: float) -> list[float]:
        return [min(max(scale * w, float(a)), float(b)) for w, a, b in bounds]

    wsum = math.fsum(weights)
    scale = total / wsum if wsum > 0 else 0.0
    quota = shares(scale)
    if not math.isclose(math.fsum(quota), total, rel_tol=0, abs_tol=1e-6):
        low, high = 0.0, max((b / w for w, _a, b in bounds if w > 0), default=0.0)
        for _ in range(200):
            mid = (low + high) / 2
            if math.fsum(shares(mid)) < total:
                low = mid
            else:
                high = mid
        quota = shares(high)

    result = [math.floor(q) for q in quota]
    left = total - sum(result)
    order = sorted(range(n), key=lambda i: (-(quota[i] - result[i]), i))
    while left > 0:
        gave = False
        for i in order:
            if left == 0:
                break
            if result[i] < hi[i]:
                result[i] += 1
                left -= 1
                gave = True
        if not gave:
            raise ValueError(f"cannot allocate {total} within the bounds")
    return result


def split(parent: Counts, children: Sequence[Child]) -> list[Counts]:
    """Divide a region's counts over its parts; every field sums back to the parent's."""
    n = len(children)
    fixed = [c.fixed_dpt for c in children]
    dpt = allocate(
        parent.dpt,
        [0.0 if f is not None else c.size for c, f in zip(children, fixed, strict=True)],
        lower=[f or 0 for f in fixed],
        upper=[
            f if f is not None else (c.max_dpt if c.max_dpt is not None else parent.dpt)
            for c, f in zip(children, fixed, strict=True)
        ],
    )

    dptb: list[int | None] = [None] * n
    dpk: list[int | None] = [None] * n
    if parent.dptb is not None:
        dptb = list(allocate(parent.dptb, [float(d) for d in dpt]))
    if parent.dpk is not None:
        dpk = list(allocate(parent.dpk, [float(d) for d in dpt]))
    registered = [d + (b or 0) + (k or 0) for d, b, k in zip(dpt, dptb, dpk, strict=True)]

    # Offsets are in points of the parent's own rate; the allocation then
    # rescales everyone a little so the parts still add up to the parent.
    rate = 100.0 * parent.voters / parent.registered if parent.registered else 0.0
    voters = allocate(
        parent.voters,
        [r * max(rate + c.turnout_offset, 1.0) for r, c in zip(registered, children, strict=True)],
        upper=registered,
    )

    men: list[int | None] = [None] * n
    women: list[int | None] = [None] * n
    if parent.dpt_men is not None and parent.dpt_women is not None:
        if parent.dpt_men + parent.dpt_women != parent.dpt:
            raise ValueError("men and women do not add up to the DPT")
        men = list(
            allocate(
                parent.dpt_men,
                [d * c.men_share for d, c in zip(dpt, children, strict=True)],
                upper=dpt,
            )
        )
        women = [d - (m or 0) for d, m in zip(dpt, men, strict=True)]

    invalid: list[int | None] = [None] * n
    valid: list[int | None] = [None] * n
    if parent.invalid is not None:
        invalid = list(
            allocate(
                parent.invalid,
                [v * c.invalid_factor for v, c in zip(voters, children, strict=True)],
                upper=voters,
            )
        )
        if parent.valid is not None:
            if parent.valid + parent.invalid != parent.voters:
                raise ValueError("valid and invalid ballots do not add up to the voters")
            valid = [v - (i or 0) for v, i in zip(voters, invalid, strict=True)]

    return [
        Counts(
            dpt=dpt[i],
            voters=voters[i],
            dptb=dptb[i],
            dpk=dpk[i],
            valid=valid[i],
            invalid=invalid[i],
            dpt_men=men[i],
            dpt_women=women[i],
        )
        for i in range(n)
    ]


def _rng(seed: int, *parts: str) -> random.Random:
    # String seeds are hashed with SHA-512 by random.seed: stable across runs.
    return random.Random("|".join((str(seed), *parts)))


def _clamp(x: float, limit: float) -> float:
    return max(-limit, min(limit, x))


def kecamatan_children(
    election: ElectionFigures, kecamatan: Sequence[str], *, seed: int = SEED
) -> list[Child]:
    """Each kecamatan's profile in one election: size from the DPS, its lag, its invalid share."""
    rng = _rng(seed, election.key, "kecamatan")
    children: list[Child] = []
    for code in sorted(kecamatan):
        size = DPS_SIZES[code] * rng.uniform(0.985, 1.015)
        if code in LAGGING_KECAMATAN:
            offset = rng.uniform(-11.5, -9.0)
        elif code in SLIGHTLY_LAGGING_KECAMATAN:
            offset = rng.uniform(-4.0, -2.0)
        else:
            offset = _clamp(rng.gauss(0.0, 1.6), 3.5)
        children.append(
            Child(
                code=code,
                size=size,
                turnout_offset=offset,
                invalid_factor=math.exp(rng.gauss(0.0, 0.12)),
                men_share=MEN_SHARE + rng.uniform(-0.006, 0.006),
                fixed_dpt=election.fixed_kecamatan_dpt.get(code),
            )
        )
    # A few kecamatan with clearly more spoilt ballots, different each election.
    for i in rng.sample(range(len(children)), 3):
        c = children[i]
        children[i] = Child(
            code=c.code,
            size=c.size,
            turnout_offset=c.turnout_offset,
            invalid_factor=c.invalid_factor * rng.uniform(1.35, 1.5),
            men_share=c.men_share,
            fixed_dpt=c.fixed_dpt,
        )
    return children


def desa_children(
    election: ElectionFigures, kecamatan: str, desa: Sequence[str], *, seed: int = SEED
) -> list[Child]:
    """Desa profiles: a size and a turnout habit that persist across elections, plus noise."""
    rng = _rng(seed, election.key, "desa", kecamatan)
    children: list[Child] = []
    for code in sorted(desa):
        stable = _rng(seed, "desa", code)
        size = stable.lognormvariate(0.0, 0.45)
        # Kelurahan (1xxx) are the towns: more voters than a village.
        if code.rsplit(".", 1)[-1].startswith("1"):
            size *= 1.8
        habit = stable.gauss(0.0, 2.0)
        children.append(
            Child(
                code=code,
                size=size * rng.uniform(0.97, 1.03),
                turnout_offset=_clamp(habit + rng.gauss(0.0, 1.2), 6.0),
                invalid_factor=math.exp(rng.gauss(0.0, 0.25)),
                men_share=MEN_SHARE + rng.uniform(-0.012, 0.012),
            )
        )
    return children


def tps_per_desa(total_tps: int, desa_dpt: Mapping[str, int]) -> dict[str, int]:
    """TPS per desa in proportion to its DPT, never more than MAX_DPT_PER_TPS voters each."""
    codes = sorted(desa_dpt)
    counts = allocate(
        total_tps,
        [float(desa_dpt[c]) for c in codes],
        lower=[max(1, math.ceil(desa_dpt[c] / MAX_DPT_PER_TPS)) for c in codes],
    )
    return dict(zip(codes, counts, strict=True))


def tps_children(
    election: ElectionFigures, desa: str, count: int, *, seed: int = SEED
) -> list[Child]:
    rng = _rng(seed, election.key, "tps", desa)
    return [
        Child(
            code=f"{desa}#{n}",
            size=rng.uniform(0.8, 1.2),
            turnout_offset=_clamp(rng.gauss(0.0, 2.5), 7.0),
            invalid_factor=math.exp(rng.gauss(0.0, 0.3)),
            men_share=MEN_SHARE + rng.uniform(-0.02, 0.02),
            max_dpt=MAX_DPT_PER_TPS,
        )
        for n in range(1, count + 1)
    ]


def spread_election(
    election: ElectionFigures,
    desa_by_kecamatan: Mapping[str, Sequence[str]],
    *,
    with_tps: bool = False,
    seed: int = SEED,
) -> Spread:
    """One election's kabupaten totals spread to kecamatan, desa and (optionally) TPS."""
    kec_children = kecamatan_children(election, list(desa_by_kecamatan), seed=seed)
    kec_counts = split(election.totals, kec_children)
    kecamatan = {c.code: k for c, k in zip(kec_children, kec_counts, strict=True)}

    desa: dict[str, Counts] = {}
    for kec_code, kec in kecamatan.items():
        children = desa_children(election, kec_code, desa_by_kecamatan[kec_code], seed=seed)
        for c, counts in zip(children, split(kec, children), strict=True):
            desa[c.code] = counts

    tps: dict[str, tuple[Counts, ...]] = {}
    if with_tps:
        if election.tps is None:
            raise ValueError(f"{election.name} has no published number of TPS")
        per_desa = tps_per_desa(election.tps, {code: d.dpt for code, d in desa.items()})
        for code in sorted(desa):
            children = tps_children(election, code, per_desa[code], seed=seed)
            tps[code] = tuple(split(desa[code], children))

    return Spread(
        kecamatan=MappingProxyType(kecamatan),
        desa=MappingProxyType(desa),
        tps=MappingProxyType(tps),
    )
