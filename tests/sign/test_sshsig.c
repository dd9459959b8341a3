/* SSH keys and SSHSIG signatures: real keys made by ssh-keygen at test time
 * (ed25519, ecdsa P-256, P-384, P-521, rsa 3072), real signatures made by
 * ssh-keygen -Y sign (hashalg sha512 and sha256), verified in-process;
 * ssh-keygen -Y verify must agree with every verdict. */
#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "../unit/testlib.h"
#include "fengong/sshsig.h"

/* keys: one per kind (+ .pub), a second one of the same kind ("ed2", ...),
 * other (ed25519); the rsa key is written as PEM so that libcrypto can read
 * it too (to make the legacy ssh-rsa signature ssh-keygen no longer makes) */
static char *dir;
static const char *const kinds[] = { "ed", "ec", "ec384", "ec521", "rsa" };
static const char *const keygen_args[] = { "-t ed25519", "-t ecdsa -b 256", "-t ecdsa -b 384", "-t ecdsa -b 521",
					   "-t rsa -b 3072 -m PEM" };
enum { NKINDS = sizeof kinds / sizeof *kinds };
static const char *const hashalgs[] = { "sha512", "sha256" };
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
	sh("cd '%s' && ssh-keygen -q -t ed25519 -N '' -C ed@test -f ed && ssh-keygen -q -t ed25519 -N '' -f other", dir);
	for (size_t i = 1; i < NKINDS; i++)
		sh("cd '%s' && ssh-keygen -q %s -N '' -f %s", dir, keygen_args[i], kinds[i]);
	for (size_t i = 0; i < NKINDS; i++)
		sh("cd '%s' && ssh-keygen -q %s -N '' -f %s2", dir, keygen_args[i], kinds[i]);
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
	for (size_t i = 0; i < NKINDS; i++) {
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
	struct fg_sshkey *ec = pubkey("ec"), *rsa = pubkey("rsa"), *ec384 = pubkey("ec384"), *ec521 = pubkey("ec521");
	ck_assert_str_eq(fg_sshkey_type(ec), "ecdsa-sha2-nistp256");
	ck_assert_str_eq(fg_sshkey_type(ec384), "ecdsa-sha2-nistp384");
	ck_assert_str_eq(fg_sshkey_type(ec521), "ecdsa-sha2-nistp521");
	ck_assert_str_eq(fg_sshkey_type(rsa), "ssh-rsa");
	fg_sshkey_free(ec384);
	fg_sshkey_free(ec521);
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

/* Loop tests over every kind of key and both hash algorithms. */
#define KIND (kinds[_i / 2])
#define HASHALG (hashalgs[_i % 2])

/* ssh-keygen -Y verify's verdict on sig over m (mlen bytes) for the signer
 * whose key is `name`.pub, in namespace fengong. */
static bool keygen_verifies_n(const char *sig, const char *m, size_t mlen, const char *name)
{
	char *allowed = path_in(dir, "allowed_signers"), *sf = path_in(dir, "agree.sig"), *mf = path_in(dir, "agree.msg");
	char pubf[600];
	snprintf(pubf, sizeof pubf, "%s/%s.pub", dir, name);
	char *pub = read_file(pubf, NULL);
	char line[2000];
	snprintf(line, sizeof line, "signer@fengong namespaces=\"fengong\" %s", pub);
	write_file(allowed, line, strlen(line));
	write_file(sf, sig, strlen(sig));
	write_file(mf, m, mlen);
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

static bool keygen_verifies(const char *sig, const char *m, const char *name)
{
	return keygen_verifies_n(sig, m, strlen(m), name);
}

/* The armoured signature ssh-keygen -Y sign makes over m with key `name`,
 * in namespace ns, with hash hashalg. */
static char *keygen_sign(const char *name, const char *ns, const char *hashalg, const char *m)
{
	char *mf = path_in(dir, "tosign"), *sf = path_in(dir, "tosign.sig");
	write_file(mf, m, strlen(m));
	remove(sf);
	sh("ssh-keygen -q -Y sign -n '%s' -O hashalg=%s -f '%s/%s' '%s'", ns, hashalg, dir, name, mf);
	char *sig = read_file(sf, NULL);
	free(mf);
	free(sf);
	return sig;
}

/* Both verdicts on sig over m for key `name`: they must agree; the
 * agreed verdict is returned (and fengong's reason in err). */
static bool both_verdict(const char *sig, const char *m, const char *name, const char *what, char *err, size_t errlen)
{
	struct fg_sshkey *k = pubkey(name);
	bool ours = fg_sshsig_verify(sig, strlen(sig), m, strlen(m), FG_SSHSIG_NS, k, err, errlen) == FG_SSHSIG_OK;
	bool theirs = keygen_verifies(sig, m, name);
	ck_assert_msg(ours == theirs, "%s key, %s: fengong says %s (%s), ssh-keygen -Y verify says %s", name, what,
		      ours ? "good" : "bad", ours ? "" : err, theirs ? "good" : "bad");
	fg_sshkey_free(k);
	return ours;
}

START_TEST(a_good_signature_is_accepted_by_both)
{
	char *sig = keygen_sign(KIND, FG_SSHSIG_NS, HASHALG, msg), err[400] = "";
	ck_assert_msg(both_verdict(sig, msg, KIND, HASHALG, err, sizeof err), "%s/%s: %s", KIND, HASHALG, err);
	/* the base64 body, as a record stores it, is the same signature */
	char *body = fg_sshsig_body(sig, strlen(sig));
	struct fg_sshkey *k = pubkey(KIND);
	ck_assert_int_eq(verify(body, msg, FG_SSHSIG_NS, k), FG_SSHSIG_OK);
	ck_assert_int_eq(verify(body, msg, FG_SSHSIG_NS, NULL), FG_SSHSIG_OK);
	fg_sshkey_free(k);
	free(body);
	free(sig);
}
END_TEST

START_TEST(a_flipped_byte_in_the_message_is_refused_by_both)
{
	char *sig = keygen_sign(KIND, FG_SSHSIG_NS, HASHALG, msg), err[400];
	size_t n = strlen(msg), at[] = { 0, n / 2, n - 1 };
	for (size_t j = 0; j < sizeof at / sizeof *at; j++) {
		char *m = strdup(msg), what[64];
		m[at[j]] ^= 0x01;
		snprintf(what, sizeof what, "message byte %zu flipped", at[j]);
		ck_assert_msg(!both_verdict(sig, m, KIND, what, err, sizeof err), "%s: accepted", what);
		ck_assert_int_eq(verify(sig, m, FG_SSHSIG_NS, NULL), FG_SSHSIG_BAD);
		free(m);
	}
	free(sig);
}
END_TEST

/* Offsets of bytes in every field of the decoded signature: the magic, the
 * version, the key, the namespace, the reserved string's length, the hash
 * name, the inner signature's algorithm and its bytes (first, middle, last). */
static size_t field_offsets(const unsigned char *raw, size_t len, size_t *at)
{
	size_t n = 0, o = 10;
	at[n++] = 0;
	at[n++] = 9;
	for (int f = 0; f < 5; f++) {
		ck_assert_uint_le(o + 4, len);
		size_t flen = (size_t)raw[o] << 24 | (size_t)raw[o + 1] << 16 | (size_t)raw[o + 2] << 8 | raw[o + 3];
		if (f == 2)
			at[n++] = o + 3; /* the reserved string's length */
		else if (flen)
			at[n++] = o + 4 + flen / 2;
		if (f == 4) { /* the inner signature: string alg, string bytes */
			size_t alen = (size_t)raw[o + 7];
			at[n++] = o + 8;		      /* algorithm name */
			at[n++] = o + 8 + alen + 4;	   /* first signature byte */
			at[n++] = o + 4 + flen - 1;	   /* last */
		}
		o += 4 + flen;
	}
	ck_assert_uint_eq(o, len);
	return n;
}

START_TEST(a_flipped_byte_in_the_signature_is_refused_by_both)
{
	char *sig = keygen_sign(KIND, FG_SSHSIG_NS, HASHALG, msg), err[400];
	size_t len, at[16];
	unsigned char *raw = sig_decode(sig, &len);
	size_t n = field_offsets(raw, len, at);
	for (size_t j = 0; j < n; j++) {
		char what[64];
		raw[at[j]] ^= 0x40;
		char *t = sig_encode(raw, len);
		raw[at[j]] ^= 0x40;
		snprintf(what, sizeof what, "signature byte %zu of %zu flipped", at[j], len);
		ck_assert_msg(!both_verdict(t, msg, KIND, what, err, sizeof err), "%s: accepted", what);
		free(t);
	}
	free(raw);
	free(sig);
}
END_TEST

START_TEST(another_namespace_is_refused_by_both)
{
	char *sig = keygen_sign(KIND, "git", HASHALG, msg), err[400] = "";
	ck_assert(!both_verdict(sig, msg, KIND, "namespace git", err, sizeof err));
	struct fg_sshkey *k = pubkey(KIND);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, k), FG_SSHSIG_WRONG_NS);
	ck_assert_ptr_nonnull(strstr(err, "\"git\""));
	fg_sshkey_free(k);
	free(sig);
}
END_TEST

START_TEST(another_key_of_the_same_kind_is_refused_by_both)
{
	char second[16], err[400] = "";
	snprintf(second, sizeof second, "%s2", KIND);
	char *sig = keygen_sign(second, FG_SSHSIG_NS, HASHALG, msg);
	ck_assert(!both_verdict(sig, msg, KIND, "signed by the second key", err, sizeof err));
	struct fg_sshkey *k = pubkey(KIND);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, k), FG_SSHSIG_WRONG_KEY);
	ck_assert_ptr_nonnull(strstr(err, fg_sshkey_fingerprint(k)));
	fg_sshkey_free(k);
	free(sig);
}
END_TEST

START_TEST(truncated_armour_is_refused_by_both)
{
	char *sig = keygen_sign(KIND, FG_SSHSIG_NS, HASHALG, msg), err[400];
	size_t n = strlen(sig);
	const char *end = strstr(sig, "-----END");
	ck_assert_ptr_nonnull(end);
	size_t body_lines_end = (size_t)(end - sig);
	/* the last base64 line's start */
	size_t last_line = body_lines_end - 1;
	while (last_line && sig[last_line - 1] != '\n')
		last_line--;
	struct {
		const char *what;
		char *text;
	} cases[5];
	size_t nc = 0;
	cases[nc].what = "no END line";
	cases[nc++].text = strndup(sig, body_lines_end);
	cases[nc].what = "END line cut short";
	cases[nc++].text = strndup(sig, n - 8);
	cases[nc].what = "last base64 line missing";
	cases[nc].text = test_malloc(n + 1);
	snprintf(cases[nc].text, n + 1, "%.*s%s", (int)last_line, sig, end);
	nc++;
	cases[nc].what = "base64 cut mid-line";
	cases[nc].text = test_malloc(n + 1);
	snprintf(cases[nc].text, n + 1, "%.*s\n%s", (int)(last_line - 9), sig, end);
	nc++;
	cases[nc].what = "only the BEGIN line";
	cases[nc++].text = strndup(sig, (size_t)(strchr(sig, '\n') - sig) + 1);
	for (size_t j = 0; j < nc; j++) {
		ck_assert_msg(!both_verdict(cases[j].text, msg, KIND, cases[j].what, err, sizeof err), "%s: accepted",
			      cases[j].what);
		free(cases[j].text);
	}
	free(sig);
}
END_TEST

/* An SSHSIG over msg signed by the rsa key (read as PEM by libcrypto) with
 * the inner algorithm `alg` and digest md: what ssh-keygen makes for
 * rsa-sha2-512, and what it no longer makes for the legacy ssh-rsa (SHA-1). */
static void put_string(unsigned char *b, size_t *o, const void *d, size_t n)
{
	b[(*o)++] = (unsigned char)(n >> 24);
	b[(*o)++] = (unsigned char)(n >> 16);
	b[(*o)++] = (unsigned char)(n >> 8);
	b[(*o)++] = (unsigned char)n;
	memcpy(b + *o, d, n);
	*o += n;
}

static char *rsa_sshsig(const char *alg, const EVP_MD *md)
{
	char *priv = key_path("rsa");
	FILE *f = fopen(priv, "r");
	ck_assert_ptr_nonnull(f);
	EVP_PKEY *pk = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	ck_assert_msg(pk != NULL, "libcrypto cannot read %s", priv);
	free(priv);
	/* the signed data: "SSHSIG" ns reserved hashalg H(msg) */
	unsigned char h[64], tbs[256];
	size_t o = 0;
	ck_assert_int_eq(EVP_Digest(msg, strlen(msg), h, NULL, EVP_sha512(), NULL), 1);
	memcpy(tbs, "SSHSIG", 6);
	o = 6;
	put_string(tbs, &o, "fengong", 7);
	put_string(tbs, &o, "", 0);
	put_string(tbs, &o, "sha512", 6);
	put_string(tbs, &o, h, 64);
	unsigned char s[1024];
	size_t slen = sizeof s;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	ck_assert_int_eq(EVP_DigestSignInit(ctx, NULL, md, NULL, pk), 1);
	ck_assert_int_eq(EVP_DigestSign(ctx, s, &slen, tbs, o), 1);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	/* the key blob from the .pub file */
	size_t klen;
	struct fg_sshkey *k = pubkey("rsa");
	const char *kb64 = strchr(fg_sshkey_line(k), ' ') + 1;
	unsigned char kblob[1024];
	int r = EVP_DecodeBlock(kblob, (const unsigned char *)kb64, (int)strlen(kb64));
	ck_assert_int_gt(r, 0);
	klen = (size_t)r - (kb64[strlen(kb64) - 1] == '=') - (kb64[strlen(kb64) - 2] == '=');
	fg_sshkey_free(k);
	unsigned char inner[1200], out[2600];
	size_t io = 0;
	put_string(inner, &io, alg, strlen(alg));
	put_string(inner, &io, s, slen);
	o = 0;
	memcpy(out, "SSHSIG\0\0\0\1", 10);
	o = 10;
	put_string(out, &o, kblob, klen);
	put_string(out, &o, "fengong", 7);
	put_string(out, &o, "", 0);
	put_string(out, &o, "sha512", 6);
	put_string(out, &o, inner, io);
	char *b64 = sig_encode(out, o);
	size_t n = strlen(b64);
	char *armoured = test_malloc(n + n / 70 + 80);
	size_t w = (size_t)sprintf(armoured, "-----BEGIN SSH SIGNATURE-----\n");
	for (size_t i = 0; i < n; i += 70)
		w += (size_t)sprintf(armoured + w, "%.70s\n", b64 + i);
	sprintf(armoured + w, "-----END SSH SIGNATURE-----\n");
	free(b64);
	return armoured;
}

/* The control: the hand-made rsa-sha2-512 signature is good for both, so
 * the refusal below is for the algorithm and nothing else. */
START_TEST(a_hand_made_rsa_sha2_512_signature_is_accepted_by_both)
{
	char *sig = rsa_sshsig("rsa-sha2-512", EVP_sha512()), err[400] = "";
	ck_assert_msg(both_verdict(sig, msg, "rsa", "hand-made rsa-sha2-512", err, sizeof err), "%s", err);
	free(sig);
}
END_TEST

/* PROTOCOL.sshsig: RSA signatures use rsa-sha2-512 or rsa-sha2-256, never
 * the legacy SHA-1 ssh-rsa; ssh-keygen refuses it, and so does fengong,
 * saying why. */
START_TEST(a_legacy_ssh_rsa_sha1_signature_is_refused_by_both_with_a_reason)
{
	char *sig = rsa_sshsig("ssh-rsa", EVP_sha1()), err[400] = "";
	ck_assert(!both_verdict(sig, msg, "rsa", "legacy ssh-rsa", err, sizeof err));
	struct fg_sshkey *k = pubkey("rsa");
	ck_assert_int_eq(fg_sshsig_verify(sig, strlen(sig), msg, strlen(msg), FG_SSHSIG_NS, k, err, sizeof err),
			 FG_SSHSIG_UNSUPPORTED);
	ck_assert_msg(strstr(err, "ssh-rsa") && strstr(err, "rsa-sha2-512"), "the reason does not name the algorithms: %s",
		      err);
	ck_assert_int_eq(verify(sig, msg, FG_SSHSIG_NS, NULL), FG_SSHSIG_UNSUPPORTED);
	fg_sshkey_free(k);
	free(sig);
}
END_TEST

/* Encodings ssh-keygen never writes but ssh-keygen -Y verify 9.2 tolerates
 * (version 0; an Ed25519 S not reduced below the group order; an ECDSA
 * integer with a needless leading zero) are refused: the same signature must
 * have one encoding, or a replayed record could pass as a new one. */
static unsigned char *raw_signature(const char *name, size_t *len)
{
	char *sig = keygen_sign(name, FG_SSHSIG_NS, "sha512", msg);
	unsigned char *raw = sig_decode(sig, len);
	free(sig);
	return raw;
}

static void refused_as(const unsigned char *raw, size_t len, const char *name, enum fg_sshsig_result want,
		       const char *what)
{
	char *t = sig_encode(raw, len), err[400] = "";
	struct fg_sshkey *k = pubkey(name);
	enum fg_sshsig_result r = fg_sshsig_verify(t, strlen(t), msg, strlen(msg), FG_SSHSIG_NS, k, err, sizeof err);
	ck_assert_msg(r == want, "%s: %s (%s)", what, fg_sshsig_result_text(r), err);
	ck_assert_msg(err[0], "%s: no reason given", what);
	fg_sshkey_free(k);
	free(t);
}

START_TEST(a_version_0_signature_is_refused)
{
	size_t len;
	unsigned char *raw = raw_signature("ed", &len);
	raw[9] = 0;
	refused_as(raw, len, "ed", FG_SSHSIG_UNSUPPORTED, "version 0");
	free(raw);
}
END_TEST

START_TEST(an_ed25519_signature_with_s_not_reduced_is_refused)
{
	/* the group order L, little-endian */
	static const unsigned char order[32] = { 0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
						 0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,	   0,	 0,    0,    0,
						 0,    0,    0,	   0,	 0,    0,    0,	   0,	 0,    0x10 };
	size_t len;
	unsigned char *raw = raw_signature("ed", &len);
	unsigned char *s = raw + len - 32; /* S, the last 32 bytes */
	unsigned carry = 0;
	for (int i = 0; i < 32; i++) {
		carry += (unsigned)s[i] + order[i];
		s[i] = (unsigned char)carry;
		carry >>= 8;
	}
	refused_as(raw, len, "ed", FG_SSHSIG_BAD, "S + L");
	free(raw);
}
END_TEST

START_TEST(an_ecdsa_integer_with_a_needless_leading_zero_is_refused)
{
	size_t len;
	unsigned char *raw = raw_signature("ec", &len);
	/* the inner signature is the last field: string alg, string (mpint r, mpint s) */
	size_t o = 10;
	for (int f = 0; f < 4; f++)
		o += 4 + ((size_t)raw[o + 2] << 8 | raw[o + 3]);
	size_t alen = raw[o + 4 + 3], rat = o + 4 + 4 + alen + 4; /* r's length */
	size_t rlen = raw[rat + 3];
	/* r again, one zero byte longer; every enclosing length grows by one */
	unsigned char *longer = test_malloc(len + 1);
	memcpy(longer, raw, rat + 4);
	longer[rat + 4] = 0;
	memcpy(longer + rat + 5, raw + rat + 4, len - rat - 4);
	longer[rat + 3] = (unsigned char)(rlen + 1);
	longer[rat - 1]++;			    /* the (r, s) string */
	longer[o + 3]++;			    /* the inner signature */
	refused_as(longer, len + 1, "ec", FG_SSHSIG_MALFORMED, "r with a leading zero");
	free(longer);
	free(raw);
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
	/* the socket may exist a moment before the agent listens on it */
	char add[700];
	snprintf(add, sizeof add, "ssh-add -q '%s/ed' 2>/dev/null", dir);
	int st = -1;
	for (int i = 0; i < 100 && st != 0; i++)
		if ((st = system(add)) != 0)
			usleep(50000);
	ck_assert_msg(st == 0, "ssh-add failed (%d)", st);
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
	tcase_add_loop_test(t, good_signature_verifies, 0, NKINDS);
	tcase_add_loop_test(t, signer_is_the_key_the_signature_embeds, 0, NKINDS);
	tcase_add_loop_test(t, tampered_message_is_rejected, 0, NKINDS);
	tcase_add_loop_test(t, another_namespace_is_rejected, 0, NKINDS);
	tcase_add_loop_test(t, another_key_is_rejected, 0, NKINDS);
	tcase_add_test(t, swapped_embedded_key_does_not_verify);
	tcase_add_loop_test(t, every_truncation_is_rejected, 0, NKINDS);
	tcase_add_loop_test(t, every_flipped_byte_is_rejected, 0, NKINDS);
	tcase_add_test(t, garbled_text_is_malformed);
	tcase_add_loop_test(t, sha256_signatures_verify_too, 0, NKINDS);
	tcase_add_loop_test(t, a_good_signature_is_accepted_by_both, 0, 2 * NKINDS);
	tcase_add_loop_test(t, a_flipped_byte_in_the_message_is_refused_by_both, 0, 2 * NKINDS);
	tcase_add_loop_test(t, a_flipped_byte_in_the_signature_is_refused_by_both, 0, 2 * NKINDS);
	tcase_add_loop_test(t, another_namespace_is_refused_by_both, 0, 2 * NKINDS);
	tcase_add_loop_test(t, another_key_of_the_same_kind_is_refused_by_both, 0, 2 * NKINDS);
	tcase_add_loop_test(t, truncated_armour_is_refused_by_both, 0, 2 * NKINDS);
	tcase_add_test(t, a_hand_made_rsa_sha2_512_signature_is_accepted_by_both);
	tcase_add_test(t, a_legacy_ssh_rsa_sha1_signature_is_refused_by_both_with_a_reason);
	tcase_add_test(t, a_version_0_signature_is_refused);
	tcase_add_test(t, an_ed25519_signature_with_s_not_reduced_is_refused);
	tcase_add_test(t, an_ecdsa_integer_with_a_needless_leading_zero_is_refused);
	tcase_add_test(t, signing_key_from_private_file_pub_file_or_ssh_keygen);
	tcase_add_test(t, signing_failures_say_why);
	tcase_add_test(t, a_public_key_signs_through_ssh_agent);
	tcase_add_test(t, an_empty_or_binary_message_signs_and_verifies);
	suite_add_tcase(s, t);
	return run_suite(s);
}
