#!/usr/bin/env python3
"""CPU and memory of one benchmark run, from /proc.

    sample.py SECONDS POSTMASTER_PID SERVER_PID   (SERVER_PID 0: none)

Waits CPU_DELAY seconds (the load's ramp-up), then for SECONDS attributes CPU time to the
database (the postmaster and its children), the server (its threads and children), the
load generator (wrk, pgbench) and everything else, and samples the server's resident
memory every 0.25 s. Prints one JSON object: cores used by each, the server's largest
resident size in MB, and the load average at the end."""
import json, os, sys, time

seconds, postmaster, server = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
HZ = os.sysconf("SC_CLK_TCK")
me = os.getpid()


def processes():
    found = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        close = stat.rfind(")")
        name = stat[stat.find("(") + 1 : close]
        fields = stat[close + 2 :].split()
        # (name, parent, user + system jiffies, start time)
        found[int(pid)] = (name, int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[19]))
    return found


def busy():
    values = list(map(int, open("/proc/stat").readline().split()[1:9]))
    return sum(values) - values[3] - values[4]


def group(pid, name, parent):
    if pid in (postmaster,) or parent == postmaster:
        return "database"
    if server and (pid == server or parent == server):
        return "server"
    if name in ("wrk", "pgbench"):
        return "load"
    if pid == me:
        return "sampler"
    return "other"


def rss_mb():
    try:
        for line in open(f"/proc/{server}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


time.sleep(float(os.environ.get("CPU_DELAY", "1")))
before, busy_before, started = processes(), busy(), time.time()
largest = rss_mb() if server else 0.0
while time.time() - started < seconds:
    time.sleep(0.25)
    if server:
        largest = max(largest, rss_mb())
after, busy_after, elapsed = processes(), busy(), time.time() - started
cores = {"database": 0.0, "server": 0.0, "load": 0.0, "sampler": 0.0, "other": 0.0}
for pid, (name, parent, jiffies, start) in after.items():
    earlier = before.get(pid)
    used = jiffies - (earlier[2] if earlier and earlier[3] == start else 0)
    cores[group(pid, name, parent)] += used / HZ / elapsed
result = {name: round(value, 3) for name, value in cores.items()}
result["busy"] = round((busy_after - busy_before) / HZ / elapsed, 3)
result["rss_mb"] = round(largest, 1)
result["loadavg"] = open("/proc/loadavg").read().split()[0]
print(json.dumps(result))
