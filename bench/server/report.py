"""The benchmark's results: one Line per row of the table, each with every run's figure for
stepdb and for its peer, and the two ways of printing them.

A row shows the median of the runs for each server and their ratio, stepdb / peer. For
throughput (ops/s) a ratio above 1.00x means stepdb is faster; for memory (RSS, MiB) a ratio
below 1.00x means stepdb uses less. The table's header says so; the CSV has a column
`better` (higher or lower) for programs.

CSV: a header row, then one row per line that completed all its runs, nothing else:

  line,unit,better,peer,stepdb,peer_value,ratio,runs,stepdb_runs,peer_runs
  set_p1,ops/s,higher,redis-server,85000.0,99000.0,0.8586,3,84000.0;85000.0;86000.0,...

`stepdb` and `peer_value` are the medians; `*_runs` list every run, in the order they ran,
separated by semicolons.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

CSV_HEADER = ("line,unit,better,peer,stepdb,peer_value,ratio,runs,stepdb_runs,peer_runs")


@dataclass
class Line:
    """One row: a workload measured on stepdb and on one peer, run by run."""

    key: str    # the CSV name: set_p1
    title: str  # the table's name: SET, pipeline 1
    unit: str   # ops/s or MiB
    peer: str   # redis-server or memcached
    planned_runs: int
    higher_is_better: bool = True
    stepdb_runs: list[float] = field(default_factory=list)
    peer_runs: list[float] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True iff both servers did every planned run."""
        return len(self.stepdb_runs) == len(self.peer_runs) == self.planned_runs

    def medians(self) -> tuple[float, float]:
        return statistics.median(self.stepdb_runs), statistics.median(self.peer_runs)

    def ratio(self) -> float:
        stepdb, peer = self.medians()
        return stepdb / peer


def _number(value: float, unit: str) -> str:
    return f"{value:,.1f}" if unit == "MiB" else f"{value:,.0f}"


def _csv_number(value: float) -> str:
    return f"{value:.1f}"


def table(lines: list[Line], header: list[str]) -> str:
    """The human-readable result: `header` lines, then one row per line; a line that did
    not complete all its runs (the benchmark stopped at an error) says "not done"."""
    rows = [("line", "unit", "stepdb", "peer", "peer value", "stepdb/peer", "runs")]
    for line in lines:
        if not line.complete:
            rows.append((line.title, line.unit, "not done", line.peer, "", "", ""))
            continue
        stepdb, peer = line.medians()
        rows.append((line.title, line.unit, _number(stepdb, line.unit), line.peer,
                     _number(peer, line.unit), f"{line.ratio():.2f}x", str(line.planned_runs)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    # Names left, figures right.
    aligned = [[cell.ljust(widths[i]) if i in (0, 1, 3) else cell.rjust(widths[i])
                for i, cell in enumerate(row)] for row in rows]
    body = ["  ".join(row).rstrip() for row in aligned]
    return "\n".join(header + [""] + body) + "\n"


def csv_text(lines: list[Line]) -> str:
    out = [CSV_HEADER]
    for line in lines:
        if not line.complete:
            continue
        stepdb, peer = line.medians()
        out.append(",".join([
            line.key, line.unit, "higher" if line.higher_is_better else "lower", line.peer,
            _csv_number(stepdb), _csv_number(peer), f"{line.ratio():.4f}",
            str(line.planned_runs),
            ";".join(_csv_number(v) for v in line.stepdb_runs),
            ";".join(_csv_number(v) for v in line.peer_runs)]))
    return "\n".join(out) + "\n"
