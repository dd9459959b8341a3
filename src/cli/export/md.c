/* The Markdown export: a table per section, a column per unit, then the
 * notes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
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
	fputs(fg_statuses[fg_measure_rollup(m)].zh, out);
	if (fg_measure_overdue(m, today))
		fputs(" · **逾期**", out);
}

static bool export_md(const struct fg_plan *p, const struct fg_filter *f, const char *today, FILE *out)
{
	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	fputs("# ", out);
	md_text(out, p->title);
	fputs(" 任务分工表\n\n", out);
	md_text(out, p->number);
	fputs(" · ", out);
	md_text(out, p->issuer);
	fputs(" · ", out);
	md_text(out, p->date);
	fprintf(out, " · 截至 %s\n\n", today);
	fputs("● 牵头　○ 配合；状态：", out);
	for (int st = 0; st < FG_STATUS_COUNT; st++)
		fprintf(out, "%s%s", st ? "、" : "", fg_statuses[st].zh);
	fputs("；**逾期**：已过期限且未完成。\n", out);
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
		fputs(due ? "\n\n| 序号 | 任务 | 期限 | 状态 |" : "\n\n| 序号 | 任务 | 状态 |", out);
		for (size_t c = 0; c < gr->ncols; c++) {
			fputc(' ', out);
			md_text(out, p->units[gr->cols[c]].name);
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
					fprintf(out, " %s %s", role_glyph[a->role], fg_statuses[a->status].zh);
					if (fg_assignment_overdue(m, a, today))
						fputs(" **逾期**", out);
					nnotes += *a->note != 0;
				}
				fputs(" |", out);
			}
			fputc('\n', out);
		}
		if (!nnotes)
			continue;
		fputs("\n进展：\n\n", out);
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
				fprintf(out, "（%s，%s", role_zh[a->role], fg_statuses[a->status].zh);
				if (*a->updated) {
					fputs("，", out);
					md_text(out, a->updated);
				}
				fputs("）：", out);
				md_text(out, a->note);
				fputc('\n', out);
			}
			free(rows);
		}
	}
	groups_free(g, ng);
	return true;
}

static bool write_md(const struct export_job *j, FILE *out) { return export_md(j->p, j->f, j->today, out); }

const struct export_format export_format_md = {"md", "markdown", {".md", ".markdown"}, false, write_md, NULL};
