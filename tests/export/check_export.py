#!/usr/bin/env python3
"""Export and report tests: run fengong on a copy of the plan, read every
export back and check its content.

usage: check_export.py CASE FENGONG PLAN
CASE is one of csv, markdown, html, xlsx, report, errors, parts.
"""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

CASE, EXE, PLAN = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EVIL = '<script>alert("x")</script> & \'q\' | a,b "c"'

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)
    return cond


def run(*args, today="2025-06-01", expect=0, stdout=None):
    env = dict(os.environ)
    env.pop("FENGONG_FILE", None)
    env.pop("FENGONG_AS", None)
    env.update(LC_ALL="C.UTF-8", FENGONG_USER="tester", FENGONG_TODAY=today)
    r = subprocess.run([EXE, "-f", PLANCOPY] + list(args), env=env, stdout=stdout or subprocess.PIPE,
                       stderr=subprocess.PIPE, cwd=TMP)
    if expect is not None and r.returncode != expect:
        check(False, f"{' '.join(args)}: exit {r.returncode}, expected {expect}; stderr: "
                     f"{r.stderr.decode(errors='replace')}")
    return r


def list_rows(*filters):
    out = run("list", "--format", "csv", *filters).stdout.decode()
    return list(csv.reader(io.StringIO(out)))


def unit_names():
    out = run("units", "--format", "tsv").stdout.decode().splitlines()
    return [line.split("\t")[0] for line in out[1:]]


def assigned_units():
    """Units with rows: an umbrella reported member by member has none of its own."""
    return {r[3] for r in list_rows()[1:]}


def leftovers():
    """Temporary files an export could have left in TMP."""
    return [f for f in os.listdir(TMP) if re.search(r"\.[A-Za-z0-9]{6}$", f)]


# ---------------------------------------------------------------- csv

def case_csv():
    run("export", "--format", "csv", "-o", "out.csv")
    data = open(os.path.join(TMP, "out.csv"), "rb").read()
    check(data.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    check(rows[0] == "measure label title unit role status updated by note".split(), f"CSV header: {rows[0]}")
    check(len(rows) - 1 == 148, f"CSV has 148 assignment rows, not {len(rows) - 1}")
    check(["3", "(三)", "提高科技成果转化质效", "市税务局", "co", "not_started", "", "", ""] in rows,
          "CSV holds measure 3's 市税务局 row")
    check(rows == list_rows(), "CSV rows and order equal `list --format csv`")
    check({r[0] for r in rows[1:]} == {str(n) for n in range(1, 16)}, "CSV covers measures 1-15 (16-18 have no units)")
    # stdout gives the same bytes
    check(run("export", "--format", "csv").stdout == data, "CSV on stdout equals the -o file")
    # filters
    rows = list(csv.reader(io.StringIO(run("export", "--format", "csv", "--unit", "市税务局").stdout.decode("utf-8-sig"))))
    check(len(rows) == 2 and rows[1][3] == "市税务局", f"--unit 市税务局 gives one row: {rows}")
    rows = list(csv.reader(io.StringIO(
        run("export", "--format", "csv", "--unit", "葛店经开区管委会").stdout.decode("utf-8-sig"))))
    check(len(rows) - 1 == 15 and all(r[3] == "葛店经开区管委会" for r in rows[1:]),
          "--unit with a member selects its own 15 rows of its umbrella unit's assignments")
    # a note with quotes, commas and a newline survives the round trip
    run("set", "5", "市商务局", "in_progress", "--note", EVIL + "\n第二行")
    rows = list(csv.reader(io.StringIO(
        run("export", "--format", "csv", "--status", "in_progress").stdout.decode("utf-8-sig"), newline="")))
    check(len(rows) == 2 and rows[1][3] == "市商务局" and rows[1][8] == EVIL + "\n第二行" and rows[1][7] == "tester",
          f"--status in_progress: the edited row with its note intact: {rows}")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


# ---------------------------------------------------------------- markdown

def md_cells(line):
    cells, cur, i = [], "", 1
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            cur += line[i + 1]
            i += 2
            continue
        if ch == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += ch
        i += 1
    return cells


def parse_md(text):
    """Tables as (heading, header cells, rows of cells)."""
    tables, heading, lines, i = [], None, text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            heading = line[3:]
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|(:?-+:?\|)+$", lines[i + 1]):
            head = md_cells(line)
            check(len(md_cells(lines[i + 1])) == len(head), f"Markdown separator width under {heading}")
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(md_cells(lines[i]))
                check(len(rows[-1]) == len(head), f"Markdown row has {len(head)} cells: {lines[i]}")
                i += 1
            tables.append((heading, head, rows))
            continue
        i += 1
    return tables


def case_markdown():
    run("set", "3", "市税务局", "blocked", "--note", EVIL)
    run("export", "--format", "md", "-o", "out.md", today="2026-01-01")
    text = open(os.path.join(TMP, "out.md"), encoding="utf-8").read()
    tables = parse_md(text)
    headings = [t[0] for t in tables]
    check(headings == ["二、加快科技创新能力建设", "三、构建以先进制造业为骨干的现代化产业体系", "四、加快发展方式绿色转型",
                       "五、推进体制机制改革创新", "六、畅通教育科技人才良性循环", "七、加强组织保障"],
          f"one table per section: {headings}")
    measures, units, marks = [], set(), {}
    for _, head, rows in tables:
        ucols = head[head.index("状态") + 1:]
        units.update(ucols)
        for r in rows:
            measures.append(r[0])
            for u, cell in zip(ucols, r[head.index("状态") + 1:]):
                if cell:
                    marks[(r[0], u)] = cell
    check(len(measures) == 18 and len(set(measures)) == 18, f"18 measure rows: {measures}")
    check(units == assigned_units(), f"every assigned unit is a column: {sorted(assigned_units() - units)} missing")
    leads = sum(1 for r in list_rows()[1:] if r[4] == "lead")
    check(len(marks) == 148, f"148 marked cells, not {len(marks)}")
    check(sum(1 for v in marks.values() if v.startswith("●")) == leads, "● marks the leads")
    check(marks.get(("(一)", "市科技局")) == "● 未启动", f"(一) 市科技局: {marks.get(('(一)', '市科技局'))}")
    check(marks.get(("(三)", "市税务局")) == "○ 受阻", f"(三) 市税务局: {marks.get(('(三)', '市税务局'))}")
    check(marks.get(("(九)", "市生态环境局")) == "● 未启动 **逾期**", "(九) is overdue on 2026-01-01")
    check("<script" not in text and "&lt;script&gt;" in text, "the note's markup is escaped")
    check("alert(\"x\")" in text and "\\| a,b" in text, "the note is shown, its | escaped")
    # filtered: one unit, one section's worth of columns
    text = run("export", "--format", "md", "--unit", "市税务局").stdout.decode()
    tables = parse_md(text)
    check(len(tables) == 1 and tables[0][1][-1] == "市税务局" and len(tables[0][2]) == 1,
          f"--unit 市税务局: one table, one row, one unit column: {tables}")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


# ---------------------------------------------------------------- html

class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.heads, self.h2, self.units = [], [], [], [], []
        self.text = None
        self.external = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object", "embed") or "src" in a or "href" in a:
            self.external.append((tag, a))
        if tag == "tr" and "measure" in a.get("class", "").split():
            self.rows.append({"number": a.get("data-number"), "cells": []})
        if tag in ("td", "th", "h2"):
            self.text = ""
            self.stack.append((tag, a))
        if tag == "br" and self.text is not None:
            self.text += "\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th", "h2") and self.stack:
            t, a = self.stack.pop()
            cls = a.get("class", "").split()
            if t == "h2":
                self.h2.append(self.text)
            elif t == "th" and "unit" in cls:
                self.units.append(self.text)
            elif t == "td" and self.rows and "cell" in cls and "data-unit" in a:
                self.rows[-1]["cells"].append((a, self.text))
            elif t == "td" and self.rows and "status" in cls:
                self.rows[-1]["status"] = (cls, self.text)
            self.text = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def case_html():
    run("set", "3", "市税务局", "blocked", "--note", EVIL + "\n第二行")
    run("set", "1", "市科技局", "done")
    run("set", "2", "市科技局", "in_progress")
    run("export", "--format", "html", "-o", "out.html", today="2026-01-01")
    raw = open(os.path.join(TMP, "out.html"), encoding="utf-8").read()
    p = Cells()
    p.feed(raw)
    p.close()
    check(raw.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in raw, "an HTML5 page in UTF-8")
    check(not p.external and "url(" not in raw and "@import" not in raw, f"no external assets: {p.external}")
    check("@media print" in raw, "a print stylesheet")
    check(p.h2[:6] == ["二、加快科技创新能力建设", "三、构建以先进制造业为骨干的现代化产业体系", "四、加快发展方式绿色转型",
                       "五、推进体制机制改革创新", "六、畅通教育科技人才良性循环", "七、加强组织保障"], f"section headings: {p.h2}")
    check([r["number"] for r in p.rows] == [str(n) for n in range(1, 19)], "18 measure rows in order")
    check(set(p.units) == assigned_units(), "every assigned unit heads a column")
    cells = {(r["number"], a["data-unit"]): (a, t) for r in p.rows for a, t in r["cells"]}
    check(len(cells) == 148, f"148 assignment cells, not {len(cells)}")
    a, t = cells[("3", "市税务局")]
    check(a["data-status"] == "blocked" and "light-red" in a["class"], f"the blocked cell is red: {a}")
    check(EVIL + "\n第二行" in t, f"the note is shown as text: {t!r}")
    check("<script" not in raw, "no raw <script> reaches the page")
    a, t = cells[("1", "市科技局")]
    check("light-green" in a["class"] and t.startswith("● 已完成"), f"done is green: {a} {t!r}")
    a, t = cells[("2", "市科技局")]
    check("light-yellow" in a["class"] and t.startswith("● 推进中"), f"in progress is yellow: {a} {t!r}")
    a, t = cells[("9", "市生态环境局")]
    check("light-red" in a["class"] and "逾期" in t, f"overdue is red: {a} {t!r}")
    row9 = next(r for r in p.rows if r["number"] == "9")
    check("light-red" in row9["status"][0] and "逾期" in row9["status"][1], f"measure 9 is red: {row9['status']}")
    a, t = cells[("4", "市经信局")]
    check("light-none" in a["class"] and a["data-role"] == "lead", f"not started on time has no colour: {a}")
    # before the due date nothing is overdue
    raw = run("export", "--format", "html", today="2025-01-01").stdout.decode()
    check("逾期</span>" not in raw, "no overdue mark on 2025-01-01")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


# ---------------------------------------------------------------- xlsx

def col_row(ref):
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return col, int(m.group(2))


def read_sheet(z, name, strings):
    root = ET.fromstring(z.read(name))
    cells = {}
    for c in root.iter("{%s}c" % NS["m"]):
        v = c.find("m:v", NS)
        if v is None:
            continue
        cells[col_row(c.get("r"))] = strings[int(v.text)] if c.get("t") == "s" else v.text
    merges = [m.get("ref") for m in root.iter("{%s}mergeCell" % NS["m"])]
    pane = root.find(".//m:pane", NS)
    widths = {int(c.get("min")): float(c.get("width")) for c in root.iter("{%s}col" % NS["m"])}
    return cells, merges, pane, widths


def case_xlsx():
    run("set", "3", "市税务局", "blocked", "--note", EVIL)
    run("export", "--format", "xlsx", "-o", "out.xlsx", today="2026-01-01")
    path = os.path.join(TMP, "out.xlsx")
    check(zipfile.is_zipfile(path), "the XLSX is a zip file")
    z = zipfile.ZipFile(path)
    check(z.testzip() is None, "every zip member reads back")
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheets = [s.get("name") for s in wb.iter("{%s}sheet" % NS["m"])]
    check(sheets[:2] == ["任务分工表", "各单位情况"], f"sheets: {sheets}")
    sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]
    for u in unit_names():
        check(u in strings, f"shared strings hold unit {u}")
    check(EVIL in strings, "shared strings hold the note verbatim")
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet1.xml", strings)
    check([cells.get((c, 1)) for c in range(1, 8)] == ["序号", "任务", "牵头单位", "配合单位", "状态", "进展", "更新时间"],
          f"header row: {[cells.get((c, 1)) for c in range(1, 8)]}")
    check(pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "1", "header row frozen")
    nrows = max(r for _, r in cells)
    numbers = {int(cells[(1, r)]): r for r in range(2, nrows + 1) if (1, r) in cells and cells[(1, r)].isdigit()}
    check(sorted(numbers) == list(range(1, 19)), f"18 measures numbered in column A: {sorted(numbers)}")
    lst = list_rows()[1:]
    per_measure = {}
    for r in lst:
        per_measure.setdefault(int(r[0]), []).append(r)
    units_seen = set()
    asg_rows = 0
    for n, r0 in numbers.items():
        want = per_measure.get(n, [])
        span = max(1, len(want))
        if span > 1:
            check(f"A{r0}:A{r0 + span - 1}" in merges and f"B{r0}:B{r0 + span - 1}" in merges,
                  f"measure {n}: 序号 and 任务 merged over {span} rows")
        check(cells.get((2, r0), "").startswith(want[0][1] + want[0][2] if want else ""), f"measure {n}: 任务 text")
        for k, w in enumerate(want):
            row = r0 + k
            lead, co = cells.get((3, row)), cells.get((4, row))
            unit = lead or co
            check(unit == w[3] and (lead is not None) == (w[4] == "lead"),
                  f"measure {n} row {k}: {w[3]} as {w[4]}, sheet has {lead!r}/{co!r}")
            units_seen.add(unit)
            asg_rows += 1
    check(asg_rows == 148, f"148 assignment rows, not {asg_rows}")
    check(units_seen == assigned_units(), "every assigned unit appears")
    r3 = numbers[3] + [w[3] for w in per_measure[3]].index("市税务局")
    check(cells.get((5, r3)) == "受阻" and cells.get((6, r3)) == EVIL, f"measure 3 市税务局: {cells.get((5, r3))}")
    r9 = numbers[9]
    check(cells.get((5, r9)) == "未启动（逾期）", f"measure 9 overdue on 2026-01-01: {cells.get((5, r9))}")
    check(any(re.match(r"A\d+:G\d+$", m) for m in merges), "section rows merged across the sheet")
    longest = max(len(w[1] + w[2]) for w in lst) * 2
    check(widths.get(2, 0) >= min(longest, 44), f"任务 column fitted to Chinese text: {widths.get(2)} < {longest}")
    check(widths.get(4, 0) >= len("市自然资源和城乡建设局") * 2, f"配合单位 column fitted: {widths.get(4)}")
    # the scorecard
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet2.xml", strings)
    units = run("units", "--format", "tsv").stdout.decode().splitlines()[1:]
    check(pane is not None and pane.get("state") == "frozen", "scorecard header frozen")
    check([cells.get((c, 1)) for c in range(1, 4)] == ["单位", "牵头", "配合"], "scorecard header")
    nf = len(units[0].split("\t"))  # unit, lead, co and a column per status (the table's)
    for i, line in enumerate(units):
        f = line.split("\t")
        row = [cells.get((c, i + 2)) for c in range(1, nf + 1)]
        check(row == f, f"scorecard row {f[0]}: {row} vs {f}")
    overdue = sum(int(cells.get((nf + 1, r), 0)) for r in range(2, len(units) + 2))
    check(overdue == 10, f"10 overdue assignments on 2026-01-01, not {overdue}")
    # filtered
    run("export", "--format", "xlsx", "-o", "one.xlsx", "--unit", "市税务局")
    z = zipfile.ZipFile(os.path.join(TMP, "one.xlsx"))
    sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet1.xml", strings)
    check(sorted(v for (c, r), v in cells.items() if c in (3, 4) and r > 1) == ["市税务局"],
          "--unit 市税务局: only its row")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


# ---------------------------------------------------------------- report

def tsv_blocks(text):
    blocks = [b for b in text.split("\n\n")]
    return [[line.split("\t") for line in b.strip("\n").split("\n")] for b in blocks]


def case_report():
    score, rem = tsv_blocks(run("report", "--format", "tsv", today="2026-01-01").stdout.decode())
    statuses = run("--help").stdout.decode().split("Statuses: ")[1].split(".")[0].split(", ")
    check(score[0] == ["unit", "lead", "co"] + statuses + ["overdue", "light"], f"scorecard header: {score[0]}")
    OV, LI, DONE = score[0].index("overdue"), score[0].index("light"), score[0].index("done")
    check([r[0] for r in score[1:]] == unit_names(), "one scorecard row per unit, registry order")
    units = {line.split("\t")[0]: line.split("\t") for line in run("units", "--format", "tsv").stdout.decode().splitlines()[1:]}
    check(all(r[1:OV] == units[r[0]][1:OV] for r in score[1:]), "scorecard counts agree with `units`")
    m9 = [w[3] for w in list_rows()[1:] if w[0] == "9"]
    check(len(m9) == 10, "measure 9 has 10 units (各区人民政府's 5 members among them)")
    check(rem[0] == "unit measure label title role status due reason light note".split(), f"reminder header: {rem[0]}")
    check(sorted(r[0] for r in rem[1:]) == sorted(m9) and all(r[1] == "9" and r[7] == "overdue" and r[8] == "red"
                                                              for r in rem[1:]),
          f"2026-01-01: measure 9 overdue for its 10 units: {rem[1:]}")
    check(sum(int(r[OV]) for r in score[1:]) == 10, "scorecard counts 10 overdue")
    check(all(r[LI] == "red" for r in score[1:] if r[0] in m9), "units behind on measure 9 are red")
    score, rem = tsv_blocks(run("report", "--format", "tsv", today="2025-01-01").stdout.decode())
    check(len(rem) == 1 and sum(int(r[OV]) for r in score[1:]) == 0, f"2025-01-01: nothing overdue: {rem}")
    out = run("report", today="2025-01-01").stdout.decode()
    check("Reminders (催办) as of 2025-01-01: none" in out, "table says there is nothing to chase")
    check("\x1b" not in out, "no colour codes when not on a terminal")
    # a blocked assignment is on the list; a done one on measure 9 is not
    run("set", "3", "市税务局", "blocked", "--note", "等待数据")
    run("set", "9", "市财政局", "done")
    score, rem = tsv_blocks(run("report", "--format", "tsv", today="2026-01-01").stdout.decode())
    rows = {(r[0], r[1]): r for r in rem[1:]}
    check(("市税务局", "3") in rows and rows[("市税务局", "3")][7] == "blocked" and rows[("市税务局", "3")][9] == "等待数据",
          f"the blocked assignment is on the reminder list: {rem[1:]}")
    check(("市财政局", "9") not in rows and len(rows) == 10, "a unit that finished its part is not chased")
    sc = {r[0]: r for r in score[1:]}
    check(sc["市财政局"][DONE] == "1" and sc["市财政局"][OV] == "0" and sc["市财政局"][LI] == "",
          f"市财政局: one done, nothing overdue, no light: {sc['市财政局']}")
    # json, and --unit with a member name
    j = json.loads(run("report", "--format", "json", "--unit", "葛店经开区管委会", today="2026-01-01").stdout)
    check([s["unit"] for s in j["scorecard"]] == ["各区人民政府", "葛店经开区管委会"] and j["today"] == "2026-01-01",
          f"--unit with a member: its umbrella unit and itself: {j['scorecard']}")
    check([(r["unit"], r["measure"], r["reason"], r["light"]) for r in j["reminders"]] ==
          [("葛店经开区管委会", 9, "overdue", "red")], f"json reminders: its own row only: {j['reminders']}")
    check(j["scorecard"][1]["co"] == 15 and j["scorecard"][1]["overdue"] == 1, f"json counts: {j['scorecard']}")
    out = run("report", "--unit", "市税务局", today="2026-01-01").stdout.decode()
    check("市税务局" in out and "市科技局" not in out and "blocked" in out, f"table with --unit: {out}")
    # errors
    r = run("report", "--unit", "市不存在局", expect=2)
    check(b"has no such unit" in r.stderr, "an unknown unit is a usage error with a message")
    run("report", today="2026-13-01", expect=2)
    run("report", "--format", "csv", expect=2)
    run("report", "extra", expect=2)


# ---------------------------------------------------------------- errors

def case_errors():
    plan_bytes = open(PLANCOPY, "rb").read()
    r = run("export", "--format", "xlsx", expect=2)
    check(b"-o FILE" in r.stderr, "xlsx without -o is refused with a hint")
    run("export", expect=2)
    run("export", "--format", "pdf", expect=2)
    run("export", "--format", "csv", "--status", "finished", expect=2)
    run("export", "--format", "csv", "stray", expect=2)
    r = run("export", "--format", "csv", "-o", PLANCOPY, expect=2)
    check(open(PLANCOPY, "rb").read() == plan_bytes, "exporting onto the plan itself is refused, the plan untouched")
    r = run("export", "--format", "csv", "--unit", "市不存在局", "-o", "x.csv", expect=2)
    check(not os.path.exists(os.path.join(TMP, "x.csv")), "an unknown unit writes nothing")
    # a format that contradicts the file's extension is refused: which one was meant is not guessed
    for fmt, name in (("md", "x.csv"), ("csv", "x.xlsx"), ("html", "x.md"), ("xlsx", "x.html")):
        r = run("export", "--format", fmt, "-o", name, expect=2)
        check(b"ends in" in r.stderr and not os.path.exists(os.path.join(TMP, name)),
              f"--format {fmt} -o {name} is refused with a sentence, nothing written: {r.stderr!r}")
    run("export", "--format", "md", "-o", "x.markdown")
    run("export", "--format", "csv", "-o", "x.txt")  # an extension no format claims is the user's choice
    check(open(os.path.join(TMP, "x.txt"), "rb").read().startswith(b"\xef\xbb\xbfmeasure,"), "csv into x.txt")
    r = run("export", "--format", "html", "-o", "no/such/dir/x.html", expect=1)
    check(b"no/such/dir/x.html" in r.stderr, "an unwritable -o names the file")
    # a failed rename leaves the target as it was and no temporary file
    os.mkdir(os.path.join(TMP, "busy.xlsx"))
    run("export", "-o", "busy.xlsx", expect=1)
    check(os.path.isdir(os.path.join(TMP, "busy.xlsx")), "the target is left as it was")
    os.mkdir(os.path.join(TMP, "busy.md"))
    run("export", "-o", "busy.md", expect=1)
    check(not leftovers(), f"no temporary files left after failures: {leftovers()}")
    # an existing export is replaced whole
    with open(os.path.join(TMP, "old.csv"), "w") as f:
        f.write("old content\n" * 1000)
    os.chmod(os.path.join(TMP, "old.csv"), 0o640)
    run("export", "-o", "old.csv")
    check(os.stat(os.path.join(TMP, "old.csv")).st_mode & 0o777 == 0o640, "a replaced export keeps its mode")
    data = open(os.path.join(TMP, "old.csv"), "rb").read()
    check(data.startswith(b"\xef\xbb\xbfmeasure,") and b"old content" not in data, "an old export is replaced")
    # format from the -o extension
    run("export", "-o", "guess.html")
    check(open(os.path.join(TMP, "guess.html"), encoding="utf-8").read().startswith("<!DOCTYPE html>"),
          "-o x.html implies --format html")
    # standard output that cannot be written is an error
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            run("export", "--format", "md", stdout=full, expect=1)
    # a bad plan is refused with its place
    with open(os.path.join(TMP, "bad.yaml"), "w") as f:
        f.write("version: 1\nplan: [\n")
    env = dict(os.environ, LC_ALL="C.UTF-8")
    r = subprocess.run([EXE, "-f", os.path.join(TMP, "bad.yaml"), "export", "--format", "csv"], env=env,
                       capture_output=True)
    check(r.returncode == 1 and b"bad.yaml:" in r.stderr and r.stdout == b"", "a bad plan: exit 1, nothing exported")
    check(open(PLANCOPY, "rb").read() == plan_bytes, "exports never change the plan")


# ---------------------------------------------------------------- parts

CHAOZHOU = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "import", "corpus",
                        "chaozhou-2019-lantian.txt")
PART1 = ("（1）制定实施准入清单。完成生态保护红线、环境质量底线、资源利用上线、环境准入清单编制工作,"
         "明确禁止和限制发展的行业、生产工艺和产业目录。（牵头：市生态环境局；配合：市发展和改革局、"
         "工业和信息化局、自然资源局、各县、区人民政府(管委会)）")
PART2 = ("（2）按省的要求,县级及以上城市建成区原则上不再新建每小时35蒸吨以下燃煤锅炉,"
         "其他区域禁止新建每小时10蒸吨及以下燃煤锅炉。（牵头：市生态环境局、市场监管局；"
         "配合：市发展和改革局、工业和信息化局）")


def case_parts():
    """A measure with two sub-tasks (a real plan of the import corpus): every
    export lists the parts, each with its units, under the measure."""
    run("import", CHAOZHOU, "-o", PLANCOPY, "--force")
    text = run("export", "--format", "md").stdout.decode()
    rows = [r for _, _, rs in parse_md(text) for r in rs]
    check(len(rows) == 1, f"one measure row: {rows}")
    check(rows and rows[0][1] == "制定实施准入清单<br>" + PART1 + "<br>" + PART2,
          f"Markdown: the parts under the title: {rows[0][1] if rows else None!r}")
    p = Cells()
    raw = run("export", "--format", "html").stdout.decode()
    p.feed(raw)
    p.close()
    m = re.search(r'<div class="parts">(.*?)</div>', raw)
    check(m is not None and m.group(1) == PART1 + "<br>" + PART2, f"HTML: the parts in the task cell: {m}")
    check(len(p.rows) == 1 and len(p.rows[0]["cells"]) == 6, "HTML: still one cell per unit")
    run("export", "--format", "xlsx", "-o", "out.xlsx")
    z = zipfile.ZipFile(os.path.join(TMP, "out.xlsx"))
    sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]
    cells, _, _, _ = read_sheet(z, "xl/worksheets/sheet1.xml", strings)
    check(cells.get((2, 3)) == "1.制定实施准入清单\n" + PART1 + "\n" + PART2,
          f"XLSX: the parts in the 任务 cell: {cells.get((2, 3))!r}")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


CASES = {"csv": case_csv, "markdown": case_markdown, "html": case_html, "xlsx": case_xlsx, "report": case_report,
         "errors": case_errors, "parts": case_parts}

with tempfile.TemporaryDirectory(prefix="fengong-export-") as TMP:
    PLANCOPY = os.path.join(TMP, "ezhou.yaml")
    shutil.copyfile(PLAN, PLANCOPY)
    CASES[CASE]()
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("ok")
