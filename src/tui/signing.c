/* fengong TUI: signed records (issue 14).
 *
 * On a plan with signers, or one that requires signing, the interface
 * signs as the commands do (the app layer's src/app/signing.c): the key
 * from --key, $FENGONG_SIGNING_KEY or git's user.signingkey; the person
 * and unit from the key's entry in `signers:`.  The save signs every record
 * it appends with `ssh-keygen -Y sign`; when ssh-keygen may ask for the
 * key's passphrase the screen steps aside while it runs.  Without a usable
 * key on a plan that requires signing, the edits can be made and are kept,
 * but not saved.  Nothing is ever appended to a history that does not
 * verify.
 */
#include "tui.h"
#include "fengong/sign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ssh-keygen asks for the passphrase on the terminal: leave curses mode
 * while it runs, then take the screen back. */
static void around_keygen(void *ctx, bool before)
{
	struct tui *t = ctx;
	if (before) {
		def_prog_mode();
		tui_input_end();
		endwin();
		tui_screen_active = 0;
		printf("\n");
		printf(_("fengong: signing a record of %s with the key %s (%s); ssh-keygen asks for its passphrase "
			 "(`ssh-add` keeps it for the session).\n"),
		       t->g->file, t->sign->fingerprint, t->sign->from);
		fflush(stdout);
	} else {
		reset_prog_mode();
		tui_screen_active = 1;
		tui_input_init();
		clearok(curscr, TRUE);
		refresh();
	}
}

static void say_start(struct tui *t, const char *msg)
{
	free(t->sign_start_msg);
	t->sign_start_msg = tui_xstrdup(msg);
}

void tui_signing_init(struct tui *t)
{
	const struct app *g = t->g;
	struct fg_plan *p = t->p;
	bool keyed = g->key && *g->key;
	if (t->read_only || (!p->nsigners && !p->signing && !keyed))
		return; /* an unsigned plan, or nothing will be saved */
	bool required = p->signing == FG_SIGNING_REQUIRED;
	char msg[1024];
	const char *from;
	char *file = app_signing_key_file(g, &from);
	bool found = file != NULL;
	if (file && strncmp(from, "git's user.signingkey (key::", 28) == 0)
		unlink(file); /* the setup below writes it again */
	free(file);
	if (!found) {
		if (!required)
			return; /* signing optional, no key: unsigned records as before */
		t->sign_refusal = tui_xstrdup(_("this plan requires signed records and no signing key was given"));
		say_start(t, _("This plan requires signed records and no signing key was given: your edits cannot be saved. "
			       "Start fengong with --key FILE (or set $FENGONG_SIGNING_KEY or git's user.signingkey)."));
		return;
	}
	struct fg_actor who;
	struct app_signing *s = tui_xmalloc(sizeof *s);
	if (!app_signing_setup_msg(g, p, true, &who, NULL, s, msg, sizeof msg)) {
		if (s->auditor) {
			/* an auditor's key: the session is read-only, as --read-only's */
			char start[600];
			snprintf(start, sizeof start,
				 _("The key is %s's, an auditor's: the plan is open read-only (nothing can be changed or saved)."),
				 s->signer->name);
			say_start(t, start);
			free(s);
			t->read_only = true;
			t->who.read_only = true;
			return;
		}
		free(s);
		if (required || keyed) {
			t->sign_refusal = tui_xstrdup(msg);
			t->sign_key_refused = true;
			char start[1200];
			snprintf(start, sizeof start, _("Your edits cannot be saved: %s."), msg);
			say_start(t, start);
		} else {
			char start[1200];
			snprintf(start, sizeof start, _("Saving unsigned records (signing is optional here): %s."), msg);
			say_start(t, start);
		}
		return;
	}
	/* the person and unit from the key; strings owned here, since a save
	 * replaces the plan's */
	t->sign = s;
	t->sign_role = s->signer->role;
	s->signer = NULL;
	t->by_name = tui_xstrdup(who.by);
	free(t->as_set);
	free(t->as_name);
	t->as_set = s->as_set;
	s->as_set = NULL;
	t->as_name = t->as_set && who.as ? tui_xstrdup(who.as) : NULL;
	if (!t->as_name) {
		free(t->as_set);
		t->as_set = NULL;
	}
	t->who = who;
	t->who.by = t->by_name;
	t->who.as = t->as_name;
	t->who.as_units = t->as_set;
	if (app_signing_may_prompt(s))
		app_signing_around(s, around_keygen, t);
}

void tui_signing_free(struct tui *t)
{
	if (t->sign) {
		app_signing_free(t->sign);
		free(t->sign);
		t->sign = NULL;
	}
	free(t->by_name);
	free(t->sign_refusal);
	free(t->sign_start_msg);
	t->by_name = t->sign_refusal = t->sign_start_msg = NULL;
}

void tui_signing_label(const struct tui *t, char *buf, size_t len)
{
	if (t->sign)
		snprintf(buf, len, _(" · signs as %s"), t->by_name);
	else if (t->sign_refusal && t->sign_key_refused) /* not "no key": the key given is not one that signs here */
		snprintf(buf, len, "%s", _(" · key refused: saving off"));
	else if (t->sign_refusal)
		snprintf(buf, len, "%s", _(" · no key: saving off"));
	else if (len)
		buf[0] = 0;
}

/* Save refused: the edits stay in memory, and in the recovery file too, so
 * that a session with the key can re-apply and sign them. */
static void refuse(struct tui *t, const char *why)
{
	size_t n = 0;
	if (tui_recover_write(t, &n) && n) {
		t->recover_refused = true;
		tui_message(t, true,
			    _("Not saved: %s. Your edits are kept; they are also in %s: quit, start fengong with --key FILE "
			      "and re-apply them."),
			    why, t->recover_path);
	} else
		tui_message(t, true, _("Not saved: %s. Your edits are kept; start fengong with --key FILE to save signed "
				       "records."),
			    why);
}

bool tui_signing_save_ok(struct tui *t, struct fg_save_opts *so)
{
	if (!t->p->nsigners && !t->p->signing && !t->sign)
		return true;
	if (t->sign_refusal) {
		refuse(t, t->sign_refusal);
		return false;
	}
	/* the history as it is on disk (in memory, the unsaved edits have
	 * moved assignments that their records, made by the save, explain) */
	struct fg_diag d;
	fg_diag_init(&d, t->g->file);
	struct fg_plan *p = fg_plan_load(t->g->file, &d);
	bool ok = p != NULL;
	struct app_pins pins;
	if (ok && app_pins_gather(&pins) != 0) {
		/* the trust the command line would check with cannot be read */
		tui_message(t, true, "%s",
			    _("Not saved: the trusted keys ($FENGONG_TRUST or the trust file) cannot be read; `fengong check` "
			      "says why. Your edits are kept."));
		fg_plan_free(p);
		fg_diag_free(&d);
		return false;
	}
	if (p) {
		struct fg_sign_report rep;
		ok = fg_history_verify(p, &d);
		ok = fg_plan_verify_signed(p, pins.v, pins.n, &rep, &d) && ok;
		fg_sign_report_free(&rep);
		app_pins_free(&pins);
	}
	if (!ok) {
		char first[1024] = "";
		if (d.n)
			fg_diag_format(&d, 0, first, sizeof first);
		tui_message(t, true, _("Not saved: the history does not verify (%s). Your edits are kept; run `fengong check`."),
			    first);
	} else if (!t->sign && p->signing == FG_SIGNING_REQUIRED) {
		/* signing was required after this session started */
		refuse(t, _("this plan requires signed records and no signing key was given"));
		ok = false;
	} else if (t->sign) {
		const struct fg_signer *me = fg_plan_signer_by_key(p, t->sign->fingerprint);
		if (!me || me->role != t->sign_role || strcmp(me->name, t->by_name) != 0) {
			char why[600];
			snprintf(why, sizeof why, _("the key %s is no longer %s's, with the same role, in this plan's signers"),
				 t->sign->fingerprint, t->by_name);
			refuse(t, why);
			ok = false;
		} else {
			app_signing_opts(t->sign, so);
		}
	}
	fg_plan_free(p);
	fg_diag_free(&d);
	return ok;
}
