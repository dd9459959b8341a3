/* Benchmark (issue 14): what `fengong check` does on a signed plan of N
 * (default 10 000) Ed25519-signed records: load the file, verify the hash
 * chain, verify every signature and replay the signers.  The plan is
 * written here; every record is signed by a real ssh-keygen (one run over
 * N message files).  Prints the median of the runs.
 *
 *   bench_check [N] [RUNS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fengong/plan.h"
#include "fengong/sign.h"
#include "fengong/sshsig.h"
#include "../bench/benchlib.h"
#include "fengong/structure.h"

static struct fg_sshkey *keygen(const char *dir, const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", dir, name);
	char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", (char *)name, "-f", path, NULL };
	bench_run(argv);
	char pub[600];
	snprintf(pub, sizeof pub, "%s.pub", path);
	char *text = bench_slurp(pub);
	struct fg_sshkey *k = fg_sshkey_parse(text, NULL, 0);
	free(text);
	if (!k)
		exit(1);
	return k;
}

/* The plan file up to its history (malloc'd). */
static char *plan_head(const char *ckey, const char *lkey, const char *status, const char *note, const char *at)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	if (!f)
		abort();
	fprintf(f,
		"version: 1\nplan:\n  title: 基准\n  number: \"\"\n  issuer: \"\"\n  date: 2026-11-01\n  signing: required\n"
		"units:\n  - name: 市科技局\nsigners:\n  - name: wang\n    role: coordinator\n    key: %s\n"
		"  - name: zhang\n    role: liaison\n    units:\n      - 市科技局\n    key: %s\n"
		"measures:\n  - number: 1\n    label: (一)\n    title: 基准\n    text: 基准。\n    assignments:\n"
		"      - unit: 市科技局\n        role: lead\n        status: %s\n        note: \"%s\"\n"
		"        updated: \"%s\"\n        by: zhang\n",
		ckey, lkey, status, note, at);
	fclose(f);
	return s;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, runs = argc > 2 ? atoi(argv[2]) : 5;
	if (n < 4 || runs < 1)
		return 2;
	char dir[] = "/tmp/fengong-bench-check.XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char cpath[300], lpath[300];
	struct fg_sshkey *coord = keygen(dir, "coord", cpath, sizeof cpath);
	struct fg_sshkey *li = keygen(dir, "li", lpath, sizeof lpath);

	/* the records: wang (coordinator, self-signed), zhang (liaison),
	 * signing required and the structure signed (as `signers require`
	 * writes them), then zhang's status changes */
	static const char *const st[] = { "in_progress", "delayed", "blocked", "done" };
	struct fg_record *r = calloc((size_t)n, sizeof *r);
	char **notes = calloc((size_t)n, sizeof *notes), **hashes = calloc((size_t)n, sizeof *hashes);
	char *cnote, *lnote;
	{
		struct fg_signer g = { "wang", FG_SIGNER_COORDINATOR, NULL, 0, fg_sshkey_line(coord), 0, 0 };
		cnote = fg_signer_note(&g);
		const char *units[] = { "市科技局" };
		struct fg_signer h = { "zhang", FG_SIGNER_LIAISON, units, 1, fg_sshkey_line(li), 0, 0 };
		lnote = fg_signer_note(&h);
	}
	char digest[FG_STRUCTURE_DIGEST_LEN];
	{
		char *head = plan_head(fg_sshkey_line(coord), fg_sshkey_line(li), "not_started", "", "");
		struct fg_diag d;
		fg_diag_init(&d, "head");
		struct fg_plan *hp = fg_plan_load_buffer("head", head, strlen(head), &d);
		if (!hp)
			return 1;
		fg_structure_digest(hp, digest);
		fg_plan_free(hp);
		fg_diag_free(&d);
		free(head);
	}
	for (int i = 0; i < n; i++) {
		char at[40];
		snprintf(at, sizeof at, "2026-11-%02dT%02d:%02d:%02d+08:00", 1 + i / 86400 % 28, i / 3600 % 24, i / 60 % 60,
			 i % 60);
		r[i].at = strdup(at);
		r[i].note = "";
		r[i].unit = "";
		r[i].as = "";
		if (i < 4) {
			r[i].by = "wang";
			r[i].key = fg_sshkey_fingerprint(coord);
			r[i].kind = i == 3 ? FG_KIND_STRUCTURE : i == 2 ? FG_KIND_SIGNING : FG_KIND_SIGNER_ADD;
			r[i].subject = i == 0 ? "wang" : i == 1 ? "zhang" : i == 2 ? "required" : digest;
			r[i].note = i == 0 ? cnote : i == 1 ? lnote : "";
		} else {
			char note[64];
			snprintf(note, sizeof note, "第%d次报告", i);
			notes[i] = strdup(note);
			r[i].by = "zhang";
			r[i].as = "市科技局";
			r[i].unit = "市科技局";
			r[i].measure = 1;
			r[i].kind = FG_KIND_STATUS;
			r[i].from = FG_STATUS_NOT_STARTED;
			if (i > 4)
				fg_status_parse(st[(i - 1) % 4], &r[i].from);
			fg_status_parse(st[i % 4], &r[i].to);
			r[i].note = notes[i];
			r[i].key = fg_sshkey_fingerprint(li);
		}
	}
	/* hashes and the signed bytes (the chain does not depend on signatures) */
	char **sargv[2];
	int nargs[2] = { 0, 0 };
	for (int s = 0; s < 2; s++) {
		sargv[s] = calloc((size_t)n + 10, sizeof *sargv[s]);
		char **a = sargv[s];
		a[nargs[s]++] = "ssh-keygen";
		a[nargs[s]++] = "-q";
		a[nargs[s]++] = "-Y";
		a[nargs[s]++] = "sign";
		a[nargs[s]++] = "-n";
		a[nargs[s]++] = FG_SSHSIG_NS;
		a[nargs[s]++] = "-f";
		a[nargs[s]++] = s ? lpath : cpath;
	}
	for (int i = 0; i < n; i++) {
		char h[65], path[400];
		const char *prev = i ? hashes[i - 1] : "";
		fg_history_hash(&r[i], prev, h);
		hashes[i] = strdup(h);
		r[i].hash = hashes[i];
		size_t len;
		char *c = fg_record_canonical(&r[i], prev, &len);
		snprintf(path, sizeof path, "%s/m%d", dir, i);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(c, 1, len, f) != len || fclose(f) != 0)
			return 1;
		free(c);
		int s = i >= 4;
		sargv[s][nargs[s]++] = strdup(path);
	}
	double t0 = now_s();
	bench_run(sargv[0]);
	bench_run(sargv[1]);
	double tsign = now_s() - t0;

	/* the plan file */
	char plan[300];
	snprintf(plan, sizeof plan, "%s/plan.yaml", dir);
	FILE *f = fopen(plan, "w");
	char *head = plan_head(fg_sshkey_line(coord), fg_sshkey_line(li), fg_status_name(r[n - 1].to), r[n - 1].note,
			       r[n - 1].at);
	fprintf(f, "%shistory:\n", head);
	free(head);
	for (int i = 0; i < n; i++) {
		char path[400];
		snprintf(path, sizeof path, "%s/m%d.sig", dir, i);
		char *sig = bench_slurp(path);
		char *body = fg_sshsig_body(sig, strlen(sig));
		free(sig);
		if (!body)
			return 1;
		fprintf(f, "  - at: \"%s\"\n    by: %s\n    as: \"%s\"\n", r[i].at, r[i].by, r[i].as);
		if (i < 4) {
			fprintf(f, "    kind: %s\n", fg_record_kind_name(r[i].kind));
			if (*r[i].note) {
				fputs("    note: \"", f);
				for (const char *c = r[i].note; *c; c++)
					fputs(*c == '\n' ? "\\n" : (char[]){ *c, 0 }, f);
				fputs("\"\n", f);
			}
		} else {
			fprintf(f, "    measure: 1\n    unit: %s\n    from: %s\n    to: %s\n    note: \"%s\"\n", r[i].unit,
				fg_status_name(r[i].from), fg_status_name(r[i].to), r[i].note);
		}
		if (i < 4)
			fprintf(f, "    subject: %s\n", r[i].subject);
		fprintf(f, "    key: \"%s\"\n    hash: %s\n    sig: %s\n", r[i].key, r[i].hash, body);
		free(body);
	}
	fclose(f);

	double *load = calloc((size_t)runs, sizeof *load), *all = calloc((size_t)runs, sizeof *all);
	double *cpu = calloc((size_t)runs, sizeof *cpu);
	for (int k = 0; k < runs; k++) {
		struct fg_diag d;
		fg_diag_init(&d, plan);
		double c0 = cpu_s();
		t0 = now_s();
		struct fg_plan *p = fg_plan_load(plan, &d);
		double t1 = now_s();
		struct fg_sign_report rep;
		bool ok = p && fg_history_verify(p, &d) && fg_plan_verify_signed(p, NULL, 0, &rep, &d);
		all[k] = now_s() - t0;
		cpu[k] = cpu_s() - c0;
		load[k] = t1 - t0;
		if (!ok || rep.nverified != (size_t)n) {
			char line[800] = "";
			if (d.n)
				fg_diag_format(&d, 0, line, sizeof line);
			fprintf(stderr, "bench_check: the plan does not verify: %s\n", line);
			return 1;
		}
		fg_sign_report_free(&rep);
		fg_plan_free(p);
		fg_diag_free(&d);
	}
	qsort(load, (size_t)runs, sizeof *load, cmp_double);
	qsort(all, (size_t)runs, sizeof *all, cmp_double);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
	double la[3] = { 0 };
	getloadavg(la, 3);
	printf("check a plan of %d Ed25519-signed records (signed by ssh-keygen in %.2f s), medians of %d runs, load "
	       "average %.2f, %ld CPUs:\n",
	       n, tsign, runs, la[0], sysconf(_SC_NPROCESSORS_ONLN));
	printf("  load %.3f s; load + chain + signatures + signers %.3f s wall (min %.3f, max %.3f), %.3f s CPU "
	       "(all threads)\n",
	       load[runs / 2], all[runs / 2], all[0], all[runs - 1], cpu[runs / 2]);

	/* an attacker's edit: record 5's note changed and the hash chain
	 * recomputed, so every later record fails its signature; what check
	 * costs then (the search for merged predecessors must stay bounded) */
	double *tam = calloc((size_t)runs, sizeof *tam);
	size_t nbad = 0;
	for (int k = 0; k < runs; k++) {
		struct fg_diag d;
		fg_diag_init(&d, plan);
		struct fg_plan *p = fg_plan_load(plan, &d);
		if (!p)
			return 1;
		p->history[4].note = "forged";
		fg_history_rechain(p);
		struct fg_sign_report rep;
		t0 = now_s();
		fg_plan_verify_signed(p, NULL, 0, &rep, &d);
		tam[k] = now_s() - t0;
		nbad = rep.nbad;
		fg_sign_report_free(&rep);
		fg_plan_free(p);
		fg_diag_free(&d);
	}
	qsort(tam, (size_t)runs, sizeof *tam, cmp_double);
	printf("  record 5 forged and the chain recomputed: signatures + signers %.3f s wall (min %.3f, max %.3f), "
	       "%zu records flagged\n",
	       tam[runs / 2], tam[0], tam[runs - 1], nbad);
	free(tam);

	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return 0;
}
