/* The attacker's tool for tests/sign/attack.sh: someone with write access to
 * the plan file but no private key.  Each edit is made on the loaded plan,
 * then the whole hash chain is recomputed (as twenty lines of Python would)
 * and the file rewritten in the canonical layout.
 *
 *   forge FILE note I TEXT        record I's note := TEXT
 *   forge FILE field I NAME VALUE record I's at|by|as|unit|measure|to := VALUE
 *   forge FILE delete I           remove record I
 *   forge FILE swap I J           exchange records I and J
 *   forge FILE copy I             append a copy of record I (signature too)
 *   forge FILE unsign I           drop record I's key and signature
 *   forge FILE sig I SIGFILE      record I's signature := SIGFILE's body
 *   forge FILE canon I            print record I's canonical bytes (what is signed)
 *   forge FILE sigtext I          print record I's signature, armoured
 *   forge FILE rehash             only recompute the chain
 * Records are numbered from 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/plan.h"
#include "fengong/sshsig.h"

static void rehash(struct fg_plan *p)
{
	const char *prev = "";
	for (size_t i = 0; i < p->nhistory; i++) {
		char h[65];
		fg_history_hash(&p->history[i], prev, h);
		p->history[i].hash = fg_plan_strdup(p, h);
		prev = p->history[i].hash;
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	struct fg_diag d;
	fg_diag_init(&d, argv[1]);
	struct fg_plan *p = fg_plan_load(argv[1], &d);
	if (!p) {
		char line[800];
		fg_diag_format(&d, 0, line, sizeof line);
		fprintf(stderr, "forge: %s\n", line);
		return 1;
	}
	const char *op = argv[2];
	size_t i = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	if (strcmp(op, "rehash") != 0 && (i < 1 || i > p->nhistory)) {
		fprintf(stderr, "forge: no record %zu\n", i);
		return 2;
	}
	struct fg_record *r = i ? &p->history[i - 1] : NULL, *copy = NULL;
	if (strcmp(op, "canon") == 0 || strcmp(op, "sigtext") == 0) {
		if (op[0] == 'c') {
			size_t len;
			char *c = fg_record_canonical(r, i > 1 ? p->history[i - 2].hash : "", &len);
			fwrite(c, 1, len, stdout);
			free(c);
		} else {
			const char *s = r->sig;
			printf("-----BEGIN SSH SIGNATURE-----\n");
			for (size_t k = 0; k < strlen(s); k += 70)
				printf("%.70s\n", s + k);
			printf("-----END SSH SIGNATURE-----\n");
		}
		fg_plan_free(p);
		fg_diag_free(&d);
		return 0;
	}
	if (strcmp(op, "note") == 0 && argc == 5) {
		r->note = fg_plan_strdup(p, argv[4]);
	} else if (strcmp(op, "field") == 0 && argc == 6) {
		const char *f = argv[4], *v = fg_plan_strdup(p, argv[5]);
		if (strcmp(f, "at") == 0)
			r->at = v;
		else if (strcmp(f, "by") == 0)
			r->by = v;
		else if (strcmp(f, "as") == 0)
			r->as = v;
		else if (strcmp(f, "unit") == 0)
			r->unit = v;
		else if (strcmp(f, "measure") == 0)
			r->measure = atoi(v);
		else if (strcmp(f, "to") == 0)
			fg_status_parse(v, &r->to);
		else
			return 2;
	} else if (strcmp(op, "delete") == 0) {
		memmove(r, r + 1, (p->nhistory - i) * sizeof *r);
		p->nhistory--;
	} else if (strcmp(op, "swap") == 0 && argc == 5) {
		size_t j = strtoul(argv[4], NULL, 10);
		if (j < 1 || j > p->nhistory)
			return 2;
		struct fg_record t = *r;
		*r = p->history[j - 1];
		p->history[j - 1] = t;
	} else if (strcmp(op, "copy") == 0) {
		/* a fresh array (the plan's own lives in its arena) */
		copy = malloc((p->nhistory + 1) * sizeof *copy);
		if (!copy)
			return 1;
		memcpy(copy, p->history, p->nhistory * sizeof *copy);
		copy[p->nhistory] = *r;
		p->history = copy;
		p->nhistory++;
	} else if (strcmp(op, "unsign") == 0) {
		r->key = "";
		r->sig = "";
	} else if (strcmp(op, "sig") == 0 && argc == 5) {
		const char *t = slurp(argv[4]);
		char *body = t ? fg_sshsig_body(t, strlen(t)) : NULL;
		if (!body)
			return 1;
		r->sig = fg_plan_strdup(p, body);
		free(body);
	} else if (strcmp(op, "rehash") != 0) {
		return 2;
	}
	rehash(p);
	size_t len;
	char *out = fg_plan_emit(p, &len);
	FILE *f = fopen(argv[1], "wb");
	if (!f || fwrite(out, 1, len, f) != len || fclose(f) != 0)
		return 1;
	free(out);
	if (copy) {
		/* give the plan back its own array before freeing it */
		p->history = NULL;
		p->nhistory = 0;
		free(copy);
	}
	fg_plan_free(p);
	fg_diag_free(&d);
	return 0;
}
