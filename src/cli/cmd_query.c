/* Read-only commands: list, show, units, check, log. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/cycle.h"
#include "fengong/date.h"
#include "fengong/sign.h"
#include "fengong/structure.h"
#include "output.h"
#include "fengong/text.h"

/* ------------------------------------------------------------ shared */

/* A measure as typed: 3, 三, (三), （三）.  *label: written as a label,
 * which only the plan can turn into a number. */
static bool parse_measure_ref(const char *s, int *n, bool *label)
{
	return fg_measure_ref_parse(s, n, label);
}

/* ------------------------------------------------------------ list */

int cmd_list(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'}, {"role", required_argument, NULL, 'r'},
		{"status", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *unit = NULL;
	struct fg_filter f;
	fg_filter_init(&f);
	enum out_format fmt = OUT_TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		enum fg_role role;
		enum fg_status st;
		switch (c) {
		case 'u': unit = optarg; break;
		case 'r':
			if (!fg_role_input(optarg, &role)) {
				cli_error(_("unknown role '%s'; use lead (牵头) or co (配合)"), optarg);
				return FG_EXIT_USAGE;
			}
			f.role = (int)role;
			break;
		case 's':
			if (!fg_status_input(optarg, &st)) {
				cli_error(_("unknown status '%s'; use one of %s"), optarg, fg_status_input_list());
				return FG_EXIT_USAGE;
			}
			f.status_mask |= 1u << st;
			break;
		case 'F':
			if (!out_parse_format(optarg, 0xF, &fmt))
				return FG_EXIT_USAGE;
			break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(_("list takes no operands ('%s'); filter with --unit, --role, --status"), argv[optind]);
		return FG_EXIT_USAGE;
	}
	bool *set = NULL;
	int load_rc;
	struct fg_plan *p = cli_load_for_unit(g, unit, &set, &load_rc);
	if (!p)
		return load_rc;
	f.units = set;
	static const char *head[] = {NC_("column", "measure"), NC_("column", "label"), NC_("column", "title"),
				     NC_("column", "unit"), NC_("column", "role"), NC_("column", "status"),
				     NC_("column", "updated"), NC_("column", "by"), NC_("column", "note")};
	struct out_table t;
	out_table_init(&t, 9, head);
	t.numeric = 1u << 0; /* measure */
	t.max_width[2] = 24;
	t.max_width[8] = OUT_FIT_TERMINAL; /* the note */
	size_t most = 1;
	for (size_t i = 0; i < p->nmeasures; i++)
		most = p->measures[i].nasg > most ? p->measures[i].nasg : most;
	struct cli_row *rows = app_xcalloc(most, sizeof *rows);
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		char num[16];
		snprintf(num, sizeof num, "%d", m->number);
		size_t n = 0;
		cli_measure_rows(m, &f, rows, &n);
		for (size_t k = 0; k < n; k++) {
			const struct fg_assignment *a = rows[k].a;
			const char *row[] = {num, m->label, m->title, a->unit, out_role(fmt, a->role),
					     out_status(fmt, a->status), a->updated, a->by, a->note};
			out_table_add(&t, row);
		}
	}
	out_table_print(&t, fmt, stdout);
	out_table_free(&t);
	free(rows);
	free(set);
	fg_plan_free(p);
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ show */

static void wrap_line(const char *line, size_t len, void *ctx)
{
	(void)ctx;
	char *tmp = strndup(line, len);
	char out[4096];
	fg_text_fit(tmp, 1000, false, out, sizeof out); /* escapes controls */
	printf("  %s\n", out);
	free(tmp);
}

/* A part's text: "  N. " before its first line, aligned below it. */
struct part_wrap {
	size_t number;
	bool first;
};

static void part_line(const char *line, size_t len, void *ctx)
{
	struct part_wrap *w = ctx;
	char *tmp = strndup(line, len);
	char out[4096];
	fg_text_fit(tmp, 1000, false, out, sizeof out); /* escapes controls */
	if (w->first)
		printf("  %zu. %s\n", w->number, out);
	else
		printf("     %s\n", out);
	w->first = false;
	free(tmp);
}

/* The parts of m (sub-tasks with their own units), in printed order. */
static void show_parts(const struct fg_measure *m)
{
	if (!m->nparts)
		return;
	printf("%s\n", _("parts:"));
	for (size_t i = 0; i < m->nparts; i++) {
		const struct fg_part *pt = &m->parts[i];
		struct part_wrap w = {i + 1, true};
		fg_text_wrap(pt->text, 72, part_line, &w);
		for (int role = FG_ROLE_LEAD; role <= FG_ROLE_CO; role++) {
			const struct fg_part_unit *u = role == FG_ROLE_LEAD ? pt->lead : pt->co;
			size_t n = role == FG_ROLE_LEAD ? pt->nlead : pt->nco;
			if (!n)
				continue;
			printf("     %-5s", role == FG_ROLE_LEAD ? _("lead:") : _("co:"));
			for (size_t k = 0; k < n; k++) {
				char name[512];
				fg_text_fit(u[k].unit, 200, false, name, sizeof name);
				printf("%s%s", k ? "、" : " ", name);
			}
			putchar('\n');
		}
	}
}

int cmd_show(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		return FG_EXIT_USAGE;
	if (argc - optind != 1) {
		cli_error("%s", _("show takes one measure number, e.g. `fengong show 9`"));
		return FG_EXIT_USAGE;
	}
	int n;
	bool label;
	if (!parse_measure_ref(argv[optind], &n, &label)) {
		cli_error(_("'%s' is not a measure; give its number or label, such as 9, 九 or （九）"), argv[optind]);
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	const struct fg_measure *m = fg_plan_measure_ref(p, argv[optind]);
	if (!m) {
		cli_error(_("%s: there is no measure %s; the plan has %zu measures"), g->file, argv[optind], p->nmeasures);
		fg_plan_free(p);
		return FG_EXIT_USAGE;
	}
	char buf[4096];
	fg_text_fit(m->label, 200, false, buf, sizeof buf);
	printf("%s ", buf);
	fg_text_fit(m->title, 1000, false, buf, sizeof buf);
	printf("%s\n", buf);
	printf(_("measure: %d\n"), m->number);
	if (m->section_index != SIZE_MAX) {
		char id[256];
		fg_text_fit(m->section, 100, false, id, sizeof id); /* ids come from the file: escape them too */
		fg_text_fit(p->sections[m->section_index].title, 1000, false, buf, sizeof buf);
		printf(_("section: %s、%s\n"), id, buf);
	}
	printf(_("status: %s (%zu of %zu assignments done)\n"), out_status(OUT_TABLE, fg_measure_rollup(m)), fg_measure_done(m),
	       m->nasg);
	if (*m->due)
		printf(_("due: %s\n"), fg_text_show(m->due, buf, sizeof buf));
	printf("%s\n", _("text:"));
	fg_text_wrap(m->text, 76, wrap_line, NULL);
	if (m->ntargets) {
		printf("%s\n", _("targets:"));
		for (size_t i = 0; i < m->ntargets; i++) {
			fg_text_fit(m->targets[i], 1000, false, buf, sizeof buf);
			printf("  - %s\n", buf);
		}
	}
	show_parts(m);
	if (!m->nasg) {
		fg_text_fit(*m->unassigned ? m->unassigned : _("none"), 1000, false, buf, sizeof buf);
		printf(_("units: none (%s)\n"), buf);
	} else {
		printf("%s\n", _("assignments:"));
		char unit_head[64];
		snprintf(unit_head, sizeof unit_head, "  %s", cli_pgettext("column", "unit"));
		const char *head[] = {unit_head,
				      NC_("column", "role"),
				      NC_("column", "status"),
				      NC_("column", "updated"),
				      NC_("column", "by"),
				      NC_("column", "note")};
		struct out_table t;
		out_table_init(&t, 6, head);
		for (int pass = FG_ROLE_LEAD; pass <= FG_ROLE_CO; pass++)
			for (size_t k = 0; k < m->nasg; k++) {
				const struct fg_assignment *a = &m->asg[k];
				if ((int)a->role != pass)
					continue;
				char unit[512];
				if (a->via_index != SIZE_MAX && (k == 0 || m->asg[k - 1].via_index != a->via_index)) {
					/* an umbrella reported member by member: its roll-up, then its members */
					size_t nrows;
					enum fg_status st = fg_measure_umbrella_rollup(m, a->via_index, &nrows);
					char members[64];
					snprintf(members, sizeof members, ngettext("(%zu member)", "(%zu members)", nrows), nrows);
					snprintf(unit, sizeof unit, "  %s", a->via);
					const char *urow[] = {unit, out_role(OUT_TABLE, a->role), out_status(OUT_TABLE, st), "", "", members};
					out_table_add(&t, urow);
				}
				snprintf(unit, sizeof unit, a->via_index != SIZE_MAX ? "    %s" : "  %s", a->unit);
				const char *row[] = {unit, out_role(OUT_TABLE, a->role), out_status(OUT_TABLE, a->status), a->updated, a->by,
						     a->note};
				out_table_add(&t, row);
			}
		out_table_print(&t, OUT_TABLE, stdout);
		out_table_free(&t);
		/* issue 15: an assignment's own date, and what awaits the coordinator */
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			char unit[512];
			fg_text_fit(a->unit, 200, false, unit, sizeof unit);
			if (*a->due_granted)
				printf(_("due for %s: %s (extension granted)\n"), unit, a->due_granted);
			else if (*a->due)
				printf(_("due for %s: %s\n"), unit, a->due);
			if (*a->due_asked)
				printf(_("extension asked by %s: to %s (fengong approve/return)\n"), unit, a->due_asked);
			if (fg_asg_pending(a) == FG_PENDING_SUBMISSION)
				printf(_("awaiting confirmation: %s (fengong approve/return)\n"), unit);
		}
	}
	fg_plan_free(p);
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ units */

int cmd_units(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"format", required_argument, NULL, 'F'}, {NULL, 0, NULL, 0}};
	enum out_format fmt = OUT_TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'F' || !out_parse_format(optarg, 0xF, &fmt))
			return FG_EXIT_USAGE;
	}
	if (optind < argc) {
		cli_error("%s", _("units takes no operands"));
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	struct fg_unit_counts *count = fg_plan_unit_counts(p, NULL, NULL);
	/* umbrella units with their members under them: indented in the table,
	 * named in the machine formats' last column */
	size_t *order = app_xcalloc(p->nunits + 1, sizeof *order);
	unsigned *depth = app_xcalloc(p->nunits + 1, sizeof *depth);
	fg_plan_unit_order(p, order, depth);
	bool table = fmt == OUT_TABLE, members = false;
	enum { NCOL = 1 + FG_ROLE_COUNT + FG_STATUS_COUNT + 1 };
	const char *head[NCOL] = {NC_("column", "unit"), NC_("column", "lead"), NC_("column", "co")};
	for (int st = 0; st < FG_STATUS_COUNT; st++)
		head[1 + FG_ROLE_COUNT + st] = out_status(fmt, (enum fg_status)st);
	head[NCOL - 1] = "umbrella";
	struct out_table t;
	out_table_init(&t, table ? NCOL - 1 : NCOL, head);
	t.numeric = ((1u << (NCOL - 1)) - 1) & ~1u; /* every column but the unit's name and its umbrella */
	for (size_t i = 0; i < p->nunits; i++) {
		size_t u = order[i];
		char num[NCOL][16], name[1024];
		size_t up = depth[i] ? fg_plan_unit_umbrella(p, u) : SIZE_MAX;
		members |= depth[i] > 0;
		snprintf(name, sizeof name, "%*s%s", table ? 2 * (int)(depth[i] < 8 ? depth[i] : 8) : 0, "", p->units[u].name);
		const char *row[NCOL] = {name};
		for (int k = 1; k < NCOL - 1; k++) {
			size_t v = k <= FG_ROLE_COUNT ? count[u].role[k - 1] : count[u].status[k - 1 - FG_ROLE_COUNT];
			snprintf(num[k], sizeof num[k], "%zu", v);
			row[k] = num[k];
		}
		row[NCOL - 1] = up < p->nunits ? p->units[up].name : "";
		out_table_add(&t, row);
	}
	out_table_print(&t, fmt, stdout);
	out_table_free(&t);
	if (table && members)
		printf("%s\n", _("Indented: an umbrella unit's members, each reporting its own rows; the umbrella's counts "
				 "are its roll-up, one per measure, by the rule of a measure's."));
	free(order);
	free(depth);
	free(count);
	fg_plan_free(p);
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ check */

int cmd_check(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"trust", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
	const char *trust[64];
	size_t ntrust = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 't' || ntrust == sizeof trust / sizeof *trust || !cli_trust_arg_ok("check", optarg))
			return FG_EXIT_USAGE;
		trust[ntrust++] = optarg;
	}
	if (optind < argc) {
		cli_error("%s", _("check takes no operands; choose the file with -f FILE before the command"));
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	bool ok = fg_history_verify(p, &d);
	int sr = cli_check_signatures(g, p, trust, ntrust, &d);
	if (sr == 2) { /* the trust file is malformed: said */
		fg_diag_free(&d);
		fg_plan_free(p);
		return FG_EXIT_USAGE;
	}
	ok = sr == 0 && ok;
	cli_print_diag(&d);
	fg_diag_free(&d);
	if (ok) {
		size_t nasg = 0;
		for (size_t i = 0; i < p->nmeasures; i++)
			nasg += p->measures[i].nasg;
		printf(_("%s: ok: %zu measures, %zu assignments, %zu units, %zu history records\n"), g->file, p->nmeasures,
		       nasg, p->nunits, p->nhistory);
	}
	fg_plan_free(p);
	return ok ? FG_EXIT_OK : FG_EXIT_DATA;
}

/* ------------------------------------------------------------ log */

/* A record's kind as `log` tags it: the English machine name in tsv/json;
 * in a table, the word a supervision office uses, where approving or
 * returning a submission (销号, 退回) reads differently from deciding on an
 * extension (批准延期, 不予延期). */
static const char *log_kind_tag(const struct fg_record *r, enum out_format fmt)
{
	const char *name = fg_record_kind_name(r->kind);
	if (fmt != OUT_TABLE)
		return name;
	bool on_submission = fg_record_has_status(r);
	switch (r->kind) {
	case FG_KIND_REPORT: return cli_pgettext("record kind", NC_("record kind", "report"));
	case FG_KIND_SUBMIT: return cli_pgettext("record kind", NC_("record kind", "submit"));
	case FG_KIND_APPROVE:
		return on_submission ? cli_pgettext("record kind: a submission", NC_("record kind: a submission", "approve"))
				     : cli_pgettext("record kind: an extension", NC_("record kind: an extension", "approve"));
	case FG_KIND_RETURN:
		return on_submission ? cli_pgettext("record kind: a submission", NC_("record kind: a submission", "return"))
				     : cli_pgettext("record kind: an extension", NC_("record kind: an extension", "return"));
	case FG_KIND_EXTEND: return cli_pgettext("record kind", NC_("record kind", "extend"));
	case FG_KIND_SIGNER_ADD: return cli_pgettext("record kind", NC_("record kind", "signer-add"));
	case FG_KIND_SIGNER_REMOVE: return cli_pgettext("record kind", NC_("record kind", "signer-remove"));
	case FG_KIND_SIGNING: return cli_pgettext("record kind", NC_("record kind", "signing"));
	case FG_KIND_STRUCTURE: return cli_pgettext("record kind", NC_("record kind", "structure"));
	case FG_KIND_CORRECTION: return cli_pgettext("record kind", NC_("record kind", "correction"));
	default: return name ? name : "";
	}
}

/* What a structure record says, short, for the table (the file, tsv and
 * json keep its digest and its parts line): about an assignment, its due
 * date; about the plan, the coordinator's own words, else the counts. */
static void log_structure_text(FILE *w, const struct fg_record *r)
{
	if (r->measure > 0 && r->unit && *r->unit) {
		if (r->due && *r->due)
			fprintf(w, _("measure %d %s due %s"), r->measure, r->unit, r->due);
		else
			fprintf(w, _("measure %d %s own due date cleared"), r->measure, r->unit);
		return;
	}
	/* the note: the coordinator's words, then the save's counts and parts lines */
	const char *s = r->note ? r->note : "";
	bool said = false;
	while (*s) {
		size_t n = strcspn(s, "\n");
		char *line = strndup(s, n);
		struct fg_structure_counts c;
		if (!line)
			app_oom();
		if (*line && strncmp(line, "parts: ", 7) != 0 && !fg_structure_summary_parse(line, &c)) {
			fprintf(w, "%s%s", said ? " " : "", line);
			said = true;
		}
		free(line);
		s += n + (s[n] == '\n');
	}
	struct fg_structure_counts c;
	if (!said && fg_structure_summary_parse(r->note, &c))
		fprintf(w, _("%zu measures, %zu assignments, %zu units"), c.measures, c.assignments, c.units);
}

int cmd_log(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'}, {"measure", required_argument, NULL, 'm'},
		{"since", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *since = NULL, *measure_ref = NULL;
	int measure = 0;
	bool measure_label = false;
	enum out_format fmt = OUT_TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': unit = optarg; break;
		case 'm':
			if (!parse_measure_ref(optarg, &measure, &measure_label)) {
				cli_error(_("--measure needs a measure's number or label (3, 三, （三）), not '%s'"), optarg);
				return FG_EXIT_USAGE;
			}
			measure_ref = optarg;
			break;
		case 's': {
			if (!fg_date_valid(optarg)) {
				cli_error(_("--since needs a date written YYYY-MM-DD, not '%s'"), optarg);
				return FG_EXIT_USAGE;
			}
			since = optarg;
			break;
		}
		case 'F':
			if (!out_parse_format(optarg, 1u << OUT_TABLE | 1u << OUT_TSV | 1u << OUT_JSON, &fmt))
				return FG_EXIT_USAGE;
			break;
		default: return FG_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("%s", _("log takes no operands"));
		return FG_EXIT_USAGE;
	}
	bool *set = NULL;
	int load_rc;
	struct fg_plan *p = cli_load_for_unit(g, unit, &set, &load_rc);
	if (!p)
		return load_rc;
	if (measure_label) { /* a label names a measure of this plan */
		const struct fg_measure *lm = fg_plan_measure_ref(p, measure_ref);
		if (!lm) {
			cli_error(_("--measure %s: %s has no such measure"), measure_ref, g->file);
			free(set);
			fg_plan_free(p);
			return FG_EXIT_USAGE;
		}
		measure = lm->number;
	}
	/* a signed plan: each record's mark (verified: `by` is the signer) */
	struct fg_sign_report rep = {0};
	bool signed_plan = cli_log_marks(p, &rep);
	/* tsv and json: every field of the record, the note its own; the
	 * table folds the kind and the cycle's fields into the note column */
	bool machine = fmt != OUT_TABLE;
	enum { NBASE = 8, NMAX = NBASE + 1 + 8 };
	const char *head[NMAX] = {NC_("column", "at"),      NC_("column", "by"),   NC_("column", "as"),
				  NC_("column", "measure"), NC_("column", "unit"), NC_("column", "from"),
				  NC_("column", "to"),      NC_("column", "note")};
	size_t ncols = NBASE;
	if (signed_plan)
		head[ncols++] = NC_("column", "signature");
	size_t extra = ncols; /* kind, period, progress, problems, next, percent, due, subject */
	if (machine) {
		static const char *const more[] = {"kind", "period", "progress", "problems", "next", "percent", "due", "subject"};
		for (size_t k = 0; k < sizeof more / sizeof *more; k++)
			head[ncols++] = more[k];
	}
	struct out_table t;
	out_table_init(&t, ncols, head);
	t.numeric = 1u << 3; /* measure */
	if (machine) { /* percent: a number, or null */
		t.numeric |= 1u << (extra + 5);
		t.nullable = 1u << (extra + 5);
	}
	t.max_width[7] = OUT_FIT_TERMINAL; /* the note */
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		if (measure && r->measure != measure)
			continue;
		if (since && fg_date_cmp(r->at, since) < 0)
			continue;
		if (set) {
			long ui = fg_plan_unit_index(p, r->unit);
			if (ui < 0 || !set[ui])
				continue;
		}
		char num[16], pct[16] = "";
		snprintf(num, sizeof num, "%d", r->measure);
		if (r->has_percent)
			snprintf(pct, sizeof pct, "%d", r->percent);
		/* in a table, a record of another kind (issue 15): its kind and
		 * what it says, in the note column */
		bool st = fg_record_has_status(r);
		char *what = NULL;
		if (r->kind != FG_KIND_STATUS && !machine) {
			size_t wl = 0;
			FILE *w = open_memstream(&what, &wl);
			if (!w)
				app_oom();
			fprintf(w, "[%s]", log_kind_tag(r, fmt));
			if (r->kind == FG_KIND_STRUCTURE) {
				fputc(' ', w);
				log_structure_text(w, r);
			} else {
				const char *const part[] = {r->period, r->due,      r->subject, r->note,
							    r->progress, r->problems, r->next};
				for (size_t k = 0; k < sizeof part / sizeof *part; k++)
					if (part[k] && *part[k])
						fprintf(w, " %s", part[k]);
				if (r->has_percent)
					fprintf(w, " %d%%", r->percent);
			}
			if (fclose(w) != 0 || !what)
				app_oom();
		}
		static const char *const marks[] = {NC_("signature", "unsigned"), NC_("signature", "verified"),
						    NC_("signature", "BAD")};
		const char *mark = signed_plan ? marks[rep.mark[i]] : "";
		if (signed_plan && fmt == OUT_TABLE)
			mark = cli_pgettext("signature", mark);
		const char *kind = r->kind == FG_KIND_STATUS ? "status" : fg_record_kind_name(r->kind);
		const char *row[NMAX] = {r->at, r->by, r->as, num, r->unit, st ? out_status(fmt, r->from) : "",
					 st ? out_status(fmt, r->to) : "", what ? what : r->note, mark};
		if (machine) {
			const char *const more[] = {kind, r->period, r->progress, r->problems, r->next, pct, r->due, r->subject};
			for (size_t k = 0; k < sizeof more / sizeof *more; k++)
				row[extra + k] = more[k];
		}
		out_table_add(&t, row);
		free(what);
	}
	out_table_print(&t, fmt, stdout);
	out_table_free(&t);
	fg_sign_report_free(&rep);
	free(set);
	fg_plan_free(p);
	return FG_EXIT_OK;
}
