/* Benchmark (issue 14): verify N (default 10 000) Ed25519 SSHSIG signatures
 * over record-sized messages, in-process.  The signatures are real: one
 * ssh-keygen -Y sign run signs N files.  Prints the median of the runs.
 *
 *   bench_verify [N] [RUNS]      (FENGONG_BENCH_SIGN_N / _RUNS also work)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fengong/sshsig.h"
#include "../bench/benchlib.h"

/* The decoded blob of an armoured signature (EVP_DecodeBlock over the
 * base64 body); its length in *len. */
static unsigned char *decode_sig(const char *sig, size_t *len)
{
	char *body = fg_sshsig_body(sig, strlen(sig));
	if (!body)
		exit(1);
	size_t n = strlen(body);
	unsigned char *raw = malloc(n);
	int r = raw ? EVP_DecodeBlock(raw, (unsigned char *)body, (int)n) : -1;
	if (r < 0)
		exit(1);
	*len = (size_t)r - (n && body[n - 1] == '=') - (n > 1 && body[n - 2] == '=');
	free(body);
	return raw;
}

static void put_string(unsigned char *b, size_t *o, const void *d, size_t n)
{
	b[(*o)++] = (unsigned char)(n >> 24);
	b[(*o)++] = (unsigned char)(n >> 16);
	b[(*o)++] = (unsigned char)(n >> 8);
	b[(*o)++] = (unsigned char)n;
	memcpy(b + *o, d, n);
	*o += n;
}

/* What libcrypto alone does for one record, the floor under
 * fg_sshsig_verify: hash the message (SHA-512), wrap the hash as SSHSIG
 * signs it, verify the 64-byte Ed25519 signature (the blob's last bytes). */
static int raw_verify(EVP_PKEY *pk, const unsigned char *raw, size_t rawlen, const char *m)
{
	unsigned char h[64], tbs[128];
	size_t o = 6;
	if (EVP_Digest(m, strlen(m), h, NULL, EVP_sha512(), NULL) != 1)
		return 0;
	memcpy(tbs, "SSHSIG", 6);
	put_string(tbs, &o, FG_SSHSIG_NS, strlen(FG_SSHSIG_NS));
	put_string(tbs, &o, "", 0);
	put_string(tbs, &o, "sha512", 6);
	put_string(tbs, &o, h, 64);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1 &&
		 EVP_DigestVerify(ctx, raw + rawlen - 64, 64, tbs, o) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}

int main(int argc, char **argv)
{
	const char *e;
	int n = argc > 1 ? atoi(argv[1]) : (e = getenv("FENGONG_BENCH_SIGN_N")) ? atoi(e) : 10000;
	int runs = argc > 2 ? atoi(argv[2]) : (e = getenv("FENGONG_BENCH_SIGN_RUNS")) ? atoi(e) : 5;
	if (n < 1 || runs < 1)
		return 2;

	char dir[] = "/tmp/fengong-bench-sign.XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char key[64], path[128];
	snprintf(key, sizeof key, "%s/key", dir);
	char *kg[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key, NULL };
	bench_run(kg);

	/* N record-like messages, one file each, all signed by one ssh-keygen run */
	char **msgs = calloc((size_t)n, sizeof *msgs), **sigs = calloc((size_t)n, sizeof *sigs);
	char **sargv = calloc((size_t)n + 10, sizeof *sargv);
	int k = 0;
	sargv[k++] = "ssh-keygen";
	sargv[k++] = "-q";
	sargv[k++] = "-Y";
	sargv[k++] = "sign";
	sargv[k++] = "-n";
	sargv[k++] = FG_SSHSIG_NS;
	sargv[k++] = "-f";
	sargv[k++] = key;
	for (int i = 0; i < n; i++) {
		char m[600];
		int len = snprintf(m, sizeof m,
				   "fengong-record-2\nat=2026-11-26T20:%02d:%02d+08:00\nby=liaison%d\nas=市税务局\n"
				   "kind=report\nmeasure=%d\nunit=葛店经开区管委会\nfrom=not_started\nto=in_progress\n"
				   "note=已完成摸底 %d\nperiod=2026-11\nprogress=\nproblems=\nnext=\npercent=40\ndue=\n"
				   "subject=\nkey=SHA256:x\nprev=%064d\n",
				   i / 60 % 60, i % 60, i % 17, i % 200 + 1, i, i);
		msgs[i] = strdup(m);
		snprintf(path, sizeof path, "%s/m%d", dir, i);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(m, 1, (size_t)len, f) != (size_t)len)
			return 1;
		fclose(f);
		sargv[k++] = strdup(path);
	}
	double t0 = now_s();
	bench_run(sargv);
	double tsign = now_s() - t0;
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/m%d.sig", dir, i);
		sigs[i] = bench_slurp(path);
		unlink(path);
		unlink(sargv[8 + i]);
		free(sargv[8 + i]);
	}
	free(sargv);

	snprintf(path, sizeof path, "%s.pub", key);
	char *pubtext = bench_slurp(path);
	char err[300];
	struct fg_sshkey *pub = fg_sshkey_parse(pubtext, err, sizeof err);
	if (!pub) {
		fprintf(stderr, "bench_verify: %s\n", err);
		return 1;
	}

	/* one thread, wall and CPU time; then every CPU (what check does) */
	double *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
	double *par = calloc((size_t)runs, sizeof *par), *rawc = calloc((size_t)runs, sizeof *rawc);
	/* libcrypto's part alone: the raw signatures and the key's 32 bytes */
	unsigned char **raws = calloc((size_t)n, sizeof *raws);
	size_t *rawlens = calloc((size_t)n, sizeof *rawlens);
	for (int i = 0; i < n; i++)
		raws[i] = decode_sig(sigs[i], &rawlens[i]);
	EVP_PKEY *rawpk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raws[0] + 14 + 4 + 11 + 4, 32);
	if (!rawpk) {
		fprintf(stderr, "bench_verify: libcrypto does not take the key\n");
		return 1;
	}
	struct fg_sshsig_job *jobs = calloc((size_t)n, sizeof *jobs);
	for (int r = 0; r < runs; r++) {
		double c0 = cpu_s();
		t0 = now_s();
		for (int i = 0; i < n; i++)
			if (fg_sshsig_verify(sigs[i], strlen(sigs[i]), msgs[i], strlen(msgs[i]), FG_SSHSIG_NS, pub, err,
					     sizeof err) != FG_SSHSIG_OK) {
				fprintf(stderr, "bench_verify: record %d: %s\n", i, err);
				return 1;
			}
		wall[r] = now_s() - t0;
		cpu[r] = cpu_s() - c0;
		c0 = cpu_s();
		for (int i = 0; i < n; i++)
			if (!raw_verify(rawpk, raws[i], rawlens[i], msgs[i])) {
				fprintf(stderr, "bench_verify: record %d does not verify with libcrypto alone\n", i);
				return 1;
			}
		rawc[r] = cpu_s() - c0;
		for (int i = 0; i < n; i++)
			jobs[i] = (struct fg_sshsig_job){ sigs[i], strlen(sigs[i]), msgs[i], strlen(msgs[i]), pub, FG_SSHSIG_BAD };
		t0 = now_s();
		fg_sshsig_verify_many(jobs, (size_t)n, FG_SSHSIG_NS, 0);
		par[r] = now_s() - t0;
		for (int i = 0; i < n; i++)
			if (jobs[i].result != FG_SSHSIG_OK) {
				fprintf(stderr, "bench_verify: record %d failed in parallel\n", i);
				return 1;
			}
	}
	qsort(wall, (size_t)runs, sizeof *wall, cmp_double);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
	qsort(par, (size_t)runs, sizeof *par, cmp_double);
	qsort(rawc, (size_t)runs, sizeof *rawc, cmp_double);
	double load[3] = {0};
	getloadavg(load, 3);
	printf("sign   %d Ed25519 records with one ssh-keygen -Y sign run: %.3f s\n", n, tsign);
	printf("verify %d Ed25519 records, medians of %d runs (load average %.2f, %ld CPUs):\n", n, runs, load[0],
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("  one thread:     %.3f s wall (min %.3f, max %.3f), %.3f s CPU = %.1f us/record\n", wall[runs / 2],
	       wall[0], wall[runs - 1], cpu[runs / 2], cpu[runs / 2] / n * 1e6);
	printf("  libcrypto alone (SHA-512 + EVP_DigestVerify, one thread): %.3f s CPU = %.1f us/record; "
	       "fg_sshsig_verify costs %.2fx that\n",
	       rawc[runs / 2], rawc[runs / 2] / n * 1e6, cpu[runs / 2] / rawc[runs / 2]);
	printf("  all CPUs:       %.3f s wall (min %.3f, max %.3f)  [fg_sshsig_verify_many, as check runs it]\n",
	       par[runs / 2], par[0], par[runs - 1]);
	free(wall);
	free(cpu);
	free(par);
	free(rawc);
	for (int i = 0; i < n; i++)
		free(raws[i]);
	free(raws);
	free(rawlens);
	EVP_PKEY_free(rawpk);
	free(jobs);
	for (int i = 0; i < n; i++) {
		free(msgs[i]);
		free(sigs[i]);
	}
	free(msgs);
	free(sigs);
	free(pubtext);
	fg_sshkey_free(pub);
	unlink(key);
	unlink(path);
	rmdir(dir);
	return 0;
}
