/* The supervision cycle's commands (issue 15): member rows of umbrella
 * units, progress reports, missing reports, the bulletin, reviews. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/sign.h"
#include "fengong/structure.h"
#include "output.h"
#include "fengong/cycle.h"
#include "fengong/fileio.h"
#include "fengong/text.h"

struct fg_assignment *cli_pick_assignment(const struct fg_plan *p, const struct fg_measure *m, const char *unit,
					  const bool *uset)
{
	/* the unit named has a row of its own: that one (a member's row, not
	 * a sibling's that --unit's umbrella matching would also offer) */
	long ui = fg_plan_unit_index(p, unit);
	if (ui >= 0) {
		struct fg_assignment *a = fg_measure_assignment(m, (size_t)ui);
		if (a)
			return a;
		if (cli_umbrella_rows(p, m, unit))
			return NULL;
	}
	for (size_t k = 0; k < m->nasg; k++)
		if (uset[m->asg[k].unit_index])
			return &m->asg[k];
	return NULL;
}

size_t cli_umbrella_rows(const struct fg_plan *p, const struct fg_measure *m, const char *unit)
{
	long ui = fg_plan_unit_index(p, unit);
	size_t n = 0;
	if (ui >= 0)
		fg_measure_umbrella_rollup(m, (size_t)ui, &n);
	return n;
}

/* ------------------------------------------------------------ shared */

/* A status as the bulletin's reader reads it (the locale's word). */
static const char *st_text(enum fg_status s)
{
	return (unsigned)s < FG_STATUS_COUNT ? gettext(fg_statuses[s].en) : "?";
}

/* The bulletin is a document for people: its labels follow the locale, as
 * the export's ledger does (context "bulletin"). */
#define BL(s) cli_pgettext("bulletin", s)

/* The measure N names (3, 三, （三）), or NULL with the problem printed and
 * *rc a usage error (a typed value the plan does not have). */
static struct fg_measure *measure_arg(const struct cli_globals *g, struct fg_plan *p, const char *num, int *rc)
{
	struct fg_measure *m = fg_plan_measure_ref(p, num);
	if (!m) {
		cli_error(_("%s: there is no measure '%s'; the plan has measures numbered 1 to %zu; nothing was changed"),
			  g->file, num, p->nmeasures);
		*rc = FG_EXIT_USAGE;
	}
	return m;
}

/* The assignment N UNIT names, or NULL with the problem printed: *rc 2 for a
 * unit the plan does not have, 1 when it has no row of that unit. */
static struct fg_assignment *assignment_arg(const struct cli_globals *g, struct fg_plan *p, struct fg_measure *m,
					    const char *unit, int *rc)
{
	bool *uset = app_xcalloc(p->nunits + 1, sizeof *uset);
	struct fg_assignment *a = NULL;
	const char *uname = unit;
	char shown[512];
	if (!cli_unit(p, unit, "unit", g->file, uset, &uname)) {
		cli_error("%s", _("nothing was changed"));
		*rc = FG_EXIT_USAGE;
	} else if (!(a = cli_pick_assignment(p, m, uname, uset)) && cli_umbrella_rows(p, m, uname)) {
		cli_error(_("%s: measure %d is reported member by member by %s's members; name one of them (`fengong show %d` "
			  "lists them); nothing was changed"),
			  g->file, m->number, fg_text_show(uname, shown, sizeof shown), m->number);
	} else if (!a) {
		cli_error(_("%s: %s is not assigned to measure %d; `fengong show %d` lists its units; nothing was changed"),
			  g->file, fg_text_show(uname, shown, sizeof shown), m->number, m->number);
	}
	free(uset);
	return a;
}

/* The period a command works on: --period P, else today's under the plan's
 * cycle.  False (message printed) when there is none. */
static bool period_arg(const struct cli_globals *g, const struct fg_plan *p, const char *opt, const char *today,
		       char out[16])
{
	if (opt) {
		if (!fg_period_valid(opt)) {
			cli_error(_("--period %s: write a month 2026-11, a quarter 2026-Q4 or a week 2026-W48"), opt);
			return false;
		}
		snprintf(out, 16, "%s", opt);
		return true;
	}
	if (p->reporting.every == FG_EVERY_NONE) {
		cli_error(_("%s declares no reporting cycle (plan.reporting: {every: month, due_day: 25}); give --period"),
			  g->file);
		return false;
	}
	return fg_period_of(p->reporting.every, today, out);
}

/* Who edits, and how the save signs: on a signed plan identity comes from
 * the key and nothing is appended to a history that does not verify
 * (cmd_sign.c); approve and return want a coordinator's key.  False, with
 * the reason printed, when the edit must be refused; else free *as_set and
 * sg after the save. */
static bool edit_setup(const struct cli_globals *g, struct fg_plan *p, bool coordinator_only, struct fg_actor *who,
		       bool **as_set, struct fg_save_opts *so, struct cli_signing *sg)
{
	*as_set = NULL;
	memset(sg, 0, sizeof *sg);
	if ((p->nsigners || p->signing) && !cli_history_verifies(g, p))
		return false;
	if (!cli_signing_setup(g, p, false, who, so, sg))
		return false;
	if (sg->signer && sg->signer->role != FG_SIGNER_COORDINATOR && coordinator_only) {
		char shown[512];
		cli_error(_("%s is a %s; only a coordinator approves or returns; nothing was changed"),
			  fg_text_show(sg->signer->name, shown, sizeof shown), cli_signer_role_text(sg->signer->role));
		cli_signing_free(sg);
		return false;
	}
	if (!sg->ctx && !cli_actor(g, p, who, as_set))
		return false;
	return true;
}

/* Apply one record to N UNIT and save; prints `done` on success. */
static int append_and_save(const struct cli_globals *g, struct fg_plan *p, struct fg_measure *m,
			   struct fg_assignment *a, const struct fg_record *tmpl, const char *done)
{
	struct fg_actor who;
	bool *as_set = NULL;
	int rc = FG_EXIT_DATA;
	struct cli_signing sg;
	struct fg_save_opts so = {.lock_wait_ms = 60000};
	if (!edit_setup(g, p, false, &who, &as_set, &so, &sg))
		return FG_EXIT_DATA;
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	char *unit = strdup(a->unit);
	int number = m->number;
	if (!fg_plan_append(p, m, a, tmpl, &who, time(NULL), &d)) {
		cli_print_diag(&d);
		cli_error("%s", _("nothing was changed"));
	} else {
		if (fg_plan_save(p, &so, &d)) {
			char shown[512];
			fg_text_fit(unit ? unit : "", 200, false, shown, sizeof shown);
			printf(_("measure %d, %s: %s\n"), number, shown, done);
			rc = FG_EXIT_OK;
		} else {
			cli_print_diag(&d);
		}
	}
	free(unit);
	fg_diag_free(&d);
	free(as_set);
	cli_signing_free(&sg);
	return rc;
}

/* ------------------------------------------------------------ progress */

int cmd_progress(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"progress", required_argument, NULL, 'p'}, {"problems", required_argument, NULL, 'b'},
		{"next", required_argument, NULL, 'n'},     {"percent", required_argument, NULL, 'c'},
		{"period", required_argument, NULL, 'P'},   {NULL, 0, NULL, 0},
	};
	const char *progress = NULL, *problems = NULL, *next = NULL, *percent = NULL, *period = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': progress = optarg; break;
		case 'b': problems = optarg; break;
		case 'n': next = optarg; break;
		case 'c': percent = optarg; break;
		case 'P': period = optarg; break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !progress || !*progress) {
		cli_error("%s", _("progress needs a measure number, a unit and --progress TEXT, e.g. `fengong progress 3 市税务局 "
			  "--progress 已完成摸底 --problems 资金缺口 --next 下月验收 --percent 40`"));
		return FG_EXIT_USAGE;
	}
	struct fg_record r = {.kind = FG_KIND_REPORT, .progress = progress, .problems = problems, .next = next};
	if (percent) {
		char *end;
		long v = strtol(percent, &end, 10);
		if (!*percent || *end || v < 0 || v > 100) {
			cli_error(_("--percent %s: give a whole number from 0 to 100"), percent);
			return FG_EXIT_USAGE;
		}
		r.percent = (int)v;
		r.has_percent = true;
	}
	char today[16], per[16];
	if (!cli_today(today))
		return FG_EXIT_USAGE;
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_DATA;
	struct fg_measure *m = measure_arg(g, p, argv[optind], &rc);
	struct fg_assignment *a = m ? assignment_arg(g, p, m, argv[optind + 1], &rc) : NULL;
	if (a && period_arg(g, p, period, today, per)) {
		r.period = per;
		char done[128];
		snprintf(done, sizeof done, _("progress report for %s recorded"), per);
		rc = append_and_save(g, p, m, a, &r, done);
	} else if (a && period) {
		rc = FG_EXIT_USAGE;
	}
	fg_plan_free(p);
	return rc;
}

/* ------------------------------------------------------------ missing */

int cmd_missing(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"period", required_argument, NULL, 'P'},
					     {"unit", required_argument, NULL, 'u'},
					     {"format", required_argument, NULL, 'F'},
					     {NULL, 0, NULL, 0}};
	const char *period = NULL, *unit = NULL;
	enum out_format fmt = OUT_TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'P': period = optarg; break;
		case 'u': unit = optarg; break;
		case 'F':
			if (!out_parse_format(optarg, (1u << OUT_TABLE) | (1u << OUT_TSV) | (1u << OUT_JSON), &fmt))
				return FG_EXIT_USAGE;
			break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("%s", _("missing takes no operands; use --period P and --unit U"));
		return FG_EXIT_USAGE;
	}
	char today[16], per[16], due[11] = "";
	if (!cli_today(today))
		return FG_EXIT_USAGE;
	bool *set = NULL;
	int load_rc;
	struct fg_plan *p = cli_load_for_unit(g, unit, &set, &load_rc);
	if (!p)
		return load_rc;
	if (!period_arg(g, p, period, today, per)) {
		free(set);
		fg_plan_free(p);
		return period ? FG_EXIT_USAGE : FG_EXIT_DATA;
	}
	char first[11], last[11];
	fg_period_range(per, first, last);
	if (p->reporting.every == FG_EVERY_NONE || !fg_period_due(per, p->reporting.due_day, due))
		snprintf(due, sizeof due, "%s", last);
	bool passed = strcmp(today, due) > 0;
	size_t n = fg_plan_nassignments(p);
	struct fg_asg_period *ap = app_xcalloc(n + 1, sizeof *ap);
	fg_cycle_period(p, per, ap);
	/* "due" here is the report's due day (报送截止), not the work's (完成时限): its own context */
	static const char *head[] = {NC_("missing column", "unit"),  NC_("missing column", "measure"),
				     NC_("missing column", "label"), NC_("missing column", "title"),
				     NC_("missing column", "role"),  NC_("missing column", "period"),
				     NC_("missing column", "due"),   NC_("missing column", "late")};
	struct out_table t;
	out_table_init(&t, 8, head);
	t.ctx = "missing column";
	size_t shown = 0;
	for (size_t i = 0; i < n; i++) {
		const struct fg_asg_period *x = &ap[i];
		if (x->report || (set && !set[x->a->unit_index]))
			continue;
		char num[16];
		snprintf(num, sizeof num, "%d", x->m->number);
		/* the table's mark follows the locale (未按时报送 in Chinese); tsv and json say yes or no */
		const char *late = passed ? (fmt == OUT_TABLE ? cli_pgettext("column", "late") : "yes") : (fmt == OUT_TABLE ? "" : "no");
		const char *row[] = {x->a->unit, num, x->m->label, x->m->title, out_role(fmt, x->a->role), per, due, late};
		out_table_add(&t, row);
		shown++;
	}
	if (fmt == OUT_TABLE)
		printf(ngettext("Reports missing for %s (due %s, today %s): %zu of %zu assignment%s\n",
				"Reports missing for %s (due %s, today %s): %zu of %zu assignments%s\n", n),
		       per, due, today, shown, n, passed ? _("; the due day has passed (未按时报送)") : "");
	if (shown || fmt != OUT_TABLE)
		out_table_print(&t, fmt, stdout);
	out_table_free(&t);
	free(ap);
	free(set);
	fg_plan_free(p);
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ bulletin */

struct figures {
	size_t total, on_time, late, missing, changed, overdue;
	size_t status[FG_STATUS_COUNT];
};

/* The figures of one period; `asof` is the day statuses and overdue work
 * are counted at (the period's last day, or today while it runs). */
static void figures_of(const struct fg_plan *p, const struct fg_asg_period *ap, size_t n, const char *asof,
		       struct figures *f)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < n; i++) {
		const struct fg_asg_period *x = &ap[i];
		f->total++;
		if (!x->report)
			f->missing++;
		else if (x->late)
			f->late++;
		else
			f->on_time++;
		f->changed += x->changed;
		if ((unsigned)x->status_end < FG_STATUS_COUNT)
			f->status[x->status_end]++;
		f->overdue += *x->due && strcmp(x->due, asof) < 0 && fg_statuses[x->status_end].light != FG_LIGHT_GREEN;
	}
	(void)p;
}

struct bulletin {
	const struct fg_plan *p;
	char period[16], prev[16], due[11], asof[11], prev_asof[11];
	struct fg_asg_period *cur, *old;
	size_t n;
	struct figures fc, fo;
};

/* Text in the Markdown bulletin: no table breaks, emphasis or raw HTML by
 * accident; controls (C0, DEL, C1) as a space, bidi and invisible
 * characters shown as &lt;U+202E&gt; (fengong/text.h). */
static bool md_plain(unsigned char c)
{
	/* printable ASCII but the Markdown specials; UTF-8 continuation bytes
	 * and the leads E4-EE (U+4000-U+EFFF: neither a control nor invisible) */
	return (c >= 0x20 && c < 0x7F && !strchr("|\\*_`[]<#~", c)) || (c >= 0x80 && c <= 0xBF) || (c >= 0xE4 && c <= 0xEE);
}

static void esc_md(FILE *out, const char *s)
{
	for (; *s; s++) {
		/* the plain bytes in one write: the bulletin is mostly these */
		const char *run = s;
		while (md_plain((unsigned char)*s))
			s++;
		if (s > run)
			fwrite(run, 1, (size_t)(s - run), out);
		if (!*s)
			break;
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		size_t n;
		if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
		    c == '#' || c == '~')
			fputc('\\', out), fputc(c, out);
		else if (c == '\n')
			fputs("<br>", out);
		else if (c < 0x20 || c == 0x7F)
			fputc(' ', out);
		else if (c >= 0x80 && (n = fg_utf8_decode(s, strnlen(s, 4), &cp)) > 0 && (cp < 0xA0 || fg_cp_invisible(cp))) {
			if (cp < 0xA0)
				fputc(' ', out); /* a C1 control */
			else
				fprintf(out, "&lt;U+%04X&gt;", (unsigned)cp);
			s += n - 1;
		} else
			fputc(c, out);
	}
}

static void esc_html(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\n': fputs("<br>", out); break;
		default:
			if ((unsigned char)*s < 0x20)
				fputc(' ', out);
			else
				fputc(*s, out);
		}
	}
}

/* A table writer for md and html: rows of cells. */
struct tw {
	FILE *out;
	bool html;
};

static void tw_begin(struct tw *w, const char *const *head, size_t n)
{
	if (w->html) {
		fputs("<table>\n<tr>", w->out);
		for (size_t i = 0; i < n; i++) {
			fputs("<th>", w->out);
			esc_html(w->out, head[i]);
			fputs("</th>", w->out);
		}
		fputs("</tr>\n", w->out);
		return;
	}
	fputs("|", w->out);
	for (size_t i = 0; i < n; i++) {
		fputc(' ', w->out);
		esc_md(w->out, head[i]);
		fputs(" |", w->out);
	}
	fputs("\n|", w->out);
	for (size_t i = 0; i < n; i++)
		fputs("---|", w->out);
	fputc('\n', w->out);
}

static void tw_row(struct tw *w, const char *const *cells, size_t n)
{
	fputs(w->html ? "<tr>" : "|", w->out);
	for (size_t i = 0; i < n; i++) {
		if (w->html) {
			fputs("<td>", w->out);
			esc_html(w->out, cells[i]);
			fputs("</td>", w->out);
		} else {
			fputc(' ', w->out);
			esc_md(w->out, cells[i]);
			fputs(" |", w->out);
		}
	}
	fputs(w->html ? "</tr>\n" : "\n", w->out);
}

static void tw_end(struct tw *w)
{
	fputs(w->html ? "</table>\n" : "\n", w->out);
}

static void heading(struct tw *w, const char *s)
{
	if (w->html) {
		fputs("<h2>", w->out);
		esc_html(w->out, s);
		fputs("</h2>\n", w->out);
	} else {
		fputs("## ", w->out);
		esc_md(w->out, s);
		fputs("\n\n", w->out);
	}
}

static void para(struct tw *w, const char *s)
{
	if (w->html) {
		fputs("<p>", w->out);
		esc_html(w->out, s);
		fputs("</p>\n", w->out);
	} else {
		esc_md(w->out, s);
		fputs("\n\n", w->out);
	}
}

/* The rows of the bulletin's tables, shared by md, html and xlsx. */
typedef void (*table_fn)(void *ctx, const char *const *cells, size_t n, bool head);

static void z(char *buf, size_t v)
{
	snprintf(buf, 24, "%zu", v);
}

static void summary_rows(const struct bulletin *b, table_fn fn, void *ctx)
{
	const char *head[] = {BL(NC_("bulletin", "Indicator")), b->prev, b->period};
	fn(ctx, head, 3, true);
	const struct figures *o = &b->fo, *c = &b->fc;
	struct {
		const char *name;
		size_t a, b;
	} rows[] = {
		{BL(NC_("bulletin", "Reports due")), o->total, c->total},
		{BL(NC_("bulletin", "On time")), o->on_time, c->on_time},
		{BL(NC_("bulletin", "Late")), o->late, c->late},
		{BL(NC_("bulletin", "Not reported")), o->missing, c->missing},
		{BL(NC_("bulletin", "Status changed")), o->changed, c->changed},
		/* then a row per status, from the table, in the units bar's order
		 * (done first), then the overdue */
		{BL(NC_("bulletin", "Overdue, not done")), o->overdue, c->overdue},
	};
	size_t nfixed = sizeof rows / sizeof *rows - 1;
	for (size_t i = 0; i < nfixed + FG_STATUS_COUNT + 1; i++) {
		const char *name;
		size_t va, vb;
		if (i < nfixed || i == nfixed + FG_STATUS_COUNT) {
			size_t k = i < nfixed ? i : nfixed;
			name = rows[k].name, va = rows[k].a, vb = rows[k].b;
		} else {
			enum fg_status st = fg_status_in_bar_order((int)(i - nfixed));
			name = st_text(st), va = o->status[st], vb = c->status[st];
		}
		char x[24], y[24];
		z(x, va);
		z(y, vb);
		const char *cells[] = {name, x, y};
		fn(ctx, cells, 3, false);
	}
}

static void unit_rows(const struct bulletin *b, table_fn fn, void *ctx)
{
	const struct fg_plan *p = b->p;
	const char *head[] = {BL(NC_("bulletin", "Unit")), BL(NC_("bulletin", "Reports due")), BL(NC_("bulletin", "Late")),
			      BL(NC_("bulletin", "Not reported"))};
	fn(ctx, head, 4, true);
	size_t (*cnt)[3] = app_xcalloc(p->nunits + 1, sizeof *cnt);
	for (size_t i = 0; i < b->n; i++) {
		size_t u = b->cur[i].a->unit_index;
		if (u >= p->nunits)
			continue;
		cnt[u][0]++;
		cnt[u][1] += b->cur[i].report && b->cur[i].late;
		cnt[u][2] += !b->cur[i].report;
	}
	for (size_t u = 0; u < p->nunits; u++) {
		if (!cnt[u][1] && !cnt[u][2])
			continue;
		char x[24], y[24], w[24];
		z(x, cnt[u][0]);
		z(y, cnt[u][1]);
		z(w, cnt[u][2]);
		const char *cells[] = {p->units[u].name, x, y, w};
		fn(ctx, cells, 4, false);
	}
	free(cnt);
}

static void change_rows(const struct bulletin *b, table_fn fn, void *ctx)
{
	const char *head[] = {BL(NC_("bulletin", "Measure")), BL(NC_("bulletin", "Unit")),
			      BL(NC_("bulletin", "End of last period")), BL(NC_("bulletin", "End of this period")),
			      BL(NC_("bulletin", "Progress"))};
	fn(ctx, head, 5, true);
	for (size_t i = 0; i < b->n; i++) {
		const struct fg_asg_period *x = &b->cur[i];
		if (!x->changed)
			continue;
		char task[1024];
		snprintf(task, sizeof task, "%s%s", x->m->label, x->m->title);
		const char *cells[] = {task, x->a->unit, st_text(b->old[i].status_end), st_text(x->status_end), x->progress};
		fn(ctx, cells, 5, false);
	}
}

static void trouble_rows(const struct bulletin *b, table_fn fn, void *ctx)
{
	const char *head[] = {BL(NC_("bulletin", "Measure")), BL(NC_("bulletin", "Unit")), BL(NC_("bulletin", "Status")),
			      BL(NC_("bulletin", "Deadline")), BL(NC_("bulletin", "Problems"))};
	fn(ctx, head, 5, true);
	for (size_t i = 0; i < b->n; i++) {
		const struct fg_asg_period *x = &b->cur[i];
		bool overdue = *x->due && strcmp(x->due, b->asof) < 0 && fg_statuses[x->status_end].light != FG_LIGHT_GREEN;
		if (!overdue && x->status_end != FG_STATUS_BLOCKED)
			continue;
		char task[1024], st[64];
		snprintf(task, sizeof task, "%s%s", x->m->label, x->m->title);
		if (overdue)
			snprintf(st, sizeof st, _("%s (overdue)"), st_text(x->status_end));
		else
			snprintf(st, sizeof st, "%s", st_text(x->status_end));
		const char *prob = *x->problems ? x->problems : x->a->note;
		const char *cells[] = {task, x->a->unit, st, x->due, prob};
		fn(ctx, cells, 5, false);
	}
}

static void tw_fn(void *ctx, const char *const *cells, size_t n, bool head)
{
	if (head)
		tw_begin(ctx, cells, n);
	else
		tw_row(ctx, cells, n);
}

static void write_text(const struct bulletin *b, FILE *out, bool html)
{
	struct tw w = {out, html};
	char title[1200];
	snprintf(title, sizeof title, _("Progress bulletin of %s (%s)"), b->p->title ? b->p->title : "", b->period);
	if (html) {
		fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
			BL(NC_("bulletin", "en")));
		esc_html(out, title);
		fputs("</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
		      "th,td{border:1px solid #999;padding:.3em .6em;vertical-align:top}th{background:#eee}</style>\n"
		      "</head>\n<body>\n<h1>", out);
		esc_html(out, title);
		fputs("</h1>\n", out);
	} else {
		fputs("# ", out);
		esc_md(out, title);
		fputs("\n\n", out);
	}
	char line[400];
	snprintf(line, sizeof line, _("Reports due by %s; counted up to %s; previous period %s."), b->due, b->asof,
		 b->prev);
	para(&w, line);
	heading(&w, _("1. Overall"));
	summary_rows(b, tw_fn, &w);
	tw_end(&w);
	heading(&w, _("2. Units that reported late or not at all"));
	if (b->fc.late || b->fc.missing) {
		unit_rows(b, tw_fn, &w);
		tw_end(&w);
	} else {
		para(&w, _("Every unit reported on time."));
	}
	heading(&w, _("3. Status changes in the period"));
	if (b->fc.changed) {
		change_rows(b, tw_fn, &w);
		tw_end(&w);
	} else {
		para(&w, _("No status changed in the period."));
	}
	heading(&w, _("4. Overdue and blocked items"));
	size_t trouble = b->fc.overdue + b->fc.status[FG_STATUS_BLOCKED];
	if (trouble) {
		trouble_rows(b, tw_fn, &w);
		tw_end(&w);
	} else {
		para(&w, _("Nothing is overdue or blocked."));
	}
	if (html)
		fputs("</body>\n</html>\n", out);
}

/* xlsx: one sheet per table */
struct xw {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head;
	lxw_row_t row;
};

static void xw_fn(void *ctx, const char *const *cells, size_t n, bool head)
{
	struct xw *x = ctx;
	for (size_t i = 0; i < n; i++) {
		char *end;
		long v = strtol(cells[i], &end, 10);
		if (!head && i > 0 && *cells[i] && !*end && v >= 0)
			worksheet_write_number(x->ws, x->row, (lxw_col_t)i, (double)v, NULL);
		else
			worksheet_write_string(x->ws, x->row, (lxw_col_t)i, cells[i], head ? x->head : NULL);
	}
	x->row++;
}

static bool write_xlsx(const struct bulletin *b, const char *tmp)
{
	struct xw x = {.wb = workbook_new(tmp)};
	if (!x.wb)
		return false;
	x.head = workbook_add_format(x.wb);
	format_set_bold(x.head);
	format_set_bg_color(x.head, 0xD9D9D9);
	const char *const names[] = {BL(NC_("bulletin", "Overall")), BL(NC_("bulletin", "Reporting")),
				     BL(NC_("bulletin", "Status changes")), BL(NC_("bulletin", "Overdue and blocked"))};
	void (*fns[])(const struct bulletin *, table_fn, void *) = {summary_rows, unit_rows, change_rows, trouble_rows};
	for (int i = 0; i < 4; i++) {
		x.ws = workbook_add_worksheet(x.wb, names[i]);
		x.row = 0;
		worksheet_set_column(x.ws, 0, 0, i == 0 ? 14 : 40, NULL);
		worksheet_set_column(x.ws, 1, 5, 16, NULL);
		fns[i](b, xw_fn, &x);
	}
	return workbook_close(x.wb) == LXW_NO_ERROR;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), n = strlen(suf);
	return a >= n && strcasecmp(s + a - n, suf) == 0;
}

/* Write the bulletin to path all at once or not at all (fengong/fileio.h). */
static bool write_file_atomic(const struct bulletin *b, const char *path, int kind)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_wfile w;
	bool ok = false;
	if (fg_wfile_open(&w, path, 0, &d)) {
		bool wrote = true;
		if (kind == 2)
			wrote = write_xlsx(b, fg_wfile_tmp_path(&w));
		else
			write_text(b, fg_wfile_stream(&w), kind == 1);
		if (wrote)
			ok = fg_wfile_commit(&w, &d);
		else
			fg_wfile_discard(&w);
	}
	if (!ok) {
		cli_print_diag(&d);
		cli_error(_("%s: could not write the bulletin; the file was left as it was"), path);
	}
	fg_diag_free(&d);
	return ok;
}

int cmd_bulletin(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"period", required_argument, NULL, 'P'},
					     {"output", required_argument, NULL, 'o'},
					     {NULL, 0, NULL, 0}};
	const char *period = NULL, *path = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'P': period = optarg; break;
		case 'o': path = optarg; break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("%s", _("bulletin takes no operands; use --period P and -o FILE.md|.html|.xlsx"));
		return FG_EXIT_USAGE;
	}
	int kind = 0; /* md, html, xlsx */
	if (path && (has_suffix(path, ".html") || has_suffix(path, ".htm")))
		kind = 1;
	else if (path && has_suffix(path, ".xlsx"))
		kind = 2;
	else if (path && !has_suffix(path, ".md")) {
		cli_error(_("-o %s: name a .md, .html or .xlsx file"), path);
		return FG_EXIT_USAGE;
	}
	char today[16];
	if (!cli_today(today))
		return FG_EXIT_USAGE;
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	struct bulletin b = {.p = p};
	if (!period_arg(g, p, period, today, b.period)) {
		fg_plan_free(p);
		return period ? FG_EXIT_USAGE : FG_EXIT_DATA;
	}
	if (path && g->file && strcmp(path, g->file) == 0) {
		cli_error(_("%s is the plan file itself; choose another -o FILE"), path);
		fg_plan_free(p);
		return FG_EXIT_USAGE;
	}
	fg_period_prev(b.period, b.prev);
	char first[11];
	fg_period_range(b.prev, first, b.prev_asof);
	fg_period_range(b.period, first, b.asof);
	if (strcmp(today, b.asof) < 0)
		snprintf(b.asof, sizeof b.asof, "%.10s", today);
	if (p->reporting.every == FG_EVERY_NONE || !fg_period_due(b.period, p->reporting.due_day, b.due))
		fg_period_range(b.period, first, b.due);
	b.n = fg_plan_nassignments(p);
	b.cur = app_xcalloc(b.n + 1, sizeof *b.cur);
	b.old = app_xcalloc(b.n + 1, sizeof *b.old);
	fg_cycle_period(p, b.period, b.cur);
	fg_cycle_period(p, b.prev, b.old);
	figures_of(p, b.cur, b.n, b.asof, &b.fc);
	figures_of(p, b.old, b.n, b.prev_asof, &b.fo);
	bool ok = true;
	if (!path)
		write_text(&b, stdout, false);
	else
		ok = write_file_atomic(&b, path, kind);
	free(b.cur);
	free(b.old);
	fg_plan_free(p);
	return ok ? FG_EXIT_OK : FG_EXIT_DATA;
}

/* ------------------------------------------------------------ review */

/* approve N UNIT / return N UNIT --note REASON: the coordinator's decision
 * on a submission (待销号) or, when none is pending, on an extension
 * request. */
static int decide(int argc, char **argv, const struct cli_globals *g, bool approve)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *note = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return FG_EXIT_USAGE;
		note = optarg;
	}
	if (argc - optind != 2 || (!approve && (!note || !*note))) {
		cli_error("%s", approve ? _("approve needs a measure number and a unit, e.g. `fengong approve 3 市税务局`")
					: _("return needs a measure number, a unit and --note REASON, e.g. `fengong return 3 市税务局 "
					    "--note 佐证材料不全`"));
		return FG_EXIT_USAGE;
	}
	if (g->as) {
		cli_error("%s", _("only a coordinator approves or returns: run it without --as (and without FENGONG_AS); "
				"nothing was changed"));
		return FG_EXIT_DATA;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_DATA;
	struct fg_measure *m = measure_arg(g, p, argv[optind], &rc);
	struct fg_assignment *a = m ? assignment_arg(g, p, m, argv[optind + 1], &rc) : NULL;
	if (a) {
		struct fg_actor who;
		bool *as_set = NULL;
		struct cli_signing sg;
		struct fg_save_opts so = {.lock_wait_ms = 60000};
		if (edit_setup(g, p, true, &who, &as_set, &so, &sg)) {
			struct fg_diag d;
			fg_diag_init(&d, g->file);
			char *unit = strdup(a->unit), asked[16];
			snprintf(asked, sizeof asked, "%s", a->due_asked);
			int number = m->number;
			enum fg_pending what;
			/* a granted extension changes the assignment's due date: on a
			 * signed plan a structure record covers it in the same save */
			bool ok = fg_plan_review(p, m, a, approve, note, &who, time(NULL), &what, &d);
			if (ok && approve && what == FG_PENDING_EXTENSION && p->nsigners) {
				char why[600];
				snprintf(why, sizeof why, "measure %d, %s: extension to %s granted", number, unit, asked);
				ok = fg_plan_append_structure(p, NULL, NULL, NULL, why, &who, time(NULL), &d);
			}
			if (!ok) {
				cli_print_diag(&d);
				cli_error("%s", _("nothing was changed"));
			} else {
				if (fg_plan_save(p, &so, &d)) {
					char shown[512];
					fg_text_fit(unit ? unit : "", 200, false, shown, sizeof shown);
					if (what == FG_PENDING_SUBMISSION)
						printf(_("measure %d, %s: %s\n"), number, shown,
						       approve ? _("submitted → done (销号)") : _("submitted → in_progress (退回)"));
					else
						printf(approve ? _("measure %d, %s: extension to %s granted\n") : _("measure %d, %s: extension to %s refused\n"),
						       number, shown, asked);
					rc = FG_EXIT_OK;
				} else {
					cli_print_diag(&d);
				}
			}
			free(unit);
			fg_diag_free(&d);
			cli_signing_free(&sg);
		}
		free(as_set);
	}
	fg_plan_free(p);
	return rc;
}

int cmd_approve(int argc, char **argv, const struct cli_globals *g)
{
	return decide(argc, argv, g, true);
}

int cmd_return(int argc, char **argv, const struct cli_globals *g)
{
	return decide(argc, argv, g, false);
}

int cmd_extend(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"to", required_argument, NULL, 't'},
					     {"note", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	const char *to = NULL, *note = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'n': note = optarg; break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (argc - optind != 2 || !to || !note || !*note) {
		cli_error("%s", _("extend needs a measure number, a unit, --to YYYY-MM-DD and --note REASON, e.g. "
				"`fengong extend 9 市财政局 --to 2026-06-30 --note 资金下达推迟`"));
		return FG_EXIT_USAGE;
	}
	if (!fg_date_valid(to)) {
		cli_error(_("--to %s: write a date that exists, YYYY-MM-DD"), to);
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_DATA;
	struct fg_measure *m = measure_arg(g, p, argv[optind], &rc);
	struct fg_assignment *a = m ? assignment_arg(g, p, m, argv[optind + 1], &rc) : NULL;
	const char *now_due = a ? fg_asg_due(p, m, a) : "";
	if (a && *now_due && strcmp(to, now_due) <= 0) { /* an extension is a later date */
		cli_error(_("%s: measure %d, %s: --to %s is not later than its due date in effect, %s; an extension asks "
			    "for a later date; nothing was changed"),
			  g->file, m->number, a->unit, to, now_due);
		a = NULL;
		rc = FG_EXIT_DATA;
	}
	if (a) {
		struct fg_record r = {.kind = FG_KIND_EXTEND, .due = to, .note = note};
		char done[256];
		if (*a->due_asked) /* a request awaiting a decision: this one takes its place */
			snprintf(done, sizeof done,
				 _("extension to %s requested, in place of the request for %s; the coordinator approves or returns it"),
				 to, a->due_asked);
		else
			snprintf(done, sizeof done, _("extension to %s requested; the coordinator approves or returns it"), to);
		rc = append_and_save(g, p, m, a, &r, done);
	}
	fg_plan_free(p);
	return rc;
}
