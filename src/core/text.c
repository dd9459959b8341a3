/* UTF-8 decoding and display widths.  Widths come from wcwidth() under a
 * UTF-8 LC_CTYPE; control characters are shown escaped, never raw. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

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

/* The escaped form of a control character: "\n", "\t" or "\xNN". */
static size_t escape_cp(uint32_t cp, char out[8])
{
	if (cp == '\n')
		return (size_t)(memcpy(out, "\\n", 2), 2);
	if (cp == '\t')
		return (size_t)(memcpy(out, "\\t", 2), 2);
	static const char hex[] = "0123456789abcdef";
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[(cp >> 4) & 0xF];
	out[3] = hex[cp & 0xF];
	return 4;
}

int fg_cp_width(uint32_t cp)
{
	if (is_control(cp)) {
		char tmp[8];
		return (int)escape_cp(cp, tmp);
	}
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
	int limit = total <= width ? width : width - 1; /* room for … */
	int used = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		char tmp[8];
		const char *piece = s + i;
		size_t plen = n;
		int w;
		if (!n) {
			static const char hex[] = "0123456789abcdef";
			unsigned char b = (unsigned char)s[i];
			tmp[0] = '\\', tmp[1] = 'x', tmp[2] = hex[b >> 4], tmp[3] = hex[b & 15];
			piece = tmp, plen = 4, w = 4, n = 1;
		} else if (is_control(cp)) {
			plen = escape_cp(cp, tmp);
			piece = tmp;
			w = (int)plen;
		} else {
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
