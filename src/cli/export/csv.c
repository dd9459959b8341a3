/* The CSV export: one row per shown assignment, in `list` order, with the
 * BOM Excel and WPS need. */
#include <stdlib.h>

#include "export.h"
#include "output.h"

static bool export_csv(const struct fg_plan *p, const struct fg_filter *f, FILE *out)
{
	static const char *head[] = {"measure", "label", "title", "unit", "role", "status", "updated", "by", "note"};
	struct out_table t;
	out_table_init(&t, 9, head);
	size_t total = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		total += p->measures[i].nasg;
	struct cli_row *rows = xcalloc(total + 1, sizeof *rows);
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		cli_measure_rows(&p->measures[i], f, rows, &n);
	for (size_t i = 0; i < n; i++) {
		char num[16];
		snprintf(num, sizeof num, "%d", rows[i].m->number);
		const char *row[] = {num,
				     rows[i].m->label,
				     rows[i].m->title,
				     rows[i].a->unit,
				     fg_role_name(rows[i].a->role),
				     fg_status_name(rows[i].a->status),
				     rows[i].a->updated,
				     rows[i].a->by,
				     rows[i].a->note};
		out_table_add(&t, row);
	}
	fputs("\xEF\xBB\xBF", out); /* the BOM Excel and WPS need to read UTF-8 */
	out_table_print(&t, OUT_CSV, out);
	out_table_free(&t);
	free(rows);
	return true;
}

static bool write_csv(const struct export_job *j, FILE *out) { return export_csv(j->p, j->f, out); }

const struct export_format export_format_csv = {"csv", NULL, {".csv"}, false, write_csv, NULL};
