/* SSH signatures: OpenSSH public keys and the SSHSIG format
 * (openssh-portable's PROTOCOL.sshsig), verified in-process with libcrypto.
 *
 * Supported keys: ssh-ed25519, ecdsa-sha2-nistp256/384/521 and ssh-rsa
 * (signatures rsa-sha2-256 / rsa-sha2-512 only, never SHA-1; modulus of
 * at least 1024 bits).  Signing runs `ssh-keygen -Y sign` (no shell).
 *
 * Part of the core: nothing here prints.  Errors are returned as a code and,
 * where a buffer is given, one English sentence.
 */
#ifndef FENGONG_SSHSIG_H
#define FENGONG_SSHSIG_H

#include <stdbool.h>
#include <stddef.h>

/* The namespace fengong signs and verifies in. */
#define FG_SSHSIG_NS "fengong"

/* "SHA256:" + 43 base64 characters + NUL. */
#define FG_SSH_FP_LEN 51

/* ---------------------------------------------------------------- public keys */

struct fg_sshkey; /* opaque: a parsed, validated public key */

/* Parse one OpenSSH public key line: "TYPE BASE64 [comment]" (leading and
 * trailing blanks allowed, the text type must match the encoded one).
 * NULL on any problem, with a sentence in err. */
struct fg_sshkey *fg_sshkey_parse(const char *line, char *err, size_t errlen);
/* Parse the SSH wire encoding of a public key (RFC 4253 / 5656 / 8709). */
struct fg_sshkey *fg_sshkey_from_blob(const void *blob, size_t len, char *err, size_t errlen);
void fg_sshkey_free(struct fg_sshkey *k);

/* "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ... */
const char *fg_sshkey_type(const struct fg_sshkey *k);
/* The comment of the line it was parsed from ("" when none). */
const char *fg_sshkey_comment(const struct fg_sshkey *k);
/* "SHA256:" and the unpadded base64 of the blob's SHA-256, as ssh-keygen -l prints it. */
const char *fg_sshkey_fingerprint(const struct fg_sshkey *k);
/* The key as one line "TYPE BASE64" (no comment); owned by k. */
const char *fg_sshkey_line(const struct fg_sshkey *k);
/* Same key (same wire encoding). */
bool fg_sshkey_equal(const struct fg_sshkey *a, const struct fg_sshkey *b);

/* ---------------------------------------------------------------- signatures */

enum fg_sshsig_result {
	FG_SSHSIG_OK,
	FG_SSHSIG_MALFORMED,   /* not an SSHSIG: armour, base64 or structure broken, truncated */
	FG_SSHSIG_UNSUPPORTED, /* a version, key type or hash algorithm not supported */
	FG_SSHSIG_WRONG_NS,    /* made for another namespace */
	FG_SSHSIG_WRONG_KEY,   /* made by another key than the one expected */
	FG_SSHSIG_BAD          /* does not verify over this message */
};

/* A short English phrase for r ("signature does not verify", ...). */
const char *fg_sshsig_result_text(enum fg_sshsig_result r);

/* Verify sig (the armoured text "-----BEGIN SSH SIGNATURE-----..." or only
 * its base64 body; blanks and newlines in the body are ignored) over
 * msg[msglen] in namespace ns.  When key is non-NULL the signature must be
 * made by that key; when NULL, by the key it embeds (learn which with
 * fg_sshsig_signer and decide whether to trust it).  On failure a sentence
 * goes to err (may be NULL). */
enum fg_sshsig_result fg_sshsig_verify(const char *sig, size_t siglen, const void *msg, size_t msglen,
				       const char *ns, const struct fg_sshkey *key, char *err, size_t errlen);

/* Many verifications at once, spread over up to `threads` threads (0: one
 * per online CPU); each job's result is filled in.  For `check` over a
 * long history. */
struct fg_sshsig_job {
	const char *sig;
	size_t siglen;
	const void *msg;
	size_t msglen;
	const struct fg_sshkey *key; /* as in fg_sshsig_verify; may be NULL */
	enum fg_sshsig_result result;
};
void fg_sshsig_verify_many(struct fg_sshsig_job *jobs, size_t n, const char *ns, int threads);

/* The public key a signature says it was made with (not verified: use it to
 * find the signer, then fg_sshsig_verify with that signer's key).  NULL
 * when the signature cannot be parsed. */
struct fg_sshkey *fg_sshsig_signer(const char *sig, size_t siglen, char *err, size_t errlen);

/* The base64 body of an armoured signature on one line (malloc'd), or NULL
 * when sig is not an armoured or bare SSHSIG. */
char *fg_sshsig_body(const char *sig, size_t siglen);

/* ---------------------------------------------------------------- signing */

/* Sign msg[msglen] in namespace ns with `ssh-keygen -Y sign -n NS -f KEYFILE`
 * (the program from $FENGONG_SSH_KEYGEN, else ssh-keygen from PATH), the
 * message on its standard input.  keyfile is a private key file, or a
 * public key whose private half is in ssh-agent.  Returns the armoured
 * signature (malloc'd), or NULL with ssh-keygen's complaint in err.
 * ssh-keygen may ask for a passphrase on the terminal. */
char *fg_sshsig_sign(const char *keyfile, const char *ns, const void *msg, size_t msglen, char *err,
		     size_t errlen);

/* The public key that signs with keyfile: the file itself when it is a
 * public key line, else KEYFILE.pub, else `ssh-keygen -y -f KEYFILE`.
 * NULL with a sentence in err. */
struct fg_sshkey *fg_sshkey_for_signing(const char *keyfile, char *err, size_t errlen);

#endif
