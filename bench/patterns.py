#!/usr/bin/env python3
"""patterns.py: the content patterns of fwaudit's shipped rules, for the
tools the bench compares against, generated from rules/*.rules so the
comparison follows the rules as they change.

    patterns.py RULES_DIR OUTDIR [--synth N]

writes
    OUTDIR/rg.pat       one PCRE2 pattern per line (rg -P -f)
    OUTDIR/grep.pat     one alternation of all of them (grep -P takes one pattern)
    OUTDIR/rg-rust.pat  the same rewritten for rg's default (Rust) engine, which
                        has no lookaround: lookarounds dropped as for YARA (a
                        superset of the matches); the strongest baseline, as
                        that engine has ripgrep's literal optimizations
    OUTDIR/rules.yar    YARA rules: each pattern rewritten to YARA's regex
                        dialect where it can be (see yara_regex); the ones
                        YARA cannot express are listed in rules.yar.skipped
    OUTDIR/synth/       with --synth N: a rule directory holding the shipped
                        pattern rules' worth of extra token rules, N times as
                        many content rules in all (the "10x rules" row)

Which patterns: every `pattern` of a rule with no `path` include filter,
i.e. the rules fwaudit runs over every file (secrets, token formats, ...).
Rules limited to a few paths (/etc/config/wireless) would cost rg and grep
far more than they cost fwaudit, which runs them on those paths only.
"""
import os
import re
import subprocess
import sys


def read_rules(rules_dir):
    rules = []
    for name in sorted(os.listdir(rules_dir)):
        if not name.endswith(".rules"):
            continue
        cur = None
        with open(os.path.join(rules_dir, name), encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                m = re.match(r"^rule\s+(\S+)", line)
                if m:
                    cur = {"id": m.group(1), "file": name, "paths": False,
                           "pattern": None, "content": "any", "requires": "MO.13"}
                    continue
                if cur is None:
                    continue
                if line.strip() == "end":
                    rules.append(cur)
                    cur = None
                    continue
                m = re.match(r"^\s+(\S+)\s+(.*)$", line)
                if not m:
                    continue
                key, val = m.group(1), m.group(2)
                if key == "pattern":
                    cur["pattern"] = val
                elif key == "path":
                    cur["paths"] = True
                elif key == "content":
                    cur["content"] = val.strip()
                elif key == "requires" and cur["requires"] == "MO.13":
                    cur["requires"] = val.split()[0]
    return rules


def yara_regex(p):
    """Rewrite a PCRE2 pattern to YARA's regex dialect, or None. YARA has no
    lookaround, inline flags, branch reset or named groups: lookarounds are
    dropped (YARA then matches a superset, so it does at least the same
    work), (?i) becomes the `nocase` modifier, ^ and $ are dropped (YARA's
    anchor the whole file, not a line)."""
    nocase = False
    if p.startswith("(?i)"):
        nocase = True
        p = p[4:]
    if "(?i" in p or "\\K" in p or "(?x" in p:
        return None, False
    out, i, depth_skip = [], 0, []
    stack = []
    while i < len(p):
        c = p[i]
        if c == "\\":
            out.append(p[i:i + 2])
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < len(p) and p[j] == "^":
                j += 1
            if j < len(p) and p[j] == "]":
                j += 1
            while j < len(p) and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            out.append(p[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            if p.startswith("(?<=", i) or p.startswith("(?<!", i) or \
               p.startswith("(?=", i) or p.startswith("(?!", i):
                stack.append("drop")
                out.append("\0DROP(")
                i += 4 if p.startswith("(?<", i) else 3
                continue
            m = re.match(r"\(\?(?::|\||>|P?<[A-Za-z_]\w*>)", p[i:])
            stack.append("keep")
            out.append("(")
            i += len(m.group(0)) if m else 1
            continue
        if c == ")":
            kind = stack.pop() if stack else "keep"
            out.append("\0DROP)" if kind == "drop" else ")")
            i += 1
            continue
        if c in "^$":
            i += 1
            continue
        if c in "*+?}" and i + 1 < len(p) and p[i + 1] in "+?":
            out.append(c)              # possessive or lazy: same language
            i += 2
            continue
        out.append(c)
        i += 1
    s = "".join(out)
    # remove the dropped lookarounds with their content (nesting-aware)
    res, depth = [], 0
    k = 0
    while k < len(s):
        if s.startswith("\0DROP(", k):
            depth += 1
            k += 6
            continue
        if s.startswith("\0DROP)", k):
            depth -= 1
            k += 6
            continue
        if depth == 0:
            res.append(s[k])
        else:
            pass
        k += 1
    s = "".join(res)
    # groups left empty by the removals: "()" and "(|...)" forms are fine in
    # PCRE but not in YARA
    s = s.replace("()", "")
    return s.replace("/", "\\/"), nocase


def yara_compiles(text):
    try:
        r = subprocess.run(["yarac", "-", "/dev/null"], input=text.encode(),
                           capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return True  # no yarac: let yara itself report
    return r.returncode == 0


SYNTH_WORDS = ["acme", "nimbus", "zephyr", "quasar", "orbit", "fjord", "tundra",
               "saffron", "cobalt", "ember", "juniper", "lumen", "mistral",
               "nectar", "onyx", "prism", "quill", "raven", "sable", "talon",
               "umber", "vortex", "willow", "xenon", "yonder", "zircon"]


def synth_rules(rules_dir, out_dir, rules, factor):
    """Token rules in the style of the shipped ones (a vendor prefix, then a
    random-looking body), each with its own prefix, so the set has factor
    times as many content rules as the shipped set and the prefilter cannot
    share their literals."""
    os.makedirs(out_dir, exist_ok=True)
    n_content = sum(1 for r in rules if r["pattern"])
    extra = n_content * (factor - 1)
    with open(os.path.join(out_dir, "synth.rules"), "w") as f:
        f.write("# Generated by bench/patterns.py --synth: token rules for the scaling row.\n\n")
        for k in range(extra):
            w = SYNTH_WORDS[k % len(SYNTH_WORDS)] + str(k // len(SYNTH_WORDS))
            f.write(f"rule synth-token-{k}\n  requires   MO.13\n  severity   high\n"
                    f"  title      synthetic {w} token\n  fix        none\n  content    any\n"
                    f"  pattern    (?<![A-Za-z0-9_])({w}_(?:live|prod)_[A-Za-z0-9]{{24,64}})(?![A-Za-z0-9_])\n"
                    f"  secret     1\n"
                    f"  must-match     \"k = {w}_live_abcdefghijklmnopqrstuvwx12\\n\"\n"
                    f"  must-not-match \"k = {w}_test_abcdefghijklmnopqrstuvwx12\\n\"\n"
                    "end\n\n")
    return extra


def main():
    args = sys.argv[1:]
    synth = 0
    if "--synth" in args:
        i = args.index("--synth")
        synth = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit("usage: patterns.py RULES_DIR OUTDIR [--synth N]")
    rules_dir, out = args
    os.makedirs(out, exist_ok=True)
    rules = read_rules(rules_dir)
    chosen = [r for r in rules if r["pattern"] and not r["paths"]]
    with open(os.path.join(out, "rg.pat"), "w") as f:
        for r in chosen:
            f.write(r["pattern"] + "\n")
    with open(os.path.join(out, "grep.pat"), "w") as f:
        f.write("|".join("(?:" + r["pattern"] + ")" for r in chosen) + "\n")
    yar, skipped = [], []
    for r in chosen:
        rx, nocase = yara_regex(r["pattern"])
        name = re.sub(r"\W", "_", r["id"])
        if rx is None:
            skipped.append(r["id"] + ": inline flags YARA cannot express")
            continue
        text = f"rule {name} {{\n  strings:\n    $p = /{rx}/{' nocase' if nocase else ''}\n" \
               f"  condition:\n    $p\n}}\n"
        if yara_compiles(text):
            yar.append(text)
        else:
            skipped.append(r["id"] + ": YARA does not compile the rewritten pattern /" + rx + "/")
    rust = []
    for r in chosen:
        rx, nocase = yara_regex(r["pattern"])
        if rx is None:
            continue
        rx = ("(?i)" if nocase else "") + rx.replace("\\/", "/")
        ok = subprocess.run(["rg", "-q", "-e", rx, os.devnull], capture_output=True).returncode != 2
        if ok:
            rust.append(rx)
    with open(os.path.join(out, "rg-rust.pat"), "w") as f:
        f.write("".join(x + "\n" for x in rust))
    with open(os.path.join(out, "rules.yar"), "w") as f:
        f.write("// Generated by bench/patterns.py from fwaudit's rules\n" + "\n".join(yar))
    with open(os.path.join(out, "rules.yar.skipped"), "w") as f:
        f.write("\n".join(skipped) + ("\n" if skipped else ""))
    print(f"patterns: {len(chosen)} content patterns for rg -P/grep, {len(rust)} for rg's own engine, "
          f"{len(yar)} as YARA rules"
          f" ({len(skipped)} YARA cannot express: {out}/rules.yar.skipped)")
    if synth > 1:
        n = synth_rules(rules_dir, os.path.join(out, "synth"), rules, synth)
        print(f"patterns: {n} synthetic token rules in {out}/synth ({synth}x the content rules)")


if __name__ == "__main__":
    main()
