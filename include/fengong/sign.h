/* Signed plans (issue 14): who signed each history record, whether the
 * signature holds, and whether the signer could make that record.
 *
 * The signers of a plan are established by its history: a `signer-add`
 * record (signed by a coordinator; the very first one by the new
 * coordinator's own key) whose note describes the signer in lines
 *     role=coordinator|liaison|auditor
 *     key=TYPE BASE64
 *     unit=NAME            (one line per unit a liaison speaks for)
 * and `signer-remove` records.  A `signing` record (subject required or
 * optional) turns the requirement on or off.  A `correction` record by a
 * trusted coordinator acknowledges the problems of the records before it.  The `signers:` list and
 * `plan.signing` in the file must agree with what the history says.
 */
#ifndef FENGONG_SIGN_H
#define FENGONG_SIGN_H

#include "fengong/plan.h"
#include "fengong/sshsig.h"

/* How one record stands. */
enum fg_rec_mark {
	FG_MARK_UNSIGNED,  /* no signature (allowed before signing was required) */
	FG_MARK_VERIFIED,  /* good signature by a signer allowed to make it */
	FG_MARK_BAD        /* a signature or a signer problem (see the diagnostics) */
};

struct fg_sign_report {
	enum fg_rec_mark *mark;   /* per history record (malloc'd) */
	const char **signer;      /* per record: the signer's name, or NULL */
	char root[FG_SSH_FP_LEN]; /* key the trust rests on: the first coordinator's */
	char root_name[128];
	bool required;            /* signing required according to the history */
	bool pinned;              /* the root or a coordinator was among the pins */
	size_t nverified, nunsigned, nbad;
	size_t correction;        /* the last verified correction record + 1, 0 when none */
	unsigned correction_line;
	size_t nacknowledged;     /* problems before it, acknowledged (not reported) */
	size_t structure;         /* the last verified structure record + 1, 0 when none */
	size_t nstructure;        /* problems of the structure check among d's (fengong/structure.h):
				     the plan's measures, units or due dates changed with no record */
};

/* Check every signature and every signer of p's history against the
 * signers the history establishes, trusting only chains that start at a
 * pinned coordinator key (pins: "SHA256:..." fingerprints; none = trust
 * the first coordinator, and say so in rep->root).  Each problem goes to
 * d at its place, in plain words.  True when there is none. */
bool fg_plan_verify_signed(const struct fg_plan *p, const char *const *pins, size_t npins,
			   struct fg_sign_report *rep, struct fg_diag *d);
void fg_sign_report_free(struct fg_sign_report *rep);

/* Recompute every record's hash over its present predecessor (a
 * coordinator's correction re-chains a history that was edited by hand). */
void fg_history_rechain(struct fg_plan *p);

/* What a new record appended to p signs as its `prev`: the original hash
 * of p's last record (the hash it had when it was signed; its present hash
 * unless a merge re-chained it), "" for an empty history. */
void fg_history_signing_prev(const struct fg_plan *p, char out[65]);

/* The note of a signer-add record for this signer (malloc'd). */
char *fg_signer_note(const struct fg_signer *g);

/* The signer whose key has fingerprint fp, or NULL. */
const struct fg_signer *fg_plan_signer_by_key(const struct fg_plan *p, const char *fp);
const struct fg_signer *fg_plan_signer(const struct fg_plan *p, const char *name);
/* Add (or replace) / remove a signer in the `signers:` list. */
void fg_plan_put_signer(struct fg_plan *p, const struct fg_signer *g);
bool fg_plan_remove_signer(struct fg_plan *p, const char *name);

/* A coordinator's re-import (`fengong import -o PLAN --force` over a
 * signed plan): dst, a plan just made from a document, takes src's
 * history (every hash and signature as it is), signers, signing, review
 * and reporting rules, and the state of every assignment it still has.
 * Refused (FG_ERR_REFUSED, each at its place in src; dst unchanged) when a
 * history record, a signer's unit or an assignment's state names a
 * measure or unit the document no longer has. */
bool fg_plan_adopt(struct fg_plan *dst, const struct fg_plan *src, struct fg_diag *d);

#endif
