/* The HTML export: one self-contained page (no external assets) with a
 * print stylesheet: the matrix by section and the scorecard. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "fengong/text.h"

/* Escape for element text and attribute values; control characters are
 * shown as \xNN, invalid UTF-8 as U+FFFD; newlines become <br> when br. */
static void html_text(FILE *out, const char *s, bool br)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			fputs("\xEF\xBF\xBD", out);
			i++;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\n': fputs(br ? "<br>" : " ", out); break;
		case '\t': fputc(' ', out); break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				fprintf(out, "\\x%02x", (unsigned)cp);
			else if (fg_cp_invisible(cp)) /* bidi and invisible: shown, not obeyed */
				fprintf(out, "&lt;U+%04X&gt;", (unsigned)cp);
			else
				fwrite(s + i, 1, n, out);
		}
		i += n;
	}
}

static const char html_style[] =
	":root{--line:#b8b8b8;--green:#c6efce;--green-ink:#006100;--yellow:#ffeb9c;--yellow-ink:#6b4a00;"
	"--red:#ffc7ce;--red-ink:#9c0006}\n"
	"body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\","
	"\"SimSun\",sans-serif;margin:1.5rem;color:#111;line-height:1.45}\n"
	"h1{font-size:1.45rem;margin:0 0 .3rem}\n"
	"h2{font-size:1.15rem;margin:1.8rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #333}\n"
	".meta{color:#444;margin:.2rem 0}\n"
	".legend span{display:inline-block;padding:0 .5em;margin:.1em .3em .1em 0;border:1px solid var(--line)}\n"
	"table{border-collapse:collapse;margin:.5rem 0 1rem}\n"
	"th,td{border:1px solid var(--line);padding:.25rem .4rem;vertical-align:top;text-align:left}\n"
	"thead th{background:#eee}\n"
	"th.unit{writing-mode:vertical-rl;white-space:nowrap;vertical-align:bottom;text-align:left;"
	"font-weight:normal;padding:.4rem .15rem}\n"
	"td.num{white-space:nowrap}\n"
	"td.cell{text-align:center;min-width:3.2em;white-space:nowrap}\n"
	"td.cell .note{white-space:normal;text-align:left;min-width:8em}\n"
	".note{font-size:.8em;color:#333;margin-top:.15em}\n"
	".due{font-size:.85em;color:#555;white-space:nowrap}\n"
	".unassigned{font-size:.85em;color:#666}\n"
	".overdue{font-weight:bold}\n"
	".light-green{background:var(--green);color:var(--green-ink)}\n"
	".light-yellow{background:var(--yellow);color:var(--yellow-ink)}\n"
	".light-red{background:var(--red);color:var(--red-ink)}\n"
	"table.score td.n{text-align:right}\n"
	"@media print{\n"
	"@page{size:A4 landscape;margin:12mm}\n"
	"body{margin:0;font-size:9pt}\n"
	"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"thead{display:table-header-group}\n"
	"tr{break-inside:avoid;page-break-inside:avoid}\n"
	"h2{break-after:avoid;page-break-after:avoid}\n"
	"section{break-inside:auto}\n"
	".legend{font-size:8pt}\n"
	"}\n";

static void html_cell_status(FILE *out, enum fg_status s, bool overdue)
{
	fputs(fg_statuses[s].zh, out);
	if (overdue)
		fputs(" <span class=\"overdue\">逾期</span>", out);
}

static bool export_html(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
			FILE *out)
{
	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      out);
	html_text(out, p->title, false);
	fputs(" 任务分工表</title>\n<style>\n", out);
	fputs(html_style, out);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
	html_text(out, p->title, false);
	fputs(" 任务分工表</h1>\n<p class=\"meta\">", out);
	html_text(out, p->number, false);
	fputs(" · ", out);
	html_text(out, p->issuer, false);
	fputs(" · ", out);
	html_text(out, p->date, false);
	fprintf(out, " · 截至 %s</p>\n", today);
	fputs("<p class=\"legend\">● 牵头 ○ 配合 &nbsp; <span class=\"light-green\">绿 已完成</span>"
	      "<span class=\"light-yellow\">黄 推进中</span>"
	      "<span class=\"light-red\">红 逾期、滞后或受阻</span><span>未启动</span></p>\n</header>\n",
	      out);
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		fputs("<section>\n<h2>", out);
		if (*gr->id) {
			html_text(out, gr->id, false);
			fputs("、", out);
		}
		html_text(out, gr->title, false);
		fputs("</h2>\n<table class=\"matrix\">\n<thead><tr><th>序号</th><th>任务</th><th>状态</th>", out);
		for (size_t c = 0; c < gr->ncols; c++) {
			fputs("<th class=\"unit\" scope=\"col\">", out);
			html_text(out, p->units[gr->cols[c]].name, false);
			fputs("</th>", out);
		}
		fputs("</tr></thead>\n<tbody>\n", out);
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			enum fg_light ml = fg_measure_light(m, today);
			fprintf(out, "<tr class=\"measure\" id=\"m%d\" data-number=\"%d\"><td class=\"num\">", m->number,
				m->number);
			html_text(out, m->label, false);
			fputs("</td><td class=\"task\">", out);
			html_text(out, m->title, false);
			if (*m->due) {
				fputs(" <span class=\"due\">期限 ", out);
				html_text(out, m->due, false);
				fputs("</span>", out);
			}
			if (*m->unassigned) {
				fputs("<div class=\"unassigned\">", out);
				html_text(out, m->unassigned, true);
				fputs("</div>", out);
			}
			fprintf(out, "</td><td class=\"status light-%s\">", fg_light_name(ml));
			html_cell_status(out, fg_measure_rollup(m), fg_measure_overdue(m, today));
			fputs("</td>", out);
			for (size_t c = 0; c < gr->ncols; c++) {
				const struct fg_assignment *a = cell_of(m, gr->cols[c], f);
				if (!a) {
					fputs("<td class=\"cell empty\"></td>", out);
					continue;
				}
				enum fg_light l = fg_assignment_light(m, a, today);
				fprintf(out, "<td class=\"cell light-%s\" data-unit=\"", fg_light_name(l));
				html_text(out, a->unit, false);
				fprintf(out, "\" data-role=\"%s\" data-status=\"%s\" title=\"", fg_role_name(a->role),
					fg_status_name(a->status));
				html_text(out, a->unit, false);
				fprintf(out, " · %s · %s", role_zh[a->role], fg_statuses[a->status].zh);
				if (*a->updated) {
					fputs(" · ", out);
					html_text(out, a->updated, false);
				}
				if (*a->by) {
					fputs(" · ", out);
					html_text(out, a->by, false);
				}
				fprintf(out, "\">%s ", role_glyph[a->role]);
				html_cell_status(out, a->status, fg_assignment_overdue(m, a, today));
				if (*a->note) {
					fputs("<div class=\"note\">", out);
					html_text(out, a->note, true);
					fputs("</div>", out);
				}
				fputs("</td>", out);
			}
			fputs("</tr>\n", out);
		}
		fputs("</tbody>\n</table>\n</section>\n", out);
	}

	/* the scorecard, for the meeting's summary */
	struct fg_unit_counts *sc = score_compute(p, uset, today);
	fputs("<section>\n<h2>各单位情况</h2>\n<table class=\"score\">\n<thead><tr><th>单位</th><th>牵头</th>"
	      "<th>配合</th>",
	      out);
	for (int s = 0; s < FG_STATUS_COUNT; s++)
		fprintf(out, "<th>%s</th>", fg_statuses[s].zh);
	fputs("<th>逾期</th><th>红黄绿</th></tr></thead>\n<tbody>\n", out);
	for (size_t u = 0; u < p->nunits; u++) {
		if (uset && !uset[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		fputs("<tr class=\"unit\"><td>", out);
		html_text(out, p->units[u].name, false);
		fprintf(out, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>", s->role[0], s->role[1]);
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			fprintf(out, "<td class=\"n\">%zu</td>", s->status[st]);
		enum fg_light l = fg_unit_light(s);
		fprintf(out, "<td class=\"n\">%zu</td><td class=\"light-%s\">%s</td></tr>\n", s->overdue, fg_light_name(l),
			light_zh[l]);
	}
	fputs("</tbody>\n</table>\n</section>\n</body>\n</html>\n", out);
	free(sc);
	groups_free(g, ng);
	return true;
}

static bool write_html(const struct export_job *j, FILE *out)
{
	return export_html(j->p, j->f, j->uset, j->today, out);
}

const struct export_format export_format_html = {"html", NULL, {".html", ".htm"}, false, write_html, NULL};
