#!/usr/bin/env python3
"""pgbench's answer as the wrk script's RESULT line.

    pgbench_result.py PGBENCH_OUTPUT LOG_PREFIX

Rate from pgbench's own summary (without connection time); latencies from its
per-transaction logs (`--log --log-prefix`)."""
import glob, re, sys

output, prefix = open(sys.argv[1]).read(), sys.argv[2]
rate = float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", output).group(1))
failed = re.search(r"number of failed transactions: (\d+)", output)
latencies = sorted(
    int(line.split()[2]) for name in glob.glob(prefix + ".*") for line in open(name)
)
at = lambda share: latencies[min(len(latencies) - 1, int(share * len(latencies)))] / 1000
print(
    f"RESULT requests={len(latencies)} rps={rate:.2f} p50_ms={at(0.5):.3f} "
    f"p99_ms={at(0.99):.3f} failed={int(failed.group(1)) if failed else 0}"
)
