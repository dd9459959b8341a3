/* fengong set N UNIT STATUS [--note TEXT]: change one assignment and save. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_sign.h"
#include "output.h"
#include "fengong/cycle.h"
#include "fengong/lock.h"
#include "fengong/text.h"

/* Said at once when another writer holds the plan's lock. */
static void say_lock_wait(const struct fg_lock_holder *h, const char *lockpath, void *ctx)
{
	(void)ctx;
	if (h->known)
		cli_error(_("waiting for the lock held by process %ld on %s since %s (%s)…"), h->pid, h->host, h->since,
			  lockpath);
	else
		cli_error(_("waiting for the lock %s, which does not say who holds it…"), lockpath);
}

int cmd_set(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *note = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return FG_EXIT_USAGE;
		note = optarg;
	}
	if (argc - optind != 3) {
		cli_error("%s", _("set needs a measure number, a unit and a status, e.g. `fengong set 3 市税务局 in_progress --note 已完成摸底`"));
		return FG_EXIT_USAGE;
	}
	const char *num = argv[optind], *unit = argv[optind + 1], *status = argv[optind + 2];
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_DATA;
	bool *as_set = NULL, *uset = NULL;
	/* 3, 三 or （三）; a number out of range (4294967299) is no measure, never measure 3 */
	struct fg_measure *m = fg_plan_measure_ref(p, num);
	enum fg_status st;
	struct fg_actor who;
	const char *uname = unit;
	/* what was typed and is not in the plan or the vocabulary is a usage error (2);
	 * what the data refuses (not assigned, not your unit, read-only) is 1 */
	rc = FG_EXIT_USAGE;
	if (!m) {
		cli_error(_("%s: there is no measure '%s'; the plan has measures numbered 1 to %zu; nothing was changed"), g->file,
			  num, p->nmeasures);
		goto out;
	}
	if (!fg_status_input(status, &st)) {
		cli_error(_("unknown status '%s'; use one of %s; nothing was changed"), status, fg_status_input_list());
		goto out;
	}
	uset = app_xcalloc(p->nunits + 1, sizeof *uset);
	if (!cli_unit(p, unit, _("unit"), g->file, uset, &uname)) {
		cli_error("%s", _("nothing was changed"));
		goto out;
	}
	rc = FG_EXIT_DATA;
	struct fg_assignment *a = cli_pick_assignment(p, m, uname, uset);
	if (!a && cli_umbrella_rows(p, m, uname)) {
		char shown[512];
		cli_error(_("%s: measure %d is reported member by member by %s's members; name one of them (`fengong show %d` "
			    "lists them); nothing was changed"),
			  g->file, m->number, fg_text_show(uname, shown, sizeof shown), m->number);
		goto out;
	}
	if (!a) {
		cli_error(_("%s: %s is not assigned to measure %d; `fengong show %d` lists its units; nothing was changed"),
			  g->file, uname, m->number, m->number);
		goto out;
	}
	/* a signed plan: identity from the key, and never append to a history
	 * that does not verify (that would launder the tampering) */
	struct cli_signing sg = {0};
	/* set re-reads under the lock and applies on top of what others saved */
	struct fg_save_opts so = {.lock_wait_ms = 60000, .on_lock_wait = say_lock_wait};
	if ((p->nsigners || p->signing) && !cli_history_verifies(g, p))
		goto out;
	if (!cli_signing_setup(g, p, false, &who, &so, &sg))
		goto out;
	if (!sg.ctx && !cli_actor(g, p, &who, &as_set)) {
		/* a --as the plan has no unit for was typed (2); a user name that
		 * cannot be recorded is the environment's (1) */
		struct fg_diag nd;
		fg_diag_init(&nd, g->file);
		if (fg_actor_name_check(g->by, &nd))
			rc = FG_EXIT_USAGE;
		fg_diag_free(&nd);
		goto out;
	}
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	enum fg_status old = a->status;
	int number = m->number;
	char *unit_name = strdup(a->unit);
	/* under a reporting cycle a change with a note is also the period's
	 * progress report: it records the period (issue 15) */
	char today[16], period[16] = "";
	if (p->reporting.every != FG_EVERY_NONE && note && *note && cli_today(today))
		fg_period_of(p->reporting.every, today, period);
	struct fg_record tmpl = {.kind = FG_KIND_STATUS, .to = st, .note = note, .period = period};
	if (!(*period ? fg_plan_append(p, m, a, &tmpl, &who, time(NULL), &d)
		      : fg_plan_set(p, m, a, st, note, &who, time(NULL), &d))) {
		cli_print_diag(&d); /* escapes what the file says (a unit's name) */
		cli_error("%s", _("nothing was changed"));
	} else {
		st = a->status; /* a liaison's done under review is recorded as submitted */
		/* set re-reads under the lock and applies on top of what others saved */
		if (fg_plan_save(p, &so, &d)) {
			char shown[1024];
			fg_text_fit(note ? note : "", 400, false, shown, sizeof shown); /* controls escaped */
			char unit_shown[512];
			fg_text_fit(unit_name, 200, false, unit_shown, sizeof unit_shown);
			printf(_("measure %d, %s: %s → %s%s%s\n"), number, unit_shown, out_status(OUT_TABLE, old),
			       out_status(OUT_TABLE, st), note ? _(", note: ") : "", shown);
			rc = FG_EXIT_OK;
		} else {
			cli_print_diag(&d);
		}
	}
	free(unit_name);
	fg_diag_free(&d);
	cli_signing_free(&sg);
out:
	free(uset);
	free(as_set);
	fg_plan_free(p);
	return rc;
}
