/* The importer: the plain text of a government document -> a plan.
 *
 * Everything here works on code points: the documents mix ASCII and
 * full-width punctuation (( （ , ， : ： ; ；), and almost every test is "is
 * this character one of ...".  The text is decoded once into one array;
 * lines and spans are views (pointer, length) into it.
 *
 * The passes, in order:
 *   decode    UTF-8, else GB18030 through iconv
 *   lines     split, trim, find each line's numbering label
 *   body      skip web-page chrome up to "原文如下"; pick the numbering
 *             level of the measures (the one that carries the annotations)
 *   rules     lead-unit rules stated in the text (列第一位者为牵头单位 …)
 *   measures  cut the body into sections and measures; read annotations
 *   metadata  title, document number, issuer, date
 *   registry  unit names that look like abbreviations of others
 *
 * Every guess becomes a warning at a line of the document; warnings are
 * collected and sorted so the user reads them in document order.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "office.h"
#include "fengong/import.h"
#include "fengong/text.h"

#define NPOS ((size_t)-1)

/* ------------------------------------------------------------ code point spans */

struct us {
	const uint32_t *s;
	size_t n;
};

static struct us us_make(const uint32_t *s, size_t n)
{
	struct us u = {s, n};
	return u;
}

static struct us us_sub(struct us u, size_t a, size_t b)
{
	if (b > u.n)
		b = u.n;
	if (a > b)
		a = b;
	return us_make(u.s + a, b - a);
}

/* Literals are written in UTF-8 in this file and decoded when used. */
#define LIT_MAX 32

static size_t lit_decode(const char *lit, uint32_t out[LIT_MAX])
{
	size_t n = 0, len = strlen(lit);
	for (size_t i = 0; i < len && n < LIT_MAX;) {
		uint32_t cp;
		size_t k = fg_utf8_decode(lit + i, len - i, &cp);
		out[n++] = cp;
		i += k ? k : 1;
	}
	return n;
}

static size_t lit_len(const char *lit)
{
	uint32_t buf[LIT_MAX];
	return lit_decode(lit, buf);
}

static bool us_at(struct us u, size_t i, const char *lit)
{
	uint32_t l[LIT_MAX];
	size_t n = lit_decode(lit, l);
	if (i > u.n || u.n - i < n)
		return false;
	return memcmp(u.s + i, l, n * sizeof *l) == 0;
}

static bool us_starts(struct us u, const char *lit)
{
	return us_at(u, 0, lit);
}

static bool us_ends(struct us u, const char *lit)
{
	size_t n = lit_len(lit);
	return u.n >= n && us_at(u, u.n - n, lit);
}

static bool us_eq(struct us u, const char *lit)
{
	return u.n == lit_len(lit) && us_at(u, 0, lit);
}

static size_t us_find(struct us u, const char *lit, size_t from)
{
	uint32_t l[LIT_MAX];
	size_t n = lit_decode(lit, l);
	for (size_t i = from; n && i + n <= u.n; i++)
		if (u.s[i] == l[0] && memcmp(u.s + i, l, n * sizeof *l) == 0)
			return i;
	return NPOS;
}

static bool us_has(struct us u, const char *lit)
{
	return us_find(u, lit, 0) != NPOS;
}

static bool us_same(struct us a, struct us b)
{
	return a.n == b.n && memcmp(a.s, b.s, a.n * sizeof *a.s) == 0;
}

/* Is c one of the characters of the UTF-8 string set? */
static bool cp_in(uint32_t c, const char *set)
{
	size_t len = strlen(set);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = fg_utf8_decode(set + i, len - i, &cp);
		if (cp == c)
			return true;
		i += k ? k : 1;
	}
	return false;
}

static bool cp_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0x3000 || c == 0xA0 || c == 0xFEFF ||
	       (c >= 0x2000 && c <= 0x200B);
}

/* Brackets that nest: ( （ 【 〈 ［ 〔 and their closers. */
static bool cp_open(uint32_t c)
{
	return c == '(' || c == 0xFF08 || c == 0x3010 || c == 0x3008 || c == 0xFF3B || c == 0x3014;
}

static bool cp_close(uint32_t c)
{
	return c == ')' || c == 0xFF09 || c == 0x3011 || c == 0x3009 || c == 0xFF3D || c == 0x3015;
}

static bool cp_paren_open(uint32_t c)
{
	return c == '(' || c == 0xFF08;
}

static bool cp_paren_close(uint32_t c)
{
	return c == ')' || c == 0xFF09;
}

static bool cp_comma(uint32_t c)
{
	return c == ',' || c == 0xFF0C;
}

static bool cp_semi(uint32_t c)
{
	return c == ';' || c == 0xFF1B;
}

static bool cp_colon(uint32_t c)
{
	return c == ':' || c == 0xFF1A;
}

static bool cp_star(uint32_t c)
{
	return c == '*' || c == 0xFF0A || c == 0x2605 || c == 0x2606 || c == FG_IMPORT_MARK_CP;
}

static int cp_digit(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xFF10 && c <= 0xFF19)
		return (int)(c - 0xFF10);
	return -1;
}

static bool cp_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Numerals of 一、 and (一) labels. */
static bool cp_label_numeral(uint32_t c)
{
	return cp_in(c, "一二三四五六七八九十百");
}

static struct us us_trim(struct us u)
{
	while (u.n && cp_space(u.s[0]))
		u.s++, u.n--;
	while (u.n && cp_space(u.s[u.n - 1]))
		u.n--;
	return u;
}

/* Strip trailing sentence punctuation (。 . ; ； , ，). */
static struct us us_trim_punct(struct us u)
{
	u = us_trim(u);
	while (u.n && (u.s[u.n - 1] == 0x3002 || u.s[u.n - 1] == '.' || cp_semi(u.s[u.n - 1]) ||
		       cp_comma(u.s[u.n - 1]) || cp_colon(u.s[u.n - 1])))
		u = us_trim(us_sub(u, 0, u.n - 1));
	return u;
}

/* Index of the bracket closing the one opened at i, or NPOS. */
static size_t us_match_close(struct us u, size_t i)
{
	int depth = 0;
	for (size_t k = i; k < u.n; k++) {
		if (cp_open(u.s[k]))
			depth++;
		else if (cp_close(u.s[k]) && --depth == 0)
			return k;
	}
	return NPOS;
}

/* Index of the bracket opening the one closed at the end of u, or NPOS. */
static size_t us_match_open(struct us u)
{
	int depth = 0;
	for (size_t k = u.n; k-- > 0;) {
		if (cp_close(u.s[k]))
			depth++;
		else if (cp_open(u.s[k]) && --depth == 0)
			return k;
	}
	return NPOS;
}

static void buf_add_us(struct fg_buf *b, struct us u)
{
	for (size_t i = 0; i < u.n; i++) {
		char enc[4];
		if (u.s[i] == FG_IMPORT_MARK_CP) /* a .docx bold mark: never text */
			continue;
		size_t k = fg_utf8_encode(u.s[i], enc);
		fg_buf_add(b, enc, k);
	}
}

/* ------------------------------------------------------------ importer state */

struct warning {
	unsigned line;
	size_t seq;
	char *msg;
};

struct line {
	struct us t;    /* trimmed text */
	unsigned no;    /* 1-based line number in the document */
	int level;      /* numbering label: 0 none, 1 一、, 2 (一), 3 1. 1、, 4 (1) */
	size_t label;   /* length of the label in code points */
};

enum lead_rule { RULE_NONE, RULE_FIRST, RULE_COMMA, RULE_SEMI };

struct stated_rule {
	unsigned line;
	enum lead_rule rule;
	const char *phrase;
};

/* What a unit's place in an annotation says about its role. */
enum role_src {
	RS_NONE,  /* no keyword, no verb */
	RS_LIST,  /* 责任单位: a list the lead rule splits */
	RS_LEAD,  /* 牵头单位: … / A牵头 */
	RS_CO,    /* 配合单位: … / B配合 */
	RS_RESP,  /* A、B负责 */
	RS_DUTY,  /* 按职责分工负责 */
	RS_DUE,   /* 完成时限: not units */
	RS_SAME,  /* 同上: the previous measure's units */
	RS_PERSON, /* 牵头负责领导: a person, not a unit */
};

struct ann_unit {
	const char *name;
	bool star;
	const char **members;
	size_t nmembers, members_cap;
	enum role_src role;
	bool verb_set;          /* its role comes from a verb (牵头, 配合 …) */
	unsigned commas, semis; /* separators seen before it in the annotation */
};

struct ann {
	struct ann_unit *u;
	size_t nu, cap;
	enum lead_rule rule; /* stated inside this annotation */
	bool same;           /* 同上 */
	const char *due;
	unsigned line;
};

struct resolved {
	const char *name;
	enum fg_role role;
	const char **members;
	size_t nmembers;
	unsigned line;
};

struct imp {
	const char *name;
	struct fg_plan *p;
	struct fg_arena *tmp; /* scratch, freed at the end */
	uint32_t *text;
	size_t ntext;
	struct line *lines;
	size_t nlines;
	size_t body;          /* first line after the web-page chrome */
	int level;            /* numbering level of the measures */
	struct stated_rule *rules;
	size_t nrules, rules_cap;
	bool convention_warned, retro_warned;
	struct warning *warn;
	size_t nwarn, warn_cap;
	bool quiet;           /* probing: parse without warning */
	bool bare;            /* probing a list with neither label nor verb */
	struct resolved *prev; /* units of the previous measure, for 同上 */
	size_t nprev;
	char prev_label[64];
	unsigned *unit_line;  /* first line of each registered unit */
	size_t unit_line_cap;
};

#define VPUSH(a, arr, n, cap)                                                                          \
	((n) == (cap) ? ((arr) = fg_arena_grow((a), (arr), (n), (cap) = (cap) ? (cap) * 2 : 8, sizeof *(arr))) \
		      : (arr),                                                                         \
	 memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])

static const char *tmp_utf8(struct imp *im, struct us u)
{
	struct fg_buf b = {0};
	buf_add_us(&b, u);
	const char *s = fg_arena_strndup(im->tmp, b.data ? b.data : "", b.len);
	free(b.data);
	return s;
}

static void warn(struct imp *im, unsigned line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void warn(struct imp *im, unsigned line, const char *fmt, ...)
{
	if (im->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fg_tr(fmt), ap) < 0) /* in the messages' language */
		msg = NULL;
	va_end(ap);
	if (!msg)
		return;
	for (size_t i = 0; i < im->nwarn; i++)
		if (im->warn[i].line == line && strcmp(im->warn[i].msg, msg) == 0) {
			free(msg); /* the same guess, made twice (two annotations) */
			return;
		}
	if (im->nwarn == im->warn_cap) {
		im->warn_cap = im->warn_cap ? im->warn_cap * 2 : 16;
		im->warn = fg_xrealloc(im->warn, im->warn_cap * sizeof *im->warn);
	}
	im->warn[im->nwarn].line = line;
	im->warn[im->nwarn].seq = im->nwarn;
	im->warn[im->nwarn].msg = msg;
	im->nwarn++;
}

static int warning_cmp(const void *a, const void *b)
{
	const struct warning *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ------------------------------------------------------------ decoding */

static unsigned line_of_byte(const char *buf, size_t off)
{
	unsigned line = 1;
	for (size_t i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

/* GB18030 -> UTF-8; NULL with *bad = offset of the first byte it cannot read. */
static char *gb18030_to_utf8(const char *buf, size_t len, size_t *outlen, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	*bad = 0;
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 16; /* 2 bytes become 3, 4 stay 4 */
	char *out = fg_xmalloc(cap);
	char *in = (char *)buf, *o = out;
	size_t inleft = len, oleft = cap;
	size_t r = iconv(cd, &in, &inleft, &o, &oleft);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &o, &oleft);
	iconv_close(cd);
	if (r == (size_t)-1) {
		*bad = (size_t)(in - buf);
		free(out);
		return NULL;
	}
	*outlen = cap - oleft;
	return out;
}

/* Decode the document into im->text; false (reason in errors) when it is
 * neither UTF-8 nor GB18030. */
static bool decode(struct imp *im, const char *buf, size_t len, struct fg_diag *errors)
{
	if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
			 ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0,
			    FG_N_("the text is UTF-16; save it as UTF-8 (or GB18030) plain text and import it again"));
		return false;
	}
	const char *nul = memchr(buf, 0, len);
	if (nul) {
		fg_diag_add(errors, FG_ERR_INVALID, line_of_byte(buf, (size_t)(nul - buf)), 0,
			    FG_N_("the file holds a NUL byte, so it is not plain text; export the document as .txt and import that"));
		return false;
	}
	char *conv = NULL;
	if (fg_utf8_invalid(buf, len) != (size_t)-1) {
		size_t bad = 0, clen = 0;
		conv = gb18030_to_utf8(buf, len, &clen, &bad);
		if (!conv) {
			size_t first = fg_utf8_invalid(buf, len);
			fg_diag_add(errors, FG_ERR_INVALID, line_of_byte(buf, first), 0,
				    FG_N_("the text is neither UTF-8 nor GB18030 (byte 0x%02X cannot be read); save it as UTF-8 and "
					  "import it again"),
				    (unsigned char)buf[first]);
			return false;
		}
		buf = conv;
		len = clen;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	im->text = fg_arena_alloc(im->tmp, (len + 1) * sizeof *im->text);
	size_t n = 0, dropped = 0;
	unsigned line = 1, first_line = 0;
	uint32_t first = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = fg_utf8_decode(buf + i, len - i, &cp);
		if (!k)
			k = 1;
		line += cp == '\n';
		i += k;
		/* bidi and invisible characters (web pages are full of them) would
		 * hide a label or make a unit name a plan refuses: drop them */
		if (fg_cp_invisible(cp)) {
			if (!dropped++)
				first = cp, first_line = line;
			continue;
		}
		im->text[n++] = cp;
	}
	im->ntext = n;
	if (dropped)
		warn(im, first_line,
		     dropped == 1 ? FG_N_("dropped %zu bidi or invisible character (the first: U+%04X, %s), which a plan's "
					  "names may not hold")
				  : FG_N_("dropped %zu bidi or invisible characters (the first: U+%04X, %s), which a plan's "
					  "names may not hold"),
		     dropped, (unsigned)first, fg_tr(fg_cp_invisible_name(first)));
	free(conv);
	return true;
}

/* ------------------------------------------------------------ lines and labels */

/* The numbering label at the start of t: its level, length in *len. */
static int label_of(struct us t, size_t *len)
{
	size_t k = 0;
	*len = 0;
	if (t.n < 2)
		return 0;
	if (cp_paren_open(t.s[0])) {
		k = 1;
		while (k < t.n && k <= 4 && cp_label_numeral(t.s[k]))
			k++;
		if (k > 1 && k < t.n && cp_paren_close(t.s[k])) {
			*len = k + 1;
			return 2;
		}
		k = 1;
		while (k < t.n && k <= 3 && cp_digit(t.s[k]) >= 0)
			k++;
		if (k > 1 && k < t.n && cp_paren_close(t.s[k])) {
			*len = k + 1;
			return 4;
		}
		return 0;
	}
	while (k < t.n && k < 4 && cp_label_numeral(t.s[k]))
		k++;
	if (k > 0 && k < t.n && t.s[k] == 0x3001) { /* 、 */
		*len = k + 1;
		return 1;
	}
	/* 第一章 / 第一部分 (sections), 第一条 (articles) */
	if (t.s[0] == 0x7B2C /* 第 */) {
		k = 1;
		while (k < t.n && k <= 5 && (cp_label_numeral(t.s[k]) || cp_digit(t.s[k]) >= 0))
			k++;
		if (k > 1 && k < t.n && (t.s[k] == 0x7AE0 /* 章 */ || t.s[k] == 0x6761 /* 条 */)) {
			*len = k + 1;
			return t.s[k] == 0x7AE0 ? 1 : 3;
		}
		if (k > 1 && k + 1 < t.n && t.s[k] == 0x90E8 && t.s[k + 1] == 0x5206) { /* 部分 */
			*len = k + 2;
			return 1;
		}
	}
	k = 0;
	while (k < t.n && k < 3 && cp_digit(t.s[k]) >= 0)
		k++;
	/* 1） 1): a closing bracket alone */
	if (k > 0 && k < t.n && cp_paren_close(t.s[k])) {
		*len = k + 1;
		return 4;
	}
	if (k > 0 && k < t.n && (t.s[k] == '.' || t.s[k] == 0xFF0E || t.s[k] == 0x3001) &&
	    (k + 1 == t.n || cp_digit(t.s[k + 1]) < 0)) {
		*len = k + 1;
		return 3;
	}
	return 0;
}

static void split_lines(struct imp *im)
{
	size_t cap = 0;
	unsigned no = 1;
	for (size_t i = 0; i <= im->ntext;) {
		size_t j = i;
		while (j < im->ntext && im->text[j] != '\n' && im->text[j] != '\r')
			j++;
		struct line *l = VPUSH(im->tmp, im->lines, im->nlines, cap);
		l->t = us_trim(us_make(im->text + i, j - i));
		l->no = no++;
		l->level = label_of(l->t, &l->label);
		if (j >= im->ntext)
			break;
		if (im->text[j] == '\r' && j + 1 < im->ntext && im->text[j + 1] == '\n')
			j++;
		i = j + 1;
	}
}

static bool is_date_line(struct us t, char out[11]);

/* Lines that end the document proper: attachments, distribution lists and
 * the web page's footer. */
static bool is_trailer(struct us t)
{
	static const char *const starts[] = {
		"附件", "附：", "附:", "抄送", "责任编辑", "编辑：", "编辑:", "来源：", "来源:", "信息来源", "【打印",
		"【关闭", "打印本页", "关闭窗口", "上一篇", "下一篇", "扫一扫", "分享到", "相关链接", "相关阅读",
		"相关文件", "政策解读", NULL,
	};
	for (int i = 0; starts[i]; i++)
		if (us_starts(t, starts[i]))
			return true;
	char date[11];
	return us_has(t, "此件公开发布") || is_date_line(t, date);
}

/* ------------------------------------------------------------ dates and numbers */

/* Value of a run of digits (ASCII, full-width or Chinese); -1 when not one. */
static int number_of(struct us u)
{
	if (!u.n || u.n > 8)
		return -1;
	int v = 0;
	bool all_digits = true;
	for (size_t i = 0; i < u.n; i++)
		if (cp_digit(u.s[i]) < 0)
			all_digits = false;
	if (all_digits) {
		for (size_t i = 0; i < u.n; i++)
			v = v * 10 + cp_digit(u.s[i]);
		return v;
	}
	static const char *const cn = "〇一二三四五六七八九";
	uint32_t d[LIT_MAX];
	lit_decode(cn, d);
	size_t ten = NPOS;
	for (size_t i = 0; i < u.n; i++)
		if (u.s[i] == 0x5341) /* 十 */
			ten = i;
	if (ten == NPOS) { /* 二〇二四: digit by digit */
		for (size_t i = 0; i < u.n; i++) {
			int k = -1;
			for (int j = 0; j < 10; j++)
				if (d[j] == u.s[i] || (j == 0 && u.s[i] == 0x96F6))
					k = j;
			if (k < 0)
				return -1;
			v = v * 10 + k;
		}
		return v;
	}
	int tens = 1, ones = 0;
	if (ten > 1 || ten + 2 < u.n)
		return -1;
	for (int j = 1; j < 10; j++) {
		if (ten == 1 && d[j] == u.s[0])
			tens = j;
		if (ten + 1 < u.n && d[j] == u.s[ten + 1])
			ones = j;
	}
	return tens * 10 + ones;
}

/* A line that is only a date: 2024年11月7日, 二〇二四年十一月七日. */
static bool is_date_line(struct us t, char out[11])
{
	size_t y = us_find(t, "年", 0), m = us_find(t, "月", 0), d = us_find(t, "日", 0);
	if (y == NPOS || m == NPOS || d == NPOS || !(y < m && m < d) || d + 1 != t.n)
		return false;
	int yy = number_of(us_trim(us_sub(t, 0, y))), mm = number_of(us_trim(us_sub(t, y + 1, m))),
	    dd = number_of(us_trim(us_sub(t, m + 1, d)));
	if (yy < 1900 || yy > 2999 || mm < 1 || mm > 12 || dd < 1 || dd > 31)
		return false;
	snprintf(out, 11, "%04d-%02d-%02d", yy, mm, dd);
	return true;
}

static int month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* A deadline: 2025年底, 2025年12月底, 2025年6月30日 (前). */
static const char *due_of(struct imp *im, struct us u, unsigned line)
{
	u = us_trim_punct(u);
	size_t y = us_find(u, "年", 0);
	int yy = y == NPOS || y < 4 ? -1 : number_of(us_sub(u, y - 4, y));
	char out[32];
	if (yy >= 1900 && yy <= 2999) {
		struct us rest = us_sub(u, y + 1, u.n);
		size_t m = us_find(rest, "月", 0);
		int mm = m == NPOS ? -1 : number_of(us_trim(us_sub(rest, 0, m)));
		if (us_starts(rest, "底") || us_starts(rest, "末") || us_starts(rest, "年底")) {
			snprintf(out, sizeof out, "%04d-12-31", yy);
			return fg_arena_strndup(im->tmp, out, 10);
		}
		if (mm >= 1 && mm <= 12) {
			struct us after = us_sub(rest, m + 1, rest.n);
			size_t d = us_find(after, "日", 0);
			int dd = d == NPOS ? -1 : number_of(us_trim(us_sub(after, 0, d)));
			if (us_starts(after, "底") || us_starts(after, "末"))
				dd = month_days(yy, mm);
			if (dd >= 1 && dd <= 31 && dd <= month_days(yy, mm)) {
				snprintf(out, sizeof out, "%04d-%02d-%02d", yy, mm, dd);
				return fg_arena_strndup(im->tmp, out, 10);
			}
		}
	}
	for (size_t i = 0; i < u.n; i++)
		if (cp_digit(u.s[i]) >= 0) {
			warn(im, line, FG_N_("could not read the deadline “%s” as a date; the measure gets no due date"),
			     tmp_utf8(im, u));
			break;
		}
	return "";
}

/* ------------------------------------------------------------ lead rules */

/* A phrase stating which listed unit leads: 列第一位者为牵头单位,
 * 排在第一位的为牵头单位, 第一个逗号前为牵头单位 … */
static enum lead_rule rule_of_phrase(struct us c)
{
	if (!us_has(c, "牵头") && !us_has(c, "牽頭"))
		return RULE_NONE;
	if (us_has(c, "逗号"))
		return RULE_COMMA;
	if (us_has(c, "分号"))
		return RULE_SEMI;
	if (us_has(c, "第一") || us_has(c, "首位") || us_has(c, "首个") || us_has(c, "第1"))
		return RULE_FIRST;
	return RULE_NONE;
}

static bool cp_clause_break(uint32_t c)
{
	return c == 0x3002 || cp_comma(c) || cp_semi(c) || cp_colon(c) || cp_open(c) || cp_close(c) || c == 0x3001;
}

/* Next 牵头 (or 牽頭) in t from `from`, or NPOS. */
static size_t lead_word(struct us t, size_t from)
{
	size_t a = us_find(t, "牵头", from), b = us_find(t, "牽頭", from);
	return a == NPOS ? b : b == NPOS ? a : a < b ? a : b;
}

static bool ann_parse(struct imp *im, struct us c, unsigned line, struct ann *a);
static bool ann_parse_fields(struct imp *im, struct us c, unsigned line, struct ann *a);

/* Rules stated outside an annotation, or inside one that says 下同, apply to
 * every annotation below; a rule inside an annotation without 下同 applies to
 * that annotation only (read by ann_parse). */
static void find_stated_rules(struct imp *im)
{
	for (size_t i = im->body; i < im->nlines; i++) {
		struct us t = im->lines[i].t;
		for (size_t at = lead_word(t, 0); at != NPOS; at = lead_word(t, at + 1)) {
			size_t a = at, b = at;
			while (a > 0 && !cp_clause_break(t.s[a - 1]))
				a--;
			while (b < t.n && !cp_clause_break(t.s[b]))
				b++;
			struct us phrase = us_sub(t, a, b);
			enum lead_rule r = rule_of_phrase(phrase);
			if (r == RULE_NONE)
				continue;
			/* inside an annotation?  then it applies below only with 下同 */
			bool local = false;
			for (size_t k = 0; k < t.n; k++) {
				if (!cp_open(t.s[k]))
					continue;
				size_t e = us_match_close(t, k);
				if (e == NPOS)
					break;
				if (k < at && at < e && !us_has(us_sub(t, k, e), "下同")) {
					struct ann probe;
					bool was_quiet = im->quiet;
					im->quiet = true;
					local = ann_parse(im, us_sub(t, k + 1, e), im->lines[i].no, &probe) && probe.nu;
					im->quiet = was_quiet;
				}
				k = e;
			}
			if (local)
				continue;
			struct stated_rule *sr = VPUSH(im->tmp, im->rules, im->nrules, im->rules_cap);
			sr->line = im->lines[i].no;
			sr->rule = r;
			sr->phrase = tmp_utf8(im, phrase);
			at = b ? b - 1 : b;
		}
	}
}

/* The rule in force for an annotation at `line`, or RULE_NONE. */
static enum lead_rule rule_at(struct imp *im, unsigned line)
{
	const struct stated_rule *best = NULL;
	for (size_t i = 0; i < im->nrules; i++)
		if (im->rules[i].line <= line)
			best = &im->rules[i];
	if (best)
		return best->rule;
	if (im->nrules) {
		if (!im->retro_warned) {
			im->retro_warned = true;
			warn(im, line, FG_N_("the rule “%s” is stated only below, at line %u; it is applied to the lists above it too"),
			     im->rules[0].phrase, im->rules[0].line);
		}
		return im->rules[0].rule;
	}
	return RULE_NONE;
}

/* ------------------------------------------------------------ annotations */

static const struct {
	const char *kw;
	enum role_src role;
} keywords[] = {
	{"主要责任单位", RS_LIST}, {"牵头单位", RS_LEAD},  {"牵头部门", RS_LEAD},  {"主办单位", RS_LEAD},
	{"主责单位", RS_LEAD},     {"责任单位", RS_LIST},  {"责任部门", RS_LIST},  {"负责单位", RS_LIST},
	{"实施单位", RS_LIST},     {"责任主体", RS_LIST},  {"配合单位", RS_CO},    {"配合部门", RS_CO},
	{"协办单位", RS_CO},       {"参与单位", RS_CO},    {"协同单位", RS_CO},    {"协助单位", RS_CO},
	{"协作单位", RS_CO},       {"完成时限", RS_DUE},   {"完成时间", RS_DUE},   {"时间节点", RS_DUE},
	{"时限要求", RS_DUE},      {"牵头责任单位", RS_LEAD}, {"协同责任单位", RS_CO}, {"配合责任单位", RS_CO},
	{"参与部门", RS_CO},       {"协办部门", RS_CO},    {"参加单位", RS_CO},    {"牵头负责领导", RS_PERSON},
	{"牵头市领导", RS_PERSON}, {"牵头领导", RS_PERSON}, {"责任领导", RS_PERSON}, {"分管领导", RS_PERSON},
	{"责任人", RS_PERSON},     {"牽頭單位", RS_LEAD},  {"牽頭部門", RS_LEAD},  {"責任單位", RS_LIST},
	{"責任部門", RS_LIST},     {"配合單位", RS_CO},    {"配合部門", RS_CO},    {"參與單位", RS_CO},
	{"完成時限", RS_DUE},      {"牵头", RS_LEAD},      {"牽頭", RS_LEAD},      {"配合", RS_CO},
	{"时限", RS_DUE},
};

/* Verbs that end a clause of the (A牵头,B、C配合) form; longest first. */
static const struct {
	const char *verb;
	enum role_src role;
} verbs[] = {
	{"按職責分工負責", RS_DUTY},   {"分别牵头", RS_LEAD},         {"共同牵头", RS_LEAD},
	{"联合牵头", RS_LEAD},         {"牵头抓总", RS_LEAD},         {"协同配合", RS_CO},
	{"积极配合", RS_CO},           {"牽頭負責", RS_LEAD},         {"負責落實", RS_RESP},
	{"分別負責", RS_RESP},         {"配合落實", RS_CO},           {"牽頭", RS_LEAD},
	{"參與", RS_CO},               {"負責", RS_RESP},             {"参加", RS_CO},
	{"按照职责分工负责", RS_DUTY}, {"根据职责分工负责", RS_DUTY}, {"按职责分工负责", RS_DUTY},
	{"按职责分工落实", RS_DUTY},   {"按职责负责", RS_DUTY},       {"按职责分工", RS_DUTY},
	{"分工负责", RS_DUTY},         {"为牵头单位", RS_LEAD},       {"为配合单位", RS_CO},
	{"为责任单位", RS_LIST},       {"牵头负责", RS_LEAD},         {"牵头落实", RS_LEAD},
	{"配合落实", RS_CO},           {"共同负责", RS_RESP},         {"分别负责", RS_RESP},
	{"负责落实", RS_RESP},         {"牵头", RS_LEAD},             {"配合", RS_CO},
	{"参与", RS_CO},               {"协助", RS_CO},               {"协同", RS_CO},
	{"协办", RS_CO},               {"负责", RS_RESP},
};

/* Length (keyword + colon) of an annotation keyword at i, 0 if none. */
static size_t keyword_at(struct us c, size_t i, enum role_src *role)
{
	for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++) {
		size_t n = lit_len(keywords[k].kw);
		if (us_at(c, i, keywords[k].kw) && i + n < c.n && cp_colon(c.s[i + n])) {
			*role = keywords[k].role;
			return n + 1;
		}
	}
	return 0;
}

/* Next keyword at bracket depth 0 that starts a segment (after a separator). */
static size_t next_keyword(struct us c, size_t from)
{
	int depth = 0;
	enum role_src r;
	for (size_t k = from; k < c.n; k++) {
		if (cp_open(c.s[k]))
			depth++;
		else if (cp_close(c.s[k]) && depth)
			depth--;
		else if (!depth && k > 0 &&
			 (cp_comma(c.s[k - 1]) || cp_semi(c.s[k - 1]) || cp_space(c.s[k - 1]) || c.s[k - 1] == 0x3002) &&
			 keyword_at(c, k, &r))
			return k;
	}
	return c.n;
}

static enum role_src verb_suffix(struct us c, size_t *len)
{
	for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++)
		if (us_ends(c, verbs[k].verb)) {
			*len = lit_len(verbs[k].verb);
			return verbs[k].role;
		}
	*len = 0;
	return RS_NONE;
}

/* Does s look like the name of a unit (局, 委, 办, 政府, 各区 …)? */
static bool unit_like(struct us s)
{
	if (s.n < 2 || s.n > 40)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (cp_digit(s.s[i]) >= 0 || cp_in(s.s[i], "。“”\"‘’！？!?：:，,；;"))
			return false;
	if (cp_in(s.s[0], "由以在对按经从向将把及与和并等"))
		return false;
	if (s.s[0] == 0x5404) /* 各 */
		return true;
	static const char *const endings[] = {"分行", "支行", "银行", "大学", "学院", "学校", "中心", "公司", "集团", NULL};
	for (int i = 0; endings[i]; i++)
		if (us_ends(s, endings[i]))
			return true;
	return cp_in(s.s[s.n - 1], "局委办厅部院府会司署处室社联团馆台组队站所门位区县市镇乡州盟旗关构"
				   "辦廳會處聯團館臺組隊門區縣鎮鄉關構");
}

/* Top-level split of u at characters for which sep() is true. */
struct piece {
	struct us u;
	uint32_t sep; /* the separator that ended it, 0 at the end */
};

static size_t split_top(struct imp *im, struct us u, bool (*sep)(uint32_t), struct piece **out)
{
	struct piece *v = NULL;
	size_t n = 0, cap = 0;
	int depth = 0;
	size_t start = 0;
	for (size_t k = 0; k <= u.n; k++) {
		if (k < u.n && cp_open(u.s[k])) {
			depth++;
			continue;
		}
		if (k < u.n && cp_close(u.s[k])) {
			if (depth)
				depth--;
			continue;
		}
		if (k == u.n || (!depth && sep(u.s[k]))) {
			struct piece *pc = VPUSH(im->tmp, v, n, cap);
			pc->u = us_sub(u, start, k);
			pc->sep = k < u.n ? u.s[k] : 0;
			start = k + 1;
		}
	}
	*out = v;
	return n;
}

static bool sep_clause(uint32_t c)
{
	return cp_comma(c) || cp_semi(c);
}

static bool sep_item(uint32_t c)
{
	return c == 0x3001;
}

static bool sep_item_or_space(uint32_t c)
{
	return c == 0x3001 || cp_space(c);
}

static bool sep_list(uint32_t c)
{
	return c == 0x3001 || cp_comma(c) || cp_semi(c);
}

/* Suffixes a list of members may share: 葛店经开区、临空经济区管委会. */
static const char *const shared_suffixes[] = {
	"街道办事处", "管理委员会", "人民政府", "办事处", "管委会", "党工委", "管理局", "政府", NULL,
};

static const char *shared_suffix_of(struct us u)
{
	for (int i = 0; shared_suffixes[i]; i++)
		if (us_ends(u, shared_suffixes[i]) && u.n > lit_len(shared_suffixes[i]))
			return shared_suffixes[i];
	return NULL;
}

/* 〈含葛店经开区、临空经济区管委会,下同〉 -> members of the unit. */
static void parse_members(struct imp *im, struct us inner, struct ann_unit *au, unsigned line)
{
	struct piece *pc;
	size_t n = split_top(im, inner, sep_list, &pc);
	struct us last = {0};
	for (size_t i = 0; i < n; i++) {
		struct us m = us_trim_punct(pc[i].u);
		if (m.n && !us_starts(m, "下同") && !us_starts(m, "以下同"))
			last = m;
	}
	const char *suffix = shared_suffix_of(last);
	for (size_t i = 0; i < n; i++) {
		struct us m = us_trim_punct(pc[i].u);
		if (!m.n || us_starts(m, "下同") || us_starts(m, "以下同"))
			continue;
		const char *name = tmp_utf8(im, m);
		if (suffix && m.s != last.s && !shared_suffix_of(m)) {
			char *full = fg_arena_alloc(im->tmp, strlen(name) + strlen(suffix) + 1);
			strcpy(full, name);
			strcat(full, suffix);
			warn(im, line, FG_N_("read the member “%s” of %s as “%s”, sharing the suffix of “%s”"), name, au->name,
			     full, tmp_utf8(im, last));
			name = full;
		}
		*VPUSH(im->tmp, au->members, au->nmembers, au->members_cap) = name;
	}
}

/* One unit of a list: stars mark a lead, a trailing 〈含…〉 or （含…）
 * note lists members.  Fills *name (the bare name) and *note. */
static void split_unit_item(struct us t, struct us *name, struct us *note, bool *star)
{
	t = us_trim(t);
	*note = us_make(NULL, 0);
	*star = false;
	for (int round = 0; round < 2; round++) {
		while (t.n && cp_star(t.s[0]))
			*star = true, t = us_trim(us_sub(t, 1, t.n));
		while (t.n && cp_star(t.s[t.n - 1]))
			*star = true, t = us_trim(us_sub(t, 0, t.n - 1));
		if (round == 0 && t.n && cp_close(t.s[t.n - 1])) {
			size_t o = us_match_open(t);
			if (o != NPOS && o > 0) {
				struct us inner = us_trim(us_sub(t, o + 1, t.n - 1));
				if (us_starts(inner, "含") || us_starts(inner, "包括")) {
					*note = us_sub(inner, us_starts(inner, "含") ? 1 : 2, inner.n);
					t = us_trim(us_sub(t, 0, o));
				} else if (!unit_like(inner) && inner.n > 4) {
					/* a remark, (除标注“分别牵头”外,列第一位为牵头单位,下同):
					 * not part of the name (a stated rule is read by
					 * find_stated_rules) */
					t = us_trim(us_sub(t, 0, o));
				}
			}
		}
	}
	*name = t;
}

static struct ann_unit *ann_add(struct imp *im, struct ann *a, struct us name, enum role_src role, bool verb_set,
				unsigned commas, unsigned semis)
{
	struct ann_unit *au = VPUSH(im->tmp, a->u, a->nu, a->cap);
	au->name = tmp_utf8(im, name);
	au->role = role;
	au->verb_set = verb_set;
	au->commas = commas;
	au->semis = semis;
	return au;
}

/* 市发改委和市经信局: two units joined by 和/及/与. */
static bool split_conjunction(struct us t, struct us *left, struct us *right)
{
	for (size_t k = 2; k + 2 < t.n; k++) {
		if (!cp_in(t.s[k], "和及与"))
			continue;
		struct us l = us_sub(t, 0, k), r = us_sub(t, k + 1, t.n);
		if (!cp_in(l.s[l.n - 1], "局委办厅部院府会行司署门位辦廳會門") || !cp_in(r.s[0], "市省区县各国州區縣國"))
			continue;
		if (unit_like(l) && unit_like(r)) {
			*left = l;
			*right = r;
			return true;
		}
	}
	return false;
}

/* First occurrence of lit at bracket depth 0, or NPOS. */
static size_t us_find_top(struct us u, const char *lit)
{
	int depth = 0;
	for (size_t k = 0; k < u.n; k++) {
		if (cp_open(u.s[k]))
			depth++;
		else if (cp_close(u.s[k]) && depth)
			depth--;
		else if (!depth && us_at(u, k, lit))
			return k;
	}
	return NPOS;
}

/* Generic units that end a list: 市财政局等有关部门 -> 市财政局 and the
 * generic unit 有关部门; 等部门 and a bare 等 only end the list. */
static const struct {
	const char *tail, *generic;
} generic_tails[] = {
	{"等有关部门", "有关部门"}, {"等相关部门", "相关部门"}, {"等有关单位", "有关单位"},
	{"等相关单位", "相关单位"}, {"等有关方面", "有关方面"}, {"等部门", NULL},
	{"等单位", NULL},           {"等", NULL},
};

static bool cp_admin(uint32_t c)
{
	return cp_in(c, "市区县乡镇州旗");
}

/* A list item that is no unit on its own: 单位 in 市直有关部门、单位, 市 in
 * 各县、市、区政府.  *join_next: the item after it belongs to it too. */
static bool item_fragment(struct us prev, struct us it, bool *join_next)
{
	*join_next = false;
	if (!prev.n)
		return false;
	if (us_eq(it, "单位") || us_eq(it, "部门") || us_eq(it, "单位等"))
		return true;
	if (it.n == 1 && cp_admin(it.s[0])) {
		*join_next = true;
		return true;
	}
	/* 各县、区人民政府: 区人民政府 names no district of its own */
	if (prev.s[0] == 0x5404 /* 各 */ && cp_admin(it.s[0]) &&
	    (us_eq(us_sub(it, 1, it.n), "政府") || us_starts(us_sub(it, 1, it.n), "人民政府") ||
	     us_eq(us_sub(it, 1, it.n), "管委会")))
		return true;
	return false;
}

/* 有关部门, 相关单位, 各有关单位 …: a generic unit. */
static bool generic_name(struct us n)
{
	static const char *const g[] = {"有关部门", "有关单位", "相关部门", "相关单位", "各有关部门", "各有关单位",
					"各相关部门", "各相关单位", "其他有关部门", "有关方面", NULL};
	for (int i = 0; g[i]; i++)
		if (us_eq(n, g[i]))
			return true;
	return false;
}

/* 市财政局、税务局: the second name has lost the prefix the first has; it
 * is kept as printed, with a warning naming the probable full name. */
static void warn_elided(struct imp *im, struct us prev, struct us name, unsigned line)
{
	prev = us_trim(prev);
	while (prev.n && cp_star(prev.s[0]))
		prev = us_sub(prev, 1, prev.n);
	if (!prev.n || !cp_in(prev.s[0], "市省区县州") || name.n > 8 || name.n < 2)
		return;
	if (!us_ends(name, "局") && !us_ends(name, "委") && !us_ends(name, "厅") && !us_ends(name, "办"))
		return;
	for (size_t i = 0; i < name.n && i < 4; i++)
		if (cp_in(name.s[i], "市省区县州镇乡各国") || cp_han(name.s[i]) == false)
			return;
	char pre[8];
	size_t k = fg_utf8_encode(prev.s[0], pre);
	pre[k] = 0;
	warn(im, line,
	     FG_N_("“%s”, listed after “%s”, has no prefix of its own; it probably means “%s%s” and is kept as printed"),
	     tmp_utf8(im, name), tmp_utf8(im, prev), pre, tmp_utf8(im, name));
}

/* Add the units of a 、-list (one clause) with role `role`. */
static bool add_items(struct imp *im, struct ann *a, struct us units, enum role_src rr, bool verb_set, bool kw_form,
		      unsigned line, unsigned commas, unsigned semis)
{
	struct piece *it;
	size_t nit = split_top(im, units, kw_form ? sep_item_or_space : sep_item, &it);
	/* join fragments into the item before them */
	size_t n = 0;
	bool join_next = false;
	for (size_t k = 0; k < nit; k++) {
		struct us t = us_trim(it[k].u);
		if (!t.n)
			continue;
		bool jn = false;
		if (n && (join_next || item_fragment(us_trim(it[n - 1].u), t, &jn))) {
			struct us p = us_trim(it[n - 1].u);
			it[n - 1].u = us_make(p.s, (size_t)(t.s + t.n - p.s));
			join_next = jn;
			continue;
		}
		join_next = false;
		it[n++].u = t;
	}
	struct us prefixed = {0}; /* the last name with its prefix (市…) */
	for (size_t k = 0; k < n; k++) {
		struct us name, note, l, rgt;
		bool star;
		struct us item = it[k].u;
		const char *generic = NULL;
		for (size_t g = 0; g < sizeof generic_tails / sizeof *generic_tails; g++)
			if (us_ends(item, generic_tails[g].tail) && item.n > lit_len(generic_tails[g].tail)) {
				item = us_trim(us_sub(item, 0, item.n - lit_len(generic_tails[g].tail)));
				generic = generic_tails[g].generic;
				break;
			}
		split_unit_item(item, &name, &note, &star);
		if (!name.n)
			continue;
		if (!unit_like(name)) {
			if (!kw_form)
				return false;
			warn(im, line, FG_N_("“%s” in a responsibility annotation does not look like a unit name; check it"),
			     tmp_utf8(im, name));
		} else if (!note.n && !star && split_conjunction(name, &l, &rgt)) {
			warn(im, line, FG_N_("read “%s” as two units, “%s” and “%s”"), tmp_utf8(im, name), tmp_utf8(im, l),
			     tmp_utf8(im, rgt));
			ann_add(im, a, l, rr, verb_set, commas, semis);
			ann_add(im, a, rgt, rr, verb_set, commas, semis);
			name.n = 0;
		}
		if (name.n) {
			struct ann_unit *au = ann_add(im, a, name, rr, verb_set, commas, semis);
			au->star = star;
			if (note.n)
				parse_members(im, note, au, line);
		}
		if (name.n && !generic && generic_name(name))
			warn(im, line, FG_N_("“%s” is a generic unit, not a named one; it is imported as a unit of that name"),
			     tmp_utf8(im, name));
		if (name.n && k > 0)
			warn_elided(im, prefixed, name, line);
		if (name.n && cp_in(name.s[0], "市省区县州"))
			prefixed = name;
		if (generic) {
			uint32_t g[LIT_MAX];
			size_t gn = lit_decode(generic, g);
			uint32_t *gs = fg_arena_alloc(im->tmp, gn * sizeof *gs);
			memcpy(gs, g, gn * sizeof *gs);
			warn(im, line,
			     FG_N_("“%s” after %s is a generic unit, not a named one; it is imported as a unit called “%s”"),
			     generic, tmp_utf8(im, name), generic);
			ann_add(im, a, us_make(gs, gn), rr, verb_set, commas, semis);
		}
	}
	return true;
}

/* 6月底完成, 2025年底前, 2024年12月31日前: a clause that is a deadline. */
static bool deadline_like(struct us c)
{
	bool digit = false;
	for (size_t i = 0; i < c.n; i++)
		digit |= cp_digit(c.s[i]) >= 0;
	if (!digit || c.n > 16)
		return false;
	static const char *const ends[] = {"完成", "前", "底", "日", "月", "年", "止", NULL};
	for (int i = 0; ends[i]; i++)
		if (us_ends(c, ends[i]))
			return true;
	return false;
}

/* One keyword segment, or the whole group in the verb form.  False when
 * the text is not an annotation. */
static bool parse_segment(struct imp *im, struct us seg, enum role_src role, bool kw_form, unsigned line,
			  struct ann *a, unsigned *commas, unsigned *semis)
{
	struct piece *cl;
	size_t ncl = split_top(im, seg, sep_clause, &cl);
	size_t seg_first = a->nu;
	for (size_t i = 0; i < ncl; i++) {
		struct us c = us_trim_punct(cl[i].u);
		unsigned here_commas = *commas, here_semis = *semis;
		if (cp_comma(cl[i].sep))
			(*commas)++;
		if (cp_semi(cl[i].sep))
			(*semis)++;
		if (!c.n || us_starts(c, "下同") || us_starts(c, "以下同"))
			continue;
		enum lead_rule r = rule_of_phrase(c);
		if (r != RULE_NONE && (us_find_top(c, "牵头") != NPOS || us_find_top(c, "牽頭") != NPOS)) {
			a->rule = r;
			continue;
		}
		if (r != RULE_NONE && !a->rule)
			a->rule = r; /* stated in a remark in brackets: 市财政局(第一责任单位为牵头单位) */
		if (kw_form && us_eq(c, "同上")) {
			a->same = true;
			continue;
		}
		if (deadline_like(c)) {
			/* (…,6月底完成): a deadline among the units */
			const char *due = due_of(im, c, line);
			if (*due && !*a->due)
				a->due = due;
			continue;
		}
		static const char *const by[] = {"具体由", "主要由", "分别由", "统一由", "均由", "并由", "由", NULL};
		for (int k = 0; by[k]; k++)
			if (us_starts(c, by[k])) {
				c = us_trim(us_sub(c, lit_len(by[k]), c.n));
				break;
			}
		size_t vlen;
		enum role_src verb = verb_suffix(c, &vlen);
		struct us units = us_trim(us_sub(c, 0, c.n - vlen));
		if (!units.n) {
			/* a verb of its own (A、B,按职责分工负责): it applies to the
			 * units before it that have none */
			if (verb == RS_NONE)
				return kw_form;
			for (size_t k = seg_first; k < a->nu; k++)
				if (!a->u[k].verb_set) {
					a->u[k].role = verb;
					a->u[k].verb_set = true;
				}
			continue;
		}
		enum role_src rr = role == RS_NONE ? RS_LIST : role;
		if (verb != RS_NONE && (rr == RS_LIST || verb == RS_LEAD || verb == RS_CO || verb == RS_DUTY))
			rr = verb;
		size_t with = us_find_top(units, "会同");
		if (with != NPOS && with > 1 && with + 2 < units.n) {
			/* A会同B负责: A leads, B co-operates */
			if (!add_items(im, a, us_trim(us_sub(units, 0, with)), RS_LEAD, true, kw_form, line, here_commas,
				       here_semis) ||
			    !add_items(im, a, us_trim(us_sub(units, with + 2, units.n)), RS_CO, true, kw_form, line,
				       here_commas, here_semis))
				return false;
		} else if (!add_items(im, a, units, rr, verb != RS_NONE, kw_form, line, here_commas, here_semis)) {
			return false;
		}
		if (verb != RS_NONE && !kw_form)
			/* (A牵头,B、C,D配合): a verb also covers the verb-less
			 * clauses before it, back to the previous verb */
			for (size_t k = seg_first; k < a->nu; k++)
				if (!a->u[k].verb_set) {
					a->u[k].role = verb;
					a->u[k].verb_set = true;
				}
	}
	if (!kw_form && !im->bare)
		for (size_t k = seg_first; k < a->nu; k++)
			if (!a->u[k].verb_set)
				return false;
	return true;
}

/* Parse the content of a bracket group (or of a bare 责任单位: line).  False
 * when it is not a responsibility annotation. */
static bool ann_parse(struct imp *im, struct us c, unsigned line, struct ann *a)
{
	memset(a, 0, sizeof *a);
	a->line = line;
	a->due = "";
	bool wrapped = false;
	for (size_t i = 0; i < c.n; i++)
		wrapped |= c.s[i] == '\n';
	if (wrapped) {
		/* a wrapped line may split a unit's name: join without a gap */
		uint32_t *joined = fg_arena_alloc(im->tmp, (c.n + 1) * sizeof *joined);
		size_t k = 0;
		enum role_src r;
		for (size_t i = 0; i < c.n; i++)
			if (c.s[i] != '\n')
				joined[k++] = c.s[i];
			else if (keyword_at(c, i + 1, &r)) /* the next field's line */
				joined[k++] = ' ';
		c = us_make(joined, k);
	}
	c = us_trim(c);
	if (!c.n)
		return false;
	/* a sentence after 。 that starts no field is a remark (以下…不再列出);
	 * only a lead rule stated in it counts */
	enum lead_rule remark_rule = RULE_NONE;
	{
		int depth = 0;
		enum role_src r;
		for (size_t k = 0; k < c.n; k++) {
			if (cp_open(c.s[k]))
				depth++;
			else if (cp_close(c.s[k]) && depth)
				depth--;
			else if (!depth && c.s[k] == 0x3002) {
				struct us rest = us_trim(us_sub(c, k + 1, c.n));
				if (!rest.n || keyword_at(rest, 0, &r))
					continue;
				struct piece *cl;
				size_t ncl = split_top(im, rest, sep_clause, &cl);
				for (size_t i = 0; i < ncl && remark_rule == RULE_NONE; i++)
					remark_rule = rule_of_phrase(cl[i].u);
				c = us_trim(us_sub(c, 0, k));
				break;
			}
		}
	}
	bool ok = ann_parse_fields(im, c, line, a);
	if (ok && a->rule == RULE_NONE)
		a->rule = remark_rule;
	return ok;
}

static bool ann_parse_fields(struct imp *im, struct us c, unsigned line, struct ann *a)
{
	unsigned commas = 0, semis = 0;
	enum role_src role;
	size_t kl = keyword_at(c, 0, &role);
	if (kl) {
		size_t i = 0;
		while (i < c.n) {
			kl = keyword_at(c, i, &role);
			size_t end = next_keyword(c, i + kl);
			struct us seg = us_sub(c, i + kl, end);
			if (role == RS_DUE)
				a->due = due_of(im, seg, line);
			else if (role != RS_PERSON)
				parse_segment(im, seg, role, true, line, a, &commas, &semis);
			i = end;
		}
		return a->nu || a->same || *a->due;
	}
	/* the verb form: the probe must not warn about a parenthesis that is
	 * not an annotation after all */
	bool was_quiet = im->quiet;
	im->quiet = true;
	bool ok = parse_segment(im, c, RS_NONE, false, line, a, &commas, &semis) && a->nu;
	im->quiet = was_quiet;
	if (!ok)
		return false;
	memset(a, 0, sizeof *a);
	a->line = line;
	a->due = "";
	commas = semis = 0;
	parse_segment(im, c, RS_NONE, false, line, a, &commas, &semis);
	return true;
}

/* A span of a line that is an annotation. */
struct ann_span {
	size_t a, b; /* [a, b) in the line */
	struct ann ann;
};

/* Does position i of t end a paragraph (only 。 or spaces before the end of
 * the line)? */
static bool at_paragraph_end(struct us t, size_t i)
{
	for (; i < t.n && t.s[i] != '\n'; i++)
		if (!cp_space(t.s[i]) && t.s[i] != 0x3002)
			return false;
	return true;
}

/* Find the annotations in t (one line, or a measure's lines joined by
 * '\n'; line_at[i] is then the line of t.s[i]): bracket groups that parse
 * as one, and a bare "责任单位:…" running to the end of its line.  A group
 * that is not an annotation is searched inside, so one stray bracket does
 * not hide the annotation after it. */
static size_t find_annotations(struct imp *im, struct us t, const unsigned *line_at, unsigned line,
			       struct ann_span **out)
{
	struct ann_span *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < t.n; i++) {
		unsigned here = line_at ? line_at[i] : line;
		if (cp_open(t.s[i])) {
			size_t e = us_match_close(t, i);
			if (e == NPOS)
				continue;
			struct ann a;
			bool ok = ann_parse(im, us_sub(t, i + 1, e), here, &a);
			if (!ok && at_paragraph_end(t, e + 1)) {
				/* (市工信委、市财政局) closing a paragraph: a list with
				 * neither label nor verb */
				bool was_quiet = im->quiet;
				im->quiet = im->bare = true;
				ok = ann_parse(im, us_sub(t, i + 1, e), here, &a);
				for (size_t k = 0; ok && k < a.nu; k++)
					ok = a.u[k].role == RS_LIST || a.u[k].role == RS_NONE;
				im->quiet = was_quiet;
				im->bare = false;
				if (ok) {
					ann_parse(im, us_sub(t, i + 1, e), here, &a);
					warn(im, here,
					     FG_N_("the bracketed list “%s” at the end of a paragraph has neither a label nor a "
						   "verb; it is read as the responsible units"),
					     tmp_utf8(im, us_sub(t, i + 1, e)));
				}
			}
			if (ok) {
				struct ann_span *sp = VPUSH(im->tmp, v, n, cap);
				sp->a = i;
				sp->b = e + 1;
				sp->ann = a;
				i = e;
			}
			continue;
		}
		enum role_src role;
		if ((i == 0 || t.s[i - 1] == 0x3002 || t.s[i - 1] == '\n' || cp_space(t.s[i - 1])) &&
		    keyword_at(t, i, &role) && role != RS_DUE) {
			size_t e = i;
			while (e < t.n && t.s[e] != '\n')
				e++;
			/* 牵头单位:… / 责任单位:… / 完成时限:… on lines of their own
			 * are one annotation */
			enum role_src r2;
			while (e < t.n && keyword_at(t, e + 1, &r2)) {
				e++;
				while (e < t.n && t.s[e] != '\n')
					e++;
			}
			struct ann a;
			if (ann_parse(im, us_sub(t, i, e), here, &a)) {
				struct ann_span *sp = VPUSH(im->tmp, v, n, cap);
				sp->a = i;
				sp->b = e;
				sp->ann = a;
			}
			i = e;
		}
	}
	*out = v;
	return n;
}

static bool line_has_annotation(struct imp *im, const struct line *l)
{
	struct ann_span *sp;
	bool was_quiet = im->quiet;
	im->quiet = true;
	size_t n = find_annotations(im, us_sub(l->t, l->label, l->t.n), NULL, l->no, &sp);
	im->quiet = was_quiet;
	return n > 0;
}

/* Roles of one annotation's units: leads first, then co-units, each in
 * printed order.  Returns the number written to out (a->nu at most). */
static size_t ann_resolve(struct imp *im, const struct ann *a, struct resolved *out)
{
	size_t n = a->nu;
	bool *lead = fg_arena_alloc(im->tmp, n + 1);
	memset(lead, 0, n + 1);
	bool any_star = false, any_lead = false, any_resp = false, any_other = false, any_duty = false;
	for (size_t i = 0; i < n; i++) {
		any_star |= a->u[i].star;
		any_lead |= a->u[i].role == RS_LEAD;
		any_resp |= a->u[i].role == RS_RESP;
		any_other |= a->u[i].role == RS_CO || a->u[i].role == RS_DUTY;
		any_duty |= a->u[i].role == RS_DUTY;
	}
	if (any_star) {
		for (size_t i = 0; i < n; i++)
			lead[i] = a->u[i].star;
	} else if (any_lead) {
		for (size_t i = 0; i < n; i++)
			lead[i] = a->u[i].role == RS_LEAD;
	} else if (any_resp && any_other) {
		for (size_t i = 0; i < n; i++)
			lead[i] = a->u[i].role == RS_RESP;
	} else if (any_duty && !a->rule && rule_at(im, a->line) == RULE_NONE) {
		/* 按职责分工负责: no lead, everyone co-responsible */
		if (n == 1)
			warn(im, a->line, FG_N_("the annotation has its units act 按职责分工 and names no lead; its unit is "
						"all imported as co-responsible"));
		else
			warn(im, a->line, FG_N_("the annotation has its units act 按职责分工 and names no lead; they are "
						"all imported as co-responsible"));
	} else {
		size_t ncand = 0, first = NPOS;
		for (size_t i = 0; i < n; i++)
			if (a->u[i].role == RS_LIST || a->u[i].role == RS_RESP || a->u[i].role == RS_NONE ||
			    a->u[i].role == RS_DUTY) {
				ncand++;
				if (first == NPOS)
					first = i;
			}
		enum lead_rule rule = a->rule ? a->rule : rule_at(im, a->line);
		if (!ncand) {
			warn(im, a->line, FG_N_("the annotation names co-responsible units but no lead; they are all imported as co"));
		} else {
			if (rule == RULE_NONE) {
				rule = RULE_FIRST;
				if (ncand > 1 && !im->convention_warned) {
					im->convention_warned = true;
					warn(im, a->line,
					     FG_N_("the text states no rule for which listed unit leads; the first unit of each "
						   "list (here %s) is taken as the lead and the rest as co-responsible, as is usual"),
					     a->u[first].name);
				}
			}
			if (rule == RULE_FIRST) {
				lead[first] = true;
			} else {
				bool split = false;
				for (size_t i = 0; i < n; i++) {
					bool cand = a->u[i].role != RS_CO;
					unsigned seen = rule == RULE_COMMA ? a->u[i].commas : a->u[i].semis;
					lead[i] = cand && seen == 0;
					split |= cand && seen > 0;
				}
				if (!split && ncand > 1)
					warn(im, a->line,
					     rule == RULE_COMMA
						     ? FG_N_("the rule “%s” applies but this list has no comma; all %zu units are "
							     "taken as leads")
						     : FG_N_("the rule “%s” applies but this list has no semicolon; all %zu units are "
							     "taken as leads"),
					     rule == RULE_COMMA ? "第一个逗号前为牵头单位" : "第一个分号前为牵头单位", ncand);
			}
		}
	}
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (lead[i] == (pass == 0)) {
				out[k].name = a->u[i].name;
				out[k].role = pass == 0 ? FG_ROLE_LEAD : FG_ROLE_CO;
				out[k].members = a->u[i].members;
				out[k].nmembers = a->u[i].nmembers;
				out[k].line = a->line;
				k++;
			}
	return k;
}

/* ------------------------------------------------------------ the measures level */

/* Which numbering level holds the measures: the one whose items carry the
 * most annotations; without annotations, the one whose items are sentences. */
static int measure_level(struct imp *im)
{
	size_t count[5] = {0}, annotated[5] = {0}, sentences[5] = {0};
	for (size_t i = im->body; i < im->nlines; i++) {
		const struct line *l = &im->lines[i];
		if (!l->level)
			continue;
		count[l->level]++;
		if (us_has(l->t, "。"))
			sentences[l->level]++;
		for (size_t j = i; j < im->nlines && (j == i || !im->lines[j].level); j++)
			if (im->lines[j].t.n && line_has_annotation(im, &im->lines[j])) {
				annotated[l->level]++;
				break;
			}
	}
	int best = 0;
	for (int L = 1; L <= 4; L++) {
		if (!count[L])
			continue;
		if (!best || annotated[L] > annotated[best] ||
		    (annotated[L] == annotated[best] && sentences[L] > sentences[best]))
			best = L;
	}
	return best;
}

/* ------------------------------------------------------------ building the plan */

static struct fg_unit *find_unit(struct fg_plan *p, const char *name)
{
	for (size_t i = 0; i < p->nunits; i++)
		if (strcmp(p->units[i].name, name) == 0)
			return &p->units[i];
	return NULL;
}

static void register_unit(struct imp *im, const struct resolved *r)
{
	struct fg_unit *u = find_unit(im->p, r->name);
	if (!u) {
		u = fg_plan_add_unit(im->p, r->name);
		u->line = r->line;
	}
	for (size_t k = 0; k < r->nmembers; k++) {
		bool have = false;
		for (size_t j = 0; j < u->nmembers; j++)
			have |= strcmp(u->members[j], r->members[k]) == 0;
		if (!have)
			fg_unit_add_member(im->p, u, r->members[k]);
	}
}

struct section_ctx {
	struct us id, title;
	unsigned line;
	bool added;
	const char *id_s;
};

/* Add the current section to the plan.  Section ids must be unique: a
 * numeral used again (a document in several parts) gets a suffix. */
static const char *section_add(struct imp *im, struct section_ctx *sec)
{
	const char *id = tmp_utf8(im, sec->id), *title = tmp_utf8(im, sec->title);
	char buf[96];
	snprintf(buf, sizeof buf, "%s", id);
	for (int k = 2;; k++) {
		bool taken = false;
		for (size_t i = 0; i < im->p->nsections; i++)
			taken |= strcmp(im->p->sections[i].id, buf) == 0;
		if (!taken)
			break;
		snprintf(buf, sizeof buf, "%s-%d", id, k);
	}
	if (strcmp(buf, id) != 0)
		warn(im, sec->line, FG_N_("the heading %s、%s uses a numeral already used above; its section is imported as %s"), id,
		     title, buf);
	struct fg_section *s = fg_plan_add_section(im->p, buf, title);
	return s->id;
}

static const char *label_str(struct imp *im, const struct line *l)
{
	return tmp_utf8(im, us_sub(l->t, 0, l->label));
}

/* Is res[i] listed earlier in its own annotation?  res_at[k] is where
 * annotation k's units start in res (res_at[n] = their end). */
static bool part_has_twice(const struct resolved *res, const size_t *res_at, size_t n, size_t i)
{
	size_t k = 0;
	while (k + 1 < n && res_at[k + 1] <= i)
		k++;
	for (size_t j = res_at[k]; j < i; j++)
		if (strcmp(res[j].name, res[i].name) == 0)
			return true;
	return false;
}

/* Closing punctuation that belongs to the sentence before it. */
static bool cp_closes(uint32_t c)
{
	return c == 0x3002 || c == '.' || cp_semi(c) || cp_comma(c) || c == '!' || c == 0xFF01;
}

/* The parts of measure m: one per annotation that names units, in printed
 * order.  A part's text runs from the end of the previous part (or the
 * measure's start) to its annotation, with the punctuation right after the
 * annotation; other annotations' text inside it is left out, each line
 * trimmed, empty lines dropped, as the measure's text.  False (and no
 * parts) when an annotation comes before any text. */
static bool add_parts(struct imp *im, struct fg_measure *m, const uint32_t *all, size_t nall, const unsigned *line_at,
		      const struct ann_span *sp, size_t nsp, const struct resolved *res, const size_t *res_at)
{
	size_t from = 0;
	for (size_t k = 0; k < nsp; k++) {
		if (res_at[k + 1] == res_at[k])
			continue; /* a deadline only, or a 同上 with nothing above: no part */
		size_t to = sp[k].b;
		while (to < nall && cp_closes(all[to]))
			to++;
		/* the text of [from, to) outside every annotation span */
		uint32_t *kept = fg_arena_alloc(im->tmp, (to - from + 1) * sizeof *kept);
		size_t nkept = 0;
		for (size_t i = from; i < to; i++) {
			bool in_ann = false;
			for (size_t j = 0; j < nsp && !in_ann; j++)
				in_ann = i >= sp[j].a && i < sp[j].b;
			if (!in_ann)
				kept[nkept++] = all[i];
		}
		struct fg_buf text = {0};
		for (size_t i = 0; i <= nkept;) {
			size_t j = i;
			while (j < nkept && kept[j] != '\n')
				j++;
			struct us l = us_trim(us_make(kept + i, j - i));
			if (l.n) {
				if (text.len)
					fg_buf_add(&text, "\n", 1);
				buf_add_us(&text, l);
			}
			i = j + 1;
		}
		struct fg_part *pt = fg_measure_add_part(im->p, m, text.data ? text.data : "");
		free(text.data);
		pt->line = from < nall ? line_at[from] : m->line;
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = res_at[k]; i < res_at[k + 1]; i++) {
				if ((res[i].role == FG_ROLE_LEAD) != (pass == 0) || part_has_twice(res, res_at, nsp, i))
					continue;
				/* a unit this annotation lists as co and another as lead is still co here */
				fg_part_add_unit(im->p, pt, res[i].name, res[i].role);
			}
		from = to;
		if (!*pt->text) { /* an annotation before any text: no sub-task to name */
			m->parts = NULL;
			m->nparts = 0;
			return false;
		}
	}
	return true;
}

/* Build measure `number` from lines [first, end). */
static void build_measure(struct imp *im, int number, size_t first, size_t end, struct section_ctx *sec)
{
	const struct line *head = &im->lines[first];
	const char *label = label_str(im, head);
	/* the measure's lines joined by '\n': an annotation may be wrapped */
	size_t total_cps = 0;
	for (size_t i = first; i < end; i++)
		total_cps += im->lines[i].t.n + 1;
	uint32_t *all = fg_arena_alloc(im->tmp, (total_cps + 1) * sizeof *all);
	unsigned *line_at = fg_arena_alloc(im->tmp, (total_cps + 1) * sizeof *line_at);
	size_t nall = 0;
	for (size_t i = first; i < end; i++) {
		const struct line *l = &im->lines[i];
		struct us t = i == first ? us_trim(us_sub(l->t, l->label, l->t.n)) : l->t;
		if (!t.n)
			continue;
		if (nall) {
			line_at[nall] = l->no;
			all[nall++] = '\n';
		}
		for (size_t k = 0; k < t.n; k++) {
			line_at[nall] = l->no;
			all[nall++] = t.s[k];
		}
	}
	struct us joined = us_make(all, nall);
	struct ann_span *sp;
	size_t nsp = find_annotations(im, joined, line_at, head->no, &sp);
	struct ann *anns = fg_arena_alloc(im->tmp, (nsp + 1) * sizeof *anns);
	size_t nanns = nsp;
	/* the text: what is left, each line trimmed, empty lines dropped */
	uint32_t *kept = fg_arena_alloc(im->tmp, (nall + 1) * sizeof *kept);
	size_t nkept = 0, at = 0;
	for (size_t k = 0; k <= nsp; k++) {
		size_t upto = k < nsp ? sp[k].a : nall;
		for (size_t i = at; i < upto; i++)
			kept[nkept++] = all[i];
		if (k < nsp) {
			anns[k] = sp[k].ann;
			at = sp[k].b;
		}
	}
	struct fg_buf text = {0};
	for (size_t i = 0; i <= nkept;) {
		size_t j = i;
		while (j < nkept && kept[j] != '\n')
			j++;
		struct us l = us_trim(us_make(kept + i, j - i));
		if (l.n) {
			if (text.len)
				fg_buf_add(&text, "\n", 1);
			buf_add_us(&text, l);
		}
		i = j + 1;
	}
	const char *body = text.data ? text.data : "";
	/* the title: the phrase before the first 。, else the first line */
	const char *stop = strstr(body, "。");
	const char *nl = strchr(body, '\n');
	size_t tlen = stop && (!nl || stop < nl) ? (size_t)(stop - body) : nl ? (size_t)(nl - body) : strlen(body);
	char *title = fg_xmalloc(tlen + 1);
	memcpy(title, body, tlen);
	title[tlen] = 0;
	/* trailing ： ， of a heading-like first line */
	for (;;) {
		size_t n = strlen(title);
		if (n >= 3 && (!strcmp(title + n - 3, "：") || !strcmp(title + n - 3, "，") || !strcmp(title + n - 3, "；")))
			title[n - 3] = 0;
		else if (n >= 1 && (title[n - 1] == ':' || title[n - 1] == ',' || title[n - 1] == ';' || title[n - 1] == ' '))
			title[n - 1] = 0;
		else
			break;
	}

	const char *section = "";
	if (sec && sec->id.n) {
		if (!sec->added) {
			sec->id_s = section_add(im, sec);
			sec->added = true;
		}
		section = sec->id_s;
	}
	struct fg_measure *m = fg_plan_add_measure(im->p, number, label, section, title, body);
	m->line = head->no;
	free(title);
	free(text.data);

	/* units: every annotation of the measure, merged; res_at[i] is where
	 * annotation i's units start in res (for the parts) */
	size_t total = 0;
	for (size_t i = 0; i < nanns; i++)
		total += anns[i].nu;
	struct resolved *res = fg_arena_alloc(im->tmp, (total + nanns * im->nprev + 1) * sizeof *res);
	size_t *res_at = fg_arena_alloc(im->tmp, (nanns + 1) * sizeof *res_at);
	size_t nres = 0;
	for (size_t i = 0; i < nanns; i++) {
		res_at[i] = nres;
		if (anns[i].due[0] && !m->due[0])
			m->due = fg_plan_strdup(im->p, anns[i].due);
		if (anns[i].same) {
			if (im->nprev)
				warn(im, anns[i].line, FG_N_("“同上” is read as the units of measure %s"), im->prev_label);
			else
				warn(im, anns[i].line, FG_N_("“同上” has no measure above it to copy units from"));
			for (size_t k = 0; k < im->nprev; k++)
				res[nres++] = im->prev[k];
			continue;
		}
		struct resolved *part = fg_arena_alloc(im->tmp, (anns[i].nu + 1) * sizeof *part);
		size_t np = ann_resolve(im, &anns[i], part);
		for (size_t k = 0; k < np; k++)
			res[nres++] = part[k];
	}
	res_at[nanns] = nres;
	/* two or more annotations that name units: one part each */
	size_t nparts = 0;
	for (size_t i = 0; i < nanns; i++)
		nparts += res_at[i + 1] > res_at[i];
	if (nparts > 1 && !add_parts(im, m, all, nall, line_at, sp, nsp, res, res_at))
		nparts = 0;
	if (nparts > 1)
		warn(im, anns[1].line,
		     FG_N_("measure %s has %zu responsibility annotations; it is split into %zu parts, each with the units "
			   "of its annotation"),
		     label, nanns, nparts);
	else if (nanns > 1)
		warn(im, anns[1].line, FG_N_("measure %s has %zu responsibility annotations; their units are merged"), label,
		     nanns);
	/* leads first across annotations, then co; a unit once (in two parts,
	 * a unit is expected twice: said only within one annotation) */
	struct resolved *ord = fg_arena_alloc(im->tmp, (nres + 1) * sizeof *ord);
	size_t nord = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nres; i++) {
			if ((res[i].role == FG_ROLE_LEAD) != (pass == 0))
				continue;
			bool dup = false;
			for (size_t k = 0; k < nord; k++)
				if (strcmp(ord[k].name, res[i].name) == 0) {
					dup = true;
					if (nparts < 2 || part_has_twice(res, res_at, nanns, i))
						warn(im, res[i].line,
						     ord[k].role == FG_ROLE_LEAD
							     ? FG_N_("%s is listed twice for measure %s; it is kept once, as lead")
							     : FG_N_("%s is listed twice for measure %s; it is kept once, as co"),
						     res[i].name, label);
				}
			if (!dup)
				ord[nord++] = res[i];
		}
	for (size_t i = 0; i < nord; i++) {
		register_unit(im, &ord[i]);
		struct fg_assignment *a = fg_measure_add_assignment(im->p, m, ord[i].name, ord[i].role);
		a->line = ord[i].line;
	}
	if (!nord) {
		m->unassigned = fg_plan_strdup(im->p, FG_IMPORT_UNASSIGNED);
		warn(im, head->no, FG_N_("measure %s names no responsible unit; it is imported with no assignments (%s)"), label,
		     FG_IMPORT_UNASSIGNED);
	}
	im->prev = ord;
	im->nprev = nord;
	snprintf(im->prev_label, sizeof im->prev_label, "%s", label);
}

/* Short lines without punctuation: signatures, headings of appendices. */
static bool is_bare_line(struct us t)
{
	if (t.n > 30)
		return false;
	for (size_t i = 0; i < t.n; i++)
		if (t.s[i] == 0x3002 || cp_comma(t.s[i]) || cp_semi(t.s[i]) || cp_colon(t.s[i]) || t.s[i] == 0x3001)
			return false;
	return true;
}

/* Cut the body into sections and measures; returns the index of the line
 * after the last measure. */
static size_t build_measures(struct imp *im)
{
	int M = im->level;
	struct section_ctx sec = {0};
	size_t open = NPOS, end = 0, after = im->body;
	bool annotated = false;
	int number = 0;
	for (size_t i = im->body; i < im->nlines; i++) {
		const struct line *l = &im->lines[i];
		if (!l->t.n)
			continue;
		if (open != NPOS) {
			if (!l->level || l->level > M) {
				if (is_trailer(l->t)) {
					build_measure(im, ++number, open, end, &sec);
					after = end;
					open = NPOS;
					break;
				}
				bool blank_before = i > 0 && !im->lines[i - 1].t.n;
				if (!l->level && blank_before && (annotated || is_bare_line(l->t))) {
					build_measure(im, ++number, open, end, &sec);
					after = end;
					open = NPOS;
					continue;
				}
				end = i + 1;
				annotated |= line_has_annotation(im, l);
				continue;
			}
			build_measure(im, ++number, open, end, &sec);
			after = end;
			open = NPOS;
		}
		if (number && is_trailer(l->t))
			break;
		if (l->level == 1 && M > 1) {
			struct us rest = us_trim(us_sub(l->t, l->label, l->t.n));
			size_t stop = us_find(rest, "。", 0);
			sec.id = us_sub(l->t, 0, l->t.s[l->label - 1] == 0x3001 ? l->label - 1 : l->label);
			sec.title = us_trim_punct(stop == NPOS ? rest : us_sub(rest, 0, stop));
			sec.line = l->no;
			sec.added = false;
		} else if (l->level == M) {
			open = i;
			end = i + 1;
			annotated = line_has_annotation(im, l);
		}
	}
	if (open != NPOS) {
		build_measure(im, ++number, open, end, &sec);
		after = end;
	}
	return after;
}

/* ------------------------------------------------------------ metadata */

static const char *const title_endings[] = {
	"实施方案", "行动方案", "工作方案", "方案", "若干措施", "措施", "实施意见", "意见", "行动计划", "计划",
	"实施细则", "细则", "办法", NULL,
};

static bool title_like(struct us t)
{
	if (t.n < 4 || t.n > 80 || us_ends(t, "通知"))
		return false;
	for (size_t i = 0; i < t.n; i++)
		if (t.s[i] == 0x3002 || cp_comma(t.s[i]) || cp_colon(t.s[i]) || cp_semi(t.s[i]) || t.s[i] == '!' ||
		    t.s[i] == 0xFF01)
			return false;
	/* 管理办法（试行）: the qualifier follows the kind of document */
	if (t.n && cp_paren_close(t.s[t.n - 1])) {
		size_t o = us_match_open(t);
		if (o != NPOS && o > 0 && t.n - o <= 6)
			t = us_trim(us_sub(t, 0, o));
	}
	for (int i = 0; title_endings[i]; i++)
		if (us_ends(t, title_endings[i]))
			return true;
	return false;
}

static struct us strip_book_quotes(struct us t)
{
	if (t.n >= 2 && t.s[0] == 0x300A && t.s[t.n - 1] == 0x300B)
		return us_trim(us_sub(t, 1, t.n - 1));
	return t;
}

static struct us find_title(struct imp *im, size_t first_struct)
{
	struct us title = {0};
	for (size_t i = im->body; i < first_struct; i++) {
		struct us t = strip_book_quotes(im->lines[i].t);
		if (title_like(t))
			title = t;
	}
	if (title.n)
		return title;
	for (size_t i = 0; i < first_struct && !title.n; i++) {
		struct us t = im->lines[i].t;
		for (size_t a = us_find(t, "《", 0); a != NPOS; a = us_find(t, "《", a + 1)) {
			size_t b = us_find(t, "》", a);
			if (b == NPOS)
				break;
			struct us in = us_sub(t, a + 1, b);
			if (title_like(in)) {
				title = in;
				break;
			}
		}
		size_t y = us_find(t, "印发", 0), z = us_find(t, "的通知", 0);
		if (!title.n && y != NPOS && z != NPOS && y + 2 < z) {
			struct us in = strip_book_quotes(us_sub(t, y + 2, z));
			if (title_like(in))
				title = in;
		}
	}
	return title;
}

static bool cp_doc_open(uint32_t c)
{
	return c == 0x3014 || c == '[' || c == 0xFF3B || c == 0x3010 || c == 0xFE5D || c == '(' || c == 0xFF08;
}

static bool cp_doc_close(uint32_t c)
{
	return c == 0x3015 || c == ']' || c == 0xFF3D || c == 0x3011 || c == 0xFE5E || c == ')' || c == 0xFF09;
}

/* The document number: 鄂州政办发〔2024〕24号.  Numbers of documents the
 * text cites (《…》(…号)) are skipped. */
static struct us find_number(struct imp *im, size_t first_struct, struct us title)
{
	struct us best = {0};
	int best_score = 0;
	for (size_t i = 0; i < first_struct; i++) {
		struct us t = im->lines[i].t;
		for (size_t k = 0; k + 7 < t.n; k++) {
			if (!cp_doc_open(t.s[k]))
				continue;
			size_t j = k + 1;
			while (j < t.n && j < k + 5 && cp_digit(t.s[j]) >= 0)
				j++;
			if (j != k + 5 || j >= t.n || !cp_doc_close(t.s[j]))
				continue;
			size_t e = j + 1;
			while (e < t.n && cp_digit(t.s[e]) >= 0)
				e++;
			if (e == j + 1 || e >= t.n || t.s[e] != 0x53F7) /* 号 */
				continue;
			size_t s = k;
			while (s > 0 && k - s < 12 && cp_han(t.s[s - 1]))
				s--;
			if (s == k)
				continue;
			int score = 1;
			if (s == 0 && e + 1 == t.n) {
				score = 3;
			} else if (s > 0 && cp_open(t.s[s - 1])) {
				if (s > 1 && t.s[s - 2] == 0x300B) /* 》( : a cited document */
					continue;
				struct us before = us_sub(t, 0, s - 1);
				for (size_t n = title.n; n >= 6 && n <= title.n; n--)
					if (before.n >= n && us_same(us_sub(before, before.n - n, before.n),
								      us_sub(title, title.n - n, title.n))) {
						score = 2;
						break;
					}
			}
			if (score > best_score) {
				best_score = score;
				best = us_sub(t, s, e + 1);
			}
		}
	}
	return best;
}

static bool issuer_like(struct us t)
{
	static const char *const ends[] = {"办公室", "办公厅", "人民政府", "委员会", "政府", "局", "厅", "委", "部", "办", NULL};
	if (t.n < 4 || t.n > 30 || !is_bare_line(t))
		return false;
	for (int i = 0; ends[i]; i++)
		if (us_ends(t, ends[i]))
			return true;
	return false;
}

/* The signature: an issuer line, then a date line. */
static bool find_signature(struct imp *im, size_t from, size_t to, struct us *issuer, char date[11])
{
	for (size_t i = from; i < to; i++) {
		if (!is_date_line(im->lines[i].t, date))
			continue;
		for (size_t k = i; k-- > from;) {
			if (!im->lines[k].t.n)
				continue;
			if (issuer_like(im->lines[k].t))
				*issuer = im->lines[k].t;
			break;
		}
		return true;
	}
	return false;
}

static void find_metadata(struct imp *im, size_t after_measures)
{
	size_t first_struct = im->body;
	while (first_struct < im->nlines && !im->lines[first_struct].level)
		first_struct++;
	struct us title = find_title(im, first_struct);
	if (title.n)
		im->p->title = fg_plan_strdup(im->p, tmp_utf8(im, title));
	struct us number = find_number(im, first_struct, title);
	if (number.n)
		im->p->number = fg_plan_strdup(im->p, tmp_utf8(im, number));
	struct us issuer = {0};
	char date[11] = "";
	if (find_signature(im, im->body, first_struct, &issuer, date) ||
	    find_signature(im, 0, first_struct, &issuer, date) ||
	    find_signature(im, after_measures, im->nlines, &issuer, date)) {
		im->p->date = fg_plan_strdup(im->p, date);
		if (issuer.n)
			im->p->issuer = fg_plan_strdup(im->p, tmp_utf8(im, issuer));
	}
}

/* ------------------------------------------------------------ registry checks */

static size_t utf8_cps(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0, len = strlen(s);
	for (size_t i = 0; i < len && n < max;) {
		size_t k = fg_utf8_decode(s + i, len - i, &out[n]);
		n++;
		i += k ? k : 1;
	}
	return n;
}

/* Drop bracketed parts: 各县（市、区）人民政府 -> 各县人民政府. */
static size_t strip_brackets(uint32_t *s, size_t n)
{
	size_t k = 0;
	int depth = 0;
	for (size_t i = 0; i < n; i++) {
		if (cp_open(s[i]))
			depth++;
		else if (cp_close(s[i]) && depth)
			depth--;
		else if (!depth)
			s[k++] = s[i];
	}
	return k;
}

/* Is a (shorter) written with characters of b in order, from b's first? */
static bool abbreviates(const char *a, const char *b)
{
	uint32_t x[128], y[128];
	size_t nx = strip_brackets(x, utf8_cps(a, x, 128)), ny = strip_brackets(y, utf8_cps(b, y, 128));
	if (nx < 2 || nx >= ny || x[0] != y[0])
		return false;
	size_t k = 0;
	for (size_t i = 0; i < ny && k < nx; i++)
		if (y[i] == x[k])
			k++;
	return k == nx;
}

static void check_abbreviations(struct imp *im)
{
	struct fg_plan *p = im->p;
	for (size_t i = 0; i < p->nunits; i++)
		for (size_t j = 0; j < p->nunits; j++)
			if (i != j && abbreviates(p->units[i].name, p->units[j].name))
				warn(im, p->units[i].line,
				     FG_N_("unit “%s” looks like an abbreviation of “%s” (line %u); if they are one unit, keep "
					   "one name and list the other under aliases"),
				     p->units[i].name, p->units[j].name, p->units[j].line);
}

/* ------------------------------------------------------------ entry points */

struct fg_plan *fg_import_text(const char *name, const char *buf, size_t len, struct fg_diag *warnings,
			       struct fg_diag *errors)
{
	struct imp im;
	memset(&im, 0, sizeof im);
	im.name = name ? name : "";
	im.tmp = fg_arena_new();
	if (warnings && !warnings->file[0])
		snprintf(warnings->file, sizeof warnings->file, "%s", im.name);
	if (errors && !errors->file[0])
		snprintf(errors->file, sizeof errors->file, "%s", im.name);
	struct fg_plan *p = NULL;
	if (!decode(&im, buf ? buf : "", buf ? len : 0, errors))
		goto out;
	split_lines(&im);
	for (size_t i = 0; i < im.nlines; i++)
		if ((us_has(im.lines[i].t, "原文如下") || us_has(im.lines[i].t, "全文如下")) && im.lines[i].t.n < 40) {
			im.body = i + 1;
			break;
		}
	im.level = measure_level(&im);
	if (!im.level) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0,
			    FG_N_("no numbered measure found: measures start a line with (一), （一）, 1., 1、 or （1）; "
				  "check that this is the plan's text"));
		goto out;
	}
	find_stated_rules(&im);
	p = im.p = fg_plan_new();
	size_t after = build_measures(&im);
	find_metadata(&im, after);
	check_abbreviations(&im);
	if (!p->nmeasures) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0, FG_N_("no numbered measure found; check that this is the plan's text"));
		fg_plan_free(p);
		p = NULL;
		goto out;
	}
	if (!fg_plan_validate(p, errors)) {
		fg_plan_free(p);
		p = NULL;
		goto out;
	}
	if (im.nwarn)
		qsort(im.warn, im.nwarn, sizeof *im.warn, warning_cmp);
	for (size_t i = 0; i < im.nwarn; i++)
		fg_diag_add(warnings, FG_ERR_NONE, im.warn[i].line, 0, "%s", im.warn[i].msg);
out:
	for (size_t i = 0; i < im.nwarn; i++)
		free(im.warn[i].msg);
	free(im.warn);
	fg_arena_free(im.tmp);
	return p;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Route a file's bytes by their format: .docx/.xlsx through office.c, the
 * formats fengong cannot read to a message naming a converter. */
static struct fg_plan *import_bytes(const char *path, const char *buf, size_t len, struct fg_diag *warnings,
				    struct fg_diag *errors)
{
	bool zip = len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0;
	bool ole = len >= 8 && memcmp(buf, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0;
	bool pdf = len >= 5 && memcmp(buf, "%PDF-", 5) == 0;
	if (pdf || ends_with(path, ".pdf")) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0,
			    FG_N_("fengong cannot read PDF; convert it to text first, e.g. `pdftotext -layout %s`, and import "
				  "the .txt (check the text: PDF columns and page breaks can split lines)"),
			    path);
		return NULL;
	}
	if (ole || ends_with(path, ".doc") || ends_with(path, ".wps") || ends_with(path, ".xls") ||
	    ends_with(path, ".et")) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0,
			    FG_N_("fengong reads .docx and .xlsx, not the older Word/WPS/Excel formats; convert it first, "
				  "e.g. `libreoffice --headless --convert-to %s %s`, and import the result"),
			    ends_with(path, ".xls") || ends_with(path, ".et") ? "xlsx" : "docx", path);
		return NULL;
	}
	if (zip || ends_with(path, ".docx") || ends_with(path, ".xlsx")) {
		enum fg_office_kind kind = ends_with(path, ".xlsx") ? FG_OFFICE_XLSX : FG_OFFICE_DOCX;
		size_t tlen;
		char *text = fg_office_text(buf, len, kind, &tlen, errors);
		if (!text)
			return NULL;
		struct fg_plan *p = fg_import_text(path, text, tlen, warnings, errors);
		free(text);
		return p;
	}
	return fg_import_text(path, buf, len, warnings, errors);
}

struct fg_plan *fg_import_file(const char *path, struct fg_diag *warnings, struct fg_diag *errors)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fg_diag_add(errors, FG_ERR_IO, 0, 0, FG_N_("cannot open the document: %s"), strerror(errno));
		return NULL;
	}
	struct fg_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > FG_MAX_FILE_BYTES) {
			fclose(f);
			free(b.data);
			fg_diag_add(errors, FG_ERR_INVALID, 0, 0, FG_N_("the document is over %zu bytes; is it really a plan's text?"),
				    (size_t)FG_MAX_FILE_BYTES);
			return NULL;
		}
		fg_buf_add(&b, chunk, n);
	}
	bool failed = ferror(f);
	int err = errno;
	fclose(f);
	if (failed) {
		free(b.data);
		fg_diag_add(errors, FG_ERR_IO, 0, 0, FG_N_("cannot read the document: %s"), strerror(err));
		return NULL;
	}
	struct fg_plan *p = import_bytes(path, b.data ? b.data : "", b.len, warnings, errors);
	free(b.data);
	return p;
}
