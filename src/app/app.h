/* fengong app layer: what both front ends (src/cli, src/tui) share.
 *
 * The plan file and how it was chosen, loading with diagnostics printed,
 * the actor (who, as which unit, read-only or not), "today", the unit
 * resolver and the message catalogue.  main.c builds a struct app and hands
 * it to a CLI command or to the TUI.  Depends on the core only; never on a
 * front end, never on curses.  Prints to stderr (messages before or
 * instead of a screen).
 */
#ifndef FENGONG_APP_H
#define FENGONG_APP_H

#include <stdbool.h>
#include <stddef.h>
#include "fengong/plan.h"
#include "fengong/sshsig.h"

enum { FG_EXIT_OK = 0, FG_EXIT_DATA = 1, FG_EXIT_USAGE = 2 };

struct app {
	const char *file;   /* -f/--file, $FENGONG_FILE, else the user's copy (app_default_plan) */
	const char *as;     /* --as UNIT or $FENGONG_AS, NULL otherwise */
	bool as_env;        /* as came from $FENGONG_AS, not from --as: messages name the variable */
	bool read_only;     /* --read-only */
	const char *by;     /* $FENGONG_USER, else the login name */
	const char *key;    /* --key FILE: the SSH key to sign with (else $FENGONG_SIGNING_KEY, git's user.signingkey) */
	bool file_default;  /* file is the user's default copy (no -f, no $FENGONG_FILE) */
	char *owned;        /* storage of file when the app made the path */
};

/* Fill a from the environment ($FENGONG_FILE, $FENGONG_AS, $FENGONG_USER). */
void app_init(struct app *a);
void app_free(struct app *a);
/* Without -f or $FENGONG_FILE: $XDG_DATA_HOME/fengong/ezhou-2024-24.yaml
 * (~/.local/share/...), created on first use from the installed plan (or,
 * for the build tree's binary, the source tree's), saying so once on
 * stderr.  False (message printed) when it cannot be made. */
bool app_default_plan(struct app *a);

/* Bind the message catalogue: $FENGONG_LOCALEDIR, else the build tree's
 * po/ when this binary is the build tree's, else the installed one. */
void app_i18n_init(void);

/* Print "fengong: message" to stderr (printf-style). */
void app_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print every problem in d to stderr as FILE:LINE:COL: message (control
 * characters escaped). */
void app_print_diag(const struct fg_diag *d);
/* Load a->file; on failure print the problems and return NULL. */
struct fg_plan *app_load(const struct app *a);

/* The actor for edits: by, read-only, and with --as the units the liaison
 * speaks for (*set, p->nunits bools, freed by the caller) and the unit's
 * canonical registry name (fg_plan_canonical_unit), so every front end
 * writes the same `as:`.  False (message printed) when --as names no unit. */
bool app_actor(const struct app *a, const struct fg_plan *p, struct fg_actor *who, bool **set);
/* Resolve a unit the user typed (fg_plan_unit_resolve: a name, alias,
 * member or a unique part of one) into set[nunits]; false, with a sentence
 * naming `what` (--unit, --as, UNIT) and listing the candidates of an
 * ambiguous part, when it designates no single unit (a usage error: exit 2).
 * *name (may be NULL) gets the unit's name. */
bool app_unit(const struct fg_plan *p, const char *query, const char *what, const char *file, bool *set,
	      const char **name);
/* A --unit query resolved by app_unit into *set over the registry (freed
 * by the caller); false, message printed, when none. */
bool app_unit_set(const struct fg_plan *p, const char *query, const char *file, bool **set);
/* app_load, then --unit resolved into *set (unit may be NULL: *set stays
 * NULL); NULL, problem printed and *rc the exit code (1 for the file, 2 for
 * a unit the plan does not have), when refused. */
struct fg_plan *app_load_for_unit(const struct app *a, const char *unit, bool **set, int *rc);

/* Today as YYYY-MM-DD; FENGONG_TODAY pins it (tests, "as of" reports).
 * False (message printed) when FENGONG_TODAY is set but not a date. */
bool app_today(char out[16]);

/* Out of memory in a front end: print and exit 1 (after the hook, if set:
 * the TUI writes its recovery file there). */
void *app_xcalloc(size_t n, size_t size);
void app_oom(void) __attribute__((noreturn));
extern void (*app_oom_hook)(void);

/* Trusted coordinator keys from the trust file (trust.c):
 * $FENGONG_TRUST_FILE, else $XDG_CONFIG_HOME/fengong/trust (default
 * ~/.config/fengong/trust), one SHA256:... fingerprint a line, `#`
 * comments.  A missing file is no pins. */
struct app_trust {
	char **pins;
	size_t n;
	char *from; /* the file the pins came from (when n > 0) */
};
/* The trust file's path; false when there is none (no $HOME). */
bool app_trust_path(char *buf, size_t len);
/* Read it into t: 0, or -1 (FILE:LINE:COL: problem printed, t empty) when
 * it cannot be read or a line is not a fingerprint: a usage error, exit 2. */
int app_trust_read(struct app_trust *t);
void app_trust_free(struct app_trust *t);
/* The trust pins when no --trust is given: $FENGONG_TRUST (blank- or
 * comma-separated fingerprints), else the trust file.  0, or -1 (the
 * problem printed, t empty) when a pin is not a fingerprint or the trust
 * file is malformed or unreadable: a usage error. */
struct app_pins {
	const char **v;
	size_t n;
	const char *from; /* where they came from, for messages */
	char *store;
	struct app_trust file;
};
int app_pins_gather(struct app_pins *t);
void app_pins_free(struct app_pins *t);
/* Whether s is a key fingerprint as OpenSSH prints it: SHA256: and 43
 * characters of unpadded base64. */
bool app_fingerprint_ok(const char *s);
/* ------------------------------------------------------------ signing (signing.c)
 * Both front ends sign the same way (issue 14): the key from --key, else
 * $FENGONG_SIGNING_KEY, else git's user.signingkey (a private key file, or
 * a public key whose private half is in ssh-agent); the person and unit
 * from the key's entry in `signers:`; --as a check, not a claim. */

struct app_sign_ctx;

/* What app_signing_setup prepared; freed by app_signing_free. */
struct app_signing {
	struct app_sign_ctx *ctx;       /* NULL: the save does not sign */
	const struct fg_signer *signer; /* who the key is, in the plan given to the setup (its strings
					 * go with that plan's next save) */
	char fingerprint[FG_SSH_FP_LEN];
	char from[64];                  /* where the key came from: "--key", ... */
	bool *as_set;
	bool auditor;                   /* the setup refused an auditor's key (a screen opens read-only) */
};

/* The key file to sign with: --key, else $FENGONG_SIGNING_KEY, else git's
 * user.signingkey (malloc'd), or NULL; *from names where it came from. */
char *app_signing_key_file(const struct app *g, const char **from);
/* When p requires signing (or need, or --key was given): find the key,
 * make the save sign with it (so, when non-NULL), and, when who is
 * non-NULL, rebuild the actor from the key's entry in signers: (--as must
 * agree with it; who->by and who->as then point into p).  False, with the
 * reason printed, when the edit must be refused. */
bool app_signing_setup(const struct app *g, struct fg_plan *p, bool need, struct fg_actor *who,
		       struct fg_save_opts *so, struct app_signing *s);
/* The same, the reason written to msg[msglen] instead of printed (a front
 * end with a screen shows it itself). */
bool app_signing_setup_msg(const struct app *g, struct fg_plan *p, bool need, struct fg_actor *who,
			   struct fg_save_opts *so, struct app_signing *s, char *msg, size_t msglen);
void app_signing_free(struct app_signing *s);
/* Make a save sign with s (nothing when s signs nothing). */
void app_signing_opts(const struct app_signing *s, struct fg_save_opts *so);
/* fn(ctx, true) before each run of ssh-keygen and fn(ctx, false) after it
 * (a screen steps aside so that a passphrase can be asked). */
void app_signing_around(struct app_signing *s, void (*fn)(void *ctx, bool before), void *ctx);
/* Whether ssh-keygen may ask for a passphrase: the key is a private key
 * file that is encrypted (or not recognised); a public key (ssh-agent) or
 * an unencrypted OpenSSH key does not ask. */
bool app_signing_may_prompt(const struct app_signing *s);

#endif
