/* fengong TUI: the one-line editor (notes, search, the unit picker).
 *
 * The buffer holds code points, so moving and deleting go by character and
 * never split a UTF-8 sequence; the cursor is placed by summing display
 * widths, so it lands right after a CJK character, not in its middle.
 */
#include "tui.h"

#include <stdlib.h>
#include <string.h>

static void le_reserve(struct tui_lineedit *le, size_t n)
{
	if (n + 1 <= le->cap)
		return;
	size_t cap = le->cap ? le->cap : 64;
	while (cap < n + 1)
		cap *= 2;
	le->buf = tui_xrealloc(le->buf, cap * sizeof *le->buf);
	le->cap = cap;
}

void tui_le_init(struct tui_lineedit *le, const char *initial)
{
	memset(le, 0, sizeof *le);
	le_reserve(le, 16);
	const char *s = initial ? initial : "";
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t k = fg_utf8_decode(s, n, &cp);
		if (k == 0)
			k = 1; /* invalid byte: keep U+FFFD, move on */
		le_reserve(le, le->len + 1);
		le->buf[le->len++] = (wchar_t)cp;
		s += k;
		n -= k;
	}
	le->buf[le->len] = 0;
	le->cur = le->len;
}

void tui_le_free(struct tui_lineedit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

static void le_insert(struct tui_lineedit *le, wchar_t c)
{
	le_reserve(le, le->len + 1);
	memmove(le->buf + le->cur + 1, le->buf + le->cur, (le->len - le->cur) * sizeof *le->buf);
	le->buf[le->cur++] = c;
	le->buf[++le->len] = 0;
}

void tui_le_insert_text(struct tui_lineedit *le, const char *s, bool multiline)
{
	size_t n = strlen(s);
	while (n > 0) {
		uint32_t cp;
		size_t k = fg_utf8_decode(s, n, &cp);
		if (k == 0)
			k = 1; /* invalid byte: U+FFFD */
		if (cp == '\n' || cp == '\t')
			le_insert(le, multiline ? (wchar_t)cp : L' ');
		else if (cp >= 32 && cp != 127 && !(cp >= 0x80 && cp < 0xa0))
			le_insert(le, (wchar_t)cp);
		s += k;
		n -= k;
	}
}

void tui_le_set(struct tui_lineedit *le, const char *s)
{
	le->len = le->cur = le->scroll = 0;
	le->buf[0] = 0;
	tui_le_insert_text(le, s, true);
}

static void le_delete(struct tui_lineedit *le, size_t at, size_t n)
{
	if (at >= le->len)
		return;
	if (at + n > le->len)
		n = le->len - at;
	memmove(le->buf + at, le->buf + at + n, (le->len - at - n) * sizeof *le->buf);
	le->len -= n;
	le->buf[le->len] = 0;
}

bool tui_le_key(struct tui_lineedit *le, int key)
{
	if (TUI_IS_FN(key)) {
		switch (key & ~TUI_FN(0)) {
		case KEY_LEFT: if (le->cur > 0) le->cur--; return true;
		case KEY_RIGHT: if (le->cur < le->len) le->cur++; return true;
		case KEY_HOME: le->cur = 0; return true;
		case KEY_END: le->cur = le->len; return true;
		case KEY_BACKSPACE:
			if (le->cur > 0) {
				le->cur--;
				le_delete(le, le->cur, 1);
			}
			return true;
		case KEY_DC: le_delete(le, le->cur, 1); return true;
		default: return false;
		}
	}
	switch (key) {
	case TUI_CTRL('a'): le->cur = 0; return true;
	case TUI_CTRL('e'): le->cur = le->len; return true;
	case TUI_CTRL('b'): if (le->cur > 0) le->cur--; return true;
	case TUI_CTRL('f'): if (le->cur < le->len) le->cur++; return true;
	case TUI_CTRL('u'): le_delete(le, 0, le->cur); le->cur = 0; return true;
	case TUI_CTRL('k'): le_delete(le, le->cur, le->len - le->cur); return true;
	case TUI_CTRL('d'): le_delete(le, le->cur, 1); return true;
	case TUI_CTRL('h'):
	case 127:
		if (le->cur > 0) {
			le->cur--;
			le_delete(le, le->cur, 1);
		}
		return true;
	case TUI_CTRL('w'): {
		size_t i = le->cur;
		while (i > 0 && le->buf[i - 1] == ' ')
			i--;
		while (i > 0 && le->buf[i - 1] != ' ')
			i--;
		le_delete(le, i, le->cur - i);
		le->cur = i;
		return true;
	}
	default:
		break;
	}
	if (key >= 32 && key != 127 && !(key >= 0x80 && key < 0xa0) && key <= 0x10ffff) {
		le_insert(le, (wchar_t)key);
		return true;
	}
	return false;
}

static int le_width(const struct tui_lineedit *le, size_t from, size_t to)
{
	int w = 0;
	for (size_t i = from; i < to; i++)
		w += fg_cp_width((uint32_t)le->buf[i]);
	return w;
}

static char *le_utf8_range(const struct tui_lineedit *le, size_t from, size_t to)
{
	char *out = tui_xmalloc((to - from) * 4 + 1);
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += fg_utf8_encode((uint32_t)le->buf[i], out + n);
	out[n] = 0;
	return out;
}

char *tui_le_utf8(const struct tui_lineedit *le)
{
	return le_utf8_range(le, 0, le->len);
}

void tui_le_draw(struct tui_lineedit *le, int y, int x, int width, int attr)
{
	if (width < 2)
		return;
	/* keep the cursor inside [scroll, scroll + width) with one cell to spare */
	if (le->cur < le->scroll)
		le->scroll = le->cur;
	while (le->scroll < le->cur && le_width(le, le->scroll, le->cur) > width - 1)
		le->scroll++;
	size_t end = le->scroll;
	int w = 0;
	while (end < le->len) {
		int cw = fg_cp_width((uint32_t)le->buf[end]);
		if (w + cw > width)
			break;
		w += cw;
		end++;
	}
	char *s = le_utf8_range(le, le->scroll, end);
	tui_text(y, x, width, s, attr, TUI_PAD);
	free(s);
	move(y, x + le_width(le, le->scroll, le->cur));
}
