#!/usr/bin/env python3
"""table.py RESULTS_DIR: the bench's table (medians, ratios, peak memory)
and the issue's targets, from hyperfine's JSON files written by bench/run."""
import json
import os
import platform
import subprocess
import sys

R = sys.argv[1]


def median(name):
    try:
        with open(os.path.join(R, name + ".json")) as f:
            return json.load(f)["results"][0]["median"]
    except (OSError, KeyError, IndexError, ValueError):
        return None


def failed(name):
    """The exit codes of a row's runs, when one was not 0 (the timing then
    measures a failure, not the work)."""
    try:
        with open(os.path.join(R, name + ".json")) as f:
            codes = json.load(f)["results"][0].get("exit_codes") or []
    except (OSError, KeyError, IndexError, ValueError):
        return None
    bad = [c for c in codes if c not in (0, None)]
    return bad or None


def runs(name):
    try:
        with open(os.path.join(R, name + ".json")) as f:
            return len(json.load(f)["results"][0]["times"])
    except (OSError, KeyError, IndexError, ValueError):
        return 0


def mem(name):
    try:
        with open(os.path.join(R, name + ".mem")) as f:
            return int(f.read().split()[-1]) / 1024.0
    except (OSError, ValueError, IndexError):
        return None


def skipped(name):
    try:
        with open(os.path.join(R, name + ".skipped")) as f:
            return f.read().strip()
    except OSError:
        return None


ROWS = [
    ("cat", "cat of every file to /dev/null (read floor)"),
    ("fwaudit-dir", "fwaudit scan, directory"),
    ("fwaudit-dir-noprefilter", "fwaudit scan, directory, --no-prefilter"),
    ("fwaudit-10x-rules", "fwaudit scan, directory, 10x content rules"),
    ("fwaudit-jobs1", "fwaudit scan --jobs 1"),
    ("fwaudit-jobs2", "fwaudit scan --jobs 2"),
    ("fwaudit-tar.gz", "fwaudit scan, rootfs.tar.gz"),
    ("fwaudit-sqfs", "fwaudit scan, rootfs.sqfs (xz)"),
    ("rg", "rg -P, same patterns (2 threads)"),
    ("rg-j1", "rg -P -j1, same patterns"),
    ("rg-rust", "rg (own engine), lookarounds dropped"),
    ("grep", "grep -rP, same patterns"),
    ("yara", "yara -r, equivalent rules (default threads)"),
    ("yara-p1", "yara -p 1 -r, equivalent rules"),
    ("unsquashfs", "unsquashfs to tmpfs (extraction floor)"),
    ("unsquashfs+rg", "unsquashfs to tmpfs + rg -P"),
]

with open(os.path.join(R, "input")) as f:
    path, files, mib = f.read().split()
base = median("fwaudit-dir")
cpu = "?"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
print(f"Input: {path}: {files} files, {mib} MiB; machine: {cpu}, {os.cpu_count()} cores, "
      f"{platform.system()} {platform.release()}")
print()
print("| what | median s | runs | fwaudit-dir / this | peak RSS MiB |")
print("|---|---:|---:|---:|---:|")
for name, label in ROWS:
    m = median(name)
    if m is not None and failed(name):
        print(f"| {label} | failed: exit {failed(name)[0]} (see {name}.err) | | | |")
        continue
    if m is None:
        why = skipped(name)
        if why:
            print(f"| {label} | skipped: {why} | | | |")
        continue
    ratio = f"{base / m:.2f}" if base else ""
    pm = mem(name)
    print(f"| {label} | {m:.2f} | {runs(name)} | {ratio} | {f'{pm:.0f}' if pm else ''} |")

def size_rows(names):
    rows = []
    for s in names:
        m = median("fwaudit-" + s)
        try:
            with open(os.path.join(R, f"fwaudit-{s}.input")) as f:
                _, fl, mb = f.read().split()
        except OSError:
            continue
        if m:
            rows.append((s, int(fl), int(mb), m))
    if rows:
        print()
        print("| tree | files | MiB | fwaudit median s | MiB/s |")
        print("|---|---:|---:|---:|---:|")
        for s, fl, mb, m in rows:
            print(f"| {s} | {fl} | {mb} | {m:.2f} | {mb / m:.0f} |")
    return rows


# subsets of the packages: different sizes, but also a different mix of files
sizes = size_rows(("quarter", "half", "full"))
# the same tree 1, 2 and 3 times: only the size changes (the linearity target)
copies = size_rows(("full", "x2", "x3"))


def target(text, ok):
    print(f"- {'MET' if ok else ('NOT MET' if ok is not None else 'NOT MEASURED')}: {text}")


# a row whose runs failed measures nothing
_median = median


def median(name):  # noqa: F811
    return None if failed(name) else _median(name)


print()
print("Targets (rg = rg -P with the same patterns, as the issue defines it):")
rg, grep = median("rg"), median("grep")
target(f"directory <= 1.5x rg ({base and rg and base / rg:.2f}x)" if base and rg else "directory <= 1.5x rg",
       base <= 1.5 * rg if base and rg else None)
target(f"directory >= 5x faster than grep -rP ({grep / base:.1f}x)" if base and grep else
       "directory >= 5x faster than grep -rP", grep >= 5 * base if base and grep else None)
sq, ur = median("fwaudit-sqfs"), median("unsquashfs+rg")
target(f"squashfs <= 1.5x (unsquashfs + rg) ({sq / ur:.2f}x)" if sq and ur else
       "squashfs <= 1.5x (unsquashfs + rg)", sq <= 1.5 * ur if sq and ur else None)
x10 = median("fwaudit-10x-rules")
target(f"10x content rules < 2x time ({x10 / base:.2f}x)" if x10 and base else "10x content rules < 2x time",
       x10 < 2 * base if x10 and base else None)
j1, j2 = median("fwaudit-jobs1"), median("fwaudit-jobs2")
target(f"--jobs 2 >= 1.7x faster than --jobs 1 ({j1 / j2:.2f}x)" if j1 and j2 else
       "--jobs 2 >= 1.7x faster than --jobs 1", j1 >= 1.7 * j2 if j1 and j2 else None)
if len(copies) == 3:
    rates = [mb / m for _, _, mb, m in copies]
    target("time linear in size: MiB/s within 1.5x at 1x, 2x and 3x the tree (" +
           ", ".join(f"{r:.0f}" for r in rates) + ")", max(rates) <= 1.5 * min(rates))
if len(sizes) == 3:
    rates = [mb / m for _, _, mb, m in sizes]
    print("- (the package subsets, whose mix of files differs: MiB/s " +
          ", ".join(f"{r:.0f}" for r in rates) + ")")
mems = [mem(n) for n in ("fwaudit-dir", "fwaudit-tar.gz", "fwaudit-sqfs") if mem(n)]
target(f"peak memory < 512 MiB in every form (max {max(mems):.0f} MiB)" if mems else
       "peak memory < 512 MiB", max(mems) < 512 if mems else None)
