/* The importer against a corpus of real, published plans.
 *
 * tests/import/corpus/NAME.txt is an excerpt of a real plan (its header
 * lines, starting with "#", cite the source; they are blanked before the
 * import so line numbers stay those of the file).  NAME.expected is the
 * hand-checked matrix, one line per measure:
 *
 *     LABEL <TAB> LEAD；LEAD… <TAB> CO；CO…        ("-" for none; ； because
 * a unit name may hold 、, as 各县、市、区政府 does)
 *
 * The test imports every fixture, compares measure by measure, prints each
 * difference and the exact-match rate, and fails when the rate is below
 * 95 %.  An imported measure the expectation does not list, or a listed
 * one not imported, counts as a miss.
 *
 * usage: test_corpus CORPUS_DIR
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/import.h"
#include "fengong/plan.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		size_t r = fread(buf + n, 1, 4096, f);
		n += r;
		if (r < 4096)
			break;
	}
	fclose(f);
	buf[n] = 0;
	*len = n;
	return buf;
}

/* Blank the "#" header lines (keep their newlines). */
static void blank_header(char *buf, size_t len)
{
	size_t i = 0;
	while (i < len && buf[i] == '#') {
		while (i < len && buf[i] != '\n')
			buf[i++] = ' ';
		i++;
	}
}

static char *role_list(const struct fg_measure *m, enum fg_role role)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	bool any = false;
	for (size_t i = 0; i < m->nasg; i++) {
		if (m->asg[i].role != role)
			continue;
		fprintf(f, "%s%s", any ? "；" : "", m->asg[i].unit);
		any = true;
	}
	if (!any)
		fputs("-", f);
	fclose(f);
	return s;
}

static char *measure_line(const struct fg_measure *m)
{
	char *lead = role_list(m, FG_ROLE_LEAD), *co = role_list(m, FG_ROLE_CO), *s = NULL;
	if (asprintf(&s, "%s\t%s\t%s", m->label, lead, co) < 0)
		abort();
	free(lead);
	free(co);
	return s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_corpus CORPUS_DIR\n");
		return 2;
	}
	const char *dir = argv[1];
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return 1;
	}
	char **names = NULL;
	size_t nnames = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0) {
			names = realloc(names, (nnames + 1) * sizeof *names);
			if (!names)
				abort();
			names[nnames++] = strndup(e->d_name, l - 4);
		}
	}
	closedir(d);
	if (nnames)
		qsort(names, nnames, sizeof *names, cmp_str);

	size_t total = 0, exact = 0, docs = 0;
	for (size_t k = 0; k < nnames; k++) {
		char *txt = NULL, *exp = NULL;
		if (asprintf(&txt, "%s/%s.txt", dir, names[k]) < 0 || asprintf(&exp, "%s/%s.expected", dir, names[k]) < 0)
			abort();
		size_t tlen, elen;
		char *tbuf = slurp(txt, &tlen), *ebuf = slurp(exp, &elen);
		if (!tbuf || !ebuf) {
			printf("%s: cannot read %s\n", names[k], tbuf ? exp : txt);
			free(tbuf);
			free(ebuf);
			free(txt);
			free(exp);
			total++;
			continue;
		}
		docs++;
		blank_header(tbuf, tlen);
		struct fg_diag w, er;
		char *base = NULL;
		if (asprintf(&base, "%s.txt", names[k]) < 0)
			abort();
		fg_diag_init(&w, base);
		fg_diag_init(&er, base);
		struct fg_plan *p = fg_import_text(base, tbuf, tlen, &w, &er);
		/* the expected lines */
		char **want = NULL;
		size_t nwant = 0;
		for (char *save = NULL, *line = strtok_r(ebuf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (!*line || *line == '#')
				continue;
			want = realloc(want, (nwant + 1) * sizeof *want);
			if (!want)
				abort();
			want[nwant++] = line;
		}
		size_t nm = p ? p->nmeasures : 0, doc_exact = 0;
		size_t n = nwant > nm ? nwant : nm;
		for (size_t i = 0; i < n; i++) {
			char *got = i < nm ? measure_line(&p->measures[i]) : NULL;
			const char *exp_line = i < nwant ? want[i] : NULL;
			if (got && exp_line && strcmp(got, exp_line) == 0) {
				doc_exact++;
			} else {
				printf("%s: measure %zu differs\n  expected: %s\n  imported: %s\n", names[k], i + 1,
				       exp_line ? exp_line : "(none)", got ? got : "(none)");
			}
			free(got);
		}
		if (!p) {
			char msg[1200];
			for (size_t i = 0; i < er.n; i++) {
				fg_diag_format(&er, i, msg, sizeof msg);
				printf("  %s\n", msg);
			}
		}
		printf("%-28s %zu/%zu measures exact, %zu warning%s\n", names[k], doc_exact, n, w.n,
		       w.n == 1 ? "" : "s");
		total += n;
		exact += doc_exact;
		fg_plan_free(p);
		fg_diag_free(&w);
		fg_diag_free(&er);
		free(want);
		free(base);
		free(tbuf);
		free(ebuf);
		free(txt);
		free(exp);
	}
	for (size_t k = 0; k < nnames; k++)
		free(names[k]);
	free(names);
	double rate = total ? 100.0 * (double)exact / (double)total : 0.0;
	printf("corpus: %zu documents, %zu measures, %zu exact: exact-match rate %.1f%%\n", docs, total, exact, rate);
	if (docs < 20) {
		printf("FAIL: the corpus has %zu documents; it needs at least 20\n", docs);
		return 1;
	}
	if (rate < 95.0) {
		printf("FAIL: exact-match rate %.1f%% is below 95%%\n", rate);
		return 1;
	}
	return 0;
}
