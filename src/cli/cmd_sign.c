/* Signing on the command line (issue 14): the key to sign with, identity
 * from the key, `check`'s signature report, and `fengong signers`. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/sign.h"
#include "fengong/sshsig.h"
#include "fengong/structure.h"
#include "fengong/text.h"

/* A name or unit from the plan, as a message may show it on a terminal
 * (controls, bidi and invisible characters escaped: fengong/text.h).  Four
 * buffers in turn, so one message can show several. */
/* A signer's role as the user reads it (the file keeps the English word). */
const char *cli_signer_role_text(enum fg_signer_role r)
{
	switch (r) {
	case FG_SIGNER_COORDINATOR: return cli_pgettext("signer", NC_("signer", "coordinator"));
	case FG_SIGNER_LIAISON: return cli_pgettext("signer", NC_("signer", "liaison"));
	case FG_SIGNER_AUDITOR: return cli_pgettext("signer", NC_("signer", "auditor"));
	default: break;
	}
	return fg_signer_role_name(r);
}

static const char *shown(const char *s)
{
	static char buf[4][512];
	static unsigned next;
	char *b = buf[next++ % 4];
	return fg_text_show(s ? s : "", b, sizeof buf[0]);
}

/* ------------------------------------------------------------ the signing key */

/* The key, the identity from it and the save's signing callback are the
 * app layer's (src/app/signing.c): the terminal interface signs the same
 * way.  cmd_sign.h names them cli_signing_*. */

bool cli_trust_arg_ok(const char *cmd, const char *value)
{
	if (app_fingerprint_ok(value))
		return true;
	cli_error(_("%s --trust %s: not a key fingerprint; write it as `ssh-keygen -l -E sha256 -f KEY.pub` prints "
		    "it, SHA256: and 43 characters"),
		  cmd, shown(value));
	return false;
}

bool cli_history_verifies(const struct cli_globals *g, const struct fg_plan *p)
{
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	bool ok = fg_history_verify(p, &d);
	if (p->nsigners || p->signing) {
		struct app_pins t;
		if (app_pins_gather(&t) != 0) {
			fg_diag_free(&d);
			cli_error(_("%s: nothing was changed"), g->file);
			return false;
		}
		struct fg_sign_report rep;
		ok = fg_plan_verify_signed(p, t.v, t.n, &rep, &d) && ok;
		fg_sign_report_free(&rep);
		app_pins_free(&t);
	}
	if (!ok) {
		cli_print_diag(&d);
		cli_error(_("%s: the history does not verify (above); nothing was changed: restore the file from git or a "
			    "backup, or ask a coordinator"),
			  g->file);
	}
	fg_diag_free(&d);
	return ok;
}

/* ------------------------------------------------------------ check */

int cli_check_signatures(const struct cli_globals *g, const struct fg_plan *p, const char *const *trust, size_t ntrust,
			 struct fg_diag *d)
{
	struct app_pins t = {.v = NULL};
	const char **pins = (const char **)trust;
	size_t npins = ntrust;
	const char *from = "--trust";
	if (!npins) {
		if (app_pins_gather(&t) != 0)
			return 2;
		pins = t.v;
		npins = t.n;
		from = t.from;
	}
	bool any = p->nsigners || p->signing;
	for (size_t i = 0; i < p->nhistory && !any; i++)
		any = p->history[i].sig && *p->history[i].sig;
	if (!any) {
		int rc = 0; /* an unsigned plan */
		if (npins) {
			fg_diag_add(d, FG_ERR_INVALID, 0, 0,
				    _("a key is trusted (%s) but this plan has no signed records and no signers: its signing "
				      "was removed, or it is not the plan you meant"),
				    from);
			rc = 1;
		}
		app_pins_free(&t);
		return rc;
	}
	struct fg_sign_report rep;
	bool ok = fg_plan_verify_signed(p, pins, npins, &rep, d);
	if (*rep.root && !npins)
		printf(_("%s: trust rests on the key %s (%s, the first coordinator); pin it with --trust %s\n"), g->file,
		       rep.root, shown(rep.root_name), rep.root);
	else if (npins && !rep.pinned)
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    _("none of the trusted keys (%s) is a coordinator of this plan: its signers list cannot be "
			      "trusted"),
			    from);
	printf(_("%s: signatures: %zu verified, %zu unsigned, %zu with problems%s\n"), g->file, rep.nverified,
	       rep.nunsigned, rep.nbad, rep.required ? _(" (signing required)") : "");
	if (rep.correction && rep.nacknowledged)
		printf(ngettext("%s: %zu problem with the records before the correction at line %u (by %s) is acknowledged "
				"by it; `fengong log` marks those records BAD\n",
				"%s: %zu problems with the records before the correction at line %u (by %s) are acknowledged "
				"by it; `fengong log` marks those records BAD\n",
				rep.nacknowledged),
		       g->file, rep.nacknowledged, rep.correction_line, shown(p->history[rep.correction - 1].by));
	bool pinned_ok = !npins || rep.pinned;
	fg_sign_report_free(&rep);
	app_pins_free(&t);
	return ok && pinned_ok ? 0 : 1;
}

bool cli_log_marks(const struct fg_plan *p, struct fg_sign_report *rep)
{
	bool any = p->nsigners || p->signing;
	for (size_t i = 0; i < p->nhistory && !any; i++)
		any = p->history[i].sig && *p->history[i].sig;
	if (!any)
		return false;
	struct app_pins t;
	if (app_pins_gather(&t) != 0)
		t.n = 0; /* the marks without pins; `check` tells the trust file's problem */
	struct fg_diag d;
	fg_diag_init(&d, "");
	fg_plan_verify_signed(p, t.v, t.n, rep, &d); /* problems: `check` tells them */
	fg_diag_free(&d);
	app_pins_free(&t);
	return true;
}

/* ------------------------------------------------------------ signers */

int cli_save_signed(const struct cli_globals *g, struct fg_plan *p, struct fg_save_opts *so)
{
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	so->lock_wait_ms = 60000;
	bool ok = fg_plan_save(p, so, &d);
	if (!ok)
		cli_print_diag(&d);
	fg_diag_free(&d);
	return ok ? FG_EXIT_OK : FG_EXIT_DATA;
}

static int signers_list(const struct cli_globals *g)
{
	struct fg_plan *p = cli_load(g);
	if (!p)
		return FG_EXIT_DATA;
	printf(_("signing: %s\n"), p->signing == FG_SIGNING_REQUIRED   ? cli_pgettext("signing", NC_("signing", "required"))
				  : p->signing == FG_SIGNING_OPTIONAL ? cli_pgettext("signing", NC_("signing", "optional"))
								      : cli_pgettext("signing", NC_("signing", "off")));
	for (size_t i = 0; i < p->nsigners; i++) {
		const struct fg_signer *s = &p->signers[i];
		struct fg_sshkey *k = fg_sshkey_parse(s->key, NULL, 0);
		char name[256];
		fg_text_fit(s->name, 40, false, name, sizeof name);
		printf("%s\t%s\t%s\t", name, cli_signer_role_text(s->role), k ? fg_sshkey_fingerprint(k) : "?");
		for (size_t u = 0; u < s->nunits; u++) {
			char unit[256];
			fg_text_fit(s->units[u], 60, false, unit, sizeof unit);
			printf("%s%s", u ? ", " : "", unit);
		}
		putchar('\n');
		fg_sshkey_free(k);
	}
	fg_plan_free(p);
	return FG_EXIT_OK;
}

/* Load, check the history, and find the coordinator signing this change.
 * bootstrap: the plan has no signer yet and `first` (the signer being added,
 * a coordinator) signs its own record with `first_key`. */
static struct fg_plan *coordinator_setup(const struct cli_globals *g, struct fg_actor *who, struct fg_save_opts *so,
					 struct cli_signing *s, const char *first_key)
{
	struct fg_plan *p = cli_load(g);
	if (!p)
		return NULL;
	if (!cli_history_verifies(g, p))
		goto fail;
	if (g->as) {
		cli_error("%s", _("signers are a coordinator's business: leave out --as; nothing was changed"));
		goto fail;
	}
	struct cli_globals g2 = *g;
	if (p->nsigners == 0 && first_key && !(g->key && *g->key) && !(getenv("FENGONG_SIGNING_KEY") && *getenv("FENGONG_SIGNING_KEY")))
		g2.key = first_key; /* the first coordinator signs with the key being added */
	if (!cli_signing_setup(&g2, p, true, p->nsigners ? who : NULL, so, s))
		goto fail;
	if (p->nsigners && s->signer->role != FG_SIGNER_COORDINATOR) {
		cli_error(_("%s is a %s; only a coordinator changes the signers or the signing rule; nothing was changed"),
			  shown(s->signer->name), cli_signer_role_text(s->signer->role));
		cli_signing_free(s);
		goto fail;
	}
	return p;
fail:
	fg_plan_free(p);
	return NULL;
}

static int signers_add(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"unit", required_argument, NULL, 'u'},
		{"key", required_argument, NULL, 'k'},
		{NULL, 0, NULL, 0},
	};
	const char *role = NULL, *keyfile = NULL;
	const char **units = NULL;
	size_t nunits = 0;
	int c, rc = FG_EXIT_USAGE;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			role = optarg;
		else if (c == 'k')
			keyfile = optarg;
		else if (c == 'u') {
			const char **more = realloc(units, (nunits + 1) * sizeof *units);
			if (!more)
				app_oom();
			units = more;
			units[nunits++] = optarg;
		} else
			goto out;
	}
	struct fg_signer ng = {0};
	if (argc - optind != 1 || !role || !keyfile || !fg_signer_role_parse(role, &ng.role)) {
		cli_error("%s", _("signers add needs a name, --role coordinator|liaison|auditor and --key FILE.pub, e.g. "
				"`fengong signers add zhang --role liaison --unit 市税务局 --key zhang.pub`"));
		goto out;
	}
	if (ng.role == FG_SIGNER_LIAISON && !nunits) {
		cli_error("%s", _("a liaison speaks for a unit: give --unit UNIT"));
		goto out;
	}
	rc = FG_EXIT_DATA;
	char err[400];
	struct fg_sshkey *nk = fg_sshkey_for_signing(keyfile, err, sizeof err);
	if (!nk) {
		cli_error(_("--key %s: %s"), keyfile, err);
		goto out;
	}
	ng.name = argv[optind];
	ng.key = fg_sshkey_line(nk);
	ng.units = units;
	ng.nunits = nunits;
	struct fg_actor who = {0};
	struct fg_save_opts so = {0};
	struct cli_signing s;
	struct fg_plan *p = coordinator_setup(g, &who, &so, &s, keyfile);
	if (!p) {
		fg_sshkey_free(nk);
		goto out;
	}
	if (!p->nsigners) {
		if (ng.role != FG_SIGNER_COORDINATOR || strcmp(s.fingerprint, fg_sshkey_fingerprint(nk)) != 0) {
			cli_error(_("the first signer of a plan is a coordinator who signs with the key being added (%s), "
				    "not %s; nothing was changed"),
				  fg_sshkey_fingerprint(nk), s.fingerprint);
			goto done;
		}
		who.by = ng.name;
	}
	for (size_t i = 0; i < nunits; i++) { /* typed as anywhere: a name, alias, member or a unique part */
		bool *set = app_xcalloc(p->nunits + 1, sizeof *set);
		const char *name = units[i];
		bool known = cli_unit(p, units[i], "--unit", g->file, set, &name);
		free(set);
		if (!known || fg_plan_unit_index(p, name) < 0) {
			if (known)
				cli_error(_("%s: %s is not a unit of the registry (`fengong units` lists them)"), g->file,
					  shown(name));
			cli_error("%s", _("nothing was changed"));
			rc = FG_EXIT_USAGE;
			goto done;
		}
		units[i] = name;
	}
	const struct fg_signer *same = fg_plan_signer_by_key(p, fg_sshkey_fingerprint(nk));
	if (same && strcmp(same->name, ng.name) != 0) {
		cli_error(_("the key %s is already %s's; one key, one person; nothing was changed"), fg_sshkey_fingerprint(nk),
			  shown(same->name));
		goto done;
	}
	/* registry names, so that the list reads as the plan does */
	for (size_t i = 0; i < nunits; i++)
		units[i] = p->units[fg_plan_unit_index(p, units[i])].name;
	char *note = fg_signer_note(&ng);
	struct fg_record t = { .kind = FG_KIND_SIGNER_ADD, .subject = ng.name, .note = note };
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	bool replaced = fg_plan_signer(p, ng.name) != NULL; /* the same name again: a new key, role or units */
	if (fg_plan_append(p, NULL, NULL, &t, &who, time(NULL), &d)) {
		fg_plan_put_signer(p, &ng);
		rc = cli_save_signed(g, p, &so);
		if (rc == FG_EXIT_OK)
			printf(replaced ? _("signer %s replaced: now %s, %s\n") : _("signer %s added: %s, %s\n"), shown(ng.name),
			       cli_signer_role_text(ng.role), fg_sshkey_fingerprint(nk));
	} else {
		cli_print_diag(&d);
	}
	fg_diag_free(&d);
	free(note);
done:
	cli_signing_free(&s);
	fg_plan_free(p);
	fg_sshkey_free(nk);
out:
	free(units);
	return rc;
}

static int signers_remove_or_require(int argc, char **argv, const struct cli_globals *g, bool require)
{
	if (argc - optind != (require ? 0 : 1)) {
		cli_error("%s", require ? _("signers require takes no operands") : _("signers remove needs the signer's name"));
		return FG_EXIT_USAGE;
	}
	struct fg_actor who = {0};
	struct fg_save_opts so = {0};
	struct cli_signing s;
	struct fg_plan *p = coordinator_setup(g, &who, &so, &s, NULL);
	if (!p)
		return FG_EXIT_DATA;
	int rc = FG_EXIT_DATA;
	struct fg_record t = {0};
	const struct fg_record *last_rule = NULL; /* the last signing record (not a hand edit of plan.signing) */
	for (size_t i = p->nhistory; require && !last_rule && i-- > 0;)
		if (p->history[i].kind == FG_KIND_SIGNING)
			last_rule = &p->history[i];
	if (require && p->signing == FG_SIGNING_REQUIRED && last_rule && last_rule->subject &&
	    strcmp(last_rule->subject, "required") == 0) { /* nothing to record */
		printf(_("%s already requires signed records; nothing was changed\n"), g->file);
		rc = FG_EXIT_OK;
		goto done;
	}
	if (require) {
		t.kind = FG_KIND_SIGNING;
		t.subject = "required";
	} else {
		const char *name = argv[optind];
		if (!fg_plan_signer(p, name)) {
			cli_error(_("%s: there is no signer '%s'; `fengong signers list` shows them; nothing was changed"), g->file,
				  name);
			rc = FG_EXIT_USAGE; /* a typed name the plan does not have */
			goto done;
		}
		if (strcmp(name, s.signer->name) == 0) {
			cli_error("%s", _("a coordinator does not remove themself; ask another coordinator; nothing was changed"));
			goto done;
		}
		t.kind = FG_KIND_SIGNER_REMOVE;
		t.subject = name;
	}
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	if (fg_plan_append(p, NULL, NULL, &t, &who, time(NULL), &d) &&
	    (!require || fg_plan_append_structure(p, NULL, NULL, NULL, NULL, &who, time(NULL), &d))) {
		if (require)
			p->signing = FG_SIGNING_REQUIRED;
		else
			fg_plan_remove_signer(p, t.subject);
		rc = cli_save_signed(g, p, &so);
		if (rc == FG_EXIT_OK)
			{
			if (require)
				fputs(_("signing is now required\n"), stdout);
			else
				printf(_("signer %s removed\n"), shown(t.subject));
		}
	} else {
		cli_print_diag(&d);
	}
	fg_diag_free(&d);
done:
	cli_signing_free(&s);
	fg_plan_free(p);
	return rc;
}

/* ------------------------------------------------------------ correct */

/* The last status-bearing record of an assignment, or NULL. */
static const struct fg_record *last_status_record(const struct fg_plan *p, int measure, const char *unit)
{
	for (size_t i = p->nhistory; i-- > 0;) {
		const struct fg_record *r = &p->history[i];
		if (r->measure == measure && strcmp(r->unit, unit) == 0 && fg_record_has_status(r))
			return r;
	}
	return NULL;
}

int cmd_correct(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {{"note", required_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
	const char *note = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'n')
			return FG_EXIT_USAGE;
		note = optarg;
	}
	if (optind < argc || !note || !*note) {
		cli_error("%s", _("correct needs --note TEXT saying what was found and why it is accepted, e.g. "
				"`fengong --key KEY correct --note \"第5条记录被手工改动，已核实\"`"));
		return FG_EXIT_USAGE;
	}
	if (g->as) {
		cli_error("%s", _("a correction is a coordinator's: leave out --as; nothing was changed"));
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
		cli_error(_("%s has no signers: a correction is a coordinator's signed record (`fengong signers add`)"),
			  g->file);
		goto out;
	}
	if (!cli_signing_setup(g, p, true, &who, &so, &s))
		goto out;
	if (s.signer->role != FG_SIGNER_COORDINATOR) {
		cli_error(_("%s is a %s; only a coordinator records a correction; nothing was changed"),
			  shown(s.signer->name), cli_signer_role_text(s.signer->role));
		goto out;
	}
	/* the record says what the coordinator saw: the problems, one line each */
	struct fg_diag d;
	fg_diag_init(&d, g->file);
	bool ok = fg_history_verify(p, &d);
	struct app_pins pins;
	if (app_pins_gather(&pins) != 0) {
		fg_diag_free(&d);
		rc = FG_EXIT_USAGE;
		goto out;
	}
	struct fg_sign_report rep;
	ok = fg_plan_verify_signed(p, pins.v, pins.n, &rep, &d) && ok;
	fg_sign_report_free(&rep);
	app_pins_free(&pins);
	if (ok) {
		printf(_("%s: the history verifies; there is nothing to correct\n"), g->file);
		fg_diag_free(&d);
		rc = FG_EXIT_OK;
		goto out;
	}
	cli_print_diag(&d);
	fg_diag_free(&d);
	fg_history_rechain(p);
	fg_diag_init(&d, g->file);
	time_t now = time(NULL);
	struct fg_record t = { .kind = FG_KIND_CORRECTION, .subject = "history", .note = note };
	ok = fg_plan_append(p, NULL, NULL, &t, &who, now, &d) &&
	     fg_plan_append_structure(p, NULL, NULL, NULL, note, &who, now, &d);
	/* every assignment whose state no record explains: its state as found */
	size_t nfixed = 0;
	for (size_t mi = 0; ok && mi < p->nmeasures; mi++) {
		struct fg_measure *m = &p->measures[mi];
		for (size_t k = 0; ok && k < m->nasg; k++) {
			struct fg_assignment *a = &m->asg[k];
			const struct fg_record *r = last_status_record(p, m->number, a->unit);
			bool moved = a->status != FG_STATUS_NOT_STARTED || *a->note;
			if (r ? (r->to == a->status && strcmp(r->note, a->note) == 0) : !moved)
				continue;
			struct fg_record ft = { .kind = FG_KIND_CORRECTION, .has_status = true, .to = a->status,
						.note = a->note, .subject = "state as found" };
			ok = fg_plan_append(p, m, a, &ft, &who, now, &d);
			nfixed++;
		}
	}
	if (!ok) {
		cli_print_diag(&d);
		fg_diag_free(&d);
		goto out;
	}
	fg_diag_free(&d);
	so.canonical = true; /* the chain was recomputed: every hash is rewritten */
	char *name = strdup(s.signer->name); /* a save replaces the plan's strings */
	rc = cli_save_signed(g, p, &so);
	if (rc == FG_EXIT_OK)
		printf(ngettext("correction recorded by %s: the problems above are acknowledged; %zu assignment kept as found\n",
				"correction recorded by %s: the problems above are acknowledged; %zu assignments kept as found\n",
				nfixed),
		       shown(name), nfixed);
	free(name);
out:
	cli_signing_free(&s);
	fg_plan_free(p);
	return rc;
}

/* fengong signers hook GIT_DIR [--trust FP]... FILE...: a pre-receive hook
 * on the shared (bare) repository that checks each pushed plan file. */
static int signers_hook(int argc, char **argv)
{
	static const struct option opts[] = {{"trust", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
	const char *trust[64];
	size_t ntrust = 0;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 't' || ntrust == sizeof trust / sizeof *trust || !cli_trust_arg_ok("signers hook", optarg))
			return FG_EXIT_USAGE;
		trust[ntrust++] = optarg;
	}
	if (argc - optind < 2) {
		cli_error("%s", _("signers hook needs the shared repository and the plan files in it, e.g. "
				"`fengong signers hook /srv/plan.git --trust SHA256:... plan.yaml`"));
		return FG_EXIT_USAGE;
	}
	return cli_install_hook(argv[optind], trust, ntrust, argv + optind + 1, (size_t)(argc - optind - 1),
				"fengong signers hook");
}

int cmd_signers(int argc, char **argv, const struct cli_globals *g)
{
	if (argc < 2) {
		cli_error("%s", _("signers needs a subcommand: add, remove, list or require"));
		return FG_EXIT_USAGE;
	}
	const char *sub = argv[1];
	argv[1] = argv[0];
	argc--;
	argv++;
	optind = 0;
	if (strcmp(sub, "list") == 0) {
		if (argc == 1)
			return signers_list(g);
		cli_error("%s", _("signers list takes no operands; choose the file with -f FILE before the command"));
		return FG_EXIT_USAGE;
	}
	if (strcmp(sub, "add") == 0)
		return signers_add(argc, argv, g);
	if (strcmp(sub, "hook") == 0)
		return signers_hook(argc, argv);
	optind = 1;
	if (strcmp(sub, "remove") == 0)
		return signers_remove_or_require(argc, argv, g, false);
	if (strcmp(sub, "require") == 0)
		return signers_remove_or_require(argc, argv, g, true);
	cli_error(_("unknown signers subcommand '%s': use add, remove, list, require or hook"), sub);
	return FG_EXIT_USAGE;
}
