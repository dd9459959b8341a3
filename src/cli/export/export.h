/* The exports and the report share these: the formats' table entry, what a
 * writer is given, the row model (the matrix by section, the per-unit
 * counts, the reminder list) and where an export goes.
 *
 * A format is one file here (csv.c, md.c, html.c, xlsx.c) defining its
 * struct export_format, and one row of export_formats[] in export.c.
 */
#ifndef FENGONG_CLI_EXPORT_H
#define FENGONG_CLI_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"
#include "fengong/fileio.h"

#define xcalloc app_xcalloc

/* What a writer is given. */
struct export_job {
	const struct fg_plan *p;
	const struct fg_filter *f;
	const bool *uset; /* --unit's set, NULL for all */
	const char *today;
};

/* One export format.  --format, -o's extensions and the error messages
 * follow the table in export.c. */
struct export_format {
	const char *name;       /* --format NAME */
	const char *alias;      /* another name --format takes, or NULL */
	const char *exts[3];    /* -o FILE with one of these chooses it (any case) */
	bool binary;            /* a file only, never standard output */
	bool (*write)(const struct export_job *j, FILE *out);      /* text: to out */
	/* binary: writes the file tmp (the library opens it by name), names target in messages */
	bool (*write_file)(const struct export_job *j, const char *tmp, const char *target);
};
extern const struct export_format export_format_csv, export_format_md, export_format_html, export_format_xlsx;

extern const char *const role_zh[FG_ROLE_COUNT];
extern const char *const role_glyph[FG_ROLE_COUNT];
extern const char *const light_zh[FG_LIGHT_COUNT];

/* Per-unit counts over every assignment; units outside `set` stay zero. */
struct fg_unit_counts *score_compute(const struct fg_plan *p, const bool *set, const char *today);

/* The reminder list: every red assignment, grouped by unit in registry
 * order, then by measure. */
struct reminder {
	size_t unit;
	const struct fg_measure *m;
	const struct fg_assignment *a;
	bool overdue;
};

struct reminder *reminders_collect(const struct fg_plan *p, const bool *set, const char *today, size_t *n);
/* "overdue", "blocked", "delayed", or "overdue, blocked" ... */
void reminder_reason(const struct reminder *r, char *buf, size_t len);
void reminder_reason_zh(const struct reminder *r, char *buf, size_t len);

/* The matrix by section: each group holds its measures (those the filter
 * matches) and its unit columns (registry order, units with a shown cell). */
struct group {
	const char *id, *title; /* id "" for measures without a section */
	const struct fg_measure **m;
	size_t nm;
	size_t *cols;
	size_t ncols;
};

struct group *groups_build(const struct fg_plan *p, const struct fg_filter *f, size_t *ngroups);
void groups_free(struct group *g, size_t n);
/* The shown assignment of unit u in m, or NULL. */
const struct fg_assignment *cell_of(const struct fg_measure *m, size_t u, const struct fg_filter *f);

/* Where an export goes: standard output, or a temporary file beside the
 * target (the core's file API) that dest_commit renames over it.  Messages
 * are printed. */
struct dest {
	const char *path; /* NULL: stdout */
	struct fg_wfile w;
	FILE *fp;         /* a text format's stream */
};
bool dest_open(struct dest *d, const char *path);
/* The temporary's name, for a binary format's library that opens a file by
 * name (libxlsxwriter); it truncates and writes it. */
const char *dest_tmp_path(const struct dest *d);
void dest_abort(struct dest *d);
/* Finish the export: flush, sync and rename into place.  On failure the
 * target is left as it was and the temporary file removed. */
bool dest_commit(struct dest *d);

#endif
