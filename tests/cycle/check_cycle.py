#!/usr/bin/env python3
"""The supervision cycle, end to end: run fengong on a copy of the shipped
plan with `reporting: {every: month, due_day: 25}` and `review: required`,
and check what it writes against the records in the file.

usage: check_cycle.py CASE FENGONG PLAN
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import yaml

CASE, EXE, PLAN = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
ZH = "zh_CN.UTF-8"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


TMP = tempfile.mkdtemp(prefix="fengong-cycle.")
PLANCOPY = os.path.join(TMP, "plan.yaml")


def make_plan(path=PLANCOPY):
    text = open(PLAN, encoding="utf-8").read()
    text = text.replace("  date: 2024-11-07\n",
                        "  date: 2024-11-07\n  reporting:\n    every: month\n    due_day: 25\n  review: required\n", 1)
    open(path, "w", encoding="utf-8").write(text)


def run(*args, today="2026-11-20", as_=None, expect=0, plan=None, cwd=None, lang="C.UTF-8"):
    """fengong ARGS under the locale `lang`: the bulletin is a document for
    people, in the reader's language, so its cases read it as a Chinese user
    does (zh, the build tree's catalogue, which the binary finds itself)."""
    env = dict(os.environ)
    for k in ("FENGONG_FILE", "FENGONG_AS", "LANGUAGE", "FENGONG_LOCALEDIR"):
        env.pop(k, None)
    env.update(LC_ALL=lang, FENGONG_USER="tester", FENGONG_TODAY=today, TZ="Asia/Shanghai")
    argv = [EXE, "-f", plan or PLANCOPY] + (["--as", as_] if as_ else []) + list(args)
    r = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or TMP)
    if expect is not None and r.returncode != expect:
        check(False, f"{' '.join(argv[3:])}: exit {r.returncode}, expected {expect}; "
                     f"stderr: {r.stderr.decode(errors='replace')}")
    return r


def load(path=PLANCOPY):
    """The file as fengong reads it: every scalar a string (BaseLoader)."""
    return yaml.load(open(path, encoding="utf-8"), Loader=yaml.BaseLoader)


def asg(doc, n, unit):
    m = next(m for m in doc["measures"] if m["number"] == str(n))
    return next(a for a in m["assignments"] if a["unit"] == unit)


def history(doc):
    return doc.get("history") or []


# ---------------------------------------------------------------- members

def case_members():
    # a member's liaison reports and changes its own row only
    r = run("progress", "1", "鄂城区人民政府", "--progress", "代报", as_="葛店经开区管委会", expect=1)
    check(b"belongs to" in r.stderr, f"a sibling member's row is refused: {r.stderr!r}")
    r = run("set", "1", "鄂城区人民政府", "in_progress", as_="葛店经开区管委会", expect=1)
    before = open(PLANCOPY, "rb").read()
    run("set", "1", "各区人民政府", "in_progress", as_="葛店经开区管委会", expect=1)
    check(open(PLANCOPY, "rb").read() == before, "refused edits write nothing")
    run("progress", "1", "葛店经开区管委会", "--progress", "园区摸底", as_="葛店经开区管委会")
    run("set", "1", "葛店经开区管委会", "blocked", "--note", "缺资金", as_="葛店经开区管委会")
    doc = load()
    check(asg(doc, 1, "葛店经开区管委会")["status"] == "blocked", "the member's own row changed")
    check(all(asg(doc, 1, u)["status"] == "not_started"
              for u in ("鄂城区人民政府", "华容区人民政府", "梁子湖区人民政府", "临空经济区管委会")),
          "the sibling members' rows did not")
    # the umbrella rolls up: blocked while one member is blocked
    out = run("show", "1").stdout.decode()
    check(re.search(r"^  各区人民政府 +co +blocked .*\(5 members\)$", out, re.M) is not None, f"roll-up shown: {out}")
    for u in ("鄂城区人民政府", "华容区人民政府", "梁子湖区人民政府", "临空经济区管委会", "葛店经开区管委会"):
        run("set", "1", u, "done")  # the coordinator: done directly
    out = run("show", "1").stdout.decode()
    check(re.search(r"^  各区人民政府 +co +done ", out, re.M) is not None, f"all members done: umbrella done: {out}")
    # --unit with the umbrella lists its members' rows
    r = run("list", "--unit", "各区人民政府", "--format", "tsv").stdout.decode().splitlines()[1:]
    check(len(r) == 75 and {l.split("\t")[3] for l in r} == {"鄂城区人民政府", "华容区人民政府", "梁子湖区人民政府",
                                                            "葛店经开区管委会", "临空经济区管委会"},
          f"--unit 各区人民政府: its members' 75 rows ({len(r)})")


# ---------------------------------------------------------------- missing

def missing_rows(today, *args):
    out = run("missing", "--format", "tsv", *args, today=today).stdout.decode().splitlines()
    return [l.split("\t") for l in out[1:]]


def case_missing():
    total = sum(len(m["assignments"]) for m in load()["measures"])
    rows = missing_rows("2026-11-20", "--period", "2026-11")
    check(len(rows) == total, f"nobody reported: {len(rows)} of {total}")
    check(all(r[6] == "2026-11-25" and r[7] == "no" for r in rows), "before the 25th: not yet late")
    out = run("missing", "--unit", "市税务局", today="2026-11-20").stdout.decode()
    check("市税务局" in out and "未按时报送" not in out.split("\n", 1)[1], f"table before the due day: {out}")
    # after the due day
    rows = missing_rows("2026-11-26", "--period", "2026-11")
    check(all(r[7] == "yes" for r in rows), "after the 25th: 未按时报送 for every row")
    out = run("missing", "--unit", "市税务局", today="2026-11-26").stdout.decode()
    check("未按时报送" in out, f"table after the due day says 未按时报送: {out}")
    # --period defaults to today's month; a report removes the row
    run("progress", "3", "市税务局", "--progress", "已完成摸底", "--problems", "数据未共享", "--percent", "40",
        as_="市税务局", today="2026-11-20")
    rows = missing_rows("2026-11-26")
    check(len(rows) == total - 1 and ("市税务局", "3") not in {(r[0], r[1]) for r in rows},
          "a progress report takes its row off the list")
    # a status change with a note counts as the report
    run("set", "9", "市财政局", "in_progress", "--note", "资金已申请", as_="市财政局", today="2026-11-20")
    rows = missing_rows("2026-11-26")
    check(("市财政局", "9") not in {(r[0], r[1]) for r in rows}, "a change with a note is a report")
    # the other month is untouched
    check(len(missing_rows("2026-12-26", "--period", "2026-10")) == total, "2026-10 still has no reports")
    # --unit with a member; bad periods
    rows = missing_rows("2026-11-26", "--unit", "葛店经开区管委会")
    check(len(rows) == 15 and {r[0] for r in rows} == {"葛店经开区管委会"}, "--unit member: its own 15 rows")
    run("missing", "--period", "2026-13", expect=2)
    run("missing", "--period", "2026-W54", expect=2)


# ---------------------------------------------------------------- bulletin

def period_of(date):
    return date[:7]


def expected_figures(doc, period, asof):
    """The bulletin's figures for a monthly period, recomputed from the records."""
    due = period + "-25"
    last = {"2026-10": "2026-10-31", "2026-11": "2026-11-30"}[period]
    rows = [(m["number"], a["unit"]) for m in doc["measures"] for a in m["assignments"]]
    first_report, changed = {}, set()
    for r in history(doc):
        key = (r["measure"], r["unit"]) if "measure" in r else None
        if key is None:
            continue
        kind = r.get("kind", "")
        is_report = kind == "report" or (kind in ("", "submit") and r.get("note"))
        rp = r.get("period") or period_of(r["at"][:10])
        if is_report and rp == period and key not in first_report:
            first_report[key] = r["at"][:10]
        if "from" in r and r["from"] != r["to"] and period <= r["at"][:7] <= period and r["at"][:10] <= last:
            changed.add(key)
    # statuses at the period's end: current, undone back past `last`
    status = {(m["number"], a["unit"]): a["status"] for m in doc["measures"] for a in m["assignments"]}
    for r in reversed(history(doc)):
        if r["at"][:10] <= last:
            break
        if "from" in r and (r["measure"], r["unit"]) in status:
            status[(r["measure"], r["unit"])] = r["from"]
    f = {
        "应报送": len(rows),
        "按时报送": sum(1 for k in rows if k in first_report and first_report[k] <= due),
        "逾期报送": sum(1 for k in rows if k in first_report and first_report[k] > due),
        "未报送": sum(1 for k in rows if k not in first_report),
        "状态变化": sum(1 for k in rows if k in changed),
    }
    for s, zh in (("done", "已完成"), ("submitted", "待销号"), ("in_progress", "推进中"), ("not_started", "未启动"),
                  ("delayed", "滞后"), ("blocked", "受阻")):
        f[zh] = sum(1 for k in rows if status[k] == s)
    dues = {}
    for m in doc["measures"]:
        for a in m["assignments"]:
            dues[(m["number"], a["unit"])] = a.get("due") or m.get("due") or ""
    f["逾期未完成"] = sum(1 for k in rows if dues[k] and dues[k] < asof and status[k] != "done")
    return f


def md_summary(text):
    part = text.split("## 一、总体情况", 1)[1].split("##", 1)[0]
    lines = [l for l in part.splitlines() if l.startswith("| ") and not l.startswith("| 指标")]
    head = next(l for l in part.splitlines() if l.startswith("| 指标"))
    cols = [c.strip() for c in head.strip("|").split("|")]
    return cols, {l.strip("|").split("|")[0].strip(): [int(c) for c in l.strip("|").split("|")[1:]] for l in lines}


def case_bulletin():
    # October: two reports for October, one status change
    run("progress", "3", "市税务局", "--progress", "十月摸底", "--period", "2026-10", as_="市税务局")
    run("progress", "9", "市财政局", "--progress", "十月推进", "--period", "2026-10", as_="市财政局")
    # November: reports, changes, a blocked item with its problems
    run("progress", "3", "市税务局", "--progress", "十一月验收", "--problems", "数据未共享", "--period", "2026-11",
        as_="市税务局")
    run("set", "3", "市税务局", "blocked", "--note", "等待数据", as_="市税务局", today="2026-11-20")
    run("set", "1", "市科技局", "in_progress", "--note", "已启动", as_="市科技局", today="2026-11-20")
    run("set", "2", "葛店经开区管委会", "done", "--note", "完成", as_="葛店经开区管委会", today="2026-11-20")
    doc = load()
    for today in ("2026-11-26", "2026-12-10"):
        r = run("bulletin", "--period", "2026-11", today=today, lang=ZH)
        text = r.stdout.decode()
        check(text.startswith("# 《鄂州市加快培育新质生产力推动产业高质量发展实施方案》推进情况通报（2026-11）"),
              f"bulletin title: {text[:80]}")
        cols, fig = md_summary(text)
        check(cols == ["指标", "2026-10", "2026-11"], f"previous period beside this one: {cols}")
        asof_now = min(today, "2026-11-30")
        want_now = expected_figures(doc, "2026-11", asof_now)
        want_old = expected_figures(doc, "2026-10", "2026-10-31")
        for k, v in want_now.items():
            check(fig.get(k, [None, None])[1] == v, f"{today} 2026-11 {k}: {fig.get(k)} vs records {v}")
        for k, v in want_old.items():
            check(fig.get(k, [None, None])[0] == v, f"{today} 2026-10 {k}: {fig.get(k)} vs records {v}")
        # the blocked item carries the period's problems; the submission is 待销号 in the changes
        trouble = text.split("## 四、逾期和受阻事项", 1)[1]
        check("市税务局" in trouble and "数据未共享" in trouble, f"blocked item with its problems: {trouble[:400]}")
        changes = text.split("## 三、本期状态变化", 1)[1].split("## 四", 1)[0]
        check("葛店经开区管委会" in changes and "待销号" in changes and "市科技局" in changes,
              f"status changes listed: {changes}")
        units = text.split("## 二、", 1)[1].split("## 三", 1)[0]
        # 市税务局 reported for 2026-11 (its one assignment): listed only if that came after the 25th
        first = min(h["at"][:10] for h in history(doc) if h["unit"] == "市税务局" and
                    (h.get("period") or h["at"][:7]) == "2026-11")
        check("| 市人社局 | 2 | 0 | 2 |" in units and ("| 市税务局 |" in units) == (first > "2026-11-25"),
              f"units that did not report, or late, are listed (市税务局 reported {first}): {units[:300]}")
    # the numbers differ between the two periods where the records differ
    _, fig_nov = md_summary(run("bulletin", "--period", "2026-11", today="2026-12-10", lang=ZH).stdout.decode())
    check(fig_nov["未报送"][0] == fig_nov["应报送"][0] - 2, f"2026-10: two reports: {fig_nov['未报送']}")
    # a month with nothing before it still has a previous column
    _, fig = md_summary(run("bulletin", "--period", "2026-01", today="2026-12-10", lang=ZH).stdout.decode())
    check(fig["未报送"] == [fig["应报送"][0]] * 2, "an early month: nobody reported either month")
    # outside zh_CN the same bulletin speaks English, with the same figures
    en = run("bulletin", "--period", "2026-11", today="2026-12-10").stdout.decode()
    check(en.startswith("# Progress bulletin of 鄂州市加快培育新质生产力推动产业高质量发展实施方案 (2026-11)")
          and "## 1. Overall" in en and "| Not reported | " + " | ".join(map(str, fig_nov["未报送"])) + " |" in en,
          f"the bulletin under C.UTF-8 is English: {en[:300]}")
    run("bulletin", "--period", "2026-11", "-o", "b.txt", expect=2)
    run("bulletin", "--period", "nonsense", expect=2)


# ---------------------------------------------------------------- review

def case_review():
    # submit → approve
    r = run("set", "3", "市税务局", "done", "--note", "已完成", as_="市税务局")
    check(b"submitted" in r.stdout, f"a liaison's done is recorded as submitted: {r.stdout!r}")
    doc = load()
    check(asg(doc, 3, "市税务局")["status"] == "submitted", "the row is submitted (待销号)")
    rec = history(doc)[-1]
    check(rec.get("kind") == "submit" and rec["to"] == "submitted" and rec["as"] == "市税务局", f"submit record: {rec}")
    r = run("approve", "3", "市税务局", as_="市税务局", expect=1)
    check(b"only a coordinator" in r.stderr, "a liaison cannot approve")
    run("return", "3", "市税务局", "--note", "x", as_="市税务局", expect=1)
    run("approve", "3", "市税务局")
    doc = load()
    check(asg(doc, 3, "市税务局")["status"] == "done", "approved: done (销号)")
    rec = history(doc)[-1]
    check(rec.get("kind") == "approve" and rec["from"] == "submitted" and rec["to"] == "done" and rec["as"] == "",
          f"approve record: {rec}")
    run("approve", "3", "市税务局", expect=1)  # nothing awaits a decision
    # submit → return
    run("set", "9", "市财政局", "done", "--note", "已完成", as_="市财政局")
    run("return", "9", "市财政局", expect=2)  # a reason is required
    run("return", "9", "市财政局", "--note", "佐证材料不全")
    doc = load()
    a = asg(doc, 9, "市财政局")
    check(a["status"] == "in_progress" and a["note"] == "佐证材料不全", f"returned: in_progress with the reason: {a}")
    rec = history(doc)[-1]
    check(rec.get("kind") == "return" and rec["from"] == "submitted" and rec["to"] == "in_progress",
          f"return record: {rec}")
    # the roll-up treats submitted like in_progress
    run("set", "9", "市住房和城市更新局", "done", as_="市住房和城市更新局")
    for u in [a["unit"] for a in next(m for m in doc["measures"] if m["number"] == "9")["assignments"]]:
        if u not in ("市住房和城市更新局",):
            run("set", "9", u, "done")
    out = run("show", "9").stdout.decode()
    check(re.search(r"^status: in_progress ", out, re.M) is not None, f"one submitted row: in_progress: {out[:300]}")
    # the coordinator's done is done at once
    check(asg(load(), 9, "市财政局")["status"] == "done", "coordinator's done is done")
    check(run("check").returncode == 0, "the file verifies")


# ---------------------------------------------------------------- extend

def light(unit, today="2026-01-01"):
    j = json.loads(run("report", "--format", "json", "--unit", unit, today=today).stdout)
    s = next(s for s in j["scorecard"] if s["unit"] == unit)
    return s["light"], s["overdue"], [(r["measure"], r["due"]) for r in j["reminders"] if r["unit"] == unit]


def case_extend():
    # measure 9 is due 2025-12-31: on 2026-01-01 市财政局's row is red and chased
    run("set", "9", "市财政局", "in_progress", "--note", "推进中", as_="市财政局")
    l, overdue, rem = light("市财政局")
    check(l == "red" and overdue == 1 and rem == [(9, "2025-12-31")], f"before: red, chased: {l} {overdue} {rem}")
    run("extend", "9", "市财政局", "--to", "2026-06-30", "--note", "资金下达推迟", as_="市财政局")
    check(light("市财政局")[0] == "red", "a request alone changes nothing")
    check("extension asked by 市财政局: to 2026-06-30" in run("show", "9").stdout.decode(), "show names the request")
    run("extend", "9", "市财政局", "--to", "2026-02-30", "--note", "x", as_="市财政局", expect=2)
    run("approve", "9", "市财政局", as_="市财政局", expect=1)
    run("approve", "9", "市财政局")
    l, overdue, rem = light("市财政局")
    check(l == "yellow" and overdue == 0 and rem == [], f"after approval: yellow, not chased: {l} {overdue} {rem}")
    out = run("show", "9").stdout.decode()
    check("due for 市财政局: 2026-06-30 (extension granted)" in out and "extension asked" not in out,
          f"show gives the granted date: {out[-300:]}")
    doc = load()
    rec = history(doc)[-1]
    check(rec.get("kind") == "approve" and rec.get("due") == "2026-06-30" and "from" not in rec,
          f"approve of an extension records the granted date: {rec}")
    # the sibling co-unit of measure 9 keeps the measure's date
    l, overdue, rem = light("市住房和城市更新局")
    check(l == "red" and rem == [(9, "2025-12-31")], f"other units keep the measure's date: {l} {rem}")
    # after the new date it is red again
    check(light("市财政局", today="2026-07-01")[0] == "red", "past the granted date: red again")
    # a refused request changes nothing
    run("extend", "9", "市住房和城市更新局", "--to", "2026-03-31", "--note", "申请", as_="市住房和城市更新局")
    run("return", "9", "市住房和城市更新局", "--note", "不予延期")
    check(light("市住房和城市更新局")[2] == [(9, "2025-12-31")], "returned request: date unchanged")
    check(run("check").returncode == 0, "the file verifies")


# ---------------------------------------------------------------- chain and merge

def git(*args, cwd):
    return subprocess.run(["git"] + list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t",
                                   GIT_COMMITTER_EMAIL="t@x", GIT_CONFIG_NOSYSTEM="1", HOME=TMP))


def case_chain_and_merge():
    repo = os.path.join(TMP, "repo")
    os.mkdir(repo)
    plan = os.path.join(repo, "plan.yaml")
    make_plan(plan)
    git("init", "-q", "-b", "main", cwd=repo)
    run("init-git", "plan.yaml", plan=plan, cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "base", cwd=repo)
    # one side: a report, a submission, an approval
    git("checkout", "-qb", "a", cwd=repo)
    run("progress", "3", "市税务局", "--progress", "摸底", "--problems", "无", "--next", "验收", "--percent", "50",
        as_="市税务局", plan=plan)
    run("set", "3", "市税务局", "done", "--note", "完成", as_="市税务局", plan=plan)
    run("approve", "3", "市税务局", plan=plan)
    git("commit", "-qam", "a", cwd=repo)
    # the other side: a member's report, an extension request and its refusal
    git("checkout", "-q", "main", cwd=repo)
    run("progress", "1", "葛店经开区管委会", "--progress", "园区", as_="葛店经开区管委会", plan=plan)
    run("extend", "9", "市财政局", "--to", "2026-06-30", "--note", "推迟", as_="市财政局", plan=plan)
    run("return", "9", "市财政局", "--note", "不予延期", plan=plan)
    git("commit", "-qam", "b", cwd=repo)
    r = git("merge", "-q", "--no-edit", "a", cwd=repo)
    check(r.returncode == 0, f"git merges through fengong's driver: {r.stdout!r} {r.stderr!r}")
    doc = load(plan)
    kinds = sorted(h.get("kind", "status") for h in history(doc))
    check(kinds == sorted(["report", "submit", "approve", "report", "extend", "return"]),
          f"every record of both sides is in the merged history: {kinds}")
    check(asg(doc, 3, "市税务局")["status"] == "done", "the approval survives the merge")
    check(run("check", plan=plan).returncode == 0, "the merged chain verifies (fengong check)")
    # the chain: an edited v2 field breaks it
    text = open(plan, encoding="utf-8").read()
    open(plan, "w", encoding="utf-8").write(text.replace("percent: 50", "percent: 90", 1))
    r = run("check", plan=plan, expect=1)
    check(b"does not match its hash" in r.stderr, f"an edited report breaks the chain: {r.stderr!r}")


def case_xlsx_and_html():
    run("progress", "3", "市税务局", "--progress", "<b>摸底</b>", "--problems", "a|b", as_="市税务局")
    run("set", "3", "市税务局", "blocked", "--note", "<script>x</script>", as_="市税务局")
    run("bulletin", "--period", "2026-11", "-o", "b.html", today="2026-11-26", lang=ZH)
    h = open(os.path.join(TMP, "b.html"), encoding="utf-8").read()
    check(h.startswith("<!DOCTYPE html>") and "<script>" not in h and "&lt;script&gt;" in h, "html escapes notes")
    check("<th>2026-10</th><th>2026-11</th>" in h, "html: previous period beside this one")
    run("bulletin", "--period", "2026-11", "-o", "b.xlsx", today="2026-11-26", lang=ZH)
    z = zipfile.ZipFile(os.path.join(TMP, "b.xlsx"))
    names = z.namelist()
    check("xl/worksheets/sheet4.xml" in names, f"four sheets: {names}")
    ss = z.read("xl/sharedStrings.xml").decode()
    check("总体情况" in z.read("xl/workbook.xml").decode() and "未报送" in ss and "&lt;script&gt;" in ss,
          "xlsx has the summary and the items")
    run("bulletin", "--period", "2026-11", "-o", "b.md", today="2026-11-26", lang=ZH)
    md = open(os.path.join(TMP, "b.md"), encoding="utf-8").read()
    check("a\\|b" in md, "md escapes the table separator")
    check(not [f for f in os.listdir(TMP) if re.search(r"\.[A-Za-z0-9]{6}$", f)], "no temporary files left")


CASES = {"members": case_members, "missing": case_missing, "bulletin": case_bulletin, "review": case_review,
         "extend": case_extend, "chain-and-merge": case_chain_and_merge, "xlsx-and-html": case_xlsx_and_html}
try:
    make_plan()
    CASES[CASE]()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("ok")
