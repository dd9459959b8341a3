/* The exports and the report share these: the formats' table entry, what a
 * writer is given, the row model (the matrix by section, the 督办台账's
 * rows and columns, the per-unit counts, the reminder list), the words in
 * the user's language, and where an export goes.
 *
 * A format is one file here (csv.c, md.c, html.c, xlsx.c) defining its
 * struct export_format, and one row of export_formats[] in export.c.
 */
#ifndef FENGONG_CLI_EXPORT_H
#define FENGONG_CLI_EXPORT_H

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "fengong/fileio.h"

#define xcalloc app_xcalloc

/* Text for people follows the locale (Chinese under zh_CN.UTF-8 from
 * po/zh_CN.po, English otherwise).  The exports' strings carry the context
 * "export" (msgctxt in the catalogue), so a word the TUI translates
 * otherwise ("Due" is its 期限, the 台账's 完成时限) keeps its own.  Written
 * C_("export", "...") in full so xgettext (glib's C_ keyword) extracts the
 * context. */
const char *export_pgettext(const char *ctx_and_id, const char *id) __attribute__((format_arg(2), returns_nonnull));
/* printf with a translated format (C_'s result): the compiler checks the
 * English format at each call through format_arg above. */
void export_fprintf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int export_snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#ifndef C_
#define C_(ctx, s) export_pgettext(ctx "\004" s, s) /* xgettext: glib's C_ keyword */
#endif

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

/* ---------------------------------------------------------------- the 台账 */

/* The 督办台账's columns, in every format: 序号, 任务 (label + title),
 * 牵头单位, 配合单位, 完成时限, 状态, 进展情况 (the note), 更新时间. */
enum { LEDGER_NO, LEDGER_TASK, LEDGER_LEAD, LEDGER_CO, LEDGER_DUE, LEDGER_STATUS, LEDGER_NOTE, LEDGER_UPDATED,
       LEDGER_NCOLS };
/* Its header, in the user's language. */
const char *ledger_head(int col);

/* One row of the 台账: a shown assignment of m, or (a NULL) a measure with
 * no unit shown, whose 状态 is the measure's and whose 进展情况 says why. */
struct ledger_row {
	char no[16], task[2048], status[128], updated[32];
	const char *v[LEDGER_NCOLS]; /* the cells' text */
	enum fg_light light;
};
void ledger_fill(struct ledger_row *r, const struct fg_measure *m, const struct fg_assignment *a, const char *today);

/* The reminder list's columns (催办清单). */
enum { REM_UNIT, REM_NO, REM_TASK, REM_ROLE, REM_STATUS, REM_DUE, REM_REASON, REM_NOTE, REM_NCOLS };
const char *reminder_head(int col);
struct reminder_row {
	char no[16], task[2048], reason[128];
	const char *v[REM_NCOLS];
};
void reminder_fill(struct reminder_row *r, const struct fg_plan *p, const struct reminder *rm);

/* The per-unit sheet's columns: unit, lead, co, one per status, overdue, light. */
enum { SCORE_NCOLS = 3 + FG_STATUS_COUNT + 2 };
const char *score_head(int col);

/* The title block: the plan's title; its number; "截至 2025年6月1日". */
const char *export_title(const struct fg_plan *p);
void export_as_of(const char *today, char *buf, size_t len);
/* The line under the title: the plan's number and "截至 …". */
void export_subtitle(const struct fg_plan *p, const char *today, char *buf, size_t len);
/* Labels in the user's language. */
const char *export_status(enum fg_status s);
const char *export_role(enum fg_role r);
const char *export_light(enum fg_light l);
/* "overdue", "blocked" or "overdue, blocked" in the user's language. */
void reminder_reason_text(const struct reminder *r, char *buf, size_t len);

/* An `updated` time (ISO 8601 with offset) in local time; false when it
 * does not parse. */
bool export_local_time(const char *iso, struct tm *tm);

#endif
