#!/usr/bin/env python3
"""Times shell commands in turns, round after round, and prints the median
wall time and the median CPU time (user + system, from getrusage) of each,
and each against the first.

    python3 scripts/compare_builds.py 4 \
        'before=/tmp/prepoll-before check target/bench/corpus-20000-50kb-500mb/shard-0 --config target/bench/corpus-20000-50kb-500mb/prepoll.toml --date 2027-04-20 --format jsonl -j2' \
        'after=target/release/prepoll check target/bench/corpus-20000-50kb-500mb/shard-0 --config target/bench/corpus-20000-50kb-500mb/prepoll.toml --date 2027-04-20 --format jsonl -j2'

On a shared VM whose speed changes from one minute to the next, two builds
compared in turns see the same load; timed one after the other, they do not.
Output goes to /dev/null. Nothing here is a test: the figures depend on the machine.
"""

import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    if any(len(c) != 2 for c in commands):
        sys.exit("each command is LABEL=COMMAND")
    walls = {label: [] for label, _ in commands}
    cpus = {label: [] for label, _ in commands}
    for _ in range(rounds):
        for label, command in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, shell=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            walls[label].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[label].append(after.ru_utime - before.ru_utime
                               + after.ru_stime - before.ru_stime)
    first = None
    for label, _ in commands:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        first = first or (wall, cpu)
        print(f"{label:12} wall {wall:.3f} s (fastest {min(walls[label]):.3f})  "
              f"cpu {cpu:.3f} s (least {min(cpus[label]):.3f})  "
              f"against the first: wall {wall / first[0]:.3f}, cpu {cpu / first[1]:.3f}")


if __name__ == "__main__":
    main()
