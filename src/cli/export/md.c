/* The Markdown export: a table per section, a column per unit, then the
 * notes; then the 督办台账 and the 催办 list.  Text follows the locale. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "output.h"
#include "fengong/text.h"

/* A bidi or invisible character at *s is written visibly (issue 13) and
 * *s moved to its last byte; false for any other character. */
static bool md_invisible(FILE *out, const char **s)
{
	uint32_t cp;
	size_t n = fg_utf8_decode(*s, strnlen(*s, 4), &cp);
	if (!n || !fg_cp_invisible(cp))
		return false;
	fprintf(out, "&lt;U+%04X&gt;", (unsigned)cp);
	*s += n - 1;
	return true;
}

/* Text inside a Markdown table cell: no raw HTML, no table breaks, no
 * emphasis or links by accident; newlines become <br>. */
static void md_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '|': fputs("\\|", out); break;
		case '\n': fputs("<br>", out); break;
		case '\r': break;
		case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '~':
			fputc('\\', out);
			fputc(c, out);
			break;
		default:
			if (c < 0x20 || c == 0x7F)
				fputc(' ', out);
			else if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xA0)
				fputc(' ', out), s++; /* a C1 control */
			else if (c >= 0xC2 && md_invisible(out, &s)) /* bidi and invisible: <U+202E> */
				;
			else
				fputc(c, out);
		}
	}
}

static void md_measure_status(FILE *out, const struct fg_measure *m, const char *today)
{
	fputs(export_status(fg_measure_rollup(m)), out);
	if (fg_measure_overdue(m, today))
		fprintf(out, " · **%s**", C_("export", "overdue"));
}

/* A row of a Markdown table from n cells. */
static void md_row(FILE *out, const char *const *v, int n)
{
	fputc('|', out);
	for (int c = 0; c < n; c++) {
		fputc(' ', out);
		md_text(out, v[c]);
		fputs(" |", out);
	}
	fputc('\n', out);
}

static void md_head(FILE *out, const char *(*head)(int), int n)
{
	const char *v[16];
	for (int c = 0; c < n; c++)
		v[c] = head(c);
	md_row(out, v, n);
	fputc('|', out);
	for (int c = 0; c < n; c++)
		fputs("---|", out);
	fputc('\n', out);
}

/* The 督办台账: the columns every export's 台账 has, a bold row per section. */
static void md_ledger(FILE *out, const struct fg_filter *f, const struct group *g, size_t ng, const char *today)
{
	fprintf(out, "\n## %s\n\n", C_("export", "Supervision ledger"));
	md_head(out, ledger_head, LEDGER_NCOLS);
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		fputs("| **", out);
		if (*gr->id) {
			md_text(out, gr->id);
			fputs("、", out);
			md_text(out, gr->title);
		} else {
			md_text(out, C_("export", "Other"));
		}
		fputs("** |", out);
		for (int c = 1; c < LEDGER_NCOLS; c++)
			fputs(" |", out);
		fputc('\n', out);
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
			size_t n = 0;
			cli_measure_rows(m, f, rows, &n);
			for (size_t k = 0; k < (n ? n : 1); k++) {
				struct ledger_row lr;
				ledger_fill(&lr, m, n ? rows[k].a : NULL, today);
				md_row(out, lr.v, LEDGER_NCOLS);
			}
			free(rows);
		}
	}
}

/* The reminder list (催办清单). */
static void md_reminders(FILE *out, const struct fg_plan *p, const bool *uset, const char *today)
{
	size_t nr;
	struct reminder *rm = reminders_collect(p, uset, today, &nr);
	fprintf(out, "\n## %s\n\n", C_("export", "Reminders"));
	if (!nr)
		fprintf(out, "%s\n", C_("export", "None: nothing is overdue, delayed or blocked."));
	else
		md_head(out, reminder_head, REM_NCOLS);
	for (size_t i = 0; i < nr; i++) {
		struct reminder_row rr;
		reminder_fill(&rr, p, &rm[i]);
		md_row(out, rr.v, REM_NCOLS);
	}
	free(rm);
}

/* A unit column's heading: a member's names its umbrella first
 * ("各区人民政府 / 鄂城区人民政府"), as the other exports' group heading
 * does; Markdown tables have no header cell spanning columns. */
static void md_unit_heading(FILE *out, const struct fg_plan *p, size_t u)
{
	size_t up = fg_plan_unit_umbrella(p, u);
	if (up != SIZE_MAX && up != u) {
		md_unit_heading(out, p, up);
		fputs(" / ", out);
	}
	md_text(out, p->units[u].name);
}

static bool export_md(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
		      FILE *out)
{
	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	fputs("# ", out);
	md_text(out, p->title);
	fprintf(out, " %s\n\n", C_("export", "Task assignments"));
	md_text(out, p->number);
	fputs(" · ", out);
	md_text(out, p->issuer);
	fputs(" · ", out);
	md_text(out, p->date);
	char asof[64], list[256];
	export_as_of(today, asof, sizeof asof);
	fprintf(out, " · %s\n\n", asof);
	size_t n = 0;
	list[0] = 0;
	for (int st = 0; st < FG_STATUS_COUNT && n < sizeof list; st++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", st ? C_("export", "/") : "",
				      export_status((enum fg_status)st));
	export_fprintf(out, C_("export", "● lead　○ co-unit; statuses: %s; **overdue**: past the deadline and not done."),
		list);
	fputc('\n', out);
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		fputs("\n## ", out);
		if (*gr->id) {
			md_text(out, gr->id);
			fputs("、", out);
		}
		md_text(out, gr->title);
		bool due = false; /* a 期限 column only where a measure has one */
		for (size_t i = 0; i < gr->nm; i++)
			due = due || *gr->m[i]->due;
		fprintf(out, "\n\n| %s | %s |", C_("export", "No."), C_("export", "Task"));
		if (due)
			fprintf(out, " %s |", C_("export", "Deadline"));
		fprintf(out, " %s |", C_("export", "Status"));
		for (size_t c = 0; c < gr->ncols; c++) {
			fputc(' ', out);
			md_unit_heading(out, p, gr->cols[c]);
			fputs(" |", out);
		}
		fputs(due ? "\n|---|---|---|---|" : "\n|---|---|---|", out);
		for (size_t c = 0; c < gr->ncols; c++)
			fputs(":-:|", out);
		fputc('\n', out);
		size_t nnotes = 0;
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			fputs("| ", out);
			md_text(out, m->label);
			fputs(" | ", out);
			md_text(out, m->title);
			if (*m->unassigned) {
				fputs("（", out);
				md_text(out, m->unassigned);
				fputs("）", out);
			}
			char *parts = out_parts_text(m); /* sub-tasks, a line each */
			if (parts) {
				fputs("<br>", out);
				md_text(out, parts);
				free(parts);
			}
			fputs(" | ", out);
			if (due) {
				md_text(out, m->due);
				fputs(" | ", out);
			}
			md_measure_status(out, m, today);
			fputs(" |", out);
			for (size_t c = 0; c < gr->ncols; c++) {
				const struct fg_assignment *a = cell_of(m, gr->cols[c], f);
				if (a) {
					fprintf(out, " %s %s", role_glyph[a->role], export_status(a->status));
					if (fg_assignment_overdue(m, a, today))
						fprintf(out, " **%s**", C_("export", "overdue"));
					nnotes += *a->note != 0;
				}
				fputs(" |", out);
			}
			fputc('\n', out);
		}
		if (!nnotes)
			continue;
		fputs("\n", out);
		export_fprintf(out, C_("export", "%s:"), C_("export", "Progress"));
		fputs("\n\n", out);
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
			size_t n = 0;
			cli_measure_rows(m, f, rows, &n);
			for (size_t k = 0; k < n; k++) {
				const struct fg_assignment *a = rows[k].a;
				if (!*a->note)
					continue;
				fputs("- ", out);
				md_text(out, m->label);
				fputc(' ', out);
				md_text(out, a->unit);
				export_fprintf(out, C_("export", " (%s, %s"), export_role(a->role), export_status(a->status));
				if (*a->updated) {
					fputs(C_("export", ", "), out);
					md_text(out, a->updated);
				}
				fputs(C_("export", "): "), out);
				md_text(out, a->note);
				fputc('\n', out);
			}
			free(rows);
		}
	}
	md_ledger(out, f, g, ng, today);
	md_reminders(out, p, uset, today);
	groups_free(g, ng);
	return true;
}

static bool write_md(const struct export_job *j, FILE *out) { return export_md(j->p, j->f, j->uset, j->today, out); }

const struct export_format export_format_md = {"md", "markdown", {".md", ".markdown"}, false, write_md, NULL};
