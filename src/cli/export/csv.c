/* The CSV export: the 督办台账 for Excel and WPS, with the BOM they need to
 * read UTF-8.  The plan's title, its number and 截至 the day; the 台账 (one
 * row per shown assignment in `list` order, one for a measure with no unit
 * shown; the columns of every export's 台账, then who updated it); a blank
 * line; the 催办 list.  Headers and labels follow the locale; every cell
 * is escaped (and a formula-like one neutralised) by output.c. */
#include <stdlib.h>
#include <unistd.h>

#include "export.h"
#include "output.h"

/* A line of one cell. */
static void csv_line(FILE *out, const char *s)
{
	out_csv_value(out, s, isatty(fileno(out)));
	fputs("\r\n", out);
}

static bool export_csv(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
		       FILE *out)
{
	fputs("\xEF\xBB\xBF", out); /* the BOM Excel and WPS need to read UTF-8 */
	char line[1024];
	export_subtitle(p, today, line, sizeof line);
	csv_line(out, export_title(p));
	csv_line(out, line);

	const char *head[LEDGER_NCOLS + 1];
	for (int c = 0; c < LEDGER_NCOLS; c++)
		head[c] = ledger_head(c);
	head[LEDGER_NCOLS] = C_("export", "Updated by");
	struct out_table t;
	out_table_init(&t, LEDGER_NCOLS + 1, head);
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		if (!fg_filter_match_measure(f, m))
			continue;
		struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
		size_t n = 0;
		cli_measure_rows(m, f, rows, &n);
		for (size_t k = 0; k < (n ? n : 1); k++) {
			struct ledger_row lr;
			ledger_fill(&lr, m, n ? rows[k].a : NULL, today);
			const char *row[LEDGER_NCOLS + 1];
			for (int c = 0; c < LEDGER_NCOLS; c++)
				row[c] = lr.v[c];
			row[LEDGER_NCOLS] = n ? rows[k].a->by : "";
			out_table_add(&t, row);
		}
		free(rows);
	}
	out_table_print(&t, OUT_CSV, out);
	out_table_free(&t);

	size_t nr;
	struct reminder *rm = reminders_collect(p, uset, today, &nr);
	fputs("\r\n", out);
	csv_line(out, C_("export", "Reminders"));
	if (!nr) {
		csv_line(out, C_("export", "None: nothing is overdue, delayed or blocked."));
	} else {
		const char *rhead[REM_NCOLS];
		for (int c = 0; c < REM_NCOLS; c++)
			rhead[c] = reminder_head(c);
		out_table_init(&t, REM_NCOLS, rhead);
		for (size_t i = 0; i < nr; i++) {
			struct reminder_row rr;
			reminder_fill(&rr, p, &rm[i]);
			out_table_add(&t, rr.v);
		}
		out_table_print(&t, OUT_CSV, out);
		out_table_free(&t);
	}
	free(rm);
	return true;
}

static bool write_csv(const struct export_job *j, FILE *out) { return export_csv(j->p, j->f, j->uset, j->today, out); }

const struct export_format export_format_csv = {"csv", NULL, {".csv"}, false, write_csv, NULL};
