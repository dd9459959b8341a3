/* Signing on the command line (cmd_sign.c). */
#ifndef FENGONG_CMD_SIGN_H
#define FENGONG_CMD_SIGN_H

#include "cli.h"
#include "fengong/sshsig.h"

/* The key, identity from it and the save's signing: the app layer's
 * (src/app/app.h, signing.c), under the names the commands use.
 * cli_signing_setup: when p requires signing (or need, or --key was
 * given), find the key, make the save sign with it (so), and, when who is
 * non-NULL, rebuild the actor from the key's entry in signers: (--as must
 * agree with it).  False, with the reason printed, when the edit must be
 * refused. */
#define cli_signing app_signing
#define cli_signing_key_file app_signing_key_file
#define cli_signing_setup app_signing_setup
#define cli_signing_free app_signing_free

/* Whether p's history verifies (chain, and signatures when the plan has
 * signers); prints the problems and a refusal when not. */
/* A --trust value of the command cmd: true when it is a key fingerprint;
 * else the problem is said (the caller exits 2). */
bool cli_trust_arg_ok(const char *cmd, const char *value);
bool cli_history_verifies(const struct cli_globals *g, const struct fg_plan *p);

/* check's signature part: problems go to d; prints the trust line and the
 * counts.  0 when good, 1 otherwise, 2 (said) when no --trust is given and
 * the trust file is malformed. */
int cli_check_signatures(const struct cli_globals *g, const struct fg_plan *p, const char *const *trust, size_t ntrust,
			 struct fg_diag *d);

/* log's marks: false for a plan without signing; else rep is filled
 * (free it with fg_sign_report_free). */
struct fg_sign_report;
const char *cli_signer_role_text(enum fg_signer_role r);
bool cli_log_marks(const struct fg_plan *p, struct fg_sign_report *rep);

/* Install the pre-receive hook on the shared repository gitdir (cmd_merge.c;
 * `init-git --hook`, `signers hook`): a push whose files matching the
 * patterns do not verify, or rewrite records the repository has, is
 * refused.  by names the command in the hook's comment.  An exit code. */
int cli_install_hook(const char *gitdir, const char *const *trust, size_t ntrust, char *const *patterns, size_t npat,
		     const char *by);

/* Save p with so (waiting up to a minute for the lock), printing the
 * problems: FG_EXIT_OK or FG_EXIT_DATA. */
int cli_save_signed(const struct cli_globals *g, struct fg_plan *p, struct fg_save_opts *so);

int cmd_correct(int argc, char **argv, const struct cli_globals *g);
int cmd_signers(int argc, char **argv, const struct cli_globals *g);

#endif
