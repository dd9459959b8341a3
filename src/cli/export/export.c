/* fengong export --format csv|md|html|xlsx [-o FILE] [--unit U] [--status S]
 *     the matrix for meetings, browsers and spreadsheets
 *
 * The command, the table of formats and what the formats (and the report)
 * share.  It reads the plan only.  An export written with -o goes to a
 * temporary file next to FILE that is renamed over it once complete, so a
 * failed export never leaves a half-written FILE behind.
 */
#include <stdarg.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "export.h"
#include "fengong/cycle.h"
#include "fengong/fileio.h"

/* ================================================================ shared */

const char *const role_glyph[FG_ROLE_COUNT] = {"●", "○"};

/* 红黄绿 is the core's (fg_assignment_light, fg_measure_light, fg_unit_light). */
const char *const light_zh[FG_LIGHT_COUNT] = {"", "绿", "黄", "红"};

/* ---------------------------------------------------------------- scorecard */

/* Per-unit counts over every assignment; units outside `set` stay zero. */
struct fg_unit_counts *score_compute(const struct fg_plan *p, const bool *set, const char *today)
{
	return fg_plan_unit_counts(p, set, today);
}

/* ---------------------------------------------------------------- reminders */

struct reminder *reminders_collect(const struct fg_plan *p, const bool *set, const char *today, size_t *n)
{
	size_t total = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		total += p->measures[i].nasg;
	struct reminder *r = xcalloc(total + 1, sizeof *r);
	*n = 0;
	for (size_t u = 0; u < p->nunits; u++) {
		if (set && !set[u])
			continue;
		for (size_t i = 0; i < p->nmeasures; i++) {
			const struct fg_measure *m = &p->measures[i];
			const struct fg_assignment *a = fg_measure_assignment(m, u);
			if (a && fg_assignment_light(m, a, today) == FG_LIGHT_RED)
				r[(*n)++] = (struct reminder){u, m, a, fg_assignment_overdue(m, a, today)};
		}
	}
	return r;
}

/* "overdue", "blocked", "delayed", or "overdue, blocked" ... */
void reminder_reason(const struct reminder *r, char *buf, size_t len)
{
	bool red = fg_statuses[r->a->status].light == FG_LIGHT_RED; /* red by itself: delayed, blocked */
	snprintf(buf, len, "%s%s%s", r->overdue ? "overdue" : "", r->overdue && red ? ", " : "",
		 red ? fg_statuses[r->a->status].key : "");
}

/* ---------------------------------------------------------------- language */

const char *export_pgettext(const char *ctx_and_id, const char *id)
{
	const char *t = gettext(ctx_and_id);
	return t == ctx_and_id ? id : t;
}

void export_fprintf(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

int export_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

const char *export_status(enum fg_status s)
{
	return gettext(fg_statuses[s].en);
}

const char *export_role(enum fg_role r)
{
	return r == FG_ROLE_LEAD ? C_("export", "lead") : C_("export", "co-unit");
}

const char *export_light(enum fg_light l)
{
	switch (l) {
	case FG_LIGHT_GREEN: return C_("export", "green");
	case FG_LIGHT_YELLOW: return C_("export", "yellow");
	case FG_LIGHT_RED: return C_("export", "red");
	default: return "";
	}
}

void reminder_reason_text(const struct reminder *r, char *buf, size_t len)
{
	bool red = fg_statuses[r->a->status].light == FG_LIGHT_RED;
	if (r->overdue && red)
		export_snprintf(buf, len, C_("export", "%s, %s"), C_("export", "overdue"), export_status(r->a->status));
	else
		snprintf(buf, len, "%s", r->overdue ? C_("export", "overdue") : red ? export_status(r->a->status) : "");
}

void export_subtitle(const struct fg_plan *p, const char *today, char *buf, size_t len)
{
	char asof[64];
	export_as_of(today, asof, sizeof asof);
	if (p->number && *p->number)
		export_snprintf(buf, len, C_("export", "%s    %s"), p->number, asof);
	else
		snprintf(buf, len, "%s", asof);
}

const char *export_title(const struct fg_plan *p)
{
	return p->title && *p->title ? p->title : C_("export", "Task assignments");
}

void export_as_of(const char *today, char *buf, size_t len)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(today, "%d-%d-%d", &y, &m, &d) == 3)
		export_snprintf(buf, len, C_("export", "As of %d-%02d-%02d"), y, m, d);
	else
		snprintf(buf, len, "%s", today);
}

bool export_local_time(const char *iso, struct tm *tm)
{
	int y, mo, d, h, mi, se, n = 0;
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || n != 19)
		return false;
	const char *z = iso + n;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	long off = 0;
	if (*z == 'Z' && !z[1]) {
		off = 0;
	} else if ((*z == '+' || *z == '-') && strlen(z) == 6 && z[3] == ':') {
		int oh, om;
		if (sscanf(z + 1, "%2d:%2d", &oh, &om) != 2)
			return false;
		off = (oh * 60L + om) * 60L * (*z == '-' ? -1 : 1);
	} else {
		return false;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1900 || y > 9999)
		return false;
	struct tm u = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = se};
	time_t t = timegm(&u);
	if (t == (time_t)-1)
		return false;
	t -= off;
	return localtime_r(&t, tm) != NULL;
}

/* ---------------------------------------------------------------- the 台账 */

const char *ledger_head(int col)
{
	switch (col) {
	case LEDGER_NO: return C_("export", "No.");
	case LEDGER_TASK: return C_("export", "Task");
	case LEDGER_LEAD: return C_("export", "Lead unit");
	case LEDGER_CO: return C_("export", "Co-units");
	case LEDGER_DUE: return C_("export", "Deadline");
	case LEDGER_STATUS: return C_("export", "Status");
	case LEDGER_NOTE: return C_("export", "Progress");
	case LEDGER_UPDATED: return C_("export", "Updated");
	default: return "";
	}
}

void ledger_fill(struct ledger_row *r, const struct fg_measure *m, const struct fg_assignment *a, const char *today)
{
	memset(r, 0, sizeof *r);
	snprintf(r->no, sizeof r->no, "%d", m->number);
	snprintf(r->task, sizeof r->task, "%s%s", m->label, m->title);
	r->v[LEDGER_NO] = r->no;
	r->v[LEDGER_TASK] = r->task;
	r->v[LEDGER_DUE] = a ? fg_asg_due(NULL, m, a) : m->due; /* an approved extension moves it */
	enum fg_status st = a ? a->status : fg_measure_rollup(m);
	bool overdue = a ? fg_assignment_overdue(m, a, today) : fg_measure_overdue(m, today);
	r->light = a ? fg_assignment_light(m, a, today) : fg_measure_light(m, today);
	if (overdue)
		export_snprintf(r->status, sizeof r->status, C_("export", "%s (overdue)"), export_status(st));
	else
		snprintf(r->status, sizeof r->status, "%s", export_status(st));
	r->v[LEDGER_STATUS] = r->status;
	r->v[LEDGER_LEAD] = a && a->role == FG_ROLE_LEAD ? a->unit : "";
	r->v[LEDGER_CO] = a && a->role == FG_ROLE_CO ? a->unit : "";
	r->v[LEDGER_NOTE] = a ? a->note : m->unassigned;
	struct tm tm;
	if (a && export_local_time(a->updated, &tm))
		strftime(r->updated, sizeof r->updated, "%Y-%m-%d %H:%M", &tm);
	else
		snprintf(r->updated, sizeof r->updated, "%s", a ? a->updated : "");
	r->v[LEDGER_UPDATED] = r->updated;
}

const char *reminder_head(int col)
{
	switch (col) {
	case REM_UNIT: return C_("export", "Unit");
	case REM_NO: return C_("export", "No.");
	case REM_TASK: return C_("export", "Task");
	case REM_ROLE: return C_("export", "Role");
	case REM_STATUS: return C_("export", "Status");
	case REM_DUE: return C_("export", "Deadline");
	case REM_REASON: return C_("export", "Reason");
	case REM_NOTE: return C_("export", "Progress");
	default: return "";
	}
}

void reminder_fill(struct reminder_row *r, const struct fg_plan *p, const struct reminder *rm)
{
	memset(r, 0, sizeof *r);
	snprintf(r->no, sizeof r->no, "%d", rm->m->number);
	snprintf(r->task, sizeof r->task, "%s%s", rm->m->label, rm->m->title);
	reminder_reason_text(rm, r->reason, sizeof r->reason);
	r->v[REM_UNIT] = p->units[rm->unit].name;
	r->v[REM_NO] = r->no;
	r->v[REM_TASK] = r->task;
	r->v[REM_ROLE] = export_role(rm->a->role);
	r->v[REM_STATUS] = export_status(rm->a->status);
	r->v[REM_DUE] = fg_asg_due(NULL, rm->m, rm->a);
	r->v[REM_REASON] = r->reason;
	r->v[REM_NOTE] = rm->a->note;
}

const char *score_head(int col)
{
	if (col == 0)
		return C_("export", "Unit");
	if (col == 1)
		return C_("export", "Lead");
	if (col == 2)
		return C_("export", "Co");
	if (col < 3 + FG_STATUS_COUNT)
		return export_status((enum fg_status)(col - 3));
	if (col == 3 + FG_STATUS_COUNT)
		return C_("export", "Overdue");
	return C_("export", "Light");
}

/* ---------------------------------------------------------------- destination */

/* Through the core's file API (include/fengong/fileio.h): a temporary
 * beside the target, synced and renamed over it, or removed. */
bool dest_open(struct dest *d, const char *path)
{
	memset(d, 0, sizeof *d);
	d->path = path;
	if (!path) {
		d->fp = stdout;
		return true;
	}
	struct fg_diag diag;
	fg_diag_init(&diag, path);
	bool ok = fg_wfile_open(&d->w, path, 0, &diag);
	if (ok)
		d->fp = fg_wfile_stream(&d->w);
	else
		cli_print_diag(&diag);
	fg_diag_free(&diag);
	return ok;
}

const char *dest_tmp_path(const struct dest *d)
{
	return fg_wfile_tmp_path(&d->w);
}

void dest_abort(struct dest *d)
{
	if (d->path)
		fg_wfile_discard(&d->w);
	d->fp = NULL;
}

bool dest_commit(struct dest *d)
{
	if (!d->path) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error(_("could not write the export to standard output: %s"), strerror(errno));
			return false;
		}
		return true;
	}
	struct fg_diag diag;
	fg_diag_init(&diag, d->path);
	bool ok = fg_wfile_commit(&d->w, &diag);
	if (!ok)
		cli_print_diag(&diag);
	fg_diag_free(&diag);
	d->fp = NULL;
	return ok;
}

/* ---------------------------------------------------------------- matrix groups */

/* The matrix by section: each group holds its measures (those the filter
 * matches) and its unit columns (registry order, units with a shown cell). */

struct group *groups_build(const struct fg_plan *p, const struct fg_filter *f, size_t *ngroups)
{
	struct group *g = xcalloc(p->nsections + 1, sizeof *g);
	size_t n = 0;
	bool *used = xcalloc(p->nunits + 1, sizeof *used);
	for (size_t s = 0; s <= p->nsections; s++) {
		size_t sidx = s < p->nsections ? s : SIZE_MAX;
		struct group *gr = &g[n];
		gr->m = xcalloc(p->nmeasures + 1, sizeof *gr->m);
		memset(used, 0, (p->nunits + 1) * sizeof *used);
		for (size_t i = 0; i < p->nmeasures; i++) {
			const struct fg_measure *m = &p->measures[i];
			if (m->section_index != sidx || !fg_filter_match_measure(f, m))
				continue;
			gr->m[gr->nm++] = m;
			for (size_t k = 0; k < m->nasg; k++)
				if (m->asg[k].unit_index < p->nunits && fg_filter_match_assignment(f, m, &m->asg[k]))
					used[m->asg[k].unit_index] = true;
		}
		if (!gr->nm) {
			free(gr->m);
			gr->m = NULL;
			continue;
		}
		gr->id = s < p->nsections ? p->sections[s].id : "";
		gr->title = s < p->nsections ? p->sections[s].title : "其他";
		gr->cols = xcalloc(p->nunits + 1, sizeof *gr->cols);
		for (size_t u = 0; u < p->nunits; u++)
			if (used[u])
				gr->cols[gr->ncols++] = u;
		n++;
	}
	free(used);
	*ngroups = n;
	return g;
}

void groups_free(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].m);
		free(g[i].cols);
	}
	free(g);
}

/* The shown assignment of unit u in m, or NULL. */
const struct fg_assignment *cell_of(const struct fg_measure *m, size_t u, const struct fg_filter *f)
{
	const struct fg_assignment *a = fg_measure_assignment(m, u);
	return a && fg_filter_match_assignment(f, m, a) ? a : NULL;
}

/* ---------------------------------------------------------------- command */

/* The export formats: one row each.  A new format is a row here and its
 * writer; --format, -o's extensions and the error messages follow. */
static const struct export_format *const export_formats[] = {
	&export_format_csv,
	&export_format_md,
	&export_format_html,
	&export_format_xlsx,
};
enum { NFORMATS = sizeof export_formats / sizeof export_formats[0] };


/* "csv, md, html, xlsx" (last_sep ", ") or "csv, md, html or xlsx" (" or "). */
static void format_names(char *buf, size_t len, const char *last_sep)
{
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; i < NFORMATS && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i == 0 ? "" : i + 1 == NFORMATS ? last_sep : ", ",
				      export_formats[i]->name);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* True when path names the same file as the plan. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cmd_export(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'F'}, {"output", required_argument, NULL, 'o'},
		{"unit", required_argument, NULL, 'u'},   {"status", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *path = NULL;
	const struct export_format *fmt = NULL;
	char names[128];
	struct fg_filter f;
	fg_filter_init(&f);
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		enum fg_status st;
		switch (c) {
		case 'F':
			fmt = NULL;
			for (size_t i = 0; i < NFORMATS && !fmt; i++)
				if (strcmp(optarg, export_formats[i]->name) == 0 ||
				    (export_formats[i]->alias && strcmp(optarg, export_formats[i]->alias) == 0))
					fmt = export_formats[i];
			if (!fmt) {
				format_names(names, sizeof names, ", ");
				cli_error(_("unknown export format '%s'; use one of %s"), optarg, names);
				return FG_EXIT_USAGE;
			}
			break;
		case 'o': path = optarg; break;
		case 'u': unit = optarg; break;
		case 's':
			if (!fg_status_input(optarg, &st)) {
				cli_error(_("unknown status '%s'; use one of %s"), optarg, fg_status_input_list());
				return FG_EXIT_USAGE;
			}
			f.status_mask |= 1u << st;
			break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(_("export takes no operands ('%s'); name the output with -o FILE"), argv[optind]);
		return FG_EXIT_USAGE;
	}
	if (path && !*path) {
		cli_error("%s", _("-o needs a file name"));
		return FG_EXIT_USAGE;
	}
	const struct export_format *by_name = NULL; /* -o out.xlsx says enough */
	for (size_t i = 0; !by_name && path && i < NFORMATS; i++)
		for (size_t k = 0; !by_name && k < 3 && export_formats[i]->exts[k]; k++)
			if (ends_with(path, export_formats[i]->exts[k]))
				by_name = export_formats[i];
	if (fmt && by_name && fmt != by_name) { /* --format md -o x.csv says two things */
		cli_error(_("%s ends in %s, a %s file, but --format is %s; name the file %s, or leave --format out"), path,
			  strrchr(path, '.'), by_name->name, fmt->name, fmt->exts[0]);
		return FG_EXIT_USAGE;
	}
	if (!fmt)
		fmt = by_name;
	if (!fmt) {
		format_names(names, sizeof names, _(" or "));
		cli_error(_("export needs --format %s, e.g. `fengong export --format xlsx -o 分工表.xlsx`"), names);
		return FG_EXIT_USAGE;
	}
	if (fmt->binary && !path) {
		cli_error(_("an %s export is a binary file and is not written to standard output; "
			    "name it with -o FILE%s"),
			  fmt->name, fmt->exts[0]);
		return FG_EXIT_USAGE;
	}
	if (path && same_file(path, g->file)) {
		cli_error(_("%s is the plan file itself; choose another -o FILE so the plan is not overwritten"), path);
		return FG_EXIT_USAGE;
	}
	char today[16];
	if (!cli_today(today))
		return FG_EXIT_USAGE;
	bool *set = NULL;
	int load_rc;
	struct fg_plan *p = cli_load_for_unit(g, unit, &set, &load_rc);
	if (!p)
		return load_rc;
	f.units = set;
	const struct export_job job = {p, &f, set, today};
	struct dest d;
	bool ok = dest_open(&d, path);
	if (ok) {
		ok = fmt->binary ? fmt->write_file(&job, dest_tmp_path(&d), path) : fmt->write(&job, d.fp);
		if (ok)
			ok = dest_commit(&d);
		else
			dest_abort(&d);
	}
	free(set);
	fg_plan_free(p);
	return ok ? FG_EXIT_OK : FG_EXIT_DATA;
}
