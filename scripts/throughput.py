#!/usr/bin/env python3
"""Throughput, scaling and memory of `prepoll check` against ripgrep.

    python3 scripts/throughput.py                 # 20,000 files, ~1 GB, plus a 500 MB file
    python3 scripts/throughput.py --files 2000 --big-mb 50 --skip-rg-i   # a quick look
    python3 scripts/throughput.py --only-small   # latency and peers only

Generates (once, deterministically) the corpus of scripts/bench_corpus.py
under target/bench/, builds the release binary, then times on this machine,
in one run:

  * prepoll check over the whole corpus (every rule, every extractor,
    JSON Lines to /dev/null) against ripgrep searching the same files for
    every literal prepoll looks for (`prepoll patterns`: each lexicon term and
    each candidate name form), as `rg -F -f` (case-sensitive, ripgrep's
    fastest literal path) and `rg -i -F -f` (case-insensitive, as prepoll
    must be). Both ratios are printed;
  * scaling in corpus size (a quarter, half, all) and in threads (1, then
    every core);
  * peak resident memory of each run, and of checking one large file.

ripgrep is the `rg` on PATH; its newest release comes with
`pip install ripgrep`. Times are the median of --runs runs (wall clock).
Nothing here is a test: the figures depend on the machine.
"""

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK_DATE = "2027-04-20"


def run(cmd, cwd=None, stdin=None):
    """Runs cmd with stdout to /dev/null (and the file `stdin`, if given, as
    its input); returns (seconds, peak RSS in MB, exit code)."""
    with open(os.devnull, "wb") as null, open(stdin or os.devnull, "rb") as given:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=given, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    # prepoll exits 1 when it reports findings; rg exits 1 when nothing matched.
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed with exit {code}:\n{err}")
    return elapsed, usage.ru_maxrss / 1024, code


def measure_any(cmd, runs):
    """Like measure, for tools whose exit codes mean other things (linters exit 1 on findings)."""
    times = []
    for _ in range(runs):
        with open(os.devnull, "wb") as null:
            start = time.perf_counter()
            subprocess.run(cmd, stdout=null, stderr=null)
            times.append(time.perf_counter() - start)
    return statistics.median(times), 0


def measure(cmd, runs, cwd=None):
    results = [run(cmd, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def corpus_size(paths):
    total, files = 0, 0
    for p in paths:
        for dirpath, _, names in os.walk(p):
            for n in names:
                total += os.path.getsize(os.path.join(dirpath, n))
                files += 1
    return total, files


def whole_corpus(args, prepoll_cmd, rg_cmd, everything, shards, size, cores):
    """Throughput against ripgrep, and scaling in corpus size and threads."""
    # Warm the page cache so that every tool reads from memory.
    run(rg_cmd(everything, cores))

    # The three commands take turns, round after round, so that a change in
    # the machine's load (a shared VM's neighbours) falls on all of them
    # alike; each round's ratios are printed as well as the medians'.
    commands = [("prepoll check (every rule)", prepoll_cmd(everything, cores)),
                ("rg -F -f patterns.txt", rg_cmd(everything, cores))]
    if not args.skip_rg_i:
        commands.append(("rg -i -F -f patterns.txt", rg_cmd(everything, cores, insensitive=True)))
    rounds = [[run(cmd) for _, cmd in commands] for _ in range(args.runs)]
    print(f"## The whole corpus on {cores} cores\n")
    print("| command | time (s) | MB/s | peak memory (MiB) |")
    print("|---|---:|---:|---:|")
    medians = []
    for i, (name, _) in enumerate(commands):
        t = statistics.median(r[i][0] for r in rounds)
        m = max(r[i][1] for r in rounds)
        medians.append(t)
        print(f"| {name} | {t:.2f} | {size / 1e6 / t:.0f} | {m:.0f} |")
    for i, label in ((1, "rg -F"), (2, "rg -i -F")):
        if i < len(commands):
            each = ", ".join(f"{r[0][0] / r[i][0]:.2f}" for r in rounds)
            print(f"\nprepoll / {label}: {medians[0] / medians[i]:.2f}x the time "
                  f"(medians; round by round: {each})")

    print("\n## Scaling in corpus size (all cores)\n")
    print("| share | MB | prepoll (s) | prepoll MB/s | rg -F (s) |")
    print("|---|---:|---:|---:|---:|")
    for k in (1, 2, 4):
        if k > len(shards):
            break
        part = everything[:k] if k < len(shards) else everything
        part_size, _ = corpus_size(part)
        tp, _ = measure(prepoll_cmd(part, cores), args.runs)
        tr, _ = measure(rg_cmd(part, cores), args.runs)
        print(f"| {k}/{len(shards)} | {part_size / 1e6:.0f} | {tp:.2f} | {part_size / 1e6 / tp:.0f} | {tr:.2f} |")

    print("\n## Scaling in threads (the whole corpus)\n")
    print("| threads | prepoll (s) | speed-up | rg -F (s) | speed-up |")
    print("|---:|---:|---:|---:|---:|")
    base_p = base_r = None
    for threads in sorted({1, 2, cores}):
        if threads > cores:
            continue
        tp, _ = measure(prepoll_cmd(everything, threads), args.runs)
        tr, _ = measure(rg_cmd(everything, threads), args.runs)
        base_p, base_r = base_p or tp, base_r or tr
        print(f"| {threads} | {tp:.2f} | {base_p / tp:.2f}x | {tr:.2f} | {base_r / tr:.2f}x |")


def big_file(prepoll, corpus, config):
    """Time and peak memory of one large file, and the size limit."""
    big = os.path.join(corpus, "big.md")
    if os.path.exists(big):
        big_size = os.path.getsize(big)
        t, m = measure([prepoll, "check", big, "--config", config, "--date", CHECK_DATE,
                        "--format", "jsonl", "--max-file-size", str(big_size)], 1)
        print(f"\n## One {big_size / 1e6:.0f} MB Markdown file\n")
        print(f"prepoll: {t:.2f} s, peak memory {m:.0f} MiB = {m * 1048576 / big_size:.2f}x the file size")
        limit = big_size // 2
        out = subprocess.run([prepoll, "check", big, "--config", config, "--date", CHECK_DATE,
                              "--max-file-size", str(limit)], capture_output=True, text=True)
        print(f"with --max-file-size {limit} it is refused, not read (exit {out.returncode}): "
              f"{out.stderr.strip().splitlines()[0] if out.stderr.strip() else out.stdout.strip()[:200]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=20000)
    ap.add_argument("--kb", type=int, default=50, help="average document size")
    ap.add_argument("--big-mb", type=int, default=500, help="size of the single large file (0: skip)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-rg-i", action="store_true", help="skip the case-insensitive ripgrep run")
    ap.add_argument("--only-small", action="store_true", help="only latency and peers")
    ap.add_argument("--dir", default=os.path.join(ROOT, "target", "bench"))
    args = ap.parse_args()

    corpus = os.path.join(args.dir, f"corpus-{args.files}-{args.kb}kb-{args.big_mb}mb")
    if not os.path.exists(os.path.join(corpus, "done")):
        print(f"generating {corpus} ...", file=sys.stderr)
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bench_corpus.py"), corpus,
                        "--files", str(args.files), "--kb", str(args.kb), "--big-mb", str(args.big_mb)],
                       check=True)
        open(os.path.join(corpus, "done"), "w").close()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    prepoll = os.path.join(ROOT, "target", "release", "prepoll")
    rg = shutil.which("rg")
    if rg is None:
        sys.exit("rg is not on PATH: pip install ripgrep")
    rg_version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    config = os.path.join(corpus, "prepoll.toml")
    patterns = os.path.join(corpus, "patterns.txt")
    with open(patterns, "w") as f:
        subprocess.run([prepoll, "patterns", "--config", config], stdout=f, check=True)
    n_patterns = sum(1 for _ in open(patterns))
    shards = sorted(d for d in os.listdir(corpus) if d.startswith("shard-"))
    cores = os.cpu_count() or 1

    def prepoll_cmd(paths, threads):
        return [prepoll, "check", *paths, "--config", config, "--date", CHECK_DATE,
                "--format", "jsonl", "-j", str(threads)]

    def rg_cmd(paths, threads, insensitive=False):
        return [rg, *(["-i"] if insensitive else []), "-F", "-f", patterns, "-j", str(threads),
                "--no-messages", *paths]

    everything = [os.path.join(corpus, s) for s in shards]
    size, files = corpus_size(everything)
    print(f"machine: {platform.machine()}, {cores} cores, {platform.system()} {platform.release()}")
    print(f"prepoll: {subprocess.run([prepoll, '--version'], capture_output=True, text=True).stdout.strip()}")
    print(f"ripgrep: {rg_version}")
    print(f"corpus: {files} files (Markdown and HTML), {size / 1e6:.0f} MB; "
          f"{n_patterns} literal patterns (5,000 candidates and the lexicons)\n")

    if not args.only_small:
        whole_corpus(args, prepoll_cmd, rg_cmd, everything, shards, size, cores)

    # Latency: one press release, process start included, as a pre-commit
    # hook runs it. The release is the generator's first Markdown document,
    # cut to a typical length (about 600 words).
    release = os.path.join(args.dir, "press-release.md")
    with open(os.path.join(corpus, shards[0], sorted(os.listdir(os.path.join(corpus, shards[0])))[0])) as f:
        text = f.read()
    with open(release, "w") as f:
        f.write(text[:text.find(" ", 3800) + 1] + "\n")
    empty = os.path.join(args.dir, "no-candidates.toml")
    with open(empty, "w") as f:
        f.write("# no election, no candidates: the lexicons alone\n")
    print(f"\n## Latency: one {os.path.getsize(release) / 1000:.1f} KB press release, process start included\n")
    print("| candidate list | median (ms) | fastest (ms) |")
    print("|---|---:|---:|")
    # A file named on the command line, or piped to standard input, is read
    # before the automaton is built, which then holds only what may occur
    # in it (src/vocabulary.rs).
    for label, cfg, stdin in (("none (lexicons only)", empty, None),
                              ("5,000 candidates", config, None),
                              ("5,000 candidates, from standard input", config, release)):
        source = ["-", "--stdin-filename", "press-release.md"] if stdin else [release]
        times = sorted(run([prepoll, "check", *source, "--config", cfg, "--date", CHECK_DATE,
                            "--assume-period", "--format", "json"], stdin=stdin)[0]
                       for _ in range(max(args.runs, 1) * 10))
        print(f"| {label} | {statistics.median(times) * 1000:.1f} | {times[0] * 1000:.1f} |")

    # Peers: prose linters a team might reach for, over the same 100 Markdown files.
    sample = sorted(os.path.join(corpus, shards[0], n) for n in os.listdir(os.path.join(corpus, shards[0])))[:100]
    sample_mb = sum(os.path.getsize(p) for p in sample) / 1e6
    alex = os.path.join(args.dir, "peers", "node_modules", ".bin", "alex")
    peers = [("prepoll check", [prepoll, "check", *sample, "--config", config, "--date", CHECK_DATE,
                                "--format", "jsonl"])]
    if os.path.exists(alex):
        peers.append(("alex (npm)", [alex, "--quiet", *sample]))
    if shutil.which("proselint"):
        peers.append(("proselint (PyPI)", ["proselint", "check", *sample]))
    print(f"\n## Peers: the same {len(sample)} Markdown files ({sample_mb:.1f} MB)\n")
    print("| tool | time (s) | x prepoll |")
    print("|---|---:|---:|")
    base = None
    for name, cmd in peers:
        t, _ = measure_any(cmd, 1)
        base = base or t
        print(f"| {name} | {t:.2f} | {t / base:.0f} |")
    if len(peers) == 1:
        print("(alex: `npm install --prefix target/bench/peers alex`; proselint: `pip install proselint`)")

    if not args.only_small:
        big_file(prepoll, corpus, config)

if __name__ == "__main__":
    main()
