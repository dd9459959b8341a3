/* libFuzzer harness for the writers of plan text (issue 13): random text in,
 * no control byte out.
 *
 * The input is split at NUL bytes into values (a plan's strings hold no
 * NUL).  Each value goes through every form of fg_text_escape, fg_text_show
 * and fg_text_fit (the tables and the TUI), and
 *   - for a terminal (FG_ESC_SHOW, fg_text_show, fg_text_fit) the result is
 *     valid UTF-8 without a C0 control, DEL, C1 control, bidi or invisible
 *     character; fg_text_fit stays within the width asked and says how
 *     wide the result is;
 *   - a TSV field holds no raw tab, line break or control character, is
 *     valid UTF-8 and reads back as the value (when the value is UTF-8);
 *     bidi and invisible characters stay in it as data, as in JSON;
 *   - a CSV field for a file reads back (RFC 4180) as the value, with ' in
 *     front exactly when a spreadsheet would take the value for a formula,
 *     and no field read back starts a formula;
 *   - a CSV field for a terminal is as clean as FG_ESC_SHOW but for line
 *     breaks and tabs inside its quotes.
 * A violation aborts, which libFuzzer reports as a crash.  Built by
 * -Dfuzz=true (clang); tests/safety replays the corpus without libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/text.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void die(const char *what, const char *s, size_t n)
{
	fprintf(stderr, "fuzz_escape: %s: \"", what);
	for (size_t i = 0; i < n && i < 200; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fputs("\"\n", stderr);
	abort();
}

static void put(const char *s, size_t len, void *ctx)
{
	struct buf *b = ctx;
	if (b->n + len + 1 > b->cap) {
		b->cap = (b->n + len + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->n, s, len);
	b->n += len;
	b->s[b->n] = 0;
}

static void escape(const char *s, size_t n, enum fg_escape how, struct buf *out)
{
	out->n = 0;
	put("", 0, out);
	fg_text_escape(s, n, how, put, out);
}

/* Valid UTF-8, no control character (but LF and TAB when allowed), no bidi
 * or invisible character (but in data: TSV keeps them, as JSON does). */
static void clean_as(const char *what, const char *s, size_t n, bool lf_tab, bool invisible_ok)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = fg_utf8_decode(s + i, n - i, &cp);
		if (!k)
			die(what, s, n);
		bool ctl = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
		if ((ctl && !(lf_tab && (cp == '\n' || cp == '\t'))) || (fg_cp_invisible(cp) && !invisible_ok))
			die(what, s, n);
		i += k;
	}
}

static void clean(const char *what, const char *s, size_t n, bool lf_tab)
{
	clean_as(what, s, n, lf_tab, false);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A TSV field read back: \\ \t \n \r \xNN (a C1 control: its UTF-8). */
static void tsv_check(const char *v, size_t n, const struct buf *t)
{
	if (memchr(t->s, '\t', t->n) || memchr(t->s, '\n', t->n) || memchr(t->s, '\r', t->n))
		die("a raw tab or line break in a TSV field", v, n);
	clean_as("TSV field", t->s, t->n, false, true);
	if (fg_utf8_invalid(v, n) != (size_t)-1)
		return; /* bytes that are not UTF-8 are shown as \xNN: not read back */
	struct buf back = {0};
	put("", 0, &back);
	for (size_t i = 0; i < t->n; i++) {
		if (t->s[i] != '\\') {
			put(t->s + i, 1, &back);
			continue;
		}
		char c = i + 1 < t->n ? t->s[++i] : 0;
		if (c == '\\' || c == 't' || c == 'n' || c == 'r') {
			put(c == '\\' ? "\\" : c == 't' ? "\t" : c == 'n' ? "\n" : "\r", 1, &back);
		} else if (c == 'x' && i + 2 < t->n && hexval(t->s[i + 1]) >= 0 && hexval(t->s[i + 2]) >= 0) {
			char u[4];
			uint32_t cp = (uint32_t)(hexval(t->s[i + 1]) * 16 + hexval(t->s[i + 2]));
			put(u, fg_utf8_encode(cp, u), &back);
			i += 2;
		} else {
			die("a TSV field with a stray backslash", t->s, t->n);
		}
	}
	if (back.n != n || memcmp(back.s, v, n) != 0)
		die("a TSV field does not read back as the value", v, n);
	free(back.s);
}

/* Would a spreadsheet take this cell for a formula?  (Written out here, not
 * with fg_csv_formula, so the harness checks the writer against the rule.) */
static bool formula(const char *s, size_t n)
{
	if (n && (s[0] == '\t' || s[0] == '\r'))
		return true;
	size_t i = 0;
	for (;;) { /* blanks: space, tab, CR, LF, U+00A0, U+3000 */
		if (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			i++;
		else if (i + 1 < n && memcmp(s + i, "\xC2\xA0", 2) == 0)
			i += 2;
		else if (i + 2 < n && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
			i += 3;
		else
			break;
	}
	if (i < n && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@'))
		return true;
	/* full-width ＝ ＋ － ＠ */
	return i + 2 < n && (memcmp(s + i, "\xEF\xBC\x9D", 3) == 0 || memcmp(s + i, "\xEF\xBC\x8B", 3) == 0 ||
			     memcmp(s + i, "\xEF\xBC\x8D", 3) == 0 || memcmp(s + i, "\xEF\xBC\xA0", 3) == 0);
}

/* A CSV field read back (RFC 4180): the value, ' in front of a formula. */
static void csv_check(const char *v, size_t n, const struct buf *c)
{
	struct buf back = {0};
	put("", 0, &back);
	if (c->n && c->s[0] == '"') {
		if (c->n < 2 || c->s[c->n - 1] != '"')
			die("a quoted CSV field is not closed", c->s, c->n);
		for (size_t i = 1; i + 1 < c->n; i++) {
			if (c->s[i] == '"') {
				if (i + 2 >= c->n || c->s[i + 1] != '"')
					die("a lone quote inside a CSV field", c->s, c->n);
				i++;
			}
			put(c->s + i, 1, &back);
		}
	} else {
		for (size_t i = 0; i < c->n; i++)
			if (strchr(",\"\n\r", c->s[i]) && c->s[i])
				die("a CSV field that needs quotes has none", c->s, c->n);
		put(c->s, c->n, &back);
	}
	bool f = formula(v, n);
	if (formula(back.s, back.n))
		die("a CSV field a spreadsheet takes for a formula", v, n);
	if (back.n != n + f || (f && back.s[0] != '\'') || memcmp(back.s + f, v, n) != 0)
		die("a CSV field does not read back as the value", v, n);
	if (f != fg_csv_formula(v, n))
		die("fg_csv_formula disagrees with the rule", v, n);
	free(back.s);
}

static void one_value(const char *v, size_t n, unsigned widths)
{
	struct buf out = {0};
	escape(v, n, FG_ESC_SHOW, &out);
	clean("FG_ESC_SHOW", out.s, out.n, false);

	escape(v, n, FG_ESC_TSV, &out);
	tsv_check(v, n, &out);

	escape(v, n, FG_ESC_CSV, &out);
	csv_check(v, n, &out);

	escape(v, n, FG_ESC_CSV_SHOW, &out);
	clean("FG_ESC_CSV_SHOW", out.s, out.n, true);
	if (formula(v, n) && (out.n < 2 || memcmp(out.s, "\"'", 2) != 0))
		die("a formula shown as CSV on a terminal is not neutralised", v, n);

	char *z = malloc(n + 1); /* the NUL-terminated value */
	if (!z)
		abort();
	memcpy(z, v, n);
	z[n] = 0;
	char shown[256];
	fg_text_show(z, shown, sizeof shown);
	clean("fg_text_show", shown, strlen(shown), false);

	/* widths as the TUI asks for them: a buffer of width * 12 + 16 bytes */
	static const int ws[] = {0, 1, 2, 3, 5, 8, 13, 40, 200};
	for (size_t k = 0; k < sizeof ws / sizeof ws[0]; k++) {
		int w = ws[k];
		bool pad = (widths >> k) & 1;
		size_t need = (size_t)w * 12 + 16;
		char *fit = malloc(need);
		if (!fit)
			abort();
		int used = fg_text_fit(z, w, pad, fit, need);
		clean("fg_text_fit", fit, strlen(fit), false);
		if (used > w || used < 0)
			die("fg_text_fit went past the width asked", v, n);
		if (fg_text_width(fit) != used)
			die("fg_text_fit's width is not the width of what it wrote", v, n);
		free(fit);
	}
	free(z);
	free(out.s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fg_text_locale();
	const char *s = (const char *)data;
	unsigned widths = size ? data[0] : 0;
	size_t start = 0;
	for (size_t i = 0; i <= size; i++)
		if (i == size || s[i] == 0) {
			one_value(s + start, i - start, widths);
			start = i + 1;
		}
	return 0;
}
