/* Signing on the command line (cmd_sign.c). */
#ifndef FENGONG_CMD_SIGN_H
#define FENGONG_CMD_SIGN_H

#include "cli.h"
#include "fengong/sshsig.h"

struct sign_ctx;

/* What cli_signing_setup prepared; freed by cli_signing_free. */
struct cli_signing {
	struct sign_ctx *ctx;
	const struct fg_signer *signer; /* who the key is, in p's signers: */
	char fingerprint[FG_SSH_FP_LEN];
	bool *as_set;
};

/* The key file to sign with: --key, else $FENGONG_SIGNING_KEY, else git's
 * user.signingkey (malloc'd), or NULL; *from names where it came from. */
char *cli_signing_key_file(const struct cli_globals *g, const char **from);

/* When p requires signing (or need, or --key was given): find the key,
 * make the save sign with it (so), and, when who is non-NULL, rebuild the
 * actor from the key's entry in signers: (--as must agree with it).  False,
 * with the reason printed, when the edit must be refused. */
bool cli_signing_setup(const struct cli_globals *g, struct fg_plan *p, bool need, struct fg_actor *who,
		       struct fg_save_opts *so, struct cli_signing *s);
void cli_signing_free(struct cli_signing *s);

/* Whether p's history verifies (chain, and signatures when the plan has
 * signers); prints the problems and a refusal when not. */
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

int cmd_correct(int argc, char **argv, const struct cli_globals *g);
int cmd_signers(int argc, char **argv, const struct cli_globals *g);

#endif
