/* Reports and exports.
 *
 *   fengong report [--unit U] [--format table|tsv|json]
 *       the per-unit scorecard and the reminder list (催办) of red work
 *   fengong export --format csv|md|html|xlsx [-o FILE] [--unit U] [--status S]
 *       the matrix for meetings, browsers and spreadsheets
 *
 * Both read the plan only.  An export written with -o goes to a temporary
 * file next to FILE that is renamed over it once complete, so a failed
 * export never leaves a half-written FILE behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cli.h"
#include "output.h"
#include "fengong/cycle.h"
#include "fengong/text.h"

/* ================================================================ shared */

static const char *const role_zh[FG_ROLE_COUNT] = {"牵头", "配合"};
static const char *const role_glyph[FG_ROLE_COUNT] = {"●", "○"};

/* 红黄绿 is the core's (fg_assignment_light, fg_measure_light, fg_unit_light). */
static const char *const light_zh[FG_LIGHT_COUNT] = {"", "绿", "黄", "红"};

#define xcalloc app_xcalloc

/* ---------------------------------------------------------------- scorecard */

/* Per-unit counts over every assignment; units outside `set` stay zero. */
static struct fg_unit_counts *score_compute(const struct fg_plan *p, const bool *set, const char *today)
{
	return fg_plan_unit_counts(p, set, today);
}

/* ---------------------------------------------------------------- reminders */

/* The reminder list: every red assignment, grouped by unit in registry
 * order, then by measure. */
struct reminder {
	size_t unit;
	const struct fg_measure *m;
	const struct fg_assignment *a;
	bool overdue;
};

static struct reminder *reminders_collect(const struct fg_plan *p, const bool *set, const char *today, size_t *n)
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
static void reminder_reason(const struct reminder *r, char *buf, size_t len)
{
	bool red = fg_statuses[r->a->status].light == FG_LIGHT_RED; /* red by itself: delayed, blocked */
	snprintf(buf, len, "%s%s%s", r->overdue ? "overdue" : "", r->overdue && red ? ", " : "",
		 red ? fg_statuses[r->a->status].key : "");
}

static void reminder_reason_zh(const struct reminder *r, char *buf, size_t len)
{
	bool red = fg_statuses[r->a->status].light == FG_LIGHT_RED;
	snprintf(buf, len, "%s%s%s", r->overdue ? "逾期" : "", r->overdue && red ? "、" : "",
		 red ? fg_statuses[r->a->status].zh : "");
}

/* ================================================================ report */

static void report_json(const struct fg_plan *p, const bool *set, const struct fg_unit_counts *sc, const struct reminder *r,
			size_t nr, const char *today)
{
	FILE *out = stdout;
	fputs("{\"plan\": ", out);
	out_json_string(out, p->number ? p->number : "");
	fputs(", \"today\": ", out);
	out_json_string(out, today);
	fputs(",\n \"scorecard\": [", out);
	bool first = true;
	for (size_t u = 0; u < p->nunits; u++) {
		if (set && !set[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		fputs(first ? "\n  {\"unit\": " : ",\n  {\"unit\": ", out);
		first = false;
		out_json_string(out, p->units[u].name);
		fprintf(out, ", \"lead\": %zu, \"co\": %zu", s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]);
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			fprintf(out, ", \"%s\": %zu", fg_status_name((enum fg_status)st), s->status[st]);
		fprintf(out, ", \"overdue\": %zu, \"light\": \"%s\"}", s->overdue, fg_light_name(fg_unit_light(s)));
	}
	fputs(first ? "],\n \"reminders\": [" : "\n ],\n \"reminders\": [", out);
	for (size_t i = 0; i < nr; i++) {
		char reason[64];
		reminder_reason(&r[i], reason, sizeof reason);
		fputs(i ? ",\n  {\"unit\": " : "\n  {\"unit\": ", out);
		out_json_string(out, p->units[r[i].unit].name);
		fprintf(out, ", \"measure\": %d, \"label\": ", r[i].m->number);
		out_json_string(out, r[i].m->label);
		fputs(", \"title\": ", out);
		out_json_string(out, r[i].m->title);
		fprintf(out, ", \"role\": \"%s\", \"status\": \"%s\", \"due\": ", fg_role_name(r[i].a->role),
			fg_status_name(r[i].a->status));
		out_json_string(out, fg_asg_due(NULL, r[i].m, r[i].a));
		fputs(", \"reason\": ", out);
		out_json_string(out, reason);
		fputs(", \"light\": \"red\", \"note\": ", out);
		out_json_string(out, r[i].a->note);
		fputs("}", out);
	}
	fputs(nr ? "\n ]}\n" : "]}\n", out);
}

int cmd_report(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'},
		{"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *unit = NULL;
	enum out_format fmt = OUT_TABLE;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': unit = optarg; break;
		case 'F':
			if (!out_parse_format(optarg, 1u << OUT_TABLE | 1u << OUT_TSV | 1u << OUT_JSON, &fmt))
				return FG_EXIT_USAGE;
			break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("report takes no operands ('%s'); choose units with --unit U", argv[optind]);
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
	struct fg_unit_counts *sc = score_compute(p, set, today);
	size_t nr;
	struct reminder *r = reminders_collect(p, set, today, &nr);

	if (fmt == OUT_JSON) {
		report_json(p, set, sc, r, nr, today);
	} else {
		bool table = fmt == OUT_TABLE;
		enum { NCOL = 3 + FG_STATUS_COUNT + 2 };
		const char *shead[NCOL] = {"unit", "lead", "co"};
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			shead[3 + st] = fg_statuses[st].key;
		shead[NCOL - 2] = "overdue";
		shead[NCOL - 1] = "light";
		struct out_table t;
		out_table_init(&t, NCOL, shead);
		for (size_t u = 0; u < p->nunits; u++) {
			if (set && !set[u])
				continue;
			const struct fg_unit_counts *s = &sc[u];
			char num[NCOL][24], light[32];
			size_t v[NCOL] = {s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]};
			for (int st = 0; st < FG_STATUS_COUNT; st++)
				v[2 + st] = s->status[st];
			v[2 + FG_STATUS_COUNT] = s->overdue;
			const char *row[NCOL] = {p->units[u].name};
			for (int k = 0; k < NCOL - 2; k++) {
				snprintf(num[k], sizeof num[k], "%zu", v[k]);
				row[k + 1] = num[k];
			}
			enum fg_light l = fg_unit_light(s);
			if (table)
				snprintf(light, sizeof light, "%s%s%s", light_zh[l], *light_zh[l] ? " " : "",
					 l == FG_LIGHT_NONE ? "-" : fg_light_name(l));
			else
				snprintf(light, sizeof light, "%s", l == FG_LIGHT_NONE ? "" : fg_light_name(l));
			row[NCOL - 1] = light;
			out_table_add(&t, row);
		}
		char shown[512];
		if (table)
			printf("Scorecard of %s as of %s (overdue: past the measure's due date and not done)\n",
			       fg_text_show(p->number && *p->number ? p->number : g->file, shown, sizeof shown), today);
		out_table_print(&t, fmt, stdout);
		out_table_free(&t);

		static const char *rhead[] = {"unit", "measure", "label", "title", "role",
					      "status", "due", "reason", "light", "note"};
		out_table_init(&t, 10, rhead);
		t.max_width[3] = 24;
		t.max_width[9] = OUT_FIT_TERMINAL; /* the note */
		for (size_t i = 0; i < nr; i++) {
			char num[16], reason[64];
			snprintf(num, sizeof num, "%d", r[i].m->number);
			reminder_reason(&r[i], reason, sizeof reason);
			const char *row[] = {p->units[r[i].unit].name, num, r[i].m->label, r[i].m->title,
					     fg_role_name(r[i].a->role), fg_status_name(r[i].a->status), fg_asg_due(NULL, r[i].m, r[i].a),
					     reason, table ? "红 red" : "red", r[i].a->note};
			out_table_add(&t, row);
		}
		putchar('\n');
		if (table && nr == 0)
			printf("Reminders (催办) as of %s: none; nothing is overdue, delayed or blocked.\n", today);
		else {
			if (table)
				printf("Reminders (催办) as of %s: %zu assignment%s overdue, delayed or blocked\n", today, nr,
				       nr == 1 ? "" : "s");
			out_table_print(&t, fmt, stdout);
		}
		out_table_free(&t);
	}
	free(r);
	free(sc);
	free(set);
	fg_plan_free(p);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("could not write the report to standard output: %s", strerror(errno));
		return FG_EXIT_DATA;
	}
	return FG_EXIT_OK;
}

/* ================================================================ export */

/* ---------------------------------------------------------------- destination */

/* Where an export goes: standard output, or a temporary file beside the
 * target that dest_commit renames over it. */
struct dest {
	const char *path; /* NULL: stdout */
	char *tmp;
	FILE *fp;
};

/* The mode for a new export: an existing target's, else 0666 less the umask. */
static mode_t file_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mode_t m = umask(0);
	umask(m);
	return 0666 & ~m;
}

/* Reserve a temporary name beside path; returns its fd or -1 (message printed). */
static int tmp_create(const char *path, char **tmp)
{
	size_t len = strlen(path) + 16;
	*tmp = malloc(len);
	if (!*tmp)
		abort();
	snprintf(*tmp, len, "%s.XXXXXX", path);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		cli_error("%s: cannot create a file there (%s); choose another -o FILE", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	/* a failure keeps mkstemp's 0600: stricter, not wrong */
	(void)!fchmod(fd, file_mode(path));
	return fd;
}

static bool dest_open(struct dest *d, const char *path)
{
	memset(d, 0, sizeof *d);
	d->path = path;
	if (!path) {
		d->fp = stdout;
		return true;
	}
	int fd = tmp_create(path, &d->tmp);
	if (fd < 0)
		return false;
	d->fp = fdopen(fd, "wb");
	if (!d->fp) {
		cli_error("%s: cannot write (%s)", path, strerror(errno));
		close(fd);
		unlink(d->tmp);
		free(d->tmp);
		return false;
	}
	return true;
}

static void dest_abort(struct dest *d)
{
	if (d->path) {
		if (d->fp)
			fclose(d->fp);
		unlink(d->tmp);
		free(d->tmp);
	}
	d->fp = NULL;
}

/* Finish the export: flush, sync and rename into place.  On failure the
 * target is left as it was and the temporary file removed. */
static bool dest_commit(struct dest *d)
{
	if (!d->path) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error("could not write the export to standard output: %s", strerror(errno));
			return false;
		}
		return true;
	}
	bool ok = fflush(d->fp) == 0 && !ferror(d->fp) && fsync(fileno(d->fp)) == 0;
	int err = errno;
	if (fclose(d->fp) != 0 && ok) {
		err = errno;
		ok = false;
	}
	d->fp = NULL;
	if (ok && rename(d->tmp, d->path) != 0) {
		err = errno;
		ok = false;
	}
	if (!ok) {
		cli_error("%s: could not write the export (%s); the file was left as it was", d->path, strerror(err));
		unlink(d->tmp);
	}
	free(d->tmp);
	d->tmp = NULL;
	return ok;
}

/* ---------------------------------------------------------------- matrix groups */

/* The matrix by section: each group holds its measures (those the filter
 * matches) and its unit columns (registry order, units with a shown cell). */
struct group {
	const char *id, *title; /* id "" for measures without a section */
	const struct fg_measure **m;
	size_t nm;
	size_t *cols;
	size_t ncols;
};

static struct group *groups_build(const struct fg_plan *p, const struct fg_filter *f, size_t *ngroups)
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

static void groups_free(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(g[i].m);
		free(g[i].cols);
	}
	free(g);
}

/* The shown assignment of unit u in m, or NULL. */
static const struct fg_assignment *cell_of(const struct fg_measure *m, size_t u, const struct fg_filter *f)
{
	const struct fg_assignment *a = fg_measure_assignment(m, u);
	return a && fg_filter_match_assignment(f, m, a) ? a : NULL;
}

/* ---------------------------------------------------------------- csv */

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

/* ---------------------------------------------------------------- markdown */

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

/* ---------------------------------------------------------------- html */

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

/* ---------------------------------------------------------------- xlsx */

/* Excel refuses strings longer than 32767 characters: cut at a character. */
static const char *xl_str(const char *s, char **buf)
{
	size_t chars = 0, i = 0, len = strlen(s);
	while (i < len && chars < 32000) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		chars++;
	}
	if (i >= len)
		return s;
	*buf = malloc(i + 4);
	if (!*buf)
		app_oom();
	memcpy(*buf, s, i);
	memcpy(*buf + i, "\xE2\x80\xA6", 4); /* … */
	return *buf;
}

struct xl {
	lxw_workbook *wb;
	lxw_format *head, *text, *center, *section, *num, *light[FG_LIGHT_COUNT];
	lxw_error err;
	double width[16];
};

static void xl_fit(struct xl *x, int col, const char *s)
{
	double w = fg_text_width(s) + 2;
	if (w > x->width[col])
		x->width[col] = w;
}

static void xl_write(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
	char *buf = NULL;
	lxw_error e = *s ? worksheet_write_string(ws, r, c, xl_str(s, &buf), fmt) : worksheet_write_blank(ws, r, c, fmt);
	if (e && !x->err)
		x->err = e;
	free(buf);
	xl_fit(x, c, s);
}

static void xl_merge(struct xl *x, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t c0, lxw_col_t c1,
		     const char *s, lxw_format *fmt)
{
	char *buf = NULL;
	lxw_error e = r0 == r1 && c0 == c1 ? worksheet_write_string(ws, r0, c0, xl_str(s, &buf), fmt)
					   : worksheet_merge_range(ws, r0, c0, r1, c1, xl_str(s, &buf), fmt);
	if (e && !x->err)
		x->err = e;
	free(buf);
}

static lxw_format *xl_format(lxw_workbook *wb, bool bold, uint8_t align, lxw_color_t bg, lxw_color_t ink)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0xA0A0A0);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	if (align)
		format_set_align(f, align);
	if (bold)
		format_set_bold(f);
	if (bg)
		format_set_bg_color(f, bg);
	if (ink)
		format_set_font_color(f, ink);
	return f;
}

static void xl_columns(struct xl *x, lxw_worksheet *ws, int ncols, const double *cap)
{
	for (int c = 0; c < ncols; c++) {
		double w = x->width[c];
		if (cap[c] && w > cap[c])
			w = cap[c];
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 6 ? 6 : w, NULL);
	}
	memset(x->width, 0, sizeof x->width);
}

/* Sheet 任务分工表: one row per shown assignment (leads first), a measure's
 * 序号 and 任务 merged across its rows, a merged row per section. */
static void xl_matrix(struct xl *x, const struct fg_plan *p, const struct fg_filter *f, const char *today)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "任务分工表");
	static const char *head[] = {"序号", "任务", "牵头单位", "配合单位", "状态", "进展", "更新时间"};
	enum { NCOLS = 7 };
	for (int c = 0; c < NCOLS; c++)
		xl_write(x, ws, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_set_row(ws, 0, 22, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);

	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	lxw_row_t r = 1;
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		char title[1024];
		snprintf(title, sizeof title, "%s%s%s", gr->id, *gr->id ? "、" : "", gr->title);
		xl_merge(x, ws, r, r, 0, NCOLS - 1, title, x->section);
		r++;
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
			size_t n = 0;
			cli_measure_rows(m, f, rows, &n);
			lxw_row_t last = r + (lxw_row_t)(n ? n - 1 : 0);

			char task[2048];
			snprintf(task, sizeof task, "%s%s%s%s%s", m->label, m->title, *m->due ? "（期限 " : "", m->due,
				 *m->due ? "）" : "");
			if (last > r) {
				worksheet_merge_range(ws, r, 0, last, 0, "", x->center);
				worksheet_write_number(ws, r, 0, m->number, x->center);
			} else {
				worksheet_write_number(ws, r, 0, m->number, x->center);
			}
			char *parts = out_parts_text(m), *full = NULL; /* sub-tasks below the title */
			if (parts && asprintf(&full, "%s\n%s", task, parts) < 0)
				app_oom();
			xl_merge(x, ws, r, last, 1, 1, full ? full : task, x->text);
			xl_fit(x, 1, task);
			free(full);
			free(parts);
			if (!n) {
				enum fg_light l = fg_measure_light(m, today);
				xl_write(x, ws, r, 2, "", x->text);
				xl_write(x, ws, r, 3, "", x->text);
				xl_write(x, ws, r, 4, fg_statuses[fg_measure_rollup(m)].zh, x->light[l]);
				xl_write(x, ws, r, 5, m->unassigned, x->text);
				xl_write(x, ws, r, 6, "", x->text);
			}
			for (size_t k = 0; k < n; k++) {
				const struct fg_assignment *a = rows[k].a;
				lxw_row_t rr = r + (lxw_row_t)k;
				char st[64];
				snprintf(st, sizeof st, "%s%s", fg_statuses[a->status].zh, fg_assignment_overdue(m, a, today) ? "（逾期）" : "");
				xl_write(x, ws, rr, 2, a->role == FG_ROLE_LEAD ? a->unit : "", x->text);
				xl_write(x, ws, rr, 3, a->role == FG_ROLE_CO ? a->unit : "", x->text);
				xl_write(x, ws, rr, 4, st, x->light[fg_assignment_light(m, a, today)]);
				xl_write(x, ws, rr, 5, a->note, x->text);
				xl_write(x, ws, rr, 6, a->updated, x->text);
			}
			free(rows);
			r = last + 1;
		}
	}
	groups_free(g, ng);
	x->width[0] = 6;
	static const double cap[NCOLS] = {6, 44, 26, 26, 16, 50, 27};
	xl_columns(x, ws, NCOLS, cap);
}

/* Sheet 各单位情况: the scorecard. */
static void xl_score(struct xl *x, const struct fg_plan *p, const bool *uset, const char *today)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "各单位情况");
	enum { NCOLS = 3 + FG_STATUS_COUNT + 2 };
	const char *head[NCOLS] = {"单位", "牵头", "配合"};
	for (int st = 0; st < FG_STATUS_COUNT; st++)
		head[3 + st] = fg_statuses[st].zh;
	head[NCOLS - 2] = "逾期";
	head[NCOLS - 1] = "红黄绿";
	for (int c = 0; c < NCOLS; c++)
		xl_write(x, ws, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_freeze_panes(ws, 1, 1);
	struct fg_unit_counts *sc = score_compute(p, uset, today);
	lxw_row_t r = 1;
	for (size_t u = 0; u < p->nunits; u++) {
		if (uset && !uset[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		xl_write(x, ws, r, 0, p->units[u].name, x->text);
		size_t v[NCOLS - 2] = {s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]};
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			v[2 + st] = s->status[st];
		v[2 + FG_STATUS_COUNT] = s->overdue;
		for (int k = 0; k < NCOLS - 2; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(k + 1), (double)v[k], x->num);
		enum fg_light l = fg_unit_light(s);
		xl_write(x, ws, r, NCOLS - 1, light_zh[l], x->light[l]);
		r++;
	}
	free(sc);
	static const double cap[NCOLS] = {30};
	xl_columns(x, ws, NCOLS, cap);
}

/* Sheet 催办清单: the reminder list. */
static void xl_reminders(struct xl *x, const struct fg_plan *p, const bool *uset, const char *today)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "催办清单");
	static const char *head[] = {"单位", "序号", "任务", "职责", "状态", "期限", "原因", "进展"};
	enum { NCOLS = 8 };
	for (int c = 0; c < NCOLS; c++)
		xl_write(x, ws, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_freeze_panes(ws, 1, 0);
	size_t nr;
	struct reminder *rm = reminders_collect(p, uset, today, &nr);
	for (size_t i = 0; i < nr; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		char task[1024], reason[64];
		snprintf(task, sizeof task, "%s%s", rm[i].m->label, rm[i].m->title);
		reminder_reason_zh(&rm[i], reason, sizeof reason);
		xl_write(x, ws, r, 0, p->units[rm[i].unit].name, x->text);
		worksheet_write_number(ws, r, 1, rm[i].m->number, x->center);
		xl_write(x, ws, r, 2, task, x->text);
		xl_write(x, ws, r, 3, role_zh[rm[i].a->role], x->text);
		xl_write(x, ws, r, 4, fg_statuses[rm[i].a->status].zh, x->light[FG_LIGHT_RED]);
		xl_write(x, ws, r, 5, fg_asg_due(NULL, rm[i].m, rm[i].a), x->text);
		xl_write(x, ws, r, 6, reason, x->text);
		xl_write(x, ws, r, 7, rm[i].a->note, x->text);
	}
	free(rm);
	x->width[1] = 6;
	static const double cap[NCOLS] = {26, 6, 44, 0, 0, 0, 0, 50};
	xl_columns(x, ws, NCOLS, cap);
}

static bool export_xlsx(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
			const char *path)
{
	char *tmp;
	int fd = tmp_create(path, &tmp);
	if (fd < 0)
		return false;
	close(fd);
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	struct xl x = {.wb = workbook_new_opt(tmp, &wo)};
	if (!x.wb) {
		cli_error("%s: cannot start the spreadsheet; nothing was written", path);
		unlink(tmp);
		free(tmp);
		return false;
	}
	lxw_doc_properties props = {
		.title = (char *)(p->title ? p->title : ""),
		.subject = (char *)(p->number ? p->number : ""),
		.company = (char *)(p->issuer ? p->issuer : ""),
		.comments = "fengong export",
		.created = 0,
	};
	workbook_set_properties(x.wb, &props);
	x.head = xl_format(x.wb, true, LXW_ALIGN_CENTER, 0xD9D9D9, 0);
	x.text = xl_format(x.wb, false, 0, 0, 0);
	x.center = xl_format(x.wb, false, LXW_ALIGN_CENTER, 0, 0);
	x.section = xl_format(x.wb, true, 0, 0xEDEDED, 0);
	x.num = xl_format(x.wb, false, LXW_ALIGN_RIGHT, 0, 0);
	static const lxw_color_t bg[FG_LIGHT_COUNT] = {0, 0xC6EFCE, 0xFFEB9C, 0xFFC7CE};
	static const lxw_color_t ink[FG_LIGHT_COUNT] = {0, 0x006100, 0x6B4A00, 0x9C0006};
	for (int l = 0; l < FG_LIGHT_COUNT; l++) {
		x.light[l] = xl_format(x.wb, false, LXW_ALIGN_CENTER, bg[l], ink[l]);
	}
	xl_matrix(&x, p, f, today);
	xl_score(&x, p, uset, today);
	xl_reminders(&x, p, uset, today);
	lxw_error e = workbook_close(x.wb);
	if (!e)
		e = x.err;
	bool ok = !e;
	if (ok) {
		(void)!chmod(tmp, file_mode(path)); /* a failure keeps mkstemp's 0600 */
		int sfd = open(tmp, O_RDONLY);
		if (sfd >= 0) {
			ok = fsync(sfd) == 0;
			close(sfd);
		}
		if (ok && rename(tmp, path) != 0)
			ok = false;
		if (!ok)
			cli_error("%s: could not write the spreadsheet (%s); the file was left as it was", path,
				  strerror(errno));
	} else {
		cli_error("%s: could not write the spreadsheet (%s); the file was left as it was", path,
			  lxw_strerror(e));
	}
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok;
}

/* ---------------------------------------------------------------- command */

/* What a writer is given. */
struct export_job {
	const struct fg_plan *p;
	const struct fg_filter *f;
	const bool *uset; /* --unit's set, NULL for all */
	const char *today;
};

static bool write_csv(const struct export_job *j, FILE *out) { return export_csv(j->p, j->f, out); }
static bool write_md(const struct export_job *j, FILE *out) { return export_md(j->p, j->f, j->today, out); }
static bool write_html(const struct export_job *j, FILE *out)
{
	return export_html(j->p, j->f, j->uset, j->today, out);
}
static bool write_xlsx(const struct export_job *j, const char *path)
{
	return export_xlsx(j->p, j->f, j->uset, j->today, path);
}

/* The export formats: one row each.  A new format is a row here and its
 * writer; --format, -o's extensions and the error messages follow. */
static const struct export_format {
	const char *name;       /* --format NAME */
	const char *alias;      /* another name --format takes, or NULL */
	const char *exts[3];    /* -o FILE with one of these chooses it (any case) */
	bool binary;            /* a file only, never standard output */
	bool (*write)(const struct export_job *j, FILE *out);      /* text: to out */
	bool (*write_file)(const struct export_job *j, const char *path); /* binary: the file itself */
} export_formats[] = {
	{"csv", NULL, {".csv"}, false, write_csv, NULL},
	{"md", "markdown", {".md", ".markdown"}, false, write_md, NULL},
	{"html", NULL, {".html", ".htm"}, false, write_html, NULL},
	{"xlsx", NULL, {".xlsx"}, true, NULL, write_xlsx},
};
enum { NFORMATS = sizeof export_formats / sizeof export_formats[0] };

/* "csv, md, html, xlsx" (last_sep ", ") or "csv, md, html or xlsx" (" or "). */
static void format_names(char *buf, size_t len, const char *last_sep)
{
	size_t n = 0;
	buf[0] = 0;
	for (size_t i = 0; i < NFORMATS && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i == 0 ? "" : i + 1 == NFORMATS ? last_sep : ", ",
				      export_formats[i].name);
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
				if (strcmp(optarg, export_formats[i].name) == 0 ||
				    (export_formats[i].alias && strcmp(optarg, export_formats[i].alias) == 0))
					fmt = &export_formats[i];
			if (!fmt) {
				format_names(names, sizeof names, ", ");
				cli_error("unknown export format '%s'; use one of %s", optarg, names);
				return FG_EXIT_USAGE;
			}
			break;
		case 'o': path = optarg; break;
		case 'u': unit = optarg; break;
		case 's':
			if (!fg_status_input(optarg, &st)) {
				cli_error("unknown status '%s'; use one of %s", optarg, fg_status_input_list());
				return FG_EXIT_USAGE;
			}
			f.status_mask |= 1u << st;
			break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("export takes no operands ('%s'); name the output with -o FILE", argv[optind]);
		return FG_EXIT_USAGE;
	}
	if (path && !*path) {
		cli_error("-o needs a file name");
		return FG_EXIT_USAGE;
	}
	const struct export_format *by_name = NULL; /* -o out.xlsx says enough */
	for (size_t i = 0; !by_name && path && i < NFORMATS; i++)
		for (size_t k = 0; !by_name && k < 3 && export_formats[i].exts[k]; k++)
			if (ends_with(path, export_formats[i].exts[k]))
				by_name = &export_formats[i];
	if (fmt && by_name && fmt != by_name) { /* --format md -o x.csv says two things */
		cli_error("%s ends in %s, a %s file, but --format is %s; name the file %s, or leave --format out", path,
			  strrchr(path, '.'), by_name->name, fmt->name, fmt->exts[0]);
		return FG_EXIT_USAGE;
	}
	if (!fmt)
		fmt = by_name;
	if (!fmt) {
		format_names(names, sizeof names, " or ");
		cli_error("export needs --format %s, e.g. `fengong export --format xlsx -o 分工表.xlsx`", names);
		return FG_EXIT_USAGE;
	}
	if (fmt->binary && !path) {
		cli_error("an %s export is a binary file and is not written to standard output; "
			  "name it with -o FILE%s",
			  fmt->name, fmt->exts[0]);
		return FG_EXIT_USAGE;
	}
	if (path && same_file(path, g->file)) {
		cli_error("%s is the plan file itself; choose another -o FILE so the plan is not overwritten", path);
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
	bool ok;
	if (fmt->binary) {
		ok = fmt->write_file(&job, path);
	} else {
		struct dest d;
		ok = dest_open(&d, path);
		if (ok) {
			ok = fmt->write(&job, d.fp);
			if (ok)
				ok = dest_commit(&d);
			else
				dest_abort(&d);
		}
	}
	free(set);
	fg_plan_free(p);
	return ok ? FG_EXIT_OK : FG_EXIT_DATA;
}
