/* fengong app layer: signing (issue 14) as both front ends do it — the key
 * to sign with, identity from the key's entry in `signers:`, and the save's
 * signing callback running `ssh-keygen -Y sign -n fengong`. */
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fengong/sign.h"
#include "fengong/sshsig.h"
#include "fengong/text.h"

#define _(s) gettext(s)

extern char **environ;

/* A name or unit from the plan, as a message may show it on a terminal
 * (controls, bidi and invisible characters escaped: fengong/text.h).  Four
 * buffers in turn, so one message can show several. */
static const char *shown(const char *s)
{
	static char buf[4][512];
	static unsigned next;
	char *b = buf[next++ % 4];
	return fg_text_show(s ? s : "", b, sizeof buf[0]);
}

/* ------------------------------------------------------------ the signing key */

/* `git config --get user.signingkey`, or NULL. */
static char *git_signing_key(void)
{
	int po[2];
	if (pipe2(po, O_CLOEXEC) != 0)
		return NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	char *argv[] = { "git", "config", "--get", "user.signingkey", NULL };
	pid_t pid;
	int rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	if (rc != 0) {
		close(po[0]);
		return NULL;
	}
	char buf[4096];
	size_t n = 0;
	ssize_t r;
	while (n + 1 < sizeof buf && ((r = read(po[0], buf + n, sizeof buf - 1 - n)) > 0 || (r < 0 && errno == EINTR)))
		if (r > 0)
			n += (size_t)r;
	close(po[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	buf[n] = 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || !n)
		return NULL;
	if (buf[0] == '~' && buf[1] == '/' && getenv("HOME")) {
		const char *home = getenv("HOME");
		char *full = app_xcalloc(strlen(home) + n + 1, 1);
		sprintf(full, "%s%s", home, buf + 1);
		return full;
	}
	return strdup(buf);
}

char *app_signing_key_file(const struct app *g, const char **from)
{
	if (g->key && *g->key) {
		*from = "--key";
		return strdup(g->key);
	}
	const char *e = getenv("FENGONG_SIGNING_KEY");
	if (e && *e) {
		*from = "$FENGONG_SIGNING_KEY";
		return strdup(e);
	}
	*from = "git's user.signingkey";
	char *k = git_signing_key();
	if (k && strncmp(k, "key::", 5) == 0) {
		/* a literal public key (git's own form): ssh-keygen wants a file,
		 * and the agent holds the private half */
		const char *tmpdir = getenv("TMPDIR");
		char *path = app_xcalloc(4200, 1);
		snprintf(path, 4200, "%s/fengong-key.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
		int fd = mkstemp(path);
		size_t len = strlen(k + 5);
		bool ok = fd >= 0 && write(fd, k + 5, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
		if (fd >= 0)
			close(fd);
		free(k);
		if (!ok) {
			if (fd >= 0)
				unlink(path);
			free(path);
			return NULL;
		}
		*from = "git's user.signingkey (key::, through ssh-agent)";
		return path;
	}
	return k;
}

/* ------------------------------------------------------------ signing */

struct app_sign_ctx {
	char *keyfile;
	bool temp; /* a temporary file holding git's key:: literal */
	struct fg_sshkey *key;
	void (*around)(void *ctx, bool before);
	void *around_ctx;
};

static char *sign_cb(void *vctx, const char *msg, size_t len, char *err, size_t errlen)
{
	struct app_sign_ctx *c = vctx;
	if (c->around)
		c->around(c->around_ctx, true);
	char *sig = fg_sshsig_sign(c->keyfile, FG_SSHSIG_NS, msg, len, err, errlen);
	if (c->around)
		c->around(c->around_ctx, false);
	if (!sig)
		return NULL;
	/* never store a signature that would not verify (a .pub beside another
	 * private key, say) */
	if (fg_sshsig_verify(sig, strlen(sig), msg, len, FG_SSHSIG_NS, c->key, err, errlen) != FG_SSHSIG_OK) {
		free(sig);
		return NULL;
	}
	return sig;
}

void app_signing_free(struct app_signing *s)
{
	if (s->ctx) {
		if (s->ctx->temp)
			unlink(s->ctx->keyfile);
		free(s->ctx->keyfile);
		fg_sshkey_free(s->ctx->key);
		free(s->ctx);
	}
	free(s->as_set);
	memset(s, 0, sizeof *s);
}

void app_signing_around(struct app_signing *s, void (*fn)(void *ctx, bool before), void *ctx)
{
	if (s->ctx) {
		s->ctx->around = fn;
		s->ctx->around_ctx = ctx;
	}
}

void app_signing_opts(const struct app_signing *s, struct fg_save_opts *so)
{
	if (!s->ctx)
		return;
	so->sign = sign_cb;
	so->sign_ctx = s->ctx;
	so->sign_key = s->fingerprint;
}

/* Standard base64 of the start of a text (blanks skipped) into out[max]:
 * how many bytes were decoded. */
static size_t b64_prefix(const char *s, unsigned char *out, size_t max)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned v = 0;
	int bits = 0;
	size_t n = 0;
	for (; *s && *s != '-' && *s != '=' && n < max; s++) {
		const char *c = strchr(tab, *s);
		if (!c) {
			if (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
				continue;
			break;
		}
		v = (v << 6) | (unsigned)(c - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(v >> bits);
		}
	}
	return n;
}

bool app_signing_may_prompt(const struct app_signing *s)
{
	if (!s->ctx)
		return false;
	FILE *f = fopen(s->ctx->keyfile, "r");
	if (!f)
		return true;
	char buf[2048];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	char line[2048];
	size_t ll = strcspn(buf, "\n");
	memcpy(line, buf, ll);
	line[ll] = 0;
	struct fg_sshkey *k = fg_sshkey_parse(line, NULL, 0);
	if (k) { /* a public key: the agent holds the private half */
		fg_sshkey_free(k);
		return false;
	}
	static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
	const char *b = strstr(buf, begin);
	if (!b)
		return strstr(buf, "ENCRYPTED") != NULL || !strstr(buf, "PRIVATE KEY-----");
	/* "openssh-key-v1\0", then the cipher's name as an SSH string */
	unsigned char raw[64];
	size_t got = b64_prefix(b + sizeof begin - 1, raw, sizeof raw);
	static const char magic[] = "openssh-key-v1";
	if (got < sizeof magic + 4 + 4 || memcmp(raw, magic, sizeof magic) != 0)
		return true;
	const unsigned char *l = raw + sizeof magic;
	size_t len = ((size_t)l[0] << 24) | ((size_t)l[1] << 16) | ((size_t)l[2] << 8) | l[3];
	return !(len == 4 && got >= sizeof magic + 8 && memcmp(l + 4, "none", 4) == 0);
}

/* The reason an edit is refused: printed, or into msg when the front end
 * shows it itself. */
struct say {
	char *msg;
	size_t len;
};

static void say(struct say *to, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct say *to, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (to->msg) {
		if (!*to->msg)
			vsnprintf(to->msg, to->len, fmt, ap);
	} else {
		fputs("fengong: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

static bool setup(const struct app *g, struct fg_plan *p, bool need, struct fg_actor *who, struct fg_save_opts *so,
		  struct app_signing *s, struct say *to)
{
	memset(s, 0, sizeof *s);
	if (!need && p->signing != FG_SIGNING_REQUIRED && !(g->key && *g->key))
		return true; /* an unsigned plan: --as and $FENGONG_USER as before */
	const char *from;
	char *file = app_signing_key_file(g, &from);
	if (!file) {
		say(to,
		    _("%s requires signed records, and no key was given: use --key FILE, $FENGONG_SIGNING_KEY or "
		      "git's user.signingkey; nothing was changed"),
		    g->file);
		return false;
	}
	char err[400];
	bool temp = strncmp(from, "git's user.signingkey (key::", 28) == 0;
	struct fg_sshkey *key = fg_sshkey_for_signing(file, err, sizeof err);
	if (!key) {
		say(to, _("the signing key from %s (%s): %s; nothing was changed"), from, file, err);
		if (temp)
			unlink(file);
		free(file);
		return false;
	}
	s->ctx = app_xcalloc(1, sizeof *s->ctx);
	s->ctx->keyfile = file;
	s->ctx->temp = temp;
	s->ctx->key = key;
	snprintf(s->fingerprint, sizeof s->fingerprint, "%s", fg_sshkey_fingerprint(key));
	snprintf(s->from, sizeof s->from, "%s", from);
	if (so)
		app_signing_opts(s, so);
	if (!who)
		return true;

	/* identity from the key */
	const struct fg_signer *me = fg_plan_signer_by_key(p, s->fingerprint);
	if (!me) {
		say(to,
		    _("%s: the key %s (from %s) is not a signer of this plan; `fengong signers list` shows who is; "
		      "nothing was changed"),
		    g->file, s->fingerprint, from);
		app_signing_free(s);
		return false;
	}
	s->signer = me;
	if (me->role == FG_SIGNER_AUDITOR) {
		say(to, _("%s is an auditor: an auditor's key signs nothing; nothing was changed"), shown(me->name));
		app_signing_free(s);
		s->auditor = true; /* what the key is, for a front end that opens read-only */
		s->signer = me;
		return false;
	}
	struct app g2 = *g;
	g2.by = me->name;
	if (me->role == FG_SIGNER_LIAISON) {
		if (g->as) {
			/* --as is a check, not a claim; typed as anywhere (税务 is 市税务局) */
			bool *set = app_xcalloc(p->nunits + 1, sizeof *set);
			const char *asname = g->as;
			long ai = app_unit(p, g->as, g->as_env ? "$FENGONG_AS" : "--as", g->file, set, &asname) ? fg_plan_unit_index(p, asname) : -1;
			free(set);
			bool ok = false;
			for (size_t i = 0; i < me->nunits && !ok; i++)
				ok = ai >= 0 && fg_plan_unit_index(p, me->units[i]) == ai;
			if (!ok) {
				/* name what the user gave: the option, or the variable when it came from there */
				say(to, _("%s%s: %s's key speaks for %s, not for %s; nothing was changed"),
				    g->as_env ? "FENGONG_AS=" : "--as ", g->as,
				    shown(me->name), me->nunits ? shown(me->units[0]) : _("no unit"), g->as);
				app_signing_free(s);
				return false;
			}
		} else if (me->nunits == 1) {
			g2.as = me->units[0];
		} else {
			say(to, _("%s speaks for %zu units: say which with --as UNIT; nothing was changed"), shown(me->name),
			    me->nunits);
			app_signing_free(s);
			return false;
		}
	}
	if (!app_actor(&g2, p, who, &s->as_set)) {
		app_signing_free(s);
		return false;
	}
	return true;
}

bool app_signing_setup(const struct app *g, struct fg_plan *p, bool need, struct fg_actor *who,
		       struct fg_save_opts *so, struct app_signing *s)
{
	struct say to = {NULL, 0};
	return setup(g, p, need, who, so, s, &to);
}

bool app_signing_setup_msg(const struct app *g, struct fg_plan *p, bool need, struct fg_actor *who,
			   struct fg_save_opts *so, struct app_signing *s, char *msg, size_t msglen)
{
	if (msglen)
		*msg = 0;
	struct say to = {msg, msglen};
	return setup(g, p, need, who, so, s, &to);
}
