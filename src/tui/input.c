/* fengong TUI: reading keys the way office terminals send them.
 *
 * - Bracketed paste (\e[?2004h): the terminal wraps pasted text in
 *   \e[200~ … \e[201~, recognised here through ncurses key definitions;
 *   the text comes back as one TUI_KEY_PASTE and is never run as keys.
 * - Home and End as PuTTY, Xshell and rxvt send them (\e[1~ \e[4~ \e[7~
 *   \e[8~), whatever the terminfo entry says.
 * - Escape sequences split by a slow link: ESCDELAY is long enough for
 *   the rest of the sequence to arrive (the ESCDELAY environment variable
 *   still wins when set).
 * - Keys that were already waiting when the program asked for them came
 *   in a burst (a paste without bracketed paste): tui_key_was_waiting().
 */
#include "tui.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Codes of our own key definitions, above every ncurses key. */
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

static const char paste_on[] = "\033[?2004h";
static const char paste_off[] = "\033[?2004l";

static char *paste_buf;
static size_t paste_len, paste_cap;
static bool key_waiting;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void write_all(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

void tui_input_init(void)
{
	const char *ed = getenv("ESCDELAY");
	if (!ed || !*ed)
		set_escdelay(TUI_ESCDELAY_MS);
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	define_key("\033[1~", KEY_HOME);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[8~", KEY_END);
	fflush(stdout);
	write_all(paste_on, sizeof paste_on - 1);
}

/* Async-signal-safe: called from the crash handler too. */
void tui_input_end(void)
{
	write_all(paste_off, sizeof paste_off - 1);
}

void tui_input_free(void)
{
	free(paste_buf);
	paste_buf = NULL;
	paste_len = paste_cap = 0;
}

const char *tui_paste_text(void)
{
	return paste_buf ? paste_buf : "";
}

bool tui_key_was_waiting(void)
{
	return key_waiting;
}

static bool input_pending(void)
{
	struct pollfd pf = { .fd = fileno(stdin), .events = POLLIN };
	return poll(&pf, 1, 0) > 0 && (pf.revents & POLLIN);
}

static void paste_add(uint32_t cp)
{
	char u[4];
	size_t n = fg_utf8_encode(cp, u);
	if (paste_len + n + 1 > paste_cap) {
		paste_cap = paste_cap ? paste_cap * 2 : 256;
		while (paste_len + n + 1 > paste_cap)
			paste_cap *= 2;
		paste_buf = tui_xrealloc(paste_buf, paste_cap);
	}
	memcpy(paste_buf + paste_len, u, n);
	paste_len += n;
	paste_buf[paste_len] = 0;
}

/* One get_wch with signal handling; ERR on timeout. */
static int read_key(struct tui *t, int *code)
{
	for (;;) {
		if (tui_got_signal) {
			int s = tui_got_signal;
			tui_got_signal = 0;
			if (s == SIGINT) {
				*code = TUI_CTRL('c'); /* treated like q */
				return OK;
			}
			tui_terminate(t, s);
		}
		wint_t ch = 0;
		int r = get_wch(&ch);
		if (r == ERR && tui_got_signal)
			continue;
		if (r == ERR)
			return ERR;
		*code = r == KEY_CODE_YES ? TUI_FN(ch) : (int)ch;
		return OK;
	}
}

/* After \e[200~: gather the text up to \e[201~.  Line breaks (CR, LF,
 * CR LF) become \n; other control characters and function keys (escape
 * sequences inside the text) are dropped.  When the end marker never
 * comes, the paste ends after two quiet seconds. */
static void read_paste(struct tui *t)
{
	if (!paste_buf) {
		paste_cap = 256;
		paste_buf = tui_xmalloc(paste_cap);
	}
	paste_len = 0;
	paste_buf[0] = 0;
	double quiet_since = now_ms();
	bool after_cr = false;
	for (;;) {
		int k;
		if (read_key(t, &k) == ERR) {
			if (now_ms() - quiet_since > 2000)
				break;
			continue;
		}
		quiet_since = now_ms();
		if (k == TUI_FN(KEY_PASTE_END))
			break;
		if (TUI_IS_FN(k)) {
			if ((k & ~TUI_FN(0)) == KEY_ENTER)
				paste_add('\n');
			after_cr = false;
			continue;
		}
		if (k == '\n' && after_cr) {
			after_cr = false;
			continue;
		}
		after_cr = k == '\r';
		if (k == '\r' || k == '\n')
			paste_add('\n');
		else if (k == '\t' || (k >= 32 && k != 127 && !(k >= 0x80 && k < 0xa0) && k <= 0x10ffff))
			paste_add((uint32_t)k);
	}
}

int tui_getkey(struct tui *t)
{
	int fast_errors = 0;
	key_waiting = input_pending();
	for (;;) {
		double t0 = now_ms();
		int k;
		if (read_key(t, &k) == ERR) {
			/* A timeout takes 250 ms; immediate errors in a row mean the
			 * terminal is gone (end of input): behave as on SIGHUP. */
			if (now_ms() - t0 < 20) {
				if (++fast_errors > 50)
					tui_terminate(t, SIGHUP);
			} else {
				fast_errors = 0;
			}
			continue;
		}
		if (k == TUI_FN(KEY_PASTE_BEGIN)) {
			read_paste(t);
			return TUI_KEY_PASTE;
		}
		if (k == TUI_FN(KEY_PASTE_END))
			continue; /* a stray end marker */
		return k;
	}
}

int tui_getkey_within(struct tui *t, int ms)
{
	timeout(ms);
	int k;
	int r = read_key(t, &k);
	timeout(TUI_KEY_TIMEOUT_MS);
	if (r == ERR)
		return TUI_KEY_NONE;
	if (k == TUI_FN(KEY_PASTE_BEGIN)) {
		read_paste(t);
		return TUI_KEY_PASTE;
	}
	if (k == TUI_FN(KEY_PASTE_END))
		return TUI_KEY_NONE;
	return k;
}
