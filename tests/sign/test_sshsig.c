/* SSH keys and SSHSIG signatures: real keys made by ssh-keygen at test time
 * (ed25519, ecdsa P-256, rsa), real signatures made by ssh-keygen -Y sign,
 * verified in-process; ssh-keygen -Y verify must agree with every verdict. */
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>

#include <openssl/evp.h>

#include "../unit/testlib.h"
#include "fengong/sshsig.h"

static char *dir; /* keys: ed, ec, rsa (+ .pub), other (ed25519) */
static const char *const kinds[] = { "ed", "ec", "rsa" };
static const char msg[] = "fengong-record-2\nat=2026-11-26T20:00:00+08:00\nby=zhang\nas=市税务局\nprev=\n";

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	ck_assert_msg(st == 0, "command failed (%d): %s", st, cmd);
}

static void make_keys(void)
{
	dir = tmpdir_new();
	sh("cd '%s' && ssh-keygen -q -t ed25519 -N '' -C ed@test -f ed && ssh-keygen -q -t ecdsa -b 256 -N '' -f ec && "
	   "ssh-keygen -q -t rsa -b 2048 -N '' -f rsa && ssh-keygen -q -t ed25519 -N '' -f other",
	   dir);
}

static void remove_keys(void)
{
	tmpdir_remove(dir);
}

static char *key_path(const char *name)
{
	return path_in(dir, name);
}

static struct fg_sshkey *pubkey(const char *name)
{
	char file[600];
	snprintf(file, sizeof file, "%s/%s.pub", dir, name);
	char *text = read_file(file, NULL);
	char err[300] = "";
	struct fg_sshkey *k = fg_sshkey_parse(text, err, sizeof err);
	ck_assert_msg(k != NULL, "%s: %s", file, err);
	free(text);
	return k;
}

static char *sign_with(const char *name, const char *ns, const char *m)
{
	char *key = key_path(name), err[400] = "";
	char *sig = fg_sshsig_sign(key, ns, m, strlen(m), err, sizeof err);
	ck_assert_msg(sig != NULL, "signing with %s failed: %s", name, err);
	free(key);
	return sig;
}

static enum fg_sshsig_result verify(const char *sig, const char *m, const char *ns, const struct fg_sshkey *k)
{
	char err[400];
	return fg_sshsig_verify(sig, strlen(sig), m, strlen(m), ns, k, err, sizeof err);
}

/* The decoded blob of an armoured signature. */
static unsigned char *sig_decode(const char *sig, size_t *len)
{
	char *body = fg_sshsig_body(sig, strlen(sig));
	ck_assert_ptr_nonnull(body);
	size_t n = strlen(body);
	unsigned char *raw = test_malloc(n);
	int r = EVP_DecodeBlock(raw, (unsigned char *)body, (int)n);
	ck_assert_int_gt(r, 0);
	*len = (size_t)r - (n && body[n - 1] == '=') - (n > 1 && body[n - 2] == '=');
	free(body);
	return raw;
}

static char *sig_encode(const unsigned char *raw, size_t len)
{
	char *out = test_malloc(4 * (len / 3 + 2) + 1);
	EVP_EncodeBlock((unsigned char *)out, raw, (int)len);
	return out;
}

/* ------------------------------------------------------------ public keys */

START_TEST(fingerprint_is_what_ssh_keygen_prints)
{
	for (size_t i = 0; i < 3; i++) {
		char cmd[700], line[300] = "", expect[100] = "";
		snprintf(cmd, sizeof cmd, "ssh-keygen -l -E sha256 -f '%s/%s.pub'", dir, kinds[i]);
		FILE *f = popen(cmd, "r");
		ck_assert_ptr_nonnull(f);
		ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
		ck_assert_int_eq(pclose(f), 0);
		ck_assert_int_eq(sscanf(line, "%*d %99s", expect), 1);
		struct fg_sshkey *k = pubkey(kinds[i]);
		ck_assert_str_eq(fg_sshkey_fingerprint(k), expect);
		fg_sshkey_free(k);
	}
}
END_TEST

START_TEST(key_line_gives_type_comment_and_itself_back)
{
	struct fg_sshkey *k = pubkey("ed");
	ck_assert_str_eq(fg_sshkey_type(k), "ssh-ed25519");
	ck_assert_str_eq(fg_sshkey_comment(k), "ed@test");
	struct fg_sshkey *again = fg_sshkey_parse(fg_sshkey_line(k), NULL, 0);
	ck_assert_ptr_nonnull(again);
	ck_assert(fg_sshkey_equal(k, again));
	ck_assert_str_eq(fg_sshkey_comment(again), "");
	struct fg_sshkey *ec = pubkey("ec"), *rsa = pubkey("rsa");
	ck_assert_str_eq(fg_sshkey_type(ec), "ecdsa-sha2-nistp256");
	ck_assert_str_eq(fg_sshkey_type(rsa), "ssh-rsa");
	ck_assert(!fg_sshkey_equal(k, ec));
	fg_sshkey_free(k);
	fg_sshkey_free(again);
	fg_sshkey_free(ec);
	fg_sshkey_free(rsa);
}
END_TEST

START_TEST(malformed_key_lines_are_refused_with_a_reason)
{
	struct fg_sshkey *ed = pubkey("ed");
	const char *b64 = strchr(fg_sshkey_line(ed), ' ') + 1;
	char line[1200];
	char err[300];
	const char *bad[] = { "", "ssh-ed25519", "ssh-ed25519 !!!!", "ssh-ed25519 AAAA", "hello world" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		err[0] = 0;
		ck_assert_ptr_null(fg_sshkey_parse(bad[i], err, sizeof err));
		ck_assert_msg(err[0], "no reason given for \"%s\"", bad[i]);
	}
	/* the text type must be the encoded one */
	snprintf(line, sizeof line, "ssh-rsa %s", b64);
	ck_assert_ptr_null(fg_sshkey_parse(line, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "ssh-ed25519"));
	/* truncated blob: drop the last 4 base64 characters */
	snprintf(line, sizeof line, "ssh-ed25519 %.*s", (int)strlen(b64) - 4, b64);
	ck_assert_ptr_null(fg_sshkey_parse(line, err, sizeof err));
	/* unsupported types are named */
	ck_assert_ptr_null(fg_sshkey_parse("ssh-dss AAAAB3NzaC1kc3MAAAA=", err, sizeof err));
	fg_sshkey_free(ed);
}
END_TEST

START_TEST(an_ecdsa_point_off_the_curve_is_refused)
{
	struct fg_sshkey *ec = pubkey("ec");
	size_t len;
	/* decode, flip the point's last byte, encode */
	const char *b64 = strchr(fg_sshkey_line(ec), ' ') + 1;
	unsigned char *raw = test_malloc(strlen(b64));
	int r = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)strlen(b64));
	ck_assert_int_gt(r, 0);
	len = (size_t)r - (b64[strlen(b64) - 1] == '=') - (b64[strlen(b64) - 2] == '=');
	raw[len - 1] ^= 1;
	char *enc = sig_encode(raw, len);
	char line[600];
	snprintf(line, sizeof line, "ecdsa-sha2-nistp256 %s", enc);
	char err[300] = "";
	ck_assert_ptr_null(fg_sshkey_parse(line, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "curve"));
	free(enc);
	free(raw);
	fg_sshkey_free(ec);
}
END_TEST

/* ------------------------------------------------------------ verification */

START_TEST(good_signature_verifies)
{
	struct fg_sshkey *k = pubkey(kinds[_i]);
	char *sig = sign_with(kinds[_i], FG_SSHSIG_NS, msg);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, k), FG_SSHSIG_OK);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, NULL), FG_SSHSIG_OK);
	/* the bare base64 body verifies as the armoured text does */
	char *body = fg_sshsig_body(sig, strlen(sig));
	ck_assert_ptr_nonnull(body);
	ck_assert_ptr_null(strchr(body, '\n'));
	ck_assert_int_eq(verify(body, msg, FG_SSHSIG_NS, k), FG_SSHSIG_OK);
	free(body);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(signer_is_the_key_the_signature_embeds)
{
	struct fg_sshkey *k = pubkey(kinds[_i]);
	char *sig = sign_with(kinds[_i], FG_SSHSIG_NS, msg);
	struct fg_sshkey *s = fg_sshsig_signer(sig, strlen(sig), NULL, 0);
	ck_assert_ptr_nonnull(s);
	ck_assert(fg_sshkey_equal(k, s));
	ck_assert_str_eq(fg_sshkey_fingerprint(k), fg_sshkey_fingerprint(s));
	fg_sshkey_free(s);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(tampered_message_is_rejected)
{
	struct fg_sshkey *k = pubkey(kinds[_i]);
	char *sig = sign_with(kinds[_i], FG_SSHSIG_NS, msg);
	char *m = strdup(msg);
	m[strlen(m) - 3] ^= 1;
	ck_assert_int_eq(verify(sig, m, FG_SSHSIG_NS, k), FG_SSHSIG_BAD);
	ck_assert_int_eq(verify(sig, m, FG_SSHSIG_NS, NULL), FG_SSHSIG_BAD);
	ck_assert_int_eq(verify(sig, "", FG_SSHSIG_NS, k), FG_SSHSIG_BAD);
	free(m);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(another_namespace_is_rejected)
{
	struct fg_sshkey *k = pubkey(kinds[_i]);
	char *sig = sign_with(kinds[_i], "git", msg);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, k), FG_SSHSIG_WRONG_NS);
	ck_assert_int_eq(verify(sig, msg, "git", k), FG_SSHSIG_OK);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(another_key_is_rejected)
{
	struct fg_sshkey *other = pubkey("other");
	char *sig = sign_with(kinds[_i], FG_SSHSIG_NS, msg);
	char err[400] = "";
	ck_assert_int_eq(fg_sshsig_verify(sig, strlen(sig), msg, strlen(msg), FG_SSHSIG_NS, other, err, sizeof err),
			 FG_SSHSIG_WRONG_KEY);
	ck_assert_ptr_nonnull(strstr(err, fg_sshkey_fingerprint(other)));
	free(sig);
	fg_sshkey_free(other);
}
END_TEST

/* Swapping the embedded key for another must not help a forger: the
 * signature then fails under the key it names. */
START_TEST(swapped_embedded_key_does_not_verify)
{
	char *sig = sign_with("ed", FG_SSHSIG_NS, msg);
	struct fg_sshkey *other = pubkey("other"), *ed = pubkey("ed");
	size_t len;
	unsigned char *raw = sig_decode(sig, &len);
	/* the key blob starts at 6 + 4 + 4 and has the same length for both */
	const char *ob64 = strchr(fg_sshkey_line(other), ' ') + 1;
	unsigned char oblob[200];
	int on = EVP_DecodeBlock(oblob, (const unsigned char *)ob64, (int)strlen(ob64));
	ck_assert_int_ge(on, 51);
	memcpy(raw + 14, oblob, 51);
	char *forged = sig_encode(raw, len);
	ck_assert_int_eq(verify(forged, msg, FG_SSHSIG_NS, NULL), FG_SSHSIG_BAD);
	ck_assert_int_eq(verify(forged, msg, FG_SSHSIG_NS, other), FG_SSHSIG_BAD);
	ck_assert_int_eq(verify(forged, msg, FG_SSHSIG_NS, ed), FG_SSHSIG_WRONG_KEY);
	free(forged);
	free(raw);
	free(sig);
	fg_sshkey_free(other);
	fg_sshkey_free(ed);
}
END_TEST

START_TEST(every_truncation_is_rejected)
{
	struct fg_sshkey *k = pubkey(kinds[_i]);
	char *sig = sign_with(kinds[_i], FG_SSHSIG_NS, msg);
	size_t len;
	unsigned char *raw = sig_decode(sig, &len);
	for (size_t n = 0; n < len; n++) {
		char *t = sig_encode(raw, n);
		enum fg_sshsig_result r = verify(t, msg, FG_SSHSIG_NS, k);
		ck_assert_msg(r != FG_SSHSIG_OK, "a signature cut to %zu of %zu bytes verified", n, len);
		free(t);
	}
	/* and cut inside the armoured text, by characters */
	for (size_t n = 0; n + 1 < strlen(sig); n += 7) {
		char *t = strndup(sig, n);
		ck_assert_int_ne(verify(t, msg, FG_SSHSIG_NS, k), FG_SSHSIG_OK);
		free(t);
	}
	free(raw);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(every_flipped_byte_is_rejected)
{
	struct fg_sshkey *k = pubkey(kinds[_i]);
	char *sig = sign_with(kinds[_i], FG_SSHSIG_NS, msg);
	size_t len;
	unsigned char *raw = sig_decode(sig, &len);
	for (size_t i = 0; i < len; i++) {
		for (int bit = 0; bit < 8; bit += 7) {
			raw[i] ^= (unsigned char)(1u << bit);
			char *t = sig_encode(raw, len);
			ck_assert_msg(verify(t, msg, FG_SSHSIG_NS, k) != FG_SSHSIG_OK,
				      "flipping bit %d of byte %zu of %zu kept the signature good", bit, i, len);
			ck_assert_msg(verify(t, msg, FG_SSHSIG_NS, NULL) != FG_SSHSIG_OK,
				      "flipping bit %d of byte %zu of %zu kept the signature good (embedded key)", bit, i,
				      len);
			free(t);
			raw[i] ^= (unsigned char)(1u << bit);
		}
	}
	free(raw);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(garbled_text_is_malformed)
{
	struct fg_sshkey *k = pubkey("ed");
	char *sig = sign_with("ed", FG_SSHSIG_NS, msg);
	const char *garbage[] = { "", "hello", "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
				  "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n", "U1NIU0lH", "AAAA====", "U1NIU0lHAAAAAQ" };
	for (size_t i = 0; i < sizeof garbage / sizeof *garbage; i++)
		ck_assert_int_eq(verify(garbage[i], msg, FG_SSHSIG_NS, k), FG_SSHSIG_MALFORMED);
	/* a stray character in the body */
	char *t = strdup(sig);
	char *mid = strchr(t, '\n') + 10;
	*mid = '*';
	ck_assert_int_eq(verify(t, msg, FG_SSHSIG_NS, k), FG_SSHSIG_MALFORMED);
	free(t);
	/* trailing bytes after the signature's last field */
	size_t len;
	unsigned char *raw = sig_decode(sig, &len);
	unsigned char *longer = test_malloc(len + 1);
	memcpy(longer, raw, len);
	longer[len] = 0;
	t = sig_encode(longer, len + 1);
	ck_assert_int_eq(verify(t, msg, FG_SSHSIG_NS, k), FG_SSHSIG_MALFORMED);
	/* a version from the future */
	raw[9] = 2;
	free(t);
	t = sig_encode(raw, len);
	ck_assert_int_eq(verify(t, msg, FG_SSHSIG_NS, k), FG_SSHSIG_UNSUPPORTED);
	free(t);
	free(longer);
	free(raw);
	free(sig);
	fg_sshkey_free(k);
}
END_TEST

START_TEST(sha256_signatures_verify_too)
{
	char *m = path_in(dir, "msg256"), *s = path_in(dir, "msg256.sig");
	write_file(m, msg, strlen(msg));
	remove(s);
	sh("ssh-keygen -q -Y sign -n fengong -O hashalg=sha256 -f '%s/%s' '%s'", dir, kinds[_i], m);
	char *sig = read_file(s, NULL);
	struct fg_sshkey *k = pubkey(kinds[_i]);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, k), FG_SSHSIG_OK);
	fg_sshkey_free(k);
	free(sig);
	free(m);
	free(s);
}
END_TEST

/* ------------------------------------------------------------ ssh-keygen agrees */

/* ssh-keygen -Y verify's verdict on sig over m, for the signer "signer" whose
 * key is `name`.pub, in namespace fengong. */
static bool keygen_verifies(const char *sig, const char *m, const char *name)
{
	char *allowed = path_in(dir, "allowed_signers"), *sf = path_in(dir, "agree.sig"), *mf = path_in(dir, "agree.msg");
	char pubf[600];
	snprintf(pubf, sizeof pubf, "%s/%s.pub", dir, name);
	char *pub = read_file(pubf, NULL);
	char line[2000];
	snprintf(line, sizeof line, "signer@fengong namespaces=\"fengong\" %s", pub);
	write_file(allowed, line, strlen(line));
	write_file(sf, sig, strlen(sig));
	write_file(mf, m, strlen(m));
	char cmd[2000];
	snprintf(cmd, sizeof cmd, "ssh-keygen -Y verify -f '%s' -I signer@fengong -n fengong -s '%s' < '%s' >/dev/null 2>&1",
		 allowed, sf, mf);
	int st = system(cmd);
	ck_assert(WIFEXITED(st));
	free(pub);
	free(allowed);
	free(sf);
	free(mf);
	return WEXITSTATUS(st) == 0;
}

START_TEST(ssh_keygen_agrees_on_good_and_bad)
{
	const char *name = kinds[_i];
	struct fg_sshkey *k = pubkey(name);
	char *good = sign_with(name, FG_SSHSIG_NS, msg);
	char *git = sign_with(name, "git", msg);
	char *other = sign_with("other", FG_SSHSIG_NS, msg);
	char *tampered = strdup(msg);
	tampered[0] = 'F';
	size_t len;
	unsigned char *raw = sig_decode(good, &len);
	struct kase {
		const char *what;
		char *sig;
		const char *m;
	} cases[12];
	size_t n = 0;
	cases[n++] = (struct kase){ "good", strdup(good), msg };
	cases[n++] = (struct kase){ "tampered message", strdup(good), tampered };
	cases[n++] = (struct kase){ "namespace git", strdup(git), msg };
	cases[n++] = (struct kase){ "another key", strdup(other), msg };
	cases[n++] = (struct kase){ "truncated", sig_encode(raw, len - 5), msg };
	/* flips in the key, the namespace, the hash name and the signature itself */
	size_t at[] = { 20, 14 + 4 + 2, len / 2, len - 10, len - 1 };
	for (size_t j = 0; j < sizeof at / sizeof *at; j++) {
		raw[at[j]] ^= 0x40;
		cases[n++] = (struct kase){ "flipped byte", sig_encode(raw, len), msg };
		raw[at[j]] ^= 0x40;
	}
	size_t good_ones = 0;
	for (size_t j = 0; j < n; j++) {
		bool ours = verify(cases[j].sig, cases[j].m, FG_SSHSIG_NS, k) == FG_SSHSIG_OK;
		bool theirs = keygen_verifies(cases[j].sig, cases[j].m, name);
		ck_assert_msg(ours == theirs, "%s key, case %zu (%s): fengong says %s, ssh-keygen says %s", name, j,
			      cases[j].what, ours ? "good" : "bad", theirs ? "good" : "bad");
		good_ones += ours;
		free(cases[j].sig);
	}
	ck_assert_uint_eq(good_ones, 1);
	free(raw);
	free(tampered);
	free(good);
	free(git);
	free(other);
	fg_sshkey_free(k);
}
END_TEST

/* ------------------------------------------------------------ signing */

START_TEST(signing_key_from_private_file_pub_file_or_ssh_keygen)
{
	struct fg_sshkey *ed = pubkey("ed");
	char *priv = key_path("ed"), *pub = key_path("ed.pub"), err[300] = "";
	struct fg_sshkey *a = fg_sshkey_for_signing(priv, err, sizeof err);
	struct fg_sshkey *b = fg_sshkey_for_signing(pub, err, sizeof err);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert(fg_sshkey_equal(a, ed) && fg_sshkey_equal(b, ed));
	/* without the .pub beside it, ssh-keygen -y derives it */
	char *moved = key_path("ed.pub.away");
	ck_assert_int_eq(rename(pub, moved), 0);
	struct fg_sshkey *c = fg_sshkey_for_signing(priv, err, sizeof err);
	ck_assert_int_eq(rename(moved, pub), 0);
	ck_assert_msg(c != NULL, "%s", err);
	ck_assert(fg_sshkey_equal(c, ed));
	fg_sshkey_free(a);
	fg_sshkey_free(b);
	fg_sshkey_free(c);
	fg_sshkey_free(ed);
	free(priv);
	free(pub);
	free(moved);
}
END_TEST

START_TEST(signing_failures_say_why)
{
	char err[400] = "";
	char *missing = key_path("no-such-key");
	ck_assert_ptr_null(fg_sshsig_sign(missing, FG_SSHSIG_NS, msg, strlen(msg), err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "ssh-keygen"));
	ck_assert_ptr_null(fg_sshkey_for_signing(missing, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "no-such-key"));
	/* a public key alone (no private key beside it), with no agent */
	char *pub = key_path("lonely.pub");
	sh("cp '%s/ed.pub' '%s'", dir, pub);
	unsetenv("SSH_AUTH_SOCK");
	ck_assert_ptr_null(fg_sshsig_sign(pub, FG_SSHSIG_NS, msg, strlen(msg), err, sizeof err));
	setenv("FENGONG_SSH_KEYGEN", "/nonexistent/ssh-keygen", 1);
	char *priv = key_path("ed");
	ck_assert_ptr_null(fg_sshsig_sign(priv, FG_SSHSIG_NS, msg, strlen(msg), err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "cannot run"));
	unsetenv("FENGONG_SSH_KEYGEN");
	free(missing);
	free(pub);
	free(priv);
}
END_TEST

START_TEST(a_public_key_signs_through_ssh_agent)
{
	char *sock = path_in(dir, "agent.sock");
	remove(sock);
	pid_t agent = fork();
	ck_assert_int_ge(agent, 0);
	if (agent == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execlp("ssh-agent", "ssh-agent", "-D", "-a", sock, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 100 && access(sock, F_OK) != 0; i++)
		usleep(20000);
	setenv("SSH_AUTH_SOCK", sock, 1);
	sh("ssh-add -q '%s/ed' 2>/dev/null", dir);
	/* only the public half is named, away from the private one; the agent signs */
	char *pub = key_path("agent-only.pub"), err[400] = "";
	sh("cp '%s/ed.pub' '%s'", dir, pub);
	char *sig = fg_sshsig_sign(pub, FG_SSHSIG_NS, msg, strlen(msg), err, sizeof err);
	kill(agent, SIGTERM);
	waitpid(agent, NULL, 0);
	ck_assert_msg(sig != NULL, "%s", err);
	struct fg_sshkey *k = pubkey("ed");
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, k), FG_SSHSIG_OK);
	fg_sshkey_free(k);
	free(sig);
	free(pub);
	free(sock);
}
END_TEST

START_TEST(an_empty_or_binary_message_signs_and_verifies)
{
	struct fg_sshkey *k = pubkey("ed");
	char *key = key_path("ed"), err[300];
	char *sig = fg_sshsig_sign(key, FG_SSHSIG_NS, "", 0, err, sizeof err);
	ck_assert_ptr_nonnull(sig);
	ck_assert_int_eq(fg_sshsig_verify(sig, strlen(sig), "", 0, FG_SSHSIG_NS, k, err, sizeof err), FG_SSHSIG_OK);
	free(sig);
	const char bin[] = { 'a', 0, 'b', '\n', (char)0xff };
	sig = fg_sshsig_sign(key, FG_SSHSIG_NS, bin, sizeof bin, err, sizeof err);
	ck_assert_ptr_nonnull(sig);
	ck_assert_int_eq(fg_sshsig_verify(sig, strlen(sig), bin, sizeof bin, FG_SSHSIG_NS, k, err, sizeof err),
			 FG_SSHSIG_OK);
	ck_assert_int_eq(fg_sshsig_verify(sig, strlen(sig), bin, 2, FG_SSHSIG_NS, k, err, sizeof err), FG_SSHSIG_BAD);
	free(sig);
	free(key);
	fg_sshkey_free(k);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sshsig");
	TCase *t = tcase_create("sshsig");
	tcase_add_unchecked_fixture(t, make_keys, remove_keys);
	tcase_set_timeout(t, 120);
	tcase_add_test(t, fingerprint_is_what_ssh_keygen_prints);
	tcase_add_test(t, key_line_gives_type_comment_and_itself_back);
	tcase_add_test(t, malformed_key_lines_are_refused_with_a_reason);
	tcase_add_test(t, an_ecdsa_point_off_the_curve_is_refused);
	tcase_add_loop_test(t, good_signature_verifies, 0, 3);
	tcase_add_loop_test(t, signer_is_the_key_the_signature_embeds, 0, 3);
	tcase_add_loop_test(t, tampered_message_is_rejected, 0, 3);
	tcase_add_loop_test(t, another_namespace_is_rejected, 0, 3);
	tcase_add_loop_test(t, another_key_is_rejected, 0, 3);
	tcase_add_test(t, swapped_embedded_key_does_not_verify);
	tcase_add_loop_test(t, every_truncation_is_rejected, 0, 3);
	tcase_add_loop_test(t, every_flipped_byte_is_rejected, 0, 3);
	tcase_add_test(t, garbled_text_is_malformed);
	tcase_add_loop_test(t, sha256_signatures_verify_too, 0, 3);
	tcase_add_loop_test(t, ssh_keygen_agrees_on_good_and_bad, 0, 3);
	tcase_add_test(t, signing_key_from_private_file_pub_file_or_ssh_keygen);
	tcase_add_test(t, signing_failures_say_why);
	tcase_add_test(t, a_public_key_signs_through_ssh_agent);
	tcase_add_test(t, an_empty_or_binary_message_signs_and_verifies);
	suite_add_tcase(s, t);
	return run_suite(s);
}
