#!/usr/bin/env python3
"""Every `fengong …` command in README.md's code blocks (and in the man
page's EXAMPLES) runs.

    readme_examples.py FENGONG SOURCE_ROOT

Commands are taken from the README's shell code blocks (fenced ``` blocks
other than ```text, and indented blocks): a line whose first word, after any
VAR=value assignments, is `fengong`.  They run in README order, as a reader
would type them, in one scratch directory that holds a copy of the shipped
plan (plan.yaml, also $FENGONG_FILE) committed in a git repository, with
HOME and the XDG directories inside it.  A command must exit 0 unless its
comment starts with the marker `# exit N` (`# exit 1: why`): the README expects
status N.  A command without a subcommand opens the terminal interface: it
runs in a tmux terminal, must draw, and must quit on `q` with status 0.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

FENGONG = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
MARKER = re.compile(r"^\s*#\s*exit\s+(\d+)\b")
GLOBAL_WITH_ARG = {"-f", "--file", "--as", "--unit"}
GLOBAL_FLAGS = {"--read-only"}
DRAWN = "鄂州政办发〔2024〕24号"  # the shipped plan's number, in the interface's title bar


def code_lines(text):
    """(line number, text) of every line inside a shell code block."""
    out, fence, prev_blank = [], None, True
    for no, line in enumerate(text.split("\n"), 1):
        m = re.match(r"^\s*```(\S*)", line)
        if m:
            if fence is None:
                fence = m.group(1) or "sh"
            else:
                fence = None
            prev_blank = False
            continue
        if fence is not None:
            if fence != "text":
                out.append((no, line))
        elif line.startswith("    ") and line.strip() and (prev_blank or (out and out[-1][0] == no - 1)):
            out.append((no, line))
        prev_blank = not line.strip()
    return out


def man_example_lines(text):
    """(line number, text) of the man page's EXAMPLES (.nf … .fi), unescaped."""
    out, section, fill = [], None, True
    for no, line in enumerate(text.split("\n"), 1):
        if line.startswith(".SH"):
            section = line[3:].strip().strip('"')
        elif section == "EXAMPLES" and line.startswith(".nf"):
            fill = False
        elif section == "EXAMPLES" and line.startswith(".fi"):
            fill = True
        elif section == "EXAMPLES" and not fill and not line.startswith("."):
            out.append((no, re.sub(r"\\f[BIRP]", "", line).replace("\\-", "-")))
    return out


def commands(text, lines=None):
    cmds = []
    for no, line in (lines if lines is not None else code_lines(text)):
        body, comment = line.strip(), ""
        i = body.find(" #")
        if body.startswith("#"):
            continue
        if i >= 0:
            body, comment = body[:i].strip(), body[i:]
        try:
            words = shlex.split(body)
        except ValueError:
            continue
        k = 0
        while k < len(words) and re.match(r"^[A-Z_][A-Z0-9_]*=", words[k]):
            k += 1
        if k >= len(words) or words[k] != "fengong":
            continue
        m = MARKER.search(comment)
        expect = int(m.group(1)) if m else 0
        rest, j = words[k + 1:], 0
        while j < len(rest):
            if rest[j] in GLOBAL_WITH_ARG:
                j += 2
            elif rest[j] in GLOBAL_FLAGS or rest[j].startswith("--file=") or rest[j].startswith("--as="):
                j += 1
            else:
                break
        cmds.append((no, body, expect, j >= len(rest)))
    return cmds


def scratch():
    work = tempfile.mkdtemp(prefix="fengong-readme.")
    home = os.path.join(work, ".home")
    os.makedirs(home)
    bindir = os.path.join(work, ".bin")
    os.makedirs(bindir)
    os.symlink(FENGONG, os.path.join(bindir, "fengong"))
    shutil.copy(os.path.join(ROOT, "plan", "ezhou-2024-24.yaml"), os.path.join(work, "plan.yaml"))
    # the README names the shipped document by its path in the source tree
    os.makedirs(os.path.join(work, "tests", "import"))
    shutil.copy(os.path.join(ROOT, "tests", "import", "ezhou-2024-24.txt"), os.path.join(work, "tests", "import"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("FENGONG_") and not k.startswith("GIT_")}
    env.update({
        "PATH": bindir + os.pathsep + env.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "FENGONG_FILE": os.path.join(work, "plan.yaml"),
        "FENGONG_USER": "readme",
        "LC_ALL": "C.UTF-8",
        "TZ": "Asia/Shanghai",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "readme", "GIT_AUTHOR_EMAIL": "readme@example.org",
        "GIT_COMMITTER_NAME": "readme", "GIT_COMMITTER_EMAIL": "readme@example.org",
    })
    for args in (["init", "-q"], ["add", "plan.yaml"], ["commit", "-q", "-m", "the plan"]):
        subprocess.run(["git"] + args, cwd=work, env=env, check=True, stdout=subprocess.DEVNULL)
    return work, env


def run_tui(cmd, work, env):
    """Run cmd in a tmux terminal; wait for a screen, press q; its status."""
    # a server of its own per run: reusing a socket right after kill-server races
    run_tui.runs = getattr(run_tui, "runs", 0) + 1
    sock = "fengong-readme-%d-%d" % (os.getpid(), run_tui.runs)
    rc_file = os.path.join(work, ".tui-rc")
    if os.path.exists(rc_file):
        os.unlink(rc_file)
    inner = "cd %s && %s; echo $? > %s; sleep 60" % (shlex.quote(work), cmd, shlex.quote(rc_file))
    tmux = ["tmux", "-L", sock, "-f", "/dev/null"]
    tenv = dict(env, TERM="xterm-256color")
    subprocess.run(tmux + ["new-session", "-d", "-x", "120", "-y", "40", "bash", "-c", inner], env=tenv, check=True)
    screen = ""
    try:
        deadline = time.time() + float(os.environ.get("TUI_TIMEOUT", "30"))
        while time.time() < deadline and not os.path.exists(rc_file):
            screen = subprocess.run(tmux + ["capture-pane", "-p"], env=tenv, capture_output=True, text=True).stdout
            if DRAWN in screen:
                break
            time.sleep(0.1)
        if DRAWN not in screen:
            return "no screen", screen
        subprocess.run(tmux + ["send-keys", "q"], env=tenv)
        while time.time() < deadline and not os.path.exists(rc_file):
            time.sleep(0.1)
        if not os.path.exists(rc_file):
            return None, screen
        with open(rc_file) as f:
            return int(f.read().strip() or -1), screen
    finally:
        subprocess.run(tmux + ["kill-server"], env=tenv, stderr=subprocess.DEVNULL)
        try:
            os.unlink(os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), "tmux-%d" % os.getuid(), sock))
        except OSError:
            pass


def main():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        cmds = [("README.md",) + c for c in commands(f.read())]
    with open(os.path.join(ROOT, "src", "cli", "fengong.1"), encoding="utf-8") as f:
        man = commands(None, man_example_lines(f.read()))
    if not man:
        print("FAIL: found no fengong commands in fengong.1's EXAMPLES; is the extraction broken?")
        return 1
    cmds += [("fengong.1",) + c for c in man]
    if len(cmds) < 10:
        print("FAIL: found only %d fengong commands in README.md; is the extraction broken?" % len(cmds))
        return 1
    work, env = scratch()
    failed = 0
    try:
        for doc, no, cmd, expect, tui in cmds:
            if tui:
                rc, screen = run_tui(cmd, work, env)
                out = "(terminal interface)\n" + screen
            else:
                r = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True, timeout=60,
                                   stdin=subprocess.DEVNULL)
                rc, out = r.returncode, r.stderr.decode(errors="replace")
            if rc != expect:
                failed += 1
                print("FAIL: %s:%d: `%s` exited %s, the document expects %d%s\n%s" %
                      (doc, no, cmd, rc, expect, "" if expect else " (mark it `# exit N` if that is intended)", out))
            else:
                print("ok: %s:%d: %s%s" % (doc, no, cmd, " (exit %d, as marked)" % expect if expect else ""))
    finally:
        if not failed:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("(scratch directory kept: %s)" % work)
    print("%d of %d documented commands ran as documented" % (len(cmds) - failed, len(cmds)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
