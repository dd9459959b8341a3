#!/usr/bin/env python3
"""Export and report tests: run fengong on a copy of the plan, read every
export back and check its content.

usage: check_export.py CASE FENGONG PLAN
CASE is one of csv, markdown, html, xlsx, xlsx-english, html-ledger, markdown-ledger,
catalogue, report, errors, parts.
"""
import csv
import datetime
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


ZH = "zh_CN.UTF-8"  # the Chinese interface (po/zh_CN.po from the build tree)
EN = "C.UTF-8"      # anything else: English
TZ = "CST-8"        # local time for 更新时间: UTC+8


def run(*args, today="2025-06-01", expect=0, stdout=None, lang=EN):
    env = dict(os.environ)
    for k in ("FENGONG_FILE", "FENGONG_AS", "LANG", "LANGUAGE", "LC_MESSAGES"):
        env.pop(k, None)
    env.update(LC_ALL=lang, TZ=TZ, FENGONG_USER="tester", FENGONG_TODAY=today)
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


def umbrellas():
    """Units whose members report row by row: their scorecard row is a roll-up
    of their members' rows (`units`' last column names a member's umbrella),
    so a total counts it no more."""
    out = run("units", "--format", "tsv").stdout.decode().splitlines()
    return {line.split("\t")[-1] for line in out[1:]} - {""}


def umbrella_of():
    """Each unit's umbrella ("" for a top-level unit), as `units` says."""
    out = run("units", "--format", "tsv").stdout.decode().splitlines()
    head = out[0].split("\t")
    return {f[0]: f[head.index("umbrella")] for f in (line.split("\t") for line in out[1:])}


def assigned_units():
    """Units with rows: an umbrella reported member by member has none of its own."""
    return {r[3] for r in list_rows()[1:]}


def leftovers():
    """Temporary files an export could have left in TMP."""
    return [f for f in os.listdir(TMP) if re.search(r"\.[A-Za-z0-9]{6}$", f)]


# ---------------------------------------------------------------- csv

def csv_parts(data):
    """A CSV export as (title rows, 台账 header, 台账 rows, 催办 rows after the blank line)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    return rows[:2], rows[2], rows[3:blank], rows[blank + 1:]


def case_csv():
    run("export", "--format", "csv", "-o", "out.csv", lang=ZH)
    data = open(os.path.join(TMP, "out.csv"), "rb").read()
    check(data.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 BOM")
    title, head, rows, rem = csv_parts(data)
    check(title == [[plan_field("title")], [plan_field("number") + "　　截至 2025年6月1日"]],
          f"CSV starts with the title and the number, as of 2025年6月1日: {title}")
    check(head == LEDGER_ZH + ["更新人"], f"CSV header: {head}")
    check(len(rows) == 148 + 3, f"CSV has 148 assignment rows and one for each of measures 16-18, not {len(rows)}")
    check(["3", "(三)提高科技成果转化质效", "", "市税务局", "", "未启动", "", "", ""] in rows,
          "CSV holds measure 3's 市税务局 row")
    asg = [(r[0], r[2] or r[3], "lead" if r[2] else "co") for r in rows if r[2] or r[3]]
    check(asg == [(w[0], w[3], w[4]) for w in list_rows()[1:]], "CSV rows and order follow `list`")
    check({r[0] for r in rows} == {str(n) for n in range(1, 19)}, "CSV covers measures 1-18")
    check(rem == [["催办清单"], ["无：没有逾期、滞后或受阻的任务。"]], f"nothing to chase on 2025-06-01: {rem}")
    # stdout gives the same bytes
    check(run("export", "--format", "csv", lang=ZH).stdout == data, "CSV on stdout equals the -o file")
    # filters
    _, _, rows, _ = csv_parts(run("export", "--format", "csv", "--unit", "市税务局").stdout)
    check(len(rows) == 1 and rows[0][3] == "市税务局", f"--unit 市税务局 gives one row: {rows}")
    _, _, rows, _ = csv_parts(run("export", "--format", "csv", "--unit", "葛店经开区管委会").stdout)
    check(len(rows) == 15 and all(r[3] == "葛店经开区管委会" for r in rows),
          "--unit with a member selects its umbrella unit's 15 rows")
    # a note with quotes, commas and a newline survives the round trip
    run("set", "5", "市商务局", "in_progress", "--note", EVIL + "\n第二行")
    _, _, rows, _ = csv_parts(run("export", "--format", "csv", "--status", "in_progress", lang=ZH).stdout)
    check(len(rows) == 1 and rows[0][3] == "市商务局" and rows[0][6] == EVIL + "\n第二行" and rows[0][8] == "tester"
          and rows[0][5] == "推进中" and re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d$", rows[0][7]),
          f"--status in_progress: the edited row with its note intact: {rows}")
    # the 催办 list, and English
    run("set", "3", "市税务局", "blocked", "--note", "等数据")
    title, head, rows, rem = csv_parts(run("export", "--format", "csv", today="2026-01-01", lang=ZH).stdout)
    check(rem[0] == ["催办清单"] and rem[1] == REMIND_ZH and len(rem) == 2 + 11, f"催办: header and 11 rows: {rem}")
    check(["市税务局", "3", "(三)提高科技成果转化质效", "配合", "受阻", "", "受阻", "等数据"] in rem, "the blocked row is chased")
    title, head, rows, rem = csv_parts(run("export", "--format", "csv", today="2026-01-01", lang=EN).stdout)
    check(title[1][0].endswith("As of 2026-01-01") and head == LEDGER_EN + ["Updated by"] and rem[1] == REMIND_EN,
          f"English CSV: {title} {head} {rem[:2]}")
    check(["市税务局", "3", "(三)提高科技成果转化质效", "co-unit", "blocked", "", "blocked", "等数据"] in rem,
          "English labels in the 催办 list")
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
    run("export", "--format", "md", "-o", "out.md", today="2026-01-01", lang=ZH)
    text = open(os.path.join(TMP, "out.md"), encoding="utf-8").read()
    tables = [t for t in parse_md(text) if t[0] not in ("督办台账", "催办清单")]
    headings = [t[0] for t in tables]
    check(headings == ["二、加快科技创新能力建设", "三、构建以先进制造业为骨干的现代化产业体系", "四、加快发展方式绿色转型",
                       "五、推进体制机制改革创新", "六、畅通教育科技人才良性循环", "七、加强组织保障"],
          f"one table per section: {headings}")
    measures, units, marks = [], set(), {}
    umbrella = umbrella_of()
    for _, head, rows in tables:
        # a member's column names its umbrella first: "各区人民政府 / 鄂城区人民政府"
        ucols = [h.split(" / ")[-1] for h in head[head.index("状态") + 1:]]
        for h, u in zip(head[head.index("状态") + 1:], ucols):
            want = f"{umbrella[u]} / {u}" if umbrella.get(u) else u
            check(h == want, f"the column of {u} is headed {h!r}, not {want!r}")
        units.update(ucols)
        for r in rows:
            measures.append(r[0])
            for u, cell in zip(ucols, r[head.index("状态") + 1:]):
                if cell:
                    marks[(r[0], u)] = cell
    check(len(measures) == 18 and len(set(measures)) == 18, f"18 measure rows: {measures}")
    check(units == assigned_units(), f"every assigned unit is a column: {sorted(assigned_units() - units)} missing")
    check(any(umbrella.get(u) for u in units), "some column is a member's (the plan has umbrella units)")
    leads = sum(1 for r in list_rows()[1:] if r[4] == "lead")
    check(len(marks) == 148, f"148 marked cells, not {len(marks)}")
    check(sum(1 for v in marks.values() if v.startswith("●")) == leads, "● marks the leads")
    check(marks.get(("(一)", "市科技局")) == "● 未启动", f"(一) 市科技局: {marks.get(('(一)', '市科技局'))}")
    check(marks.get(("(三)", "市税务局")) == "○ 受阻", f"(三) 市税务局: {marks.get(('(三)', '市税务局'))}")
    check(marks.get(("(九)", "市生态环境局")) == "● 未启动 **逾期**", "(九) is overdue on 2026-01-01")
    check("<script" not in text and "&lt;script&gt;" in text, "the note's markup is escaped")
    check("alert(\"x\")" in text and "\\| a,b" in text, "the note is shown, its | escaped")
    # filtered: one unit, one section's worth of columns
    text = run("export", "--format", "md", "--unit", "市税务局", lang=ZH).stdout.decode()
    tables = [t for t in parse_md(text) if t[0] not in ("督办台账", "催办清单")]
    check(len(tables) == 1 and tables[0][1][-1] == "市税务局" and len(tables[0][2]) == 1,
          f"--unit 市税务局: one table, one row, one unit column: {tables}")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


def case_markdown_ledger():
    run("set", "3", "市税务局", "blocked", "--note", "等数据")
    run("set", "5", "市商务局", "in_progress", "--note", "五月进展")
    set_updated("五月进展", "2026-03-04T05:06:07+00:00")
    text = run("export", "--format", "md", today="2026-01-01", lang=ZH).stdout.decode()
    check("截至 2026年1月1日" in text.splitlines()[2], f"as of 2026年1月1日: {text.splitlines()[2]}")
    tables = {t[0]: t for t in parse_md(text)}
    check("督办台账" in tables and "催办清单" in tables, f"the 台账 and the 催办 list: {list(tables)}")
    _, head, rows = tables["督办台账"]
    check(head == LEDGER_ZH, f"台账 header: {head}")
    asg = [(r[0], r[2] or r[3], "lead" if r[2] else "co") for r in rows if r[2] or r[3]]
    check(asg == [(w[0], w[3], w[4]) for w in list_rows()[1:]], "台账 rows follow `list` order")
    r5 = next(r for r in rows if r[0] == "5" and r[3] == "市商务局")
    check(r5[1].startswith("(五)") and r5[5] == "推进中" and r5[6] == "五月进展" and r5[7] == "2026-03-04 13:06",
          f"a 台账 row: {r5}")
    check(sum(1 for r in rows if r[0].startswith("**")) == 6, "a bold row per section")
    _, head, rows = tables["催办清单"]
    check(head == REMIND_ZH and len(rows) == 11, f"催办: header and 11 rows: {head} {len(rows)}")
    text = run("export", "--format", "md", today="2026-01-01", lang=EN).stdout.decode()
    tables = {t[0]: t for t in parse_md(text)}
    check("As of 2026-01-01" in text and "任务分工表" not in text and "未启动" not in text, "an English Markdown export")
    check(tables.get("Supervision ledger", (0, 0))[1] == LEDGER_EN and tables.get("Reminders", (0, 0))[1] == REMIND_EN,
          f"English headers: {list(tables)}")
    check("| ○ blocked |" in text, "English status labels in the matrix")


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


class Tables(html.parser.HTMLParser):
    """Every <table>: its class, header cells and body rows (cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.part = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append({"class": a.get("class", ""), "head": [], "rows": [], "foot": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self.part = tag
        elif tag == "tr" and self.tables:
            t = self.tables[-1]
            (t["head"] if self.part == "thead" else t["foot"] if self.part == "tfoot" else t["rows"]).append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "br" and self.cell is not None:
            self.cell += "\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.tables:
            t = self.tables[-1]
            (t["head"] if self.part == "thead" else t["foot"] if self.part == "tfoot" else t["rows"])[-1].append(self.cell)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def html_tables(raw):
    p = Tables()
    p.feed(raw)
    p.close()
    return {t["class"]: t for t in p.tables if t["class"] != "matrix"}


def case_html_ledger():
    raw = run("export", "--format", "html", today="2025-01-01", lang=ZH).stdout.decode()
    check("reminders" not in html_tables(raw) and "无：没有逾期、滞后或受阻的任务。" in raw, "no 催办 on 2025-01-01")
    run("set", "3", "市税务局", "blocked", "--note", "等数据")
    run("set", "5", "市商务局", "in_progress", "--note", "五月进展")
    set_updated("五月进展", "2026-03-04T05:06:07+00:00")
    raw = run("export", "--format", "html", today="2026-01-01", lang=ZH).stdout.decode()
    t = html_tables(raw)
    check(set(t) == {"ledger", "score", "reminders"}, f"the 台账, the scorecard and the 催办 list: {set(t)}")
    check('<html lang="zh-CN">' in raw and "截至 2026年1月1日" in raw, "a Chinese page, as of 2026年1月1日")
    led = t["ledger"]
    check(led["head"] == [LEDGER_ZH], f"台账 header: {led['head']}")
    rows = [r for r in led["rows"] if len(r) == 8]
    sections = [r[0] for r in led["rows"] if len(r) == 1]
    check(len(sections) == 6 and sections[0] == "二、加快科技创新能力建设", f"a row per section: {sections}")
    lst = list_rows()[1:]
    check(len(rows) == 148 + 3, f"148 assignment rows and one for each of measures 16-18: {len(rows)}")
    asg = [(r[0], r[2] or r[3], "lead" if r[2] else "co") for r in rows if r[2] or r[3]]
    check(asg == [(w[0], w[3], w[4]) for w in lst], "台账 rows follow `list` order, leads in 牵头单位")
    r5 = next(r for r in rows if r[0] == "5" and r[3] == "市商务局")
    check(r5[1].startswith("(五)") and r5[4] == "" and r5[5] == "推进中" and r5[6] == "五月进展"
          and r5[7] == "2026-03-04 13:06", f"a 台账 row: task, status, note, local update time: {r5}")
    r9 = next(r for r in rows if r[0] == "9")
    check(r9[4] == "2025-12-31" and r9[5] == "未启动（逾期）", f"measure 9: deadline and overdue: {r9}")
    sc = t["score"]
    check(sc["head"][0][:3] == ["单位", "牵头", "配合"] and sc["foot"][0][0] == "合计", "scorecard with a 合计 row")
    umb = umbrellas()
    check(umb == {"各区人民政府"}, f"the shipped plan's umbrella: {umb}")
    check('<tr class="unit umbrella"><td>各区人民政府</td>' in raw
          and '<tr class="unit member"><td style="padding-left:1em">葛店经开区管委会</td>' in raw,
          "the scorecard marks the umbrella's row and indents its members")
    check([int(x) for x in sc["foot"][0][1:9]] == [sum(int(r[c]) for r in sc["rows"] if r[0] not in umb)
                                                   for c in range(1, 9)],
          f"合计 sums the columns, each row once (not the umbrella's roll-up): {sc['foot']}")
    rem = t["reminders"]
    check(rem["head"] == [REMIND_ZH], f"催办 header: {rem['head']}")
    check(len(rem["rows"]) == 11 and ["市税务局", "3"] == rem["rows"][[r[0] for r in rem["rows"]].index("市税务局")][:2],
          f"催办: 7 rows: {rem['rows']}")
    # English
    raw = run("export", "--format", "html", today="2026-01-01", lang=EN).stdout.decode()
    t = html_tables(raw)
    check('<html lang="en">' in raw and "As of 2026-01-01" in raw and "任务分工表" not in raw, "an English page")
    check(t["ledger"]["head"] == [LEDGER_EN] and t["reminders"]["head"] == [REMIND_EN]
          and t["score"]["foot"][0][0] == "Total", "English headers")
    check("blocked" in [r[5] for r in t["ledger"]["rows"] if len(r) == 8], "English status labels")


def case_html():
    run("set", "3", "市税务局", "blocked", "--note", EVIL + "\n第二行")
    run("set", "1", "市科技局", "done")
    run("set", "2", "市科技局", "in_progress")
    run("export", "--format", "html", "-o", "out.html", today="2026-01-01", lang=ZH)
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
    raw = run("export", "--format", "html", today="2025-01-01", lang=ZH).stdout.decode()
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


class Book:
    """An xlsx file read with zipfile and ElementTree: sheets by name, each
    cell's text, type and number format."""

    def __init__(self, path):
        self.z = zipfile.ZipFile(path)
        wb = ET.fromstring(self.z.read("xl/workbook.xml"))
        self.sheets = [s.get("name") for s in wb.iter("{%s}sheet" % NS["m"])]
        self.print_titles = {int(d.get("localSheetId")): d.text for d in wb.iter("{%s}definedName" % NS["m"])
                             if d.get("name") == "_xlnm.Print_Titles"}
        sst = ET.fromstring(self.z.read("xl/sharedStrings.xml"))
        self.strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]
        st = ET.fromstring(self.z.read("xl/styles.xml"))
        fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in st.iter("{%s}numFmt" % NS["m"])}
        xfs = st.find("m:cellXfs", NS).findall("m:xf", NS)
        self.xf_format = [fmts.get(int(x.get("numFmtId", "0")), "") for x in xfs]

    def sheet(self, i):
        return ET.fromstring(self.z.read(f"xl/worksheets/sheet{i + 1}.xml"))

    def cells(self, i):
        """(col, row) -> (text, number format, type) for cells with a value."""
        out = {}
        for c in self.sheet(i).iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            if v is None:
                continue
            t = c.get("t")
            text = self.strings[int(v.text)] if t == "s" else v.text
            out[col_row(c.get("r"))] = (text, self.xf_format[int(c.get("s", "0"))], t)
        return out


def serial(dt):
    """Excel's number for a date-time (days since 1899-12-30)."""
    return (dt - datetime.datetime(1899, 12, 30)).total_seconds() / 86400


def plan_field(name):
    m = re.search(r"^  %s: (.*)$" % name, open(PLANCOPY, encoding="utf-8").read(), re.M)
    return m.group(1)


LEDGER_ZH = ["序号", "任务", "牵头单位", "配合单位", "完成时限", "状态", "进展情况", "更新时间"]
LEDGER_EN = ["No.", "Task", "Lead unit", "Co-units", "Deadline", "Status", "Progress", "Updated"]
REMIND_ZH = ["单位", "序号", "任务", "职责", "状态", "完成时限", "原因", "进展情况"]
REMIND_EN = ["Unit", "No.", "Task", "Role", "Status", "Deadline", "Reason", "Progress"]


def set_updated(measure_unit_note, iso):
    """Give the assignment whose note is measure_unit_note the time iso."""
    text = open(PLANCOPY, encoding="utf-8").read()
    i = text.index("note: " + measure_unit_note)
    j = text.index("updated: ", i)
    k = text.index("\n", j)
    open(PLANCOPY, "w", encoding="utf-8").write(text[:j] + "updated: " + iso + text[k:])


def check_title_block(book, i, cells, width, as_of):
    name = book.sheets[i]
    check(cells.get((1, 1), ("",))[0] == plan_field("title"), f"{name}: row 1 is the plan's title: {cells.get((1, 1))}")
    line = cells.get((1, 2), ("",))[0]
    check(plan_field("number") in line and as_of in line, f"{name}: row 2 has the number and {as_of!r}: {line!r}")
    root = book.sheet(i)
    merges = [m.get("ref") for m in root.iter("{%s}mergeCell" % NS["m"])]
    last = chr(64 + width)
    check(f"A1:{last}1" in merges and f"A2:{last}2" in merges, f"{name}: title rows span the table: {merges[:4]}")


def check_page_setup(book, i, footer):
    name = book.sheets[i]
    root = book.sheet(i)
    ps = root.find("m:pageSetup", NS)
    check(ps is not None and ps.get("paperSize") == "9" and ps.get("orientation") == "landscape",
          f"{name}: A4 landscape: {ps is not None and ps.attrib}")
    fit = root.find("m:sheetPr/m:pageSetUpPr", NS)
    check(fit is not None and fit.get("fitToPage") == "1" and ps is not None and ps.get("fitToHeight") == "0"
          and ps.get("fitToWidth", "1") == "1", f"{name}: fit to one page wide")
    check(book.print_titles.get(i, "").endswith("!$3:$3"), f"{name}: the header row repeats on every page: "
                                                           f"{book.print_titles.get(i)}")
    f = root.find("m:headerFooter/m:oddFooter", NS)
    check(f is not None and "&P" in f.text and "&N" in f.text and footer in f.text,
          f"{name}: page numbers in the footer: {f is not None and f.text}")


def case_xlsx():
    run("set", "3", "市税务局", "blocked", "--note", EVIL)
    run("set", "5", "市商务局", "in_progress", "--note", "五月进展")
    set_updated("五月进展", "2026-03-04T05:06:07+00:00")  # 13:06:07 at UTC+8
    run("export", "--format", "xlsx", "-o", "out.xlsx", today="2026-01-01", lang=ZH)
    path = os.path.join(TMP, "out.xlsx")
    check(zipfile.is_zipfile(path), "the XLSX is a zip file")
    z = zipfile.ZipFile(path)
    check(z.testzip() is None, "every zip member reads back")
    book = Book(path)
    check(book.sheets == ["任务分工表", "各单位情况", "催办清单"], f"sheets: {book.sheets}")
    strings = book.strings
    for u in unit_names():
        check(u in strings, f"shared strings hold unit {u}")
    check(EVIL in strings, "shared strings hold the note verbatim")
    for i in range(3):
        check_page_setup(book, i, "第 &P 页，共 &N 页")
    # the 台账
    typed = book.cells(0)
    check_title_block(book, 0, typed, 8, "截至 2026年1月1日")
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet1.xml", strings)
    check([cells.get((c, 3)) for c in range(1, 9)] == LEDGER_ZH, f"header row: {[cells.get((c, 3)) for c in range(1, 9)]}")
    check(pane is not None and pane.get("state") == "frozen" and pane.get("ySplit") == "3", "title and header frozen")
    nrows = max(r for _, r in cells)
    numbers = {int(cells[(1, r)]): r for r in range(4, nrows + 1) if (1, r) in cells and cells[(1, r)].isdigit()}
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
            check(all(f"{c}{r0}:{c}{r0 + span - 1}" in merges for c in "ABE"),
                  f"measure {n}: 序号, 任务 and 完成时限 merged over {span} rows")
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
    check(cells.get((6, r3)) == "受阻" and cells.get((7, r3)) == EVIL, f"measure 3 市税务局: {cells.get((6, r3))}")
    r9 = numbers[9]
    check(cells.get((6, r9)) == "未启动（逾期）", f"measure 9 overdue on 2026-01-01: {cells.get((6, r9))}")
    due9 = typed.get((5, r9))
    check(due9 is not None and due9[2] is None and due9[1] == "yyyy-mm-dd"
          and float(due9[0]) == serial(datetime.datetime(2025, 12, 31)),
          f"完成时限 is a date cell (2025-12-31): {due9}")
    r5 = numbers[5] + [w[3] for w in per_measure[5]].index("市商务局")
    up = typed.get((8, r5))
    check(up is not None and up[2] is None and "yyyy-mm-dd" in up[1] and "hh:mm" in up[1]
          and abs(float(up[0]) - serial(datetime.datetime(2026, 3, 4, 13, 6, 7))) < 1e-6,
          f"更新时间 is a date-time cell in local time (2026-03-04 13:06:07 at UTC+8): {up}")
    check(cells.get((7, r5)) == "五月进展", "进展情况 is the note")
    check(any(re.match(r"A\d+:H\d+$", m) and not m.startswith("A1:") and not m.startswith("A2:") for m in merges),
          "section rows merged across the sheet")
    longest = max(len(w[1] + w[2]) for w in lst) * 2
    check(widths.get(2, 0) >= min(longest, 44), f"任务 column fitted to Chinese text: {widths.get(2)} < {longest}")
    check(widths.get(4, 0) >= len("市自然资源和城乡建设局") * 2, f"配合单位 column fitted: {widths.get(4)}")
    # the per-unit sheet, with its 合计 row
    typed = book.cells(1)
    check_title_block(book, 1, typed, 11, "截至 2026年1月1日")
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet2.xml", strings)
    units = run("units", "--format", "tsv").stdout.decode().splitlines()[1:]
    check(pane is not None and pane.get("state") == "frozen", "scorecard header frozen")
    check([cells.get((c, 3)) for c in range(1, 12)] == ["单位", "牵头", "配合", "未启动", "推进中", "已完成", "滞后", "受阻",
                                                       "待销号", "逾期", "红黄绿"],
          f"scorecard header: {[cells.get((c, 3)) for c in range(1, 12)]}")
    for i, line in enumerate(units):
        f = line.split("\t")
        row = [cells.get((c, i + 4)) for c in range(1, 10)]
        check(row == [f[0]] + f[1:9], f"scorecard row {f[0]}: {row} vs {f}")
    total_row = len(units) + 4
    check(cells.get((1, total_row)) == "合计", f"the last row is 合计: {cells.get((1, total_row))}")
    check(max(r for _, r in cells) == total_row, "nothing after 合计")
    umb = umbrellas()
    for c in range(2, 11):
        want = sum(int(cells.get((c, r), 0)) for r in range(4, total_row) if cells.get((1, r)) not in umb)
        got = typed.get((c, total_row))
        check(got is not None and got[2] is None and float(got[0]) == want, f"合计 of column {c}: {got} != {want}")
    check(int(float(cells.get((10, total_row)))) == 10, f"10 overdue assignments on 2026-01-01, not {cells.get((10, total_row))}")
    # the reminder list
    typed = book.cells(2)
    check_title_block(book, 2, typed, 8, "截至 2026年1月1日")
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet3.xml", strings)
    check([cells.get((c, 3)) for c in range(1, 9)] == REMIND_ZH, f"催办 header: {[cells.get((c, 3)) for c in range(1, 9)]}")
    rows = {(cells.get((1, r)), cells.get((2, r))): r for r in range(4, max(r for _, r in cells) + 1)}
    check(len(rows) == 11 and ("市税务局", "3") in rows, f"催办: measure 9's ten units and 市税务局 on 3: {sorted(rows)}")
    r = rows[("市税务局", "3")]
    check(cells.get((5, r)) == "受阻" and cells.get((7, r)) == "受阻" and cells.get((4, r)) == "配合", f"催办 row: "
          f"{[cells.get((c, r)) for c in range(1, 9)]}")
    r = next(r for (u, n), r in rows.items() if n == "9")
    check(cells.get((7, r)) == "逾期" and typed[(6, r)][1] == "yyyy-mm-dd", f"催办 of measure 9: overdue, a date cell")
    # filtered
    run("export", "--format", "xlsx", "-o", "one.xlsx", "--unit", "市税务局", lang=ZH)
    z = zipfile.ZipFile(os.path.join(TMP, "one.xlsx"))
    sst = ET.fromstring(z.read("xl/sharedStrings.xml"))
    strings = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])) for si in sst.findall("m:si", NS)]
    cells, merges, pane, widths = read_sheet(z, "xl/worksheets/sheet1.xml", strings)
    check(sorted(v for (c, r), v in cells.items() if c in (3, 4) and r > 3) == ["市税务局"],
          "--unit 市税务局: only its row")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


def case_xlsx_english():
    run("set", "3", "市税务局", "blocked", "--note", "waiting")
    run("export", "-o", "en.xlsx", today="2026-01-01", lang=EN)
    book = Book(os.path.join(TMP, "en.xlsx"))
    check(book.sheets == ["Task assignments", "By unit", "Reminders"], f"English sheet names: {book.sheets}")
    for i in range(3):
        check_page_setup(book, i, "Page &P of &N")
    c0, c1, c2 = book.cells(0), book.cells(1), book.cells(2)
    check_title_block(book, 0, c0, 8, "As of 2026-01-01")
    check([c0.get((c, 3), ("",))[0] for c in range(1, 9)] == LEDGER_EN, "English 台账 header")
    check([c1.get((c, 3), ("",))[0] for c in range(1, 12)] == ["Unit", "Lead", "Co", "not started", "in progress",
                                                             "done", "delayed", "blocked", "submitted", "Overdue",
                                                             "Light"],
          f"English per-unit header: {[c1.get((c, 3), ('',))[0] for c in range(1, 12)]}")
    last = max(r for _, r in c1)
    check(c1[(1, last)][0] == "Total", "English per-unit sheet ends with Total")
    check([c2.get((c, 3), ("",))[0] for c in range(1, 9)] == REMIND_EN, "English reminder header")
    statuses = {v[0] for (c, r), v in c0.items() if c == 6 and r > 3}
    check("blocked" in statuses and "not started (overdue)" in statuses and not any("受阻" in s for s in statuses),
          f"English status labels: {statuses}")
    reasons = {v[0] for (c, r), v in c2.items() if c == 7 and r > 3}
    check(reasons == {"overdue", "blocked"}, f"English reasons: {reasons}")


# ---------------------------------------------------------------- report

def tsv_blocks(text):
    blocks = [b for b in text.split("\n\n")]
    return [[line.split("\t") for line in b.strip("\n").split("\n")] for b in blocks]


def case_report():
    score, rem = tsv_blocks(run("report", "--format", "tsv", today="2026-01-01").stdout.decode())
    statuses = run("--help").stdout.decode().split("Statuses: ")[1].split(".")[0].split(", ")
    check(score[0] == ["unit", "lead", "co"] + statuses + ["overdue", "light", "umbrella"], f"scorecard header: {score[0]}")
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
    umb = umbrellas()
    check(sum(int(r[OV]) for r in score[1:] if r[0] not in umb) == 10, "scorecard counts 10 overdue rows")
    check([r[OV:] for r in score[1:] if r[0] == "各区人民政府"] == [["1", "red", ""]],
          "the umbrella's roll-up: measure 9 overdue, red")
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
    check(open(os.path.join(TMP, "x.txt"), "rb").read().startswith(b"\xef\xbb\xbf" + plan_field("title").encode()),
          "csv into x.txt")
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
    check(data.startswith(b"\xef\xbb\xbf" + plan_field("title").encode()) and b"old content" not in data,
          "an old export is replaced")
    # the spreadsheet library writes the file API's temporary by name: the mode is kept too
    with open(os.path.join(TMP, "old.xlsx"), "w") as f:
        f.write("old content\n")
    os.chmod(os.path.join(TMP, "old.xlsx"), 0o640)
    run("export", "-o", "old.xlsx")
    check(os.stat(os.path.join(TMP, "old.xlsx")).st_mode & 0o777 == 0o640, "a replaced xlsx export keeps its mode")
    check(zipfile.is_zipfile(os.path.join(TMP, "old.xlsx")), "an old xlsx export is replaced by a workbook")
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


def case_catalogue():
    """Every export string (C_("export", "...") in src/cli/export) has its Chinese in
    po/zh_CN.po under msgctxt "export", and the catalogue holds no stale one."""
    root = os.path.dirname(os.path.dirname(PLAN))
    code = set()
    src = os.path.join(root, "src", "cli", "export")
    for name in os.listdir(src):
        if name.endswith(".c"):
            code |= set(re.findall(r'C_\("export", "((?:[^"\\]|\\.)*)"\)', open(os.path.join(src, name), encoding="utf-8").read()))
    po = open(os.path.join(root, "po", "zh_CN.po"), encoding="utf-8").read()
    have = dict(re.findall(r'msgctxt "export"\nmsgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"', po))
    check(len(code) >= 30, f"the export strings are found: {len(code)}")
    check(not code - set(have), f"export strings without a translation: {sorted(code - set(have))}")
    check(not set(have) - code, f"translations no export uses: {sorted(set(have) - code)}")
    check(all(have[k] and not re.search(r"[A-Za-z]{3}", have[k].replace("&P", "").replace("&N", "").replace("&C", ""))
              for k in have if k != "en"), "every translation is Chinese")


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
    rows = [r for h, _, rs in parse_md(text) if h not in ("Supervision ledger", "Reminders") for r in rs]
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
    task = [v for (c, r), v in cells.items() if c == 2 and r > 3]
    check(task == ["1.制定实施准入清单\n" + PART1 + "\n" + PART2], f"XLSX: the parts in the 任务 cell: {task!r}")
    check(not leftovers(), f"no temporary files left: {leftovers()}")


CASES = {"csv": case_csv, "markdown": case_markdown, "html": case_html, "xlsx": case_xlsx,
         "xlsx-english": case_xlsx_english,
         "html-ledger": case_html_ledger,
         "markdown-ledger": case_markdown_ledger,
         "catalogue": case_catalogue, "report": case_report,
         "errors": case_errors, "parts": case_parts}

with tempfile.TemporaryDirectory(prefix="fengong-export-") as TMP:
    PLANCOPY = os.path.join(TMP, "ezhou.yaml")
    shutil.copyfile(PLAN, PLANCOPY)
    CASES[CASE]()
if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("ok")
