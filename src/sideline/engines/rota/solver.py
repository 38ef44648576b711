"""Fill the schedule: a min-cost flow when it is exact, CP-SAT when overlapping shifts need it.

The flow network is source -> household (cap) -> volunteer (one unit arc per k-th shift, costs rising with
k to spread the load) -> volunteer-week (max_per_week) -> shift (one per person) -> sink (need). A shift's
`need` is one arc capacity, so identical places are never separate variables. Max-flow-min-cost gives the
lexicographic objective directly: the most places first, then the cheapest (best-preferred) way to fill
them, with spread costs weighted below one preference point.

The flow cannot forbid one person two overlapping shifts, but it is a relaxation of the full problem: if
its optimum has no overlap it is optimal for the full problem. Only otherwise does an integer program run,
hinted with the flow's plan. Its default backend is OR-Tools' CBC through pywraplp rather than CP-SAT:
the constraint matrix is a network plus a few clique rows, so the LP relaxation is nearly integral, and
on the benchmark's overlapping-waves year (72,000 pairs) CBC proves the optimum in about 13 s while CP-SAT
(2 or 8 workers, hinted, with the flow bound as a cut) was still ~750 preference points short after 30 s.
CP-SAT stays available as `side_solver="cp-sat"` and is cross-checked by the same tests.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from .constraints import Explainer, eligible, household_caps, overlap_conflicts, preference
from .model import Assignment, Bound, Changes, Instance, Solution, Unfilled

Pair = tuple[int, int]  # (volunteer index, shift index)


@dataclass(frozen=True)
class _Prepared:
    instance: Instance
    elig: list[list[int]]
    pref: dict[Pair, int]
    load: list[int]  # the most shifts each volunteer could ever get


@dataclass(frozen=True)
class _FlowResult:
    pairs: list[Pair]
    filled: int
    preference: int


def _prepare(instance: Instance) -> _Prepared:
    elig = eligible(instance)
    vols, shifts = instance.volunteers, instance.shifts
    pref = {(vi, si): preference(vols[vi], shifts[si]) for vi, mine in enumerate(elig) for si in mine}
    caps = household_caps(instance)
    load = []
    for vi, v in enumerate(vols):
        n = min(v.max_shifts, len(elig[vi]))
        cap = caps.get(v.household)
        load.append(n if cap is None else min(n, cap))
    return _Prepared(instance, elig, pref, load)


def _flow(prep: _Prepared, keep: set[Pair], *, limit: int | None = None) -> _FlowResult:
    """Lexicographic optimum of the flow relaxation: places, then kept pairs, then preference, then spread.

    `limit` caps the number of places, for a preference bound at a lower fill.
    """
    inst = prep.instance
    vols, shifts = inst.volunteers, inst.shifts
    caps = household_caps(inst)
    spread_total = sum(n * (n - 1) // 2 for n in prep.load)
    scale_pref = spread_total + 1
    pref_span = sum(
        prep.load[vi] * max((abs(prep.pref[(vi, si)]) for si in mine), default=0)
        for vi, mine in enumerate(prep.elig)
    )
    scale_keep = (2 * pref_span + 1) * scale_pref

    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(t: int, h: int, cap: int, cost: int) -> int:
        tails.append(t)
        heads.append(h)
        capacities.append(cap)
        costs.append(cost)
        return len(tails) - 1

    next_node = 0

    def node() -> int:
        nonlocal next_node
        next_node += 1
        return next_node - 1

    source, sink = node(), node()
    amount = limit if limit is not None else sum(s.need for s in shifts)
    shift_node = [node() for _ in shifts]
    for si, s in enumerate(shifts):
        arc(shift_node[si], sink, s.need, 0)
    household_node: dict[str, int] = {}
    for h, cap in caps.items():
        household_node[h] = node()
        arc(source, household_node[h], cap, 0)
    pair_arcs: list[int] = []
    pair_of_arc: list[Pair] = []
    for vi, v in enumerate(vols):
        mine = prep.elig[vi]
        if not mine or prep.load[vi] == 0:
            continue
        vn = node()
        feeder = household_node.get(v.household, source)
        # The k-th shift costs k-1: convex, so the cheapest way to place n shifts is to spread them.
        for k in range(prep.load[vi]):
            arc(feeder, vn, 1, k)
        by_week: dict[tuple[int, int], list[int]] = defaultdict(list)
        for si in mine:
            by_week[shifts[si].iso_week].append(si)
        for week_shifts in by_week.values():
            mpw = v.max_per_week
            if mpw is not None and mpw < len(week_shifts):
                if mpw == 0:
                    continue
                wn = node()
                arc(vn, wn, mpw, 0)
            else:
                wn = vn
            for si in week_shifts:
                bonus = scale_keep if (vi, si) in keep else 0
                pair_arcs.append(arc(wn, shift_node[si], 1, -(bonus + prep.pref[(vi, si)] * scale_pref)))
                pair_of_arc.append((vi, si))

    solver = min_cost_flow.SimpleMinCostFlow()
    if tails:
        solver.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32),
            np.array(heads, dtype=np.int32),
            np.array(capacities, dtype=np.int64),
            np.array(costs, dtype=np.int64),
        )
    if not pair_arcs or amount == 0:
        return _FlowResult([], 0, 0)
    # Max-flow-min-cost tolerates unmet supply, so offering every place yields the most that can be filled.
    solver.set_node_supply(source, amount)
    solver.set_node_supply(sink, -amount)
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = solver.flows(np.array(pair_arcs, dtype=np.int32))
    pairs = [pair_of_arc[i] for i in np.nonzero(flows)[0]]
    return _FlowResult(pairs, len(pairs), sum(prep.pref[p] for p in pairs))


def _interval_cliques(shifts_sorted: list[int], prep: _Prepared) -> list[list[int]]:
    """Maximal sets of one person's shifts running at once: in an interval graph each is the set of shifts
    running at some shift's start."""
    shifts = prep.instance.shifts
    out = []
    for i, si in enumerate(shifts_sorted):
        start = shifts[si].start
        clique = [sj for sj in shifts_sorted[: i + 1] if shifts[sj].end > start]
        if len(clique) > 1:
            out.append(clique)
    return out


def _mip(
    prep: _Prepared, keep: set[Pair], hint: list[Pair], time_limit: float, flow_bound: _FlowResult
) -> tuple[list[Pair], bool, bool, Bound] | None:
    """The full problem as an integer program (CBC): places and preference (or places, kept pairs, then
    preference for a re-solve).

    Returns None when the CBC backend is missing from this OR-Tools build.
    """
    inst = prep.instance
    vols, shifts = inst.volunteers, inst.shifts
    solver = pywraplp.Solver.CreateSolver("CBC")
    if solver is None:
        return None
    deadline = time.perf_counter() + time_limit
    params = pywraplp.MPSolverParameters()
    # Objectives are integers and the lexicographic weights rely on exact optima, so no relative gap.
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 0.0)
    infinity = solver.infinity()

    # Coefficients are set one by one: building expression objects for 10^5 pairs is several times slower.
    def at_most(variables: list[pywraplp.Variable], bound: float, lower: float = -infinity) -> None:
        row = solver.Constraint(lower, bound)
        for var in variables:
            row.SetCoefficient(var, 1)

    x: dict[Pair, pywraplp.Variable] = {}
    for p in prep.pref:
        if prep.load[p[0]] > 0:
            x[p] = solver.BoolVar("")
    by_shift: dict[int, list[pywraplp.Variable]] = defaultdict(list)
    by_vol: dict[int, list[int]] = defaultdict(list)
    for (vi, si), var in x.items():
        by_shift[si].append(var)
        by_vol[vi].append(si)
    for si, vs in by_shift.items():
        if len(vs) > shifts[si].need:
            at_most(vs, shifts[si].need)
    caps = household_caps(inst)
    by_household: dict[str, list[pywraplp.Variable]] = defaultdict(list)
    for vi, mine in by_vol.items():
        v = vols[vi]
        mine_vars = [x[(vi, si)] for si in mine]
        if len(mine) > prep.load[vi]:
            at_most(mine_vars, prep.load[vi])
        by_household[v.household].extend(mine_vars)
        if v.max_per_week is not None:
            weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
            for si in mine:
                weeks[shifts[si].iso_week].append(si)
            for week in weeks.values():
                if len(week) > v.max_per_week:
                    at_most([x[(vi, si)] for si in week], v.max_per_week)
        for clique in _interval_cliques(sorted(mine, key=lambda si: shifts[si].start), prep):
            at_most([x[(vi, sj)] for sj in clique], 1)
    for h, cap in caps.items():
        if len(by_household[h]) > cap:
            at_most(by_household[h], cap)

    def hint_with(chosen_pairs: list[Pair]) -> None:
        on = set(chosen_pairs)
        solver.SetHint(list(x.values()), [1.0 if p in on else 0.0 for p in x])

    def maximize(coefficients: dict[pywraplp.Variable, int]) -> int:
        objective = solver.Objective()
        objective.Clear()
        for var, coef in coefficients.items():
            objective.SetCoefficient(var, coef)
        objective.SetMaximization()
        solver.SetTimeLimit(max(100, int((deadline - time.perf_counter()) * 1000)))
        return int(solver.Solve(params))

    def chosen() -> list[Pair]:
        return [p for p, var in x.items() if var.solution_value() > 0.5]

    solved = (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)
    # Any plan's preference lies within +-pref_span, so one place outweighs every preference difference.
    pref_span = sum(
        prep.load[vi] * max((abs(prep.pref[(vi, si)]) for si in mine), default=0)
        for vi, mine in by_vol.items()
    )
    weight = 2 * pref_span + 1
    hint_with(hint)
    if keep:
        # Places, then kept pairs (both counts, so the weights stay small and exact) ...
        n_keep = sum(1 for p in keep if p in x)
        status = maximize({var: (n_keep + 1) + (1 if p in keep else 0) for p, var in x.items()})
    else:
        # ... or places, then preference, in one solve.
        status = maximize({var: weight + prep.pref[p] for p, var in x.items()})
    if status not in solved:
        return hint, False, False, Bound(flow_bound.filled, flow_bound.preference)
    pairs = chosen()
    best_fill = len(pairs)
    proven = status == pywraplp.Solver.OPTIMAL
    step = (n_keep + 1) if keep else weight
    fill_ub = min(flow_bound.filled, int((solver.Objective().BestBound() + pref_span + 1e-6) // step))
    at_most(list(x.values()), infinity, lower=best_fill)
    if keep:
        kept_now = sum(1 for p in pairs if p in keep)
        at_most([x[p] for p in keep if p in x], infinity, lower=kept_now)
        hint_with(pairs)
        status = maximize({var: prep.pref[p] for p, var in x.items()})
        if status in solved:
            pairs = chosen()
        proven = proven and status == pywraplp.Solver.OPTIMAL
    pref = sum(prep.pref[p] for p in pairs)
    if proven and not keep:
        bound = Bound(best_fill, pref)
    elif fill_ub == flow_bound.filled:
        bound = Bound(fill_ub, flow_bound.preference)
    else:
        bound = Bound(fill_ub, _flow(prep, set(), limit=fill_ub).preference)

    # No spread phase here: on the overlapping-waves year a CBC spread phase took longer than (1) and (2)
    # together and ignored its time limit, so with overlaps only places and preference are optimized.
    return pairs, proven, proven and not keep, bound


def _cp_sat(
    prep: _Prepared, keep: set[Pair], hint: list[Pair], time_limit: float, flow_bound: _FlowResult
) -> tuple[list[Pair], bool, bool, Bound]:
    """Solve with overlaps forbidden. Returns pairs, fill proven, preference proven, lexicographic bound."""
    inst = prep.instance
    vols, shifts = inst.volunteers, inst.shifts
    deadline = time.perf_counter() + time_limit
    model = cp_model.CpModel()
    x: dict[Pair, cp_model.IntVar] = {}
    for vi, mine in enumerate(prep.elig):
        if prep.load[vi] == 0:
            continue
        for si in mine:
            x[(vi, si)] = model.new_bool_var(f"x{vi}_{si}")
    by_shift: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_vol: dict[int, list[int]] = defaultdict(list)
    for (vi, si), var in x.items():
        by_shift[si].append(var)
        by_vol[vi].append(si)
    for si, vs in by_shift.items():
        if len(vs) > shifts[si].need:
            model.add(sum(vs) <= shifts[si].need)
    caps = household_caps(inst)
    by_household: dict[str, list[cp_model.IntVar]] = defaultdict(list)
    for vi, mine in by_vol.items():
        v = vols[vi]
        model.add(sum(x[(vi, si)] for si in mine) <= v.max_shifts)
        by_household[v.household].extend(x[(vi, si)] for si in mine)
        if v.max_per_week is not None:
            weeks: dict[tuple[int, int], list[int]] = defaultdict(list)
            for si in mine:
                weeks[shifts[si].iso_week].append(si)
            for week in weeks.values():
                if len(week) > v.max_per_week:
                    model.add(sum(x[(vi, si)] for si in week) <= v.max_per_week)
        for clique in _interval_cliques(sorted(mine, key=lambda si: shifts[si].start), prep):
            model.add_at_most_one(x[(vi, sj)] for sj in clique)
    for h, cap in caps.items():
        if len(by_household[h]) > cap:
            model.add(sum(by_household[h]) <= cap)
    hint_set = set(hint)
    for p, var in x.items():
        model.add_hint(var, p in hint_set)

    def run() -> tuple[cp_model.CpSolver, int]:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
        solver.parameters.num_workers = 2
        return solver, int(solver.solve(model))

    filled_expr = sum(x.values())
    model.maximize(filled_expr)
    solver, status = run()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # The hint alone is a valid plan, so reaching here means no time at all; keep the hint.
        return hint, False, False, Bound(flow_bound.filled, flow_bound.preference)
    best_fill = round(solver.objective_value)
    fill_proven = status == cp_model.OPTIMAL
    fill_ub = min(flow_bound.filled, int(solver.best_objective_bound + 1e-6))
    values = {p: solver.boolean_value(v) for p, v in x.items()}

    model.clear_hints()
    for p, var in x.items():
        model.add_hint(var, values[p])
    if fill_proven:
        model.add(filled_expr == best_fill)
    else:
        model.add(filled_expr >= best_fill)
    pref_expr = sum(prep.pref[p] * v for p, v in x.items())
    pref_span = sum(abs(w) for w in prep.pref.values()) + 1
    model.maximize(pref_expr + pref_span * sum(x[p] for p in keep if p in x))
    solver, status = run()
    pref_proven = False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = {p: solver.boolean_value(v) for p, v in x.items()}
        pref_proven = status == cp_model.OPTIMAL and fill_proven and not keep
    pairs = [p for p, on in values.items() if on]
    if pref_proven:
        bound = Bound(best_fill, sum(prep.pref[p] for p in pairs))
    elif fill_ub == flow_bound.filled:
        bound = Bound(fill_ub, flow_bound.preference)
    else:
        bound = Bound(fill_ub, _flow(prep, set(), limit=fill_ub).preference)

    if pref_proven and any(prep.load[vi] > 1 for vi in by_vol) and time.perf_counter() < deadline:
        pairs = _cp_spread(model, x, prep, pairs, pref_expr, deadline)
    return pairs, fill_proven, pref_proven, bound


def _cp_spread(
    model: cp_model.CpModel,
    x: dict[Pair, cp_model.IntVar],
    prep: _Prepared,
    pairs: list[Pair],
    pref_expr: cp_model.LinearExprT,
    deadline: float,
) -> list[Pair]:
    """Third objective with places and preference fixed: the same convex k-th-shift costs as the flow."""
    chosen = set(pairs)
    model.clear_hints()
    for p, var in x.items():
        model.add_hint(var, p in chosen)
    model.add(pref_expr == sum(prep.pref[p] for p in pairs))
    by_vol: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (vi, _si), var in x.items():
        by_vol[vi].append(var)
    penalty: list[cp_model.LinearExprT] = []
    for vi, vs in by_vol.items():
        if prep.load[vi] < 2:
            continue
        extra = [model.new_bool_var(f"k{vi}_{k}") for k in range(2, prep.load[vi] + 1)]
        model.add(sum(vs) <= 1 + sum(extra))
        penalty.extend((k - 1) * e for k, e in zip(range(2, prep.load[vi] + 1), extra, strict=True))
    model.minimize(sum(penalty))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [p for p, v in x.items() if solver.boolean_value(v)]
    return pairs


SIDE_SOLVERS = ("mip", "cp-sat")


def solve(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    previous: Solution | None = None,
    side_solver: str = "mip",
) -> Solution:
    """The best plan for `instance`; with `previous`, keep every earlier assignment that the best fill allows.

    A re-solve ranks keeping an earlier assignment above preference, so it reports `optimal` only when its
    preference also reaches the proven best. `side_solver` picks the backend used only when overlapping
    shifts make the flow insufficient.
    """
    if time_limit <= 0:
        raise ValueError(f"time limit must be positive, got {time_limit}")
    if side_solver not in SIDE_SOLVERS:
        raise ValueError(f"unknown side solver {side_solver!r}, expected one of {', '.join(SIDE_SOLVERS)}")
    began = time.perf_counter()
    prep = _prepare(instance)
    vols, shifts = instance.volunteers, instance.shifts
    vol_index = {v.id: i for i, v in enumerate(vols)}
    shift_index = {s.id: i for i, s in enumerate(shifts)}
    keep: set[Pair] = set()
    if previous is not None:
        for a in previous.assignments:
            p = (vol_index.get(a.volunteer, -1), shift_index.get(a.shift, -1))
            if p in prep.pref:
                keep.add(p)

    relaxed = _flow(prep, keep)
    pure = _flow(prep, set()) if keep else relaxed
    as_assignments = _to_assignments(instance, relaxed.pairs)
    conflicts = overlap_conflicts(instance, as_assignments)
    if not conflicts:
        pairs = relaxed.pairs
        fill_proven = True
        pref = sum(prep.pref[p] for p in pairs)
        pref_proven = pref == pure.preference
        bound = Bound(pure.filled, pure.preference)
    else:
        hint = _drop_conflicts(instance, relaxed.pairs)
        remaining = time_limit - (time.perf_counter() - began)
        budget = max(0.5, remaining)
        result = _mip(prep, keep, hint, budget, pure) if side_solver == "mip" else None
        if result is None:
            result = _cp_sat(prep, keep, hint, budget, pure)
        pairs, fill_proven, pref_proven, bound = result
        if keep and fill_proven and bound.filled == len(pairs):
            pref_proven = sum(prep.pref[p] for p in pairs) >= bound.preference

    assignments = _to_assignments(instance, pairs)
    unfilled = _unfilled(instance, assignments)
    changes = None
    if previous is not None:
        now, before = set(assignments), set(previous.assignments)
        changes = Changes(
            kept=tuple(sorted(now & before)),
            added=tuple(sorted(now - before)),
            removed=tuple(sorted(before - now)),
        )
    optimal = fill_proven and pref_proven
    return Solution(
        status="optimal" if optimal else "feasible",
        filled=len(assignments),
        places=instance.places,
        preference=sum(prep.pref[p] for p in pairs),
        seconds=time.perf_counter() - began,
        assignments=tuple(assignments),
        unfilled=unfilled,
        bound=None if optimal else bound,
        changes=changes,
    )


def _to_assignments(instance: Instance, pairs: list[Pair]) -> list[Assignment]:
    shifts, vols = instance.shifts, instance.volunteers
    # Shift order, then volunteer id: stable output that reads like a calendar.
    ordered = sorted(pairs, key=lambda p: (shifts[p[1]].start, p[1], vols[p[0]].id))
    return [Assignment(shifts[si].id, vols[vi].id) for vi, si in ordered]


def _drop_conflicts(instance: Instance, pairs: list[Pair]) -> list[Pair]:
    """The flow's plan with the later of any two overlapping shifts removed: a valid CP-SAT hint."""
    shifts = instance.shifts
    by_vol: dict[int, list[int]] = defaultdict(list)
    for vi, si in pairs:
        by_vol[vi].append(si)
    kept: list[Pair] = []
    for vi, mine in by_vol.items():
        mine.sort(key=lambda si: (shifts[si].start, shifts[si].end))
        last_end = None
        for si in mine:
            if last_end is None or shifts[si].start >= last_end:
                kept.append((vi, si))
                last_end = shifts[si].end
    return kept


def _unfilled(instance: Instance, assignments: list[Assignment]) -> tuple[Unfilled, ...]:
    count: dict[str, int] = defaultdict(int)
    for a in assignments:
        count[a.shift] += 1
    explainer = Explainer(instance, assignments)
    out = []
    for s in sorted(instance.shifts, key=lambda s: (s.start, s.id)):
        missing = s.need - count[s.id]
        if missing > 0:
            out.append(Unfilled(s.id, missing, explainer.reason(s.id)))
    return tuple(out)
