/* OpenSSH public keys and SSHSIG signatures (PROTOCOL.sshsig), verified
 * with libcrypto; signing through ssh-keygen. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "fengong/sshsig.h"
#include "internal.h"

extern char **environ;

static void seterr(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	if (!err || !errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err, errlen, fg_tr(fmt), ap); /* in the messages' language */
	va_end(ap);
	if (n >= 0 && (size_t)n >= errlen)
		fg_utf8_cut_tail(err); /* cut: end between characters */
}

/* ------------------------------------------------------------ base64 */

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *b64_encode(const unsigned char *in, size_t n, bool pad)
{
	char *out = fg_xmalloc(4 * ((n + 2) / 3) + 1), *o = out;
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		*o++ = b64chars[v >> 18];
		*o++ = b64chars[(v >> 12) & 63];
		*o++ = b64chars[(v >> 6) & 63];
		*o++ = b64chars[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)in[i] << 16;
		*o++ = b64chars[v >> 18];
		*o++ = b64chars[(v >> 12) & 63];
		if (pad)
			*o++ = '=', *o++ = '=';
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
		*o++ = b64chars[v >> 18];
		*o++ = b64chars[(v >> 12) & 63];
		*o++ = b64chars[(v >> 6) & 63];
		if (pad)
			*o++ = '=';
	}
	*o = 0;
	return out;
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Strict decoding: padded to a multiple of four, canonical trailing bits;
 * blanks are skipped when skip_blanks.  Returns a malloc'd buffer or NULL. */
static unsigned char *b64_decode(const char *s, size_t n, bool skip_blanks, size_t *outlen)
{
	unsigned char *out = fg_xmalloc(n / 4 * 3 + 3);
	size_t o = 0, q = 0, npad = 0;
	uint32_t acc = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (skip_blanks && is_blank(c))
			continue;
		int v;
		if (c == '=') {
			if (q < 2)
				goto bad;
			npad++;
			v = 0;
		} else {
			if (npad || (v = b64_value(c)) < 0)
				goto bad;
		}
		acc = acc << 6 | (uint32_t)v;
		if (++q == 4) {
			unsigned char b[3] = { (unsigned char)(acc >> 16), (unsigned char)(acc >> 8), (unsigned char)acc };
			if ((npad == 1 && b[2]) || (npad == 2 && (b[1] || b[2])))
				goto bad; /* non-canonical trailing bits */
			memcpy(out + o, b, 3 - npad);
			o += 3 - npad;
			q = 0;
			acc = 0;
			if (npad) {
				/* nothing but blanks may follow the padding */
				for (i++; i < n; i++)
					if (!(skip_blanks && is_blank(s[i])))
						goto bad;
				break;
			}
		}
	}
	if (q != 0 || o == 0)
		goto bad;
	*outlen = o;
	return out;
bad:
	free(out);
	return NULL;
}

/* ------------------------------------------------------------ SSH wire format */

struct rd {
	const unsigned char *p;
	size_t n;
};

static bool rd_u32(struct rd *r, uint32_t *v)
{
	if (r->n < 4)
		return false;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->n -= 4;
	return true;
}

static bool rd_string(struct rd *r, struct rd *s)
{
	uint32_t len;
	if (!rd_u32(r, &len) || len > r->n)
		return false;
	s->p = r->p;
	s->n = len;
	r->p += len;
	r->n -= len;
	return true;
}

static bool rd_is(const struct rd *s, const char *text)
{
	return s->n == strlen(text) && memcmp(s->p, text, s->n) == 0;
}

/* A positive mpint (RFC 4251): no sign bit, no needless leading zero. */
static BIGNUM *rd_mpint(struct rd *r)
{
	struct rd s;
	if (!rd_string(r, &s) || s.n == 0 || s.n > 16384 / 8 + 1 || (s.p[0] & 0x80))
		return NULL;
	if (s.p[0] == 0 && (s.n == 1 || !(s.p[1] & 0x80)))
		return NULL;
	return BN_bin2bn(s.p, (int)s.n, NULL);
}

struct wb {
	unsigned char *p;
	size_t n, cap;
};

static void wb_add(struct wb *w, const void *d, size_t n)
{
	if (w->n + n > w->cap) {
		w->cap = (w->n + n) * 2 + 64;
		w->p = fg_xrealloc(w->p, w->cap);
	}
	memcpy(w->p + w->n, d, n);
	w->n += n;
}

static void wb_string(struct wb *w, const void *d, size_t n)
{
	unsigned char len[4] = { (unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8),
				 (unsigned char)n };
	wb_add(w, len, 4);
	wb_add(w, d, n);
}

/* ------------------------------------------------------------ digests */

/* The digests, fetched once: EVP_sha512() and the like make libcrypto look
 * the algorithm up again on every use. */
enum { MD_SHA256, MD_SHA384, MD_SHA512, MD_COUNT };
static EVP_MD *mds[MD_COUNT];
static pthread_once_t mds_once = PTHREAD_ONCE_INIT;

static void mds_free(void)
{
	for (int i = 0; i < MD_COUNT; i++)
		EVP_MD_free(mds[i]);
}

static void mds_fetch(void)
{
	static const char *const names[MD_COUNT] = { "SHA256", "SHA384", "SHA512" };
	for (int i = 0; i < MD_COUNT; i++)
		if (!(mds[i] = EVP_MD_fetch(NULL, names[i], NULL)))
			abort(); /* libcrypto without SHA-2 */
	atexit(mds_free);
}

static const EVP_MD *md(int which)
{
	pthread_once(&mds_once, mds_fetch);
	return mds[which];
}

/* ------------------------------------------------------------ public keys */

enum key_kind { KEY_ED25519, KEY_ECDSA, KEY_RSA };

struct fg_sshkey {
	enum key_kind kind;
	const EVP_MD *ecdsa_md; /* the hash ECDSA signs with for this curve */
	char type[32];
	unsigned char *blob;
	size_t bloblen;
	char fp[FG_SSH_FP_LEN];
	char *line;
	char *comment;
	EVP_PKEY *pkey;
};

static const struct {
	const char *type, *curve, *group;
	size_t qlen;
	int md;
} ecdsa_curves[] = {
	{ "ecdsa-sha2-nistp256", "nistp256", "P-256", 65, MD_SHA256 },
	{ "ecdsa-sha2-nistp384", "nistp384", "P-384", 97, MD_SHA384 },
	{ "ecdsa-sha2-nistp521", "nistp521", "P-521", 133, MD_SHA512 },
};

static EVP_PKEY *pkey_fromdata(const char *alg, OSSL_PARAM_BLD *bld)
{
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, alg, NULL);
	EVP_PKEY *pk = NULL;
	if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params) == 1) {
		/* the point on the curve, a sane modulus */
		EVP_PKEY_CTX *chk = EVP_PKEY_CTX_new_from_pkey(NULL, pk, NULL);
		if (!chk || EVP_PKEY_public_check(chk) != 1) {
			EVP_PKEY_free(pk);
			pk = NULL;
		}
		EVP_PKEY_CTX_free(chk);
	}
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	return pk;
}

static EVP_PKEY *key_ecdsa(struct rd *r, size_t ci, char *err, size_t errlen)
{
	struct rd curve, q;
	if (!rd_string(r, &curve) || !rd_string(r, &q)) {
		seterr(err, errlen, FG_N_("the %s key is truncated"), ecdsa_curves[ci].type);
		return NULL;
	}
	if (!rd_is(&curve, ecdsa_curves[ci].curve) || q.n != ecdsa_curves[ci].qlen || q.p[0] != 4) {
		seterr(err, errlen, FG_N_("the %s key's curve or point is malformed"), ecdsa_curves[ci].type);
		return NULL;
	}
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	if (!bld)
		abort();
	OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, ecdsa_curves[ci].group, 0);
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, q.p, q.n);
	EVP_PKEY *pk = pkey_fromdata("EC", bld);
	OSSL_PARAM_BLD_free(bld);
	if (!pk)
		seterr(err, errlen, FG_N_("the %s key's point is not on its curve"), ecdsa_curves[ci].type);
	return pk;
}

static EVP_PKEY *key_rsa(struct rd *r, char *err, size_t errlen)
{
	BIGNUM *e = rd_mpint(r), *n = e ? rd_mpint(r) : NULL;
	EVP_PKEY *pk = NULL;
	if (!e || !n) {
		seterr(err, errlen, FG_N_("the ssh-rsa key is truncated or malformed"));
	} else if (BN_num_bits(n) < 1024 || BN_num_bits(n) > 16384) {
		seterr(err, errlen, FG_N_("the ssh-rsa key has %d bits; 1024 to 16384 are accepted"), BN_num_bits(n));
	} else {
		OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
		if (!bld)
			abort();
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e);
		pk = pkey_fromdata("RSA", bld);
		OSSL_PARAM_BLD_free(bld);
		if (!pk)
			seterr(err, errlen, FG_N_("the ssh-rsa key is not a valid RSA public key"));
	}
	BN_free(e);
	BN_free(n);
	return pk;
}

struct fg_sshkey *fg_sshkey_from_blob(const void *blob, size_t len, char *err, size_t errlen)
{
	struct rd r = { blob, len }, type;
	if (!rd_string(&r, &type) || type.n == 0 || type.n >= sizeof ((struct fg_sshkey *)0)->type) {
		seterr(err, errlen, FG_N_("the public key is truncated or has no type"));
		return NULL;
	}
	struct fg_sshkey *k = calloc(1, sizeof *k);
	if (!k)
		abort();
	memcpy(k->type, type.p, type.n);
	if (memchr(k->type, 0, type.n)) {
		seterr(err, errlen, FG_N_("the public key's type is malformed"));
		goto fail;
	}
	if (rd_is(&type, "ssh-ed25519")) {
		struct rd pub;
		k->kind = KEY_ED25519;
		if (!rd_string(&r, &pub) || pub.n != 32) {
			seterr(err, errlen, FG_N_("the ssh-ed25519 key is truncated or not 32 bytes"));
			goto fail;
		}
		k->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub.p, pub.n);
		if (!k->pkey) {
			seterr(err, errlen, FG_N_("the ssh-ed25519 key is not valid"));
			goto fail;
		}
	} else if (rd_is(&type, "ssh-rsa")) {
		k->kind = KEY_RSA;
		if (!(k->pkey = key_rsa(&r, err, errlen)))
			goto fail;
	} else {
		size_t ci = 0;
		while (ci < sizeof ecdsa_curves / sizeof *ecdsa_curves && !rd_is(&type, ecdsa_curves[ci].type))
			ci++;
		if (ci == sizeof ecdsa_curves / sizeof *ecdsa_curves) {
			seterr(err, errlen, FG_N_("keys of type %s are not supported (use ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa)"),
			       k->type);
			goto fail;
		}
		k->kind = KEY_ECDSA;
		k->ecdsa_md = md(ecdsa_curves[ci].md);
		if (!(k->pkey = key_ecdsa(&r, ci, err, errlen)))
			goto fail;
	}
	if (r.n) {
		seterr(err, errlen, FG_N_("the %s key has %zu bytes too many"), k->type, r.n);
		goto fail;
	}
	k->blob = fg_xmalloc(len);
	memcpy(k->blob, blob, len);
	k->bloblen = len;

	unsigned char h[32];
	fg_sha256(blob, len, h);
	char *b = b64_encode(h, sizeof h, false);
	snprintf(k->fp, sizeof k->fp, "SHA256:%s", b);
	free(b);
	b = b64_encode(blob, len, true);
	k->line = fg_xmalloc(strlen(k->type) + strlen(b) + 2);
	sprintf(k->line, "%s %s", k->type, b);
	free(b);
	k->comment = fg_xstrdup("");
	return k;
fail:
	fg_sshkey_free(k);
	return NULL;
}

struct fg_sshkey *fg_sshkey_parse(const char *line, char *err, size_t errlen)
{
	const char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	const char *t = s;
	while (*s && !is_blank(*s))
		s++;
	size_t tlen = (size_t)(s - t);
	while (*s == ' ' || *s == '\t')
		s++;
	const char *b = s;
	while (*s && !is_blank(*s))
		s++;
	size_t blen = (size_t)(s - b);
	if (!tlen || !blen) {
		seterr(err, errlen, FG_N_("not an OpenSSH public key line (expected \"TYPE BASE64 [COMMENT]\", "
				    "as in the .pub file ssh-keygen writes)"));
		return NULL;
	}
	size_t len;
	unsigned char *blob = b64_decode(b, blen, false, &len);
	if (!blob) {
		seterr(err, errlen, FG_N_("the public key's base64 is malformed"));
		return NULL;
	}
	struct fg_sshkey *k = fg_sshkey_from_blob(blob, len, err, errlen);
	free(blob);
	if (!k)
		return NULL;
	if (strlen(k->type) != tlen || memcmp(k->type, t, tlen) != 0) {
		seterr(err, errlen, FG_N_("the line says %.*s but the key encoded in it is %s"), (int)tlen, t, k->type);
		fg_sshkey_free(k);
		return NULL;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	size_t clen = strlen(s);
	while (clen && is_blank(s[clen - 1]))
		clen--;
	if (memchr(s, '\n', clen)) {
		seterr(err, errlen, FG_N_("one public key per line is expected"));
		fg_sshkey_free(k);
		return NULL;
	}
	free(k->comment);
	k->comment = fg_xmalloc(clen + 1);
	memcpy(k->comment, s, clen);
	k->comment[clen] = 0;
	return k;
}

void fg_sshkey_free(struct fg_sshkey *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k->blob);
	free(k->line);
	free(k->comment);
	free(k);
}

const char *fg_sshkey_type(const struct fg_sshkey *k)
{
	return k->type;
}

const char *fg_sshkey_comment(const struct fg_sshkey *k)
{
	return k->comment;
}

const char *fg_sshkey_fingerprint(const struct fg_sshkey *k)
{
	return k->fp;
}

const char *fg_sshkey_line(const struct fg_sshkey *k)
{
	return k->line;
}

bool fg_sshkey_equal(const struct fg_sshkey *a, const struct fg_sshkey *b)
{
	return a->bloblen == b->bloblen && memcmp(a->blob, b->blob, a->bloblen) == 0;
}

/* ------------------------------------------------------------ signatures */

static const char armour_begin[] = "-----BEGIN SSH SIGNATURE-----";
static const char armour_end[] = "-----END SSH SIGNATURE-----";

/* The base64 body of sig (armoured or bare), trimmed; false when the armour
 * is broken. */
static bool sig_body(const char *sig, size_t n, const char **body, size_t *blen)
{
	while (n && is_blank(*sig))
		sig++, n--;
	while (n && is_blank(sig[n - 1]))
		n--;
	size_t lb = sizeof armour_begin - 1, le = sizeof armour_end - 1;
	if (n >= lb && memcmp(sig, armour_begin, lb) == 0) {
		if (n < lb + le || memcmp(sig + n - le, armour_end, le) != 0)
			return false;
		if (n == lb + le || !is_blank(sig[lb]) || !is_blank(sig[n - le - 1]))
			return false;
		*body = sig + lb;
		*blen = n - lb - le;
		return true;
	}
	*body = sig;
	*blen = n;
	return true;
}

char *fg_sshsig_body(const char *sig, size_t siglen)
{
	const char *b;
	size_t n, len;
	if (!sig_body(sig, siglen, &b, &n))
		return NULL;
	unsigned char *raw = b64_decode(b, n, true, &len);
	if (!raw)
		return NULL;
	bool ok = len >= 6 && memcmp(raw, "SSHSIG", 6) == 0;
	char *out = ok ? b64_encode(raw, len, true) : NULL;
	free(raw);
	return out;
}

/* The verdicts agree with ssh-keygen -Y verify on every signature it makes
 * and on every alteration of one (tests/sign/test_sshsig.c), except that
 * fengong is stricter about encodings ssh-keygen never writes but OpenSSH 9.2
 * tolerates: version 0, an Ed25519 S not below the group order, an mpint
 * with a needless leading zero.  One signature, one encoding. */
struct sshsig {
	unsigned char *raw; /* the decoded blob; the fields point into it */
	uint32_t version;
	struct rd pubkey, ns, reserved, hashalg, sig;
};

static enum fg_sshsig_result sig_parse(const char *text, size_t n, struct sshsig *s, char *err, size_t errlen)
{
	const char *b;
	size_t blen, len;
	memset(s, 0, sizeof *s);
	if (!sig_body(text, n, &b, &blen)) {
		seterr(err, errlen, FG_N_("the signature's armour (-----BEGIN/END SSH SIGNATURE-----) is broken"));
		return FG_SSHSIG_MALFORMED;
	}
	if (!(s->raw = b64_decode(b, blen, true, &len))) {
		seterr(err, errlen, FG_N_("the signature is not valid base64"));
		return FG_SSHSIG_MALFORMED;
	}
	struct rd r = { s->raw, len };
	if (len < 6 || memcmp(s->raw, "SSHSIG", 6) != 0) {
		seterr(err, errlen, FG_N_("not an SSH signature (no SSHSIG preamble)"));
		return FG_SSHSIG_MALFORMED;
	}
	r.p += 6;
	r.n -= 6;
	if (!rd_u32(&r, &s->version)) {
		seterr(err, errlen, FG_N_("the signature is truncated"));
		return FG_SSHSIG_MALFORMED;
	}
	if (s->version != 1) {
		seterr(err, errlen, FG_N_("SSH signature version %u is not supported (only 1)"), s->version);
		return FG_SSHSIG_UNSUPPORTED;
	}
	if (!rd_string(&r, &s->pubkey) || !rd_string(&r, &s->ns) || !rd_string(&r, &s->reserved) ||
	    !rd_string(&r, &s->hashalg) || !rd_string(&r, &s->sig)) {
		seterr(err, errlen, FG_N_("the signature is truncated"));
		return FG_SSHSIG_MALFORMED;
	}
	if (r.n) {
		seterr(err, errlen, FG_N_("the signature has %zu bytes of trailing garbage"), r.n);
		return FG_SSHSIG_MALFORMED;
	}
	return FG_SSHSIG_OK;
}

const char *fg_sshsig_result_text(enum fg_sshsig_result r)
{
	switch (r) {
	case FG_SSHSIG_OK: return "good signature";
	case FG_SSHSIG_MALFORMED: return "malformed signature";
	case FG_SSHSIG_UNSUPPORTED: return "unsupported signature";
	case FG_SSHSIG_WRONG_NS: return "signature made for another purpose (namespace)";
	case FG_SSHSIG_WRONG_KEY: return "signature made by another key";
	case FG_SSHSIG_BAD: return "signature does not verify";
	}
	return "?";
}

struct fg_sshkey *fg_sshsig_signer(const char *sig, size_t siglen, char *err, size_t errlen)
{
	struct sshsig s;
	struct fg_sshkey *k = NULL;
	if (sig_parse(sig, siglen, &s, err, errlen) == FG_SSHSIG_OK)
		k = fg_sshkey_from_blob(s.pubkey.p, s.pubkey.n, err, errlen);
	free(s.raw);
	return k;
}

static bool verify_digest(EVP_PKEY *pk, const EVP_MD *md, const unsigned char *sig, size_t siglen,
			  const unsigned char *data, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		abort();
	bool ok = EVP_DigestVerifyInit(ctx, NULL, md, NULL, pk) == 1 &&
		  EVP_DigestVerify(ctx, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The signature blob (RFC 4253 6.6 style: string algorithm, string bytes)
 * checked against the key over data. */
static enum fg_sshsig_result verify_blob(const struct fg_sshkey *k, const struct rd *blob, const unsigned char *data,
					 size_t len, char *err, size_t errlen)
{
	struct rd r = *blob, alg, bytes;
	if (!rd_string(&r, &alg) || !rd_string(&r, &bytes) || r.n) {
		seterr(err, errlen, FG_N_("the signature's inner %s signature is truncated or has trailing bytes"), k->type);
		return FG_SSHSIG_MALFORMED;
	}
	switch (k->kind) {
	case KEY_ED25519:
		if (!rd_is(&alg, "ssh-ed25519") || bytes.n != 64) {
			seterr(err, errlen, FG_N_("the inner signature is not an ssh-ed25519 signature of 64 bytes"));
			return FG_SSHSIG_MALFORMED;
		}
		if (!verify_digest(k->pkey, NULL, bytes.p, bytes.n, data, len))
			goto bad;
		return FG_SSHSIG_OK;
	case KEY_ECDSA: {
		if (!rd_is(&alg, k->type)) {
			seterr(err, errlen, FG_N_("the inner signature's algorithm is not %s"), k->type);
			return FG_SSHSIG_MALFORMED;
		}
		struct rd in = bytes;
		BIGNUM *rr = rd_mpint(&in), *ss = rr ? rd_mpint(&in) : NULL;
		if (!rr || !ss || in.n) {
			BN_free(rr);
			BN_free(ss);
			seterr(err, errlen, FG_N_("the inner %s signature is malformed"), k->type);
			return FG_SSHSIG_MALFORMED;
		}
		ECDSA_SIG *es = ECDSA_SIG_new();
		if (!es || !ECDSA_SIG_set0(es, rr, ss))
			abort();
		unsigned char *der = NULL;
		int dlen = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (dlen <= 0)
			abort();
		bool ok = verify_digest(k->pkey, k->ecdsa_md, der, (size_t)dlen, data, len);
		OPENSSL_free(der);
		if (!ok)
			goto bad;
		return FG_SSHSIG_OK;
	}
	case KEY_RSA: {
		const EVP_MD *rmd = rd_is(&alg, "rsa-sha2-512") ? md(MD_SHA512)
				  : rd_is(&alg, "rsa-sha2-256") ? md(MD_SHA256) : NULL;
		if (!rmd && rd_is(&alg, "ssh-rsa")) {
			/* PROTOCOL.sshsig; ssh-keygen -Y verify refuses it too */
			seterr(err, errlen, FG_N_("the signature uses the legacy ssh-rsa algorithm (SHA-1), which SSH signatures "
					    "do not allow: RSA keys must sign with rsa-sha2-512 or rsa-sha2-256"));
			return FG_SSHSIG_UNSUPPORTED;
		}
		if (!rmd) {
			seterr(err, errlen, FG_N_("RSA signatures must be rsa-sha2-256 or rsa-sha2-512 (not %.*s)"),
			       (int)(alg.n > 40 ? 40 : alg.n), (const char *)alg.p);
			return FG_SSHSIG_UNSUPPORTED;
		}
		/* some signers drop leading zero bytes: pad to the modulus size */
		size_t klen = (size_t)EVP_PKEY_get_size(k->pkey);
		if (bytes.n == 0 || bytes.n > klen) {
			seterr(err, errlen, FG_N_("the inner RSA signature has the wrong length"));
			return FG_SSHSIG_MALFORMED;
		}
		unsigned char *padded = fg_xmalloc(klen);
		memset(padded, 0, klen - bytes.n);
		memcpy(padded + klen - bytes.n, bytes.p, bytes.n);
		bool ok = verify_digest(k->pkey, rmd, padded, klen, data, len);
		free(padded);
		if (!ok)
			goto bad;
		return FG_SSHSIG_OK;
	}
	}
bad:
	seterr(err, errlen, FG_N_("the signature does not verify: the message or the signature was changed"));
	return FG_SSHSIG_BAD;
}

enum fg_sshsig_result fg_sshsig_verify(const char *sigtext, size_t siglen, const void *msg, size_t msglen,
				       const char *ns, const struct fg_sshkey *key, char *err, size_t errlen)
{
	struct sshsig s;
	struct fg_sshkey *own = NULL;
	struct wb w = {0};
	enum fg_sshsig_result res = sig_parse(sigtext, siglen, &s, err, errlen);
	if (res != FG_SSHSIG_OK)
		goto out;
	if (!ns || !*ns || !rd_is(&s.ns, ns)) {
		seterr(err, errlen, FG_N_("the signature was made for namespace \"%.*s\", not \"%s\""),
		       (int)(s.ns.n > 64 ? 64 : s.ns.n), (const char *)s.ns.p, ns ? ns : "");
		res = FG_SSHSIG_WRONG_NS;
		goto out;
	}
	const EVP_MD *hmd = rd_is(&s.hashalg, "sha512") ? md(MD_SHA512)
			  : rd_is(&s.hashalg, "sha256") ? md(MD_SHA256) : NULL;
	if (!hmd) {
		seterr(err, errlen, FG_N_("the signature's hash algorithm is not sha256 or sha512"));
		res = FG_SSHSIG_UNSUPPORTED;
		goto out;
	}
	if (key) {
		if (s.pubkey.n != key->bloblen || memcmp(s.pubkey.p, key->blob, key->bloblen) != 0) {
			seterr(err, errlen, FG_N_("the signature was made by another key than %s"), key->fp);
			res = FG_SSHSIG_WRONG_KEY;
			goto out;
		}
	} else {
		if (!(own = fg_sshkey_from_blob(s.pubkey.p, s.pubkey.n, err, errlen))) {
			res = FG_SSHSIG_UNSUPPORTED;
			goto out;
		}
		key = own;
	}

	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned hlen = 0;
	if (EVP_Digest(msg, msglen, h, &hlen, hmd, NULL) != 1)
		abort();
	wb_add(&w, "SSHSIG", 6);
	wb_string(&w, s.ns.p, s.ns.n);
	wb_string(&w, s.reserved.p, s.reserved.n);
	wb_string(&w, s.hashalg.p, s.hashalg.n);
	wb_string(&w, h, hlen);
	res = verify_blob(key, &s.sig, w.p, w.n, err, errlen);
out:
	free(w.p);
	free(s.raw);
	fg_sshkey_free(own);
	return res;
}

struct verify_pool {
	struct fg_sshsig_job *jobs;
	size_t n;
	const char *ns;
	size_t next; /* claimed under the lock, in chunks */
	pthread_mutex_t lock;
};

static void *verify_worker(void *arg)
{
	struct verify_pool *vp = arg;
	for (;;) {
		pthread_mutex_lock(&vp->lock);
		size_t from = vp->next, to = from + 64 < vp->n ? from + 64 : vp->n;
		vp->next = to;
		pthread_mutex_unlock(&vp->lock);
		if (from >= to)
			return NULL;
		for (size_t i = from; i < to; i++) {
			struct fg_sshsig_job *j = &vp->jobs[i];
			j->result = fg_sshsig_verify(j->sig, j->siglen, j->msg, j->msglen, vp->ns, j->key, NULL, 0);
		}
	}
}

void fg_sshsig_verify_many(struct fg_sshsig_job *jobs, size_t n, const char *ns, int threads)
{
	if (threads <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		threads = c > 0 ? (int)(c > 16 ? 16 : c) : 1;
	}
	if ((size_t)threads > n / 64 + 1)
		threads = (int)(n / 64 + 1);
	struct verify_pool vp = { jobs, n, ns, 0, PTHREAD_MUTEX_INITIALIZER };
	pthread_t *tid = fg_xmalloc(sizeof *tid * (size_t)threads);
	int started = 0;
	for (int t = 1; t < threads; t++)
		if (pthread_create(&tid[started], NULL, verify_worker, &vp) == 0)
			started++;
	verify_worker(&vp); /* this thread works too; with no threads it does all */
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(tid);
}

/* ------------------------------------------------------------ running ssh-keygen */

static const char *keygen_program(void)
{
	const char *p = getenv("FENGONG_SSH_KEYGEN");
	return p && *p ? p : "ssh-keygen";
}

/* Run argv with stdin from in_fd (-1: /dev/null); collect what it writes to
 * its standard output and error
 * (each at most 1 MiB).  Returns the exit status, or -1 when it could not
 * run (with a sentence in err). */
static int run_capture(char *const argv[], int in_fd, struct fg_buf *out, struct fg_buf *errout, char *err,
		       size_t errlen)
{
	int po[2], pe[2];
	if (pipe2(po, O_CLOEXEC) != 0) {
		seterr(err, errlen, FG_N_("cannot create a pipe: %s"), strerror(errno));
		return -1;
	}
	if (pipe2(pe, O_CLOEXEC) != 0) {
		seterr(err, errlen, FG_N_("cannot create a pipe: %s"), strerror(errno));
		close(po[0]);
		close(po[1]);
		return -1;
	}
	int devnull = -1;
	if (in_fd < 0)
		in_fd = devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (in_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(po[1]);
	close(pe[1]);
	if (devnull >= 0)
		close(devnull);
	if (rc != 0) {
		seterr(err, errlen, FG_N_("cannot run %s: %s"), argv[0], strerror(rc));
		close(po[0]);
		close(pe[0]);
		return -1;
	}
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	struct fg_buf *bufs[2] = { out, errout };
	int open_fds = 2;
	while (open_fds) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			char tmp[4096];
			ssize_t n = read(fds[i].fd, tmp, sizeof tmp);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			} else if (bufs[i]->len < (1u << 20)) {
				fg_buf_add(bufs[i], tmp, (size_t)n);
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			seterr(err, errlen, FG_N_("cannot wait for %s: %s"), argv[0], strerror(errno));
			return -1;
		}
	if (!out->data)
		fg_buf_add(out, "", 0);
	if (!errout->data)
		fg_buf_add(errout, "", 0);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	seterr(err, errlen, FG_N_("%s was killed by signal %d"), argv[0], WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

/* ssh-keygen's complaint, on one line. */
static void keygen_complaint(const struct fg_buf *e, int status, char *err, size_t errlen)
{
	char msg[400];
	size_t n = 0;
	for (size_t i = 0; i < e->len && n + 1 < sizeof msg; i++) {
		char c = e->data[i];
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if ((unsigned char)c < 0x20 || c == 0x7f)
			continue;
		msg[n++] = c;
	}
	while (n && msg[n - 1] == ' ')
		n--;
	msg[n] = 0;
	seterr(err, errlen, FG_N_("ssh-keygen failed (exit %d)%s%s"), status, n ? ": " : "", msg);
}

char *fg_sshsig_sign(const char *keyfile, const char *ns, const void *msg, size_t msglen, char *err,
		     size_t errlen)
{
	/* the message goes in through an unlinked temporary file: no pipe to
	 * fill, no SIGPIPE when ssh-keygen gives up early */
	FILE *tmp = tmpfile();
	if (!tmp) {
		seterr(err, errlen, FG_N_("cannot create a temporary file: %s"), strerror(errno));
		return NULL;
	}
	if ((msglen && fwrite(msg, 1, msglen, tmp) != msglen) || fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0) {
		seterr(err, errlen, FG_N_("cannot write a temporary file: %s"), strerror(errno));
		fclose(tmp);
		return NULL;
	}
	char *argv[] = { (char *)keygen_program(), "-q", "-Y", "sign", "-n", (char *)ns, "-f", (char *)keyfile,
			 "-O", "hashalg=sha512", NULL };
	struct fg_buf out = {0}, eout = {0};
	int st = run_capture(argv, fileno(tmp), &out, &eout, err, errlen);
	fclose(tmp);
	char *sig = NULL;
	if (st > 0 || (st == 0 && strncmp(out.data, armour_begin, sizeof armour_begin - 1) != 0))
		keygen_complaint(&eout, st, err, errlen);
	else if (st == 0)
		sig = fg_xstrdup(out.data);
	free(out.data);
	free(eout.data);
	return sig;
}

static char *read_small_file(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct fg_buf b = {0};
	char tmp[4096];
	ssize_t n;
	while ((n = read(fd, tmp, sizeof tmp)) > 0 && b.len < max)
		fg_buf_add(&b, tmp, (size_t)n);
	close(fd);
	if (n < 0) {
		free(b.data);
		return NULL;
	}
	if (!b.data)
		fg_buf_add(&b, "", 0);
	return b.data;
}

/* The first line of text that is a public key, or NULL. */
static struct fg_sshkey *first_key_line(const char *text)
{
	const char *s = text;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *line = fg_xmalloc(n + 1);
		memcpy(line, s, n);
		line[n] = 0;
		struct fg_sshkey *k = fg_sshkey_parse(line, NULL, 0);
		free(line);
		if (k)
			return k;
		if (!e)
			break;
		s = e + 1;
	}
	return NULL;
}

struct fg_sshkey *fg_sshkey_for_signing(const char *keyfile, char *err, size_t errlen)
{
	char *text = read_small_file(keyfile, 1 << 20);
	if (!text) {
		seterr(err, errlen, FG_N_("cannot read the key file %s: %s"), keyfile, strerror(errno));
		return NULL;
	}
	struct fg_sshkey *k = first_key_line(text);
	free(text);
	if (k)
		return k;

	size_t n = strlen(keyfile);
	char *pub = fg_xmalloc(n + 5);
	memcpy(pub, keyfile, n);
	memcpy(pub + n, ".pub", 5);
	text = read_small_file(pub, 1 << 20);
	free(pub);
	if (text) {
		k = first_key_line(text);
		free(text);
		if (k)
			return k;
	}

	char *argv[] = { (char *)keygen_program(), "-y", "-f", (char *)keyfile, NULL };
	struct fg_buf out = {0}, eout = {0};
	int st = run_capture(argv, -1, &out, &eout, err, errlen);
	if (st > 0)
		keygen_complaint(&eout, st, err, errlen);
	else if (st == 0 && !(k = first_key_line(out.data)))
		seterr(err, errlen, FG_N_("ssh-keygen -y did not print a public key for %s"), keyfile);
	free(out.data);
	free(eout.data);
	return k;
}
