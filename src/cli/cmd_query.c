/* Read-only commands: list, show, units, check, log. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "fengong/text.h"

/* ------------------------------------------------------------ shared */

static bool parse_measure_number(const char *s, int *n)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > 1000000000)
		return false;
	*n = (int)v;
	return true;
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
			if (!fg_role_parse(optarg, &role)) {
				cli_error("unknown role '%s'; use lead or co", optarg);
				return FG_EXIT_USAGE;
			}
			f.role = (int)role;
			break;
		case 's':
			if (!fg_status_parse(optarg, &st)) {
				cli_error("unknown status '%s'; use one of %s", optarg, fg_status_list());
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
		cli_error("list takes no operands ('%s'); filter with --unit, --role, --status", argv[optind]);
		return FG_EXIT_USAGE;
	}
	bool *set = NULL;
	struct fg_plan *p = cli_load_for_unit(g, unit, &set);
	if (!p)
		return FG_EXIT_DATA;
	f.units = set;
	static const char *head[] = {"measure", "label", "title", "unit", "role", "status", "updated", "by", "note"};
	struct out_table t;
	out_table_init(&t, 9, head);
	t.max_width[2] = 24;
	t.max_width[8] = 40;
	size_t most = 1;
	for (size_t i = 0; i < p->nmeasures; i++)
		most = p->measures[i].nasg > most ? p->measures[i].nasg : most;
	struct cli_row *rows = calloc(most, sizeof *rows);
	if (!rows)
		abort();
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		char num[16];
		snprintf(num, sizeof num, "%d", m->number);
		size_t n = 0;
		cli_measure_rows(m, &f, rows, &n);
		for (size_t k = 0; k < n; k++) {
			const struct fg_assignment *a = rows[k].a;
			const char *row[] = {num, m->label, m->title, a->unit, fg_role_name(a->role),
					     fg_status_name(a->status), a->updated, a->by, a->note};
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

int cmd_show(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		return FG_EXIT_USAGE;
	if (argc - optind != 1) {
		cli_error("show takes one measure number, e.g. `fengong show 9`");
		return FG_EXIT_USAGE;
	}
	int n;
	if (!parse_measure_number(argv[optind], &n)) {
		cli_error("'%s' is not a measure number; give a number such as 9", argv[optind]);
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	const struct fg_measure *m = fg_plan_measure(p, n);
	if (!m) {
		cli_error("%s: there is no measure %d; the plan has %zu measures", g->file, n, p->nmeasures);
		fg_plan_free(p);
		return FG_EXIT_DATA;
	}
	char buf[4096];
	fg_text_fit(m->label, 200, false, buf, sizeof buf);
	printf("%s ", buf);
	fg_text_fit(m->title, 1000, false, buf, sizeof buf);
	printf("%s\n", buf);
	printf("measure: %d\n", m->number);
	if (m->section_index != SIZE_MAX) {
		char id[256];
		fg_text_fit(m->section, 100, false, id, sizeof id); /* ids come from the file: escape them too */
		fg_text_fit(p->sections[m->section_index].title, 1000, false, buf, sizeof buf);
		printf("section: %s、%s\n", id, buf);
	}
	printf("status: %s (%zu of %zu assignments done)\n", fg_status_name(fg_measure_rollup(m)), fg_measure_done(m),
	       m->nasg);
	if (*m->due)
		printf("due: %s\n", m->due);
	printf("text:\n");
	fg_text_wrap(m->text, 76, wrap_line, NULL);
	if (m->ntargets) {
		printf("targets:\n");
		for (size_t i = 0; i < m->ntargets; i++) {
			fg_text_fit(m->targets[i], 1000, false, buf, sizeof buf);
			printf("  - %s\n", buf);
		}
	}
	if (!m->nasg) {
		fg_text_fit(*m->unassigned ? m->unassigned : "none", 1000, false, buf, sizeof buf);
		printf("units: none (%s)\n", buf);
	} else {
		printf("assignments:\n");
		static const char *head[] = {"  unit", "role", "status", "updated", "by", "note"};
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
					snprintf(members, sizeof members, "(%zu members)", nrows);
					snprintf(unit, sizeof unit, "  %s", a->via);
					const char *urow[] = {unit, fg_role_name(a->role), fg_status_name(st), "", "", members};
					out_table_add(&t, urow);
				}
				snprintf(unit, sizeof unit, a->via_index != SIZE_MAX ? "    %s" : "  %s", a->unit);
				const char *row[] = {unit, fg_role_name(a->role), fg_status_name(a->status), a->updated, a->by,
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
				printf("due for %s: %s (extension granted)\n", unit, a->due_granted);
			else if (*a->due)
				printf("due for %s: %s\n", unit, a->due);
			if (*a->due_asked)
				printf("extension asked by %s: to %s (fengong approve/return)\n", unit, a->due_asked);
			if (a->status == FG_STATUS_SUBMITTED)
				printf("awaiting confirmation: %s (fengong approve/return)\n", unit);
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
		cli_error("units takes no operands");
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	size_t nu = p->nunits;
	size_t (*count)[FG_ROLE_COUNT + FG_STATUS_COUNT] = calloc(nu + 1, sizeof *count);
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t k = 0; k < p->measures[i].nasg; k++) {
			const struct fg_assignment *a = &p->measures[i].asg[k];
			count[a->unit_index][a->role]++;
			count[a->unit_index][FG_ROLE_COUNT + a->status]++;
		}
	static const char *head[] = {"unit", "lead", "co", "not_started", "in_progress", "done", "delayed", "blocked"};
	struct out_table t;
	out_table_init(&t, 8, head);
	for (size_t u = 0; u < nu; u++) {
		char num[7][16];
		const char *row[8] = {p->units[u].name};
		for (int k = 0; k < 7; k++) {
			snprintf(num[k], sizeof num[k], "%zu", count[u][k]);
			row[k + 1] = num[k];
		}
		out_table_add(&t, row);
	}
	out_table_print(&t, fmt, stdout);
	out_table_free(&t);
	free(count);
	fg_plan_free(p);
	return FG_EXIT_OK;
}

/* ------------------------------------------------------------ check */

int cmd_check(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		return FG_EXIT_USAGE;
	if (optind < argc) {
		cli_error("check takes no operands; choose the file with -f FILE before the command");
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	bool ok = fg_history_verify(p, &d);
	cli_print_diag(&d);
	fg_diag_free(&d);
	if (ok) {
		size_t nasg = 0;
		for (size_t i = 0; i < p->nmeasures; i++)
			nasg += p->measures[i].nasg;
		printf("%s: ok: %zu measures, %zu assignments, %zu units, %zu history records\n", g->file, p->nmeasures,
		       nasg, p->nunits, p->nhistory);
	}
	fg_plan_free(p);
	return ok ? FG_EXIT_OK : FG_EXIT_DATA;
}

/* ------------------------------------------------------------ log */

int cmd_log(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"unit", required_argument, NULL, 'u'}, {"measure", required_argument, NULL, 'm'},
		{"since", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	const char *unit = NULL, *since = NULL;
	int measure = 0;
	enum out_format fmt = OUT_TABLE;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u': unit = optarg; break;
		case 'm':
			if (!parse_measure_number(optarg, &measure)) {
				cli_error("--measure needs a measure number, not '%s'", optarg);
				return FG_EXIT_USAGE;
			}
			break;
		case 's': {
			int y, mo, d;
			char tail;
			if (sscanf(optarg, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) < 3) {
				cli_error("--since needs a date written YYYY-MM-DD, not '%s'", optarg);
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
		cli_error("log takes no operands");
		return FG_EXIT_USAGE;
	}
	bool *set = NULL;
	struct fg_plan *p = cli_load_for_unit(g, unit, &set);
	if (!p)
		return FG_EXIT_DATA;
	static const char *head[] = {"at", "by", "as", "measure", "unit", "from", "to", "note"};
	struct out_table t;
	out_table_init(&t, 8, head);
	t.max_width[7] = 40;
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		if (measure && r->measure != measure)
			continue;
		if (since && strncmp(r->at, since, strlen(since)) < 0)
			continue;
		if (set) {
			long ui = fg_plan_unit_index(p, r->unit);
			if (ui < 0 || !set[ui])
				continue;
		}
		char num[16];
		snprintf(num, sizeof num, "%d", r->measure);
		/* a record of another kind (issue 15): its kind and what it says, in the note column */
		bool st = fg_record_has_status(r);
		char *what = NULL;
		if (r->kind != FG_KIND_STATUS) {
			size_t wl = 0;
			FILE *w = open_memstream(&what, &wl);
			fprintf(w, "[%s]", fg_record_kind_name(r->kind));
			const char *const part[] = {r->period, r->due, r->subject, r->note, r->progress, r->problems, r->next};
			for (size_t k = 0; k < sizeof part / sizeof *part; k++)
				if (part[k] && *part[k])
					fprintf(w, " %s", part[k]);
			if (r->has_percent)
				fprintf(w, " %d%%", r->percent);
			fclose(w);
		}
		const char *row[] = {r->at, r->by, r->as, num, r->unit, st ? fg_status_name(r->from) : "",
				     st ? fg_status_name(r->to) : "", what ? what : r->note};
		out_table_add(&t, row);
		free(what);
	}
	out_table_print(&t, fmt, stdout);
	out_table_free(&t);
	free(set);
	fg_plan_free(p);
	return FG_EXIT_OK;
}
