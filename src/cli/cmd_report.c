/* fengong report [--unit U] [--format table|tsv|json]
 *     the per-unit scorecard and the reminder list (催办) of red work
 *
 * It reads the plan only.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "fengong/cycle.h"
#include "fengong/text.h"
#include "export/export.h"

static void report_json(const struct fg_plan *p, const bool *set, const struct fg_unit_counts *sc, const size_t *order,
			const struct reminder *r, size_t nr, const char *today)
{
	FILE *out = stdout;
	fputs("{\"plan\": ", out);
	out_json_string(out, p->number ? p->number : "");
	fputs(", \"today\": ", out);
	out_json_string(out, today);
	fputs(",\n \"scorecard\": [", out);
	bool first = true;
	for (size_t i = 0; i < p->nunits; i++) {
		size_t u = order[i], up = fg_plan_unit_umbrella(p, u);
		if (set && !set[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		fputs(first ? "\n  {\"unit\": " : ",\n  {\"unit\": ", out);
		first = false;
		out_json_string(out, p->units[u].name);
		fprintf(out, ", \"lead\": %zu, \"co\": %zu", s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]);
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			fprintf(out, ", \"%s\": %zu", fg_status_name((enum fg_status)st), s->status[st]);
		fprintf(out, ", \"overdue\": %zu, \"light\": \"%s\", \"umbrella\": ", s->overdue, fg_light_name(fg_unit_light(s)));
		out_json_string(out, up < p->nunits ? p->units[up].name : "");
		fputc('}', out);
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

/* A light in the table: its Chinese alone where the locale translates the
 * word ("红"), else both ("红 red"); "-" for none. */
static const char *light_cell(enum fg_light l, char *buf, size_t len)
{
	static const char *const word[FG_LIGHT_COUNT] = {"", NC_("light", "green"), NC_("light", "yellow"),
							  NC_("light", "red")};
	const char *tr = l == FG_LIGHT_NONE ? word[l] : cli_pgettext("light", word[l]);
	if (l == FG_LIGHT_NONE)
		snprintf(buf, len, "-");
	else if (tr != word[l])
		snprintf(buf, len, "%s", tr);
	else
		snprintf(buf, len, "%s %s", light_zh[l], fg_light_name(l));
	return buf;
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
		cli_error(_("report takes no operands ('%s'); choose units with --unit U"), argv[optind]);
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
	/* umbrella units with their members under them (fg_plan_unit_order) */
	size_t *order = app_xcalloc(p->nunits + 1, sizeof *order);
	unsigned *depth = app_xcalloc(p->nunits + 1, sizeof *depth);
	fg_plan_unit_order(p, order, depth);
	bool members = false;
	size_t nr;
	struct reminder *r = reminders_collect(p, set, today, &nr);

	if (fmt == OUT_JSON) {
		report_json(p, set, sc, order, r, nr, today);
	} else {
		bool table = fmt == OUT_TABLE;
		/* the machine formats name a member's umbrella in a last column */
		enum { NCOL = 3 + FG_STATUS_COUNT + 2, NCOLX = NCOL + 1 };
		const char *shead[NCOLX] = {NC_("column", "unit"), NC_("column", "lead"), NC_("column", "co")};
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			shead[3 + st] = out_status(fmt, (enum fg_status)st);
		shead[NCOL - 2] = NC_("column", "overdue");
		shead[NCOL - 1] = NC_("column", "light");
		shead[NCOL] = "umbrella";
		struct out_table t;
		out_table_init(&t, table ? NCOL : NCOLX, shead);
		for (size_t i = 0; i < p->nunits; i++) {
			size_t u = order[i];
			if (set && !set[u])
				continue;
			const struct fg_unit_counts *s = &sc[u];
			char num[NCOL][24], light[32], name[1024];
			size_t v[NCOL] = {s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]};
			for (int st = 0; st < FG_STATUS_COUNT; st++)
				v[2 + st] = s->status[st];
			v[2 + FG_STATUS_COUNT] = s->overdue;
			size_t up = depth[i] ? fg_plan_unit_umbrella(p, u) : SIZE_MAX;
			members |= depth[i] > 0;
			snprintf(name, sizeof name, "%*s%s", table ? 2 * (int)(depth[i] < 8 ? depth[i] : 8) : 0, "", p->units[u].name);
			const char *row[NCOLX] = {name};
			row[NCOL] = up < p->nunits ? p->units[up].name : "";
			for (int k = 0; k < NCOL - 2; k++) {
				snprintf(num[k], sizeof num[k], "%zu", v[k]);
				row[k + 1] = num[k];
			}
			enum fg_light l = fg_unit_light(s);
			if (table)
				light_cell(l, light, sizeof light);
			else
				snprintf(light, sizeof light, "%s", l == FG_LIGHT_NONE ? "" : fg_light_name(l));
			row[NCOL - 1] = light;
			out_table_add(&t, row);
		}
		char shown[512];
		if (table)
			printf(_("Scorecard of %s as of %s (overdue: past the measure's due date and not done)\n"),
			       fg_text_show(p->number && *p->number ? p->number : g->file, shown, sizeof shown), today);
		out_table_print(&t, fmt, stdout);
		out_table_free(&t);
		if (table && members)
			printf("%s\n", _("Indented: an umbrella unit's members, each reporting its own rows; the umbrella's counts "
					 "are its roll-up, one per measure, by the rule of a measure's."));

		static const char *rhead[] = {NC_("column", "unit"),   NC_("column", "measure"), NC_("column", "label"),
					      NC_("column", "title"),  NC_("column", "role"),    NC_("column", "status"),
					      NC_("column", "due"),    NC_("column", "reason"),  NC_("column", "light"),
					      NC_("column", "note")};
		out_table_init(&t, 10, rhead);
		t.max_width[3] = 24;
		t.max_width[9] = OUT_FIT_TERMINAL; /* the note */
		for (size_t i = 0; i < nr; i++) {
			char num[16], reason[64], red[32];
			snprintf(num, sizeof num, "%d", r[i].m->number);
			if (table) /* in the user's language */
				reminder_reason_text(&r[i], reason, sizeof reason);
			else
				reminder_reason(&r[i], reason, sizeof reason);
			const char *row[] = {p->units[r[i].unit].name, num, r[i].m->label, r[i].m->title,
					     out_role(fmt, r[i].a->role), out_status(fmt, r[i].a->status), fg_asg_due(NULL, r[i].m, r[i].a),
					     reason, table ? light_cell(FG_LIGHT_RED, red, sizeof red) : "red", r[i].a->note};
			out_table_add(&t, row);
		}
		putchar('\n');
		if (table && nr == 0)
			printf(_("Reminders (催办) as of %s: none; nothing is overdue, delayed or blocked.\n"), today);
		else {
			if (table)
				printf(ngettext("Reminders (催办) as of %s: %zu assignment overdue, delayed or blocked\n",
						"Reminders (催办) as of %s: %zu assignments overdue, delayed or blocked\n", nr),
				       today, nr);
			out_table_print(&t, fmt, stdout);
		}
		out_table_free(&t);
	}
	free(r);
	free(sc);
	free(order);
	free(depth);
	free(set);
	fg_plan_free(p);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error(_("could not write the report to standard output: %s"), strerror(errno));
		return FG_EXIT_DATA;
	}
	return FG_EXIT_OK;
}
