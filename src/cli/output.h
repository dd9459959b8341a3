/* Output helpers shared by the commands: aligned tables, TSV, CSV, JSON. */
#ifndef FENGONG_OUTPUT_H
#define FENGONG_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include "fengong/plan.h"

enum out_format { OUT_TABLE, OUT_TSV, OUT_CSV, OUT_JSON };

/* Parse a --format value among those allowed (a mask of 1 << enum out_format);
 * prints a usage error and returns false when unknown. */
bool out_parse_format(const char *s, unsigned allowed, enum out_format *f);

/* A status or role as format f shows it: in the table format the
 * translated label (the key where the locale has none, so an English table
 * shows what one types); in tsv, csv and json always the key. */
const char *out_status(enum out_format f, enum fg_status s);
const char *out_role(enum out_format f, enum fg_role r);

/* A table of strings, printed in one of the formats.  The table format
 * shows each head translated in the context "column" (mark heads with
 * NC_ and the context "column"); tsv, csv and json keep them as given. */
struct out_table {
	size_t ncols, nrows, cap;
	const char **head;
	char **cells; /* nrows * ncols, owned */
	int *max_width; /* per column cap for the table format on a terminal, 0 = none,
			 * OUT_FIT_TERMINAL: (last column) the rest of the terminal's width */
	unsigned numeric; /* bit c: column c holds counts, written as JSON numbers */
	unsigned nullable; /* bit c: an empty cell of column c is JSON null (a number absent) */
	const char *ctx;  /* the heads' gettext context in the table format; NULL: "column" */
};

/* Caps and OUT_FIT_TERMINAL apply only when the output is a terminal: a pipe
 * or a file gets every cell whole. */
#define OUT_FIT_TERMINAL (-1)

void out_table_init(struct out_table *t, size_t ncols, const char **head);
void out_table_add(struct out_table *t, const char **row);
void out_table_print(struct out_table *t, enum out_format f, FILE *out);
void out_table_free(struct out_table *t);

/* One value in each format. */
void out_tsv_value(FILE *out, const char *s);
void out_csv_value(FILE *out, const char *s, bool escape_controls);
void out_json_string(FILE *out, const char *s);

/* The exports' lines for a measure's parts, one per part:
 * "（1）TEXT（牵头：A、B；配合：C）", joined by "\n"; malloc'd, NULL when
 * the measure has no parts. */
struct fg_measure;
char *out_parts_text(const struct fg_measure *m);

#endif
