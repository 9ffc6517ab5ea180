#!/usr/bin/env python3
"""The table of a bench/peers sitting, from its results.jsonl: for each case the median of
its runs, the CPU per request of database and server, and each system's ratio to
PostgreSQL's own floor on the same case; "other CPU" is the most any run saw used by
processes outside the benchmark (a busy machine shows there), the load average the
1-minute figure at each run's end (the benchmark's own 16 connections keep it above 2).

    report.py RESULTS.jsonl"""
import json, statistics, sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    run = json.loads(line)
    runs[(run["case"], run["system"])].append(run)

median = lambda case, system, key: statistics.median(r[key] for r in runs[(case, system)])
cases = list(dict.fromkeys(case for case, _ in runs))
systems = list(dict.fromkeys(system for _, system in runs))
print("| case | system | req/s | of floor | p50 ms | p99 ms | CPU ms/req (db + server) | server RSS MB | failed | other CPU, cores | load avg |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for case in cases:
    floor = ("floor" in systems and (case, "floor") in runs) and median(case, "floor", "rps")
    floor_p50 = floor and median(case, "floor", "p50_ms")
    for system in systems:
        if (case, system) not in runs:
            continue
        these = runs[(case, system)]
        rps = median(case, system, "rps")
        per = lambda key: statistics.median(1000 * r[key] / r["rps"] for r in these if r["rps"])
        db, server = per("cpu_database"), per("cpu_server")
        share = f"{100 * rps / floor:.0f}%" if floor and system != "floor" else ""
        if floor_p50 and case.endswith("c1") and system != "floor":
            share += f" (p50 {median(case, system, 'p50_ms') / floor_p50:.2f}x)"
        rss = max(r["rss_mb"] for r in these)
        print(
            f"| {case} | {system} | {rps:,.1f} | {share} | {median(case, system, 'p50_ms'):.2f} "
            f"| {median(case, system, 'p99_ms'):.2f} | {db + server:.2f} ({db:.2f} + {server:.2f}) "
            f"| {rss:.0f} | {sum(r['failed'] for r in these)} "
            f"| {max(r['cpu_other'] for r in these):.2f} "
            f"| {', '.join(r['loadavg'] for r in these)} |"
        )
