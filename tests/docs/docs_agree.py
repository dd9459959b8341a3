#!/usr/bin/env python3
"""--help, the man page and the README describe the same program.

    docs_agree.py FENGONG SOURCE_ROOT

The commands and their options are read from `fengong --help` (the program
is the reference); the man page (src/cli/fengong.1) must have a COMMANDS
entry for each command naming exactly its options, and an OPTIONS entry for
each global option; the README's command reference (its ```text block under
"## Command reference") must have a line for each command naming exactly
its options, and name each global option.  The man page's ENVIRONMENT
section must list every FENGONG_* variable the source reads (getenv).
Each option --help gives a command must be one the command accepts.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FENGONG = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
OPT = re.compile(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])(?![\w-])")
failures = []


def fail(msg):
    failures.append(msg)


def options(text):
    return set(OPT.findall(text))


def help_text():
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", LANGUAGE="")
    return subprocess.run([FENGONG, "--help"], env=env, capture_output=True, text=True, check=True).stdout


def parse_help(text):
    """(global options, {command: options}) from --help."""
    glob, cmds, section, cur = set(), {}, None, None
    for line in text.split("\n"):
        if re.match(r"^\S.*:$", line):
            section = line.rstrip(":").lower()
            cur = None
            continue
        if not line.strip():
            section = None if section == "commands" and cur is None else section
            continue
        if section and section.startswith("options"):
            m = re.match(r"^\s+((?:-[a-zA-Z], )?--[a-z-]+)", line)
            if m:
                glob |= options(m.group(1))
        elif section == "commands":
            m = re.match(r"^  ([a-z][a-z-]*)(.*)$", line)
            if m:
                cur = m.group(1)
                cmds[cur] = options(m.group(2))
            elif cur and re.match(r"^ {3,19}\S", line):  # a continued synopsis, not the description
                cmds[cur] |= options(line)
    return glob, cmds


def roff_plain(s):
    return re.sub(r"\\f[BIRP]", "", s).replace("\\-", "-").replace("\\(em", "—")


def man_sections(text):
    secs, name = {}, None
    for line in text.split("\n"):
        m = re.match(r'^\.SH\s+"?([^"]+)"?', line)
        if m:
            name = m.group(1).strip()
            secs[name] = []
        elif name:
            secs[name].append(line)
    return secs


def man_entries(lines):
    """{first word of the tag: tag line} of a section's .TP entries."""
    out, tag_next = {}, False
    for line in lines:
        if line.startswith(".TP"):
            tag_next = True
            continue
        if tag_next:
            plain = roff_plain(line)
            plain = re.sub(r'^\.(BR|B|IR|I)\s+', "", plain).replace('"', "")
            word = plain.split()[0] if plain.split() else ""
            out[word] = plain
            tag_next = False
    return out


def check_man(glob, cmds):
    with open(os.path.join(ROOT, "src", "cli", "fengong.1"), encoding="utf-8") as f:
        secs = man_sections(f.read())
    for need in ("OPTIONS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS"):
        if need not in secs:
            fail("fengong.1 has no %s section" % need)
    entries = man_entries(secs.get("COMMANDS", []))
    for c, opts in cmds.items():
        if c not in entries:
            fail("fengong.1: COMMANDS has no entry for `%s` (in --help)" % c)
        elif options(entries[c]) != opts:
            fail("fengong.1: `%s` lists options %s, --help lists %s" % (c, sorted(options(entries[c])), sorted(opts)))
    for c in entries:
        if c not in cmds:
            fail("fengong.1: COMMANDS has `%s`, which --help does not list" % c)
    gopts = set()
    for tag in man_entries(secs.get("OPTIONS", [])).values():
        gopts |= options(tag)
    if gopts != glob:
        fail("fengong.1: OPTIONS lists %s, --help lists %s" % (sorted(gopts), sorted(glob)))
    # every FENGONG_* variable the source reads is documented
    used = set()
    for d, _, files in os.walk(os.path.join(ROOT, "src")):
        for fn in files:
            if fn.endswith((".c", ".h")):
                with open(os.path.join(d, fn), encoding="utf-8", errors="replace") as f:
                    used |= set(re.findall(r'getenv\(\s*"(FENGONG_[A-Z0-9_]+)"', f.read()))
    documented = set(re.findall(r"^\.B\s+(FENGONG_[A-Z0-9_]+)", "\n".join(secs.get("ENVIRONMENT", [])), re.M))
    for v in sorted(used - documented):
        fail("fengong.1: ENVIRONMENT does not list %s, which the source reads" % v)
    for v in sorted(documented - used):
        fail("fengong.1: ENVIRONMENT lists %s, which no source file reads" % v)
    if not used:
        fail("found no getenv(\"FENGONG_...\") in src/: is the scan broken?")


def check_readme(glob, cmds):
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Command reference\n(.*?)(?=^## )", text, re.M | re.S)
    if not m:
        fail("README.md has no `## Command reference` section")
        return
    block = re.search(r"```text\n(.*?)```", m.group(1), re.S)
    if not block:
        fail("README.md: the command reference has no ```text block")
        return
    lines = {}
    for line in block.group(1).split("\n"):
        w = line.split()
        if len(w) >= 2 and w[0] == "fengong" and re.match(r"^[a-z][a-z-]*$", w[1]):
            lines.setdefault(w[1], set()).update(options(" ".join(w[2:]).split("  #")[0]))
    for c, opts in cmds.items():
        if c not in lines:
            fail("README.md: the command reference has no `fengong %s` line (in --help)" % c)
        elif lines[c] != opts:
            fail("README.md: `fengong %s` lists options %s, --help lists %s" % (c, sorted(lines[c]), sorted(opts)))
    for c in lines:
        if c not in cmds:
            fail("README.md: the command reference has `fengong %s`, which --help does not list" % c)
    for o in sorted(glob):
        if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(o), m.group(1)):
            fail("README.md: the command reference does not name the global option %s" % o)


def check_accepted(cmds):
    """Each option --help gives a command is one its parser knows: run
    `fengong CMD OPT` (without the option's value, so nothing is done) in a
    scratch directory and look for getopt's complaint."""
    work = tempfile.mkdtemp(prefix="fengong-docs.")
    try:
        shutil.copy(os.path.join(ROOT, "plan", "ezhou-2024-24.yaml"), os.path.join(work, "plan.yaml"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("FENGONG_")}
        env.update(LC_ALL="C.UTF-8", HOME=work, FENGONG_FILE=os.path.join(work, "plan.yaml"),
                   GIT_CEILING_DIRECTORIES=os.path.dirname(work))
        for c, opts in cmds.items():
            for o in sorted(opts):
                r = subprocess.run([FENGONG, c, o], cwd=work, env=env, capture_output=True, text=True,
                                   stdin=subprocess.DEVNULL, timeout=60)
                if re.search(r"unrecognized option|invalid option", r.stderr):
                    fail("--help gives `%s` the option %s, which it does not accept: %s" % (c, o, r.stderr.strip()))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    glob, cmds = parse_help(help_text())
    if len(cmds) < 5 or len(glob) < 3:
        print("FAIL: read only %d commands and %d options from --help; is the parser broken?" % (len(cmds), len(glob)))
        return 1
    print("--help: commands %s; global options %s" % (", ".join(cmds), ", ".join(sorted(glob))))
    check_man(glob, cmds)
    check_readme(glob, cmds)
    check_accepted(cmds)
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
