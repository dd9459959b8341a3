/* The HTML export: one self-contained page (no external assets) with a
 * print stylesheet: the matrix by section and the scorecard. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "output.h"
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
	".parts{font-size:.85em;margin-top:.3em}\n"
	".overdue{font-weight:bold}\n"
	".light-green{background:var(--green);color:var(--green-ink)}\n"
	".light-yellow{background:var(--yellow);color:var(--yellow-ink)}\n"
	".light-red{background:var(--red);color:var(--red-ink)}\n"
	"table.score td.n{text-align:right}\n"
	"table.score tfoot{font-weight:bold}\n"
	"table.ledger tr.section th{background:#f3f3f3;text-align:left}\n"
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
	fputs(export_status(s), out);
	if (overdue)
		fprintf(out, " <span class=\"overdue\">%s</span>", C_("export", "overdue"));
}

/* The 督办台账: one row per shown assignment (a measure without one: one
 * row), a row per section; the columns of every export's 台账. */
static void html_ledger(FILE *out, const struct fg_filter *f, const struct group *g, size_t ng,
			const char *today)
{
	fprintf(out, "<section>\n<h2>%s</h2>\n<table class=\"ledger\">\n<thead><tr>",
		C_("export", "Supervision ledger"));
	for (int c = 0; c < LEDGER_NCOLS; c++)
		fprintf(out, "<th>%s</th>", ledger_head(c));
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		fprintf(out, "<tr class=\"section\"><th colspan=\"%d\">", LEDGER_NCOLS);
		if (*gr->id) {
			html_text(out, gr->id, false);
			fputs("、", out);
			html_text(out, gr->title, false);
		} else {
			html_text(out, C_("export", "Other"), false);
		}
		fputs("</th></tr>\n", out);
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
			size_t n = 0;
			cli_measure_rows(m, f, rows, &n);
			for (size_t k = 0; k < (n ? n : 1); k++) {
				struct ledger_row lr;
				ledger_fill(&lr, m, n ? rows[k].a : NULL, today);
				fprintf(out, "<tr class=\"row\" data-number=\"%d\">", m->number);
				for (int c = 0; c < LEDGER_NCOLS; c++) {
					if (c == LEDGER_STATUS)
						fprintf(out, "<td class=\"light-%s\">", fg_light_name(lr.light));
					else
						fputs("<td>", out);
					html_text(out, lr.v[c], c == LEDGER_NOTE);
					fputs("</td>", out);
				}
				fputs("</tr>\n", out);
			}
			free(rows);
		}
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* The reminder list (催办清单): every red assignment, by unit. */
static void html_reminders(FILE *out, const struct fg_plan *p, const bool *uset, const char *today)
{
	size_t nr;
	struct reminder *rm = reminders_collect(p, uset, today, &nr);
	fprintf(out, "<section>\n<h2>%s</h2>\n", C_("export", "Reminders"));
	if (!nr) {
		fprintf(out, "<p class=\"none\">%s</p>\n</section>\n",
			C_("export", "None: nothing is overdue, delayed or blocked."));
		free(rm);
		return;
	}
	fputs("<table class=\"reminders\">\n<thead><tr>", out);
	for (int c = 0; c < REM_NCOLS; c++)
		fprintf(out, "<th>%s</th>", reminder_head(c));
	fputs("</tr></thead>\n<tbody>\n", out);
	for (size_t i = 0; i < nr; i++) {
		struct reminder_row rr;
		reminder_fill(&rr, p, &rm[i]);
		fputs("<tr class=\"reminder\">", out);
		for (int c = 0; c < REM_NCOLS; c++) {
			fputs(c == REM_STATUS ? "<td class=\"light-red\">" : "<td>", out);
			html_text(out, rr.v[c], c == REM_NOTE);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
	free(rm);
}

static bool export_html(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
			FILE *out)
{
	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	char asof[64];
	export_as_of(today, asof, sizeof asof);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		C_("export", "en"));
	html_text(out, p->title, false);
	fprintf(out, " %s</title>\n<style>\n", C_("export", "Task assignments"));
	fputs(html_style, out);
	fputs("</style>\n</head>\n<body>\n<header>\n<h1>", out);
	html_text(out, p->title, false);
	fprintf(out, " %s</h1>\n<p class=\"meta\">", C_("export", "Task assignments"));
	html_text(out, p->number, false);
	fputs(" · ", out);
	html_text(out, p->issuer, false);
	fputs(" · ", out);
	html_text(out, p->date, false);
	fprintf(out, " · %s</p>\n", asof);
	fprintf(out, "<p class=\"legend\">%s &nbsp; <span class=\"light-green\">%s</span>"
		"<span class=\"light-yellow\">%s</span><span class=\"light-red\">%s</span><span>%s</span></p>\n"
		"</header>\n",
		C_("export", "● lead　○ co-unit"), C_("export", "green: done"), C_("export", "yellow: in progress"),
		C_("export", "red: overdue, delayed or blocked"),
		export_status(FG_STATUS_NOT_STARTED));
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		fputs("<section>\n<h2>", out);
		if (*gr->id) {
			html_text(out, gr->id, false);
			fputs("、", out);
		}
		html_text(out, gr->title, false);
		fprintf(out, "</h2>\n<table class=\"matrix\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>",
			C_("export", "No."),
			C_("export", "Task"), C_("export", "Status"));
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
				fputs(" <span class=\"due\">", out);
				char due[128];
				export_snprintf(due, sizeof due, C_("export", "Due %s"), m->due);
				html_text(out, due, false);
				fputs("</span>", out);
			}
			if (*m->unassigned) {
				fputs("<div class=\"unassigned\">", out);
				html_text(out, m->unassigned, true);
				fputs("</div>", out);
			}
			char *parts = out_parts_text(m); /* sub-tasks, a line each */
			if (parts) {
				fputs("<div class=\"parts\">", out);
				html_text(out, parts, true);
				fputs("</div>", out);
				free(parts);
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
				fprintf(out, " · %s · %s", export_role(a->role), export_status(a->status));
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

	html_ledger(out, f, g, ng, today);
	/* the scorecard, for the meeting's summary */
	struct fg_unit_counts *sc = score_compute(p, uset, today);
	fprintf(out, "<section>\n<h2>%s</h2>\n<table class=\"score\">\n<thead><tr>", C_("export", "By unit"));
	for (int c = 0; c < SCORE_NCOLS; c++)
		fprintf(out, "<th>%s</th>", score_head(c));
	fputs("</tr></thead>\n<tbody>\n", out);
	/* umbrella units with their members under them (class "member",
	 * indented); the total counts every row once (fg_plan_counts_total) */
	size_t *order = xcalloc(p->nunits + 1, sizeof *order);
	unsigned *depth = xcalloc(p->nunits + 1, sizeof *depth);
	fg_plan_unit_order(p, order, depth);
	for (size_t i = 0; i < p->nunits; i++) {
		size_t u = order[i];
		if (uset && !uset[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		size_t v[SCORE_NCOLS - 2] = {s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]};
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			v[2 + st] = s->status[st];
		v[2 + FG_STATUS_COUNT] = s->overdue;
		if (depth[i])
			fprintf(out, "<tr class=\"unit member\"><td style=\"padding-left:%uem\">", depth[i] < 8 ? depth[i] : 8);
		else
			fputs(s->rollups ? "<tr class=\"unit umbrella\"><td>" : "<tr class=\"unit\"><td>", out);
		html_text(out, p->units[u].name, false);
		fputs("</td>", out);
		for (int k = 0; k < SCORE_NCOLS - 2; k++)
			fprintf(out, "<td class=\"n\">%zu</td>", v[k]);
		enum fg_light l = fg_unit_light(s);
		fprintf(out, "<td class=\"light-%s\">%s</td></tr>\n", fg_light_name(l), export_light(l));
	}
	free(order);
	free(depth);
	struct fg_unit_counts tc;
	fg_plan_counts_total(p, uset, today, &tc);
	size_t total[SCORE_NCOLS - 2] = {tc.role[FG_ROLE_LEAD], tc.role[FG_ROLE_CO]};
	for (int st = 0; st < FG_STATUS_COUNT; st++)
		total[2 + st] = tc.status[st];
	total[2 + FG_STATUS_COUNT] = tc.overdue;
	fprintf(out, "</tbody>\n<tfoot><tr class=\"total\"><th>%s</th>", C_("export", "Total"));
	for (int k = 0; k < SCORE_NCOLS - 2; k++)
		fprintf(out, "<td class=\"n\">%zu</td>", total[k]);
	fputs("<td></td></tr></tfoot>\n</table>\n</section>\n", out);
	html_reminders(out, p, uset, today);
	fputs("</body>\n</html>\n", out);
	free(sc);
	groups_free(g, ng);
	return true;
}

static bool write_html(const struct export_job *j, FILE *out)
{
	return export_html(j->p, j->f, j->uset, j->today, out);
}

const struct export_format export_format_html = {"html", NULL, {".html", ".htm"}, false, write_html, NULL};
