/* UTF-8 decoding and display widths.  Widths come from wcwidth() under a
 * UTF-8 LC_CTYPE; control characters are shown escaped, never raw. */
#include <limits.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "fengong/plan.h" /* FG_N_: the names below are in the catalogue */
#include "fengong/text.h"

bool fg_text_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && strcasecmp(cs, "UTF-8") == 0)
		return true;
	if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "C.utf8") ||
	    setlocale(LC_CTYPE, "en_US.UTF-8"))
		return true;
	return false;
}

size_t fg_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	*cp = 0xFFFD;
	if (len == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t fg_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t fg_utf8_invalid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n)
			return i;
		i += n;
	}
	return (size_t)-1;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
}

bool fg_cp_invisible(uint32_t cp)
{
	if (cp < 0xAD)
		return false;
	return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 ||
	       cp == 0x17B5 || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0 ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

size_t fg_text_find_invisible(const char *s, size_t len, uint32_t *cp)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0xC2) { /* ASCII, or not the start of one */
			i++;
			continue;
		}
		uint32_t c;
		size_t n = fg_utf8_decode(s + i, len - i, &c);
		if (n && fg_cp_invisible(c)) {
			if (cp)
				*cp = c;
			return i;
		}
		i += n ? n : 1;
	}
	return (size_t)-1;
}

const char *fg_cp_invisible_name(uint32_t cp)
{
	switch (cp) {
	case 0x00AD: return FG_N_("soft hyphen");
	case 0x061C: return FG_N_("Arabic letter mark");
	case 0x200B: return FG_N_("zero width space");
	case 0x200C: return FG_N_("zero width non-joiner");
	case 0x200D: return FG_N_("zero width joiner");
	case 0x200E: return FG_N_("left-to-right mark");
	case 0x200F: return FG_N_("right-to-left mark");
	case 0x2028: return FG_N_("line separator");
	case 0x2029: return FG_N_("paragraph separator");
	case 0x202A: return FG_N_("left-to-right embedding");
	case 0x202B: return FG_N_("right-to-left embedding");
	case 0x202C: return FG_N_("pop directional formatting");
	case 0x202D: return FG_N_("left-to-right override");
	case 0x202E: return FG_N_("right-to-left override");
	case 0x2060: return FG_N_("word joiner");
	case 0x2066: return FG_N_("left-to-right isolate");
	case 0x2067: return FG_N_("right-to-left isolate");
	case 0x2068: return FG_N_("first strong isolate");
	case 0x2069: return FG_N_("pop directional isolate");
	case 0xFEFF: return FG_N_("zero width no-break space");
	default: return fg_cp_invisible(cp) ? FG_N_("an invisible character") : NULL;
	}
}

static const char hexdig[] = "0123456789abcdef";

static size_t hex_byte(unsigned b, char out[4])
{
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hexdig[(b >> 4) & 0xF];
	out[3] = hexdig[b & 0xF];
	return 4;
}

/* The escaped form of a character never shown raw: "\n", "\t" or "\xNN"
 * for a control character, "<U+202E>" for a bidi or invisible one; 0 for a
 * character shown as itself. */
static size_t shown_as(uint32_t cp, char out[16])
{
	if (cp == '\n')
		return (size_t)(memcpy(out, "\\n", 2), 2);
	if (cp == '\t')
		return (size_t)(memcpy(out, "\\t", 2), 2);
	if (is_control(cp))
		return hex_byte(cp, out);
	if (fg_cp_invisible(cp)) {
		int n = snprintf(out, 16, "<U+%04X>", (unsigned)cp);
		return n > 0 && n < 16 ? (size_t)n : 0;
	}
	return 0;
}

int fg_cp_width(uint32_t cp)
{
	char tmp[16];
	size_t n = shown_as(cp, tmp);
	if (n)
		return (int)n;
	if (cp < 0x7F)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1; /* shown as U+FFFD-like single cell */
	return w;
}

int fg_text_width_n(const char *s, size_t len)
{
	int w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			w += 4; /* invalid byte shown as \xNN */
			i++;
			continue;
		}
		w += fg_cp_width(cp);
		i += n;
	}
	return w;
}

int fg_text_width(const char *s)
{
	return s ? fg_text_width_n(s, strlen(s)) : 0;
}

/* Bytes of the shown form of s[0..len). */
static size_t shown_bytes(const char *s, size_t len)
{
	size_t bytes = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		char tmp[16];
		size_t n = fg_utf8_decode(s + i, len - i, &cp), e;
		if (!n)
			bytes += 4, n = 1;
		else if ((e = shown_as(cp, tmp)) != 0)
			bytes += e;
		else
			bytes += n;
		i += n;
	}
	return bytes;
}

static void put(char *out, size_t outlen, size_t *o, const char *s, size_t n)
{
	if (*o + n + 1 > outlen)
		return;
	memcpy(out + *o, s, n);
	*o += n;
	out[*o] = 0;
}

int fg_text_fit(const char *s, int width, bool pad, char *out, size_t outlen)
{
	size_t o = 0;
	if (outlen)
		out[0] = 0;
	if (!s)
		s = "";
	if (width < 0)
		width = 0;
	size_t len = strlen(s);
	int total = fg_text_width_n(s, len);
	/* room for … when s is too wide, or too long for out (zero-width
	 * characters take bytes but no cell): then it is cut */
	int limit = total <= width && shown_bytes(s, len) + 4 < outlen ? width : width - 1;
	int used = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		char tmp[16];
		const char *piece = s + i;
		size_t plen = n;
		int w;
		if (!n) {
			plen = hex_byte((unsigned char)s[i], tmp);
			piece = tmp, w = 4, n = 1;
		} else if ((plen = shown_as(cp, tmp)) != 0) {
			piece = tmp;
			w = (int)plen;
		} else {
			plen = n;
			w = fg_cp_width(cp);
		}
		if (used + w > limit)
			break;
		if (o + plen + 4 >= outlen)
			break;
		put(out, outlen, &o, piece, plen);
		used += w;
		i += n;
	}
	if (i < len && width > 0) {
		put(out, outlen, &o, "\xe2\x80\xa6", 3); /* … */
		used += 1;
	}
	while (pad && used < width && o + 2 < outlen) {
		put(out, outlen, &o, " ", 1);
		used++;
	}
	return used;
}

int fg_text_fit_right(const char *s, int width, char *out, size_t outlen)
{
	char tmp[1024];
	int w = fg_text_fit(s, width, false, tmp, sizeof tmp);
	size_t o = 0;
	if (outlen)
		out[0] = 0;
	for (int i = w; i < width; i++)
		put(out, outlen, &o, " ", 1);
	put(out, outlen, &o, tmp, strlen(tmp));
	return width > w ? width : w;
}

size_t fg_text_wrap(const char *s, int width,
		    void (*fn)(const char *line, size_t len, void *ctx), void *ctx)
{
	size_t lines = 0, len = strlen(s), start = 0, i = 0, last_space = 0;
	int used = 0;
	if (width < 1)
		width = 1;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n)
			n = 1, cp = 0xFFFD;
		if (cp == '\n') {
			fn(s + start, i - start, ctx);
			lines++;
			i += n;
			start = i, used = 0, last_space = 0;
			continue;
		}
		int w = n == 1 && cp == 0xFFFD ? 4 : fg_cp_width(cp);
		if (used + w > width && i > start) {
			size_t cut = last_space > start ? last_space : i;
			fn(s + start, cut - start, ctx);
			lines++;
			start = cut;
			while (start < len && s[start] == ' ')
				start++;
			used = fg_text_width_n(s + start, i - start);
			last_space = 0;
			continue;
		}
		if (cp == ' ')
			last_space = i + 1;
		used += w;
		i += n;
	}
	if (start < len || lines == 0) {
		fn(s + start, len - start, ctx);
		lines++;
	}
	return lines;
}

const char *fg_text_find(const char *hay, const char *needle)
{
	if (!needle || !*needle)
		return hay;
	if (!hay)
		return NULL;
	/* In UTF-8 (and other multibyte) locales a byte >= 0x80 is never a
	 * character of its own and strcasestr folds ASCII letters only: every
	 * other byte matches just itself.  So a needle without letters is found
	 * by strstr; one with a run of two or more such bytes is anchored on
	 * that run; else the candidates are where its first byte occurs in
	 * either case.  Each candidate is checked with strncasecmp, so the
	 * result is strcasestr's, found several times faster. */
	size_t n = 0, run = 0, best = 0, best_len = 0;
	bool high = false;
	for (const unsigned char *q = (const unsigned char *)needle; *q; q++, n++) {
		high |= *q >= 0x80;
		if ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') {
			run = 0;
		} else if (++run > best_len) {
			best_len = run;
			best = n + 1 - run;
		}
	}
	if (MB_CUR_MAX == 1 && (high || best_len != n)) /* e.g. Latin-1: letters >= 0x80 fold */
		return strcasestr(hay, needle);
	if (best_len == n)
		return strstr(hay, needle);
	char anchor[64];
	if (best_len >= 2 && best_len < sizeof anchor) {
		if (strnlen(hay, best) < best)
			return NULL;
		memcpy(anchor, needle + best, best_len);
		anchor[best_len] = 0;
		for (const char *a = strstr(hay + best, anchor); a; a = strstr(a + 1, anchor))
			if (strncasecmp(a - best, needle, n) == 0)
				return a - best;
		return NULL;
	}
	unsigned char c0 = (unsigned char)needle[0];
	bool letter = (c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z';
	char lo = (char)(letter ? c0 | 0x20 : c0), up = (char)(letter ? c0 & ~0x20 : c0);
	const char *pl = strchr(hay, lo), *pu = lo == up ? NULL : strchr(hay, up);
	while (pl || pu) {
		const char *c = !pu || (pl && pl < pu) ? pl : pu;
		if (strncasecmp(c, needle, n) == 0)
			return c;
		if (c == pl)
			pl = strchr(pl + 1, lo);
		else
			pu = strchr(pu + 1, up);
	}
	return NULL;
}

/* ------------------------------------------------------------ escaping writers */

char *fg_text_show(const char *s, char *out, size_t outlen)
{
	fg_text_fit(s, INT_MAX / 2, false, out, outlen);
	return out;
}

/* Spreadsheet formula triggers: ASCII and full-width = + - @. */
static bool formula_start(uint32_t cp)
{
	return cp == '=' || cp == '+' || cp == '-' || cp == '@' || cp == 0xFF1D || cp == 0xFF0B || cp == 0xFF0D ||
	       cp == 0xFF20;
}

bool fg_csv_formula(const char *s, size_t len)
{
	if (len && (s[0] == '\t' || s[0] == '\r'))
		return true;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n)
			return false;
		if (cp != ' ' && cp != '\t' && cp != '\r' && cp != '\n' && cp != 0xA0 && cp != 0x3000)
			return formula_start(cp);
		i += n;
	}
	return false;
}

void fg_text_escape(const char *s, size_t len, enum fg_escape how, fg_put_fn *put_fn, void *ctx)
{
	bool csv = how == FG_ESC_CSV || how == FG_ESC_CSV_SHOW;
	bool show = how == FG_ESC_SHOW || how == FG_ESC_CSV_SHOW;
	bool quote = false;
	if (csv) {
		bool guard = fg_csv_formula(s, len);
		quote = guard || (len && (s[0] == ' ' || s[len - 1] == ' '));
		for (size_t k = 0; k < len && !quote; k++)
			quote = s[k] == ',' || s[k] == '"' || s[k] == '\n' || s[k] == '\r';
		if (quote)
			put_fn("\"", 1, ctx);
		if (guard)
			put_fn("'", 1, ctx); /* OWASP: a spreadsheet shows it as text */
	}
	size_t i = 0, run = 0; /* s[run..i) is copied as it is */
	while (i < len) {
		unsigned char b = (unsigned char)s[i];
		char tmp[16];
		size_t tl = 0, n = 1;
		if (b >= 0x20 && b < 0x7F) {
			if (b == '"' && csv)
				tl = 2, memcpy(tmp, "\"\"", 2);
			else if (b == '\\' && how == FG_ESC_TSV)
				tl = 2, memcpy(tmp, "\\\\", 2);
		} else {
			uint32_t cp;
			n = fg_utf8_decode(s + i, len - i, &cp);
			if (!n) { /* not UTF-8: the byte as \xNN, except in a CSV file */
				n = 1;
				if (how != FG_ESC_CSV)
					tl = hex_byte(b, tmp);
			} else if (how == FG_ESC_CSV) {
				/* a file for a spreadsheet: the text as it is */
			} else if (how == FG_ESC_TSV) {
				if (cp == '\t')
					tl = 2, memcpy(tmp, "\\t", 2);
				else if (cp == '\n')
					tl = 2, memcpy(tmp, "\\n", 2);
				else if (cp == '\r')
					tl = 2, memcpy(tmp, "\\r", 2);
				else if (is_control(cp))
					tl = hex_byte(cp, tmp);
			} else if (how == FG_ESC_CSV_SHOW && (cp == '\n' || cp == '\t')) {
				/* a line break or tab inside a quoted field is CSV */
			} else if (show) {
				tl = shown_as(cp, tmp);
			}
		}
		if (tl) {
			if (i > run)
				put_fn(s + run, i - run, ctx);
			put_fn(tmp, tl, ctx);
			run = i + n;
		}
		i += n;
	}
	if (i > run)
		put_fn(s + run, len - run, ctx);
	if (quote)
		put_fn("\"", 1, ctx);
}
