/* The plan's structure on the command line (fengong/structure.h):
 *   fengong structure [--note TEXT]       sign the measures, units and due dates as they are
 *   fengong due N UNIT DATE | --clear     set or clear an assignment's own due date */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/date.h"
#include "fengong/sign.h"
#include "fengong/structure.h"
#include "fengong/text.h"

static const char *shown(const char *s, char *buf, size_t len)
{
	return fg_text_show(s ? s : "", buf, len);
}

/* The signer must be a coordinator (what is signed is the coordinator's
 * business); false, with the reason printed, when not. */
static bool coordinator_key(const struct cli_signing *s)
{
	if (!s->signer || s->signer->role == FG_SIGNER_COORDINATOR)
		return true;
	char name[512];
	cli_error(_("%s is a %s; only a coordinator changes or signs the plan's measures, units and due dates; nothing "
		    "was changed"),
		  shown(s->signer->name, name, sizeof name), cli_signer_role_text(s->signer->role));
	return false;
}

/* ------------------------------------------------------------ structure */

int cmd_structure(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *note = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return FG_EXIT_USAGE;
		note = optarg;
	}
	if (optind < argc) {
		cli_error("%s", _("structure takes no operands; say why with --note TEXT, e.g. `fengong --key KEY structure "
				"--note \"第三条措施增加配合单位\"`"));
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_DATA;
	struct fg_actor who;
	struct fg_save_opts so = {0};
	struct cli_signing s = {0};
	if (!p->nsigners) {
		cli_error(_("%s has no signers: a structure record is a coordinator's signed record (`fengong signers add`); "
			    "nothing was changed"),
			  g->file);
		goto out;
	}
	if (!cli_signing_setup(g, p, true, &who, &so, &s) || !coordinator_key(&s))
		goto out;
	/* everything else must verify: a structure record signs the measures,
	 * units and due dates as they are, not a forged history */
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	fg_history_verify(p, &d);
	struct app_pins pins;
	if (app_pins_gather(&pins) != 0) {
		fg_diag_free(&d);
		rc = FG_EXIT_USAGE;
		goto out;
	}
	struct fg_sign_report rep;
	fg_plan_verify_signed(p, pins.v, pins.n, &rep, &d);
	app_pins_free(&pins);
	size_t nstructure = rep.nstructure, last = rep.structure;
	fg_sign_report_free(&rep);
	if (d.n > nstructure) {
		cli_print_diag(&d);
		cli_error(_("%s: the history does not verify (above); a structure record does not cover that: a coordinator "
			    "records a correction (`fengong correct`); nothing was changed"),
			  g->file);
		fg_diag_free(&d);
		goto out;
	}
	if (last && !d.n) {
		printf(_("%s: the last structure record (history record %zu) already covers the plan's measures, units and "
			 "due dates; nothing was changed\n"),
		       g->file, last);
		fg_diag_free(&d);
		rc = FG_EXIT_OK;
		goto out;
	}
	if (d.n) { /* what is being signed over */
		cli_print_diag(&d);
		fflush(stderr);
		printf(_("%s: the changes above are signed as they are\n"), g->file);
	}
	fg_diag_free(&d);
	fg_diag_init(&d, g->file);
	bool ok = fg_plan_append_structure(p, NULL, NULL, NULL, note, &who, time(NULL), &d);
	if (!ok)
		cli_print_diag(&d);
	fg_diag_free(&d);
	if (!ok)
		goto out;
	char *name = strdup(s.signer->name); /* a save replaces the plan's strings */
	rc = cli_save_signed(g, p, &so);
	if (rc == FG_EXIT_OK) {
		char digest[FG_STRUCTURE_DIGEST_LEN], buf[512];
		fg_structure_digest(p, digest);
		printf(_("structure signed by %s: the plan's measures, units and due dates as they are now (%s)\n"),
		       shown(name, buf, sizeof buf), digest);
	}
	free(name);
out:
	cli_signing_free(&s);
	fg_plan_free(p);
	return rc;
}

/* ------------------------------------------------------------ due */

int cmd_due(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"clear", no_argument, NULL, 'c'}, {NULL, 0, NULL, 0}};
	bool clear = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'c')
			return FG_EXIT_USAGE;
		clear = true;
	}
	if (argc - optind != (clear ? 2 : 3)) {
		cli_error("%s", _("due needs a measure number, a unit and a date YYYY-MM-DD (or --clear), e.g. `fengong due 3 "
				"市税务局 2026-12-31`"));
		return FG_EXIT_USAGE;
	}
	const char *num = argv[optind], *unit = argv[optind + 1], *date = clear ? "" : argv[optind + 2];
	if (!clear && !fg_date_valid(date)) {
		cli_error(_("%s: write a date that exists, YYYY-MM-DD (e.g. 2026-12-31); nothing was changed"), date);
		return FG_EXIT_USAGE;
	}
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_USAGE;
	bool *uset = NULL, *as_set = NULL;
	struct cli_signing sg = {0};
	char buf[512];
	struct fg_measure *m = fg_plan_measure_ref(p, num);
	if (!m) {
		cli_error(_("%s: there is no measure '%s'; the plan has measures numbered 1 to %zu; nothing was changed"), g->file,
			  num, p->nmeasures);
		goto out;
	}
	uset = app_xcalloc(p->nunits + 1, sizeof *uset);
	const char *uname = unit;
	if (!cli_unit(p, unit, _("unit"), g->file, uset, &uname)) {
		cli_error("%s", _("nothing was changed"));
		goto out;
	}
	rc = FG_EXIT_DATA;
	struct fg_assignment *a = cli_pick_assignment(p, m, uname, uset);
	if (!a && cli_umbrella_rows(p, m, uname)) {
		cli_error(_("%s: measure %d is reported member by member by %s's members; name one of them (`fengong show %d` "
			    "lists them); nothing was changed"),
			  g->file, m->number, shown(uname, buf, sizeof buf), m->number);
		goto out;
	}
	if (!a) {
		cli_error(_("%s: %s is not assigned to measure %d; `fengong show %d` lists its units; nothing was changed"),
			  g->file, shown(uname, buf, sizeof buf), m->number, m->number);
		goto out;
	}
	/* a plan with signers: signed, identity from the key, a coordinator's
	 * (even where signing is optional: check compares the structure with
	 * the last signed structure record); nothing is appended to a history
	 * that does not verify */
	struct fg_actor who;
	struct fg_save_opts so = {0};
	if ((p->nsigners || p->signing) && !cli_history_verifies(g, p))
		goto out;
	if (!cli_signing_setup(g, p, p->nsigners > 0, &who, &so, &sg) || !coordinator_key(&sg))
		goto out;
	if (!sg.ctx && !cli_actor(g, p, &who, &as_set))
		goto out;
	char was[16];
	snprintf(was, sizeof was, "%s", a->due);
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	int number = m->number;
	char *unit_name = strdup(a->unit);
	if (!fg_plan_set_due(p, m, a, date, &who, time(NULL), &d)) {
		cli_print_diag(&d);
		cli_error("%s", _("nothing was changed"));
	} else if (strcmp(was, date) == 0) {
		if (*date)
			printf(_("measure %d, %s: the due date is already %s; nothing was changed\n"), number,
			       shown(unit_name, buf, sizeof buf), date);
		else
			printf(_("measure %d, %s: has no due date of its own; nothing was changed\n"), number,
			       shown(unit_name, buf, sizeof buf));
		rc = FG_EXIT_OK;
	} else if ((rc = cli_save_signed(g, p, &so)) == FG_EXIT_OK) {
		const struct fg_measure *mm = fg_plan_measure(p, number);
		const char *mdue = mm && *mm->due ? mm->due : _("none");
		if (*date)
			printf(_("measure %d, %s: due %s (was %s)\n"), number, shown(unit_name, buf, sizeof buf), date,
			       *was ? was : mdue);
		else
			printf(_("measure %d, %s: its own due date %s cleared; the measure's applies (%s)\n"), number,
			       shown(unit_name, buf, sizeof buf), was, mdue);
	}
	free(unit_name);
	fg_diag_free(&d);
out:
	cli_signing_free(&sg);
	free(uset);
	free(as_set);
	fg_plan_free(p);
	return rc;
}
