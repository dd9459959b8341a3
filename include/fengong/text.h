/* fengong core: UTF-8 and display-width helpers (no curses, no printing).
 *
 * Widths are terminal cells: a CJK character takes two.  Control characters
 * (C0, DEL, C1, ESC) are never emitted raw: they are shown escaped as
 * "\xNN" (4 cells), "\n" or "\t" (2 cells).  The program must have called
 * setlocale(LC_CTYPE, ...) with a UTF-8 locale; fg_text_locale() does it.
 */
#ifndef FENGONG_TEXT_H
#define FENGONG_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Make LC_CTYPE a UTF-8 locale: the environment's if it is UTF-8, else
 * C.UTF-8.  Returns false when no UTF-8 locale is available. */
bool fg_text_locale(void);

/* Decode one UTF-8 character at s (at most len bytes).  Returns its length
 * in bytes, or 0 when the bytes are not valid UTF-8 (then *cp = 0xFFFD). */
size_t fg_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp; returns bytes written (1..4) into out[4]. */
size_t fg_utf8_encode(uint32_t cp, char out[4]);
/* Offset of the first invalid byte, or (size_t)-1 when all valid. */
size_t fg_utf8_invalid(const char *s, size_t len);

/* Cells one code point takes when shown (escapes counted). */
int fg_cp_width(uint32_t cp);
/* Display width of a UTF-8 string, escapes counted. */
int fg_text_width(const char *s);
/* buf[len] holds a string that was cut to fit it (snprintf's truncation):
 * end it between characters instead, with "…" when there is room. */
void fg_text_cut(char *buf, size_t len);
int fg_text_width_n(const char *s, size_t len);

/* Append the displayable form of s (control characters escaped) fitted to
 * at most `width` cells to out (NUL-terminated, out has outlen bytes).  When
 * s does not fit, it is cut at a character boundary and "…" ends it.  When
 * pad is true the result is padded with spaces to exactly width cells.
 * Returns the cells used. */
int fg_text_fit(const char *s, int width, bool pad, char *out, size_t outlen);

/* Same but right-aligned within width when pad is true. */
int fg_text_fit_right(const char *s, int width, char *out, size_t outlen);

/* Wrap s to lines of at most `width` cells, breaking between characters
 * (CJK needs no spaces), preferring to break after a space.  Calls
 * fn(line, len, ctx) for each line; returns the number of lines. */
size_t fg_text_wrap(const char *s, int width,
		    void (*fn)(const char *line, size_t len, void *ctx), void *ctx);

/* Bidi controls and invisible characters (U+200B-U+200F, U+202A-U+202E,
 * U+2066-U+2069, U+FEFF, U+00AD, tags U+E0000-U+E007F ...): they reorder
 * or hide text, so they are shown as "<U+202E>" wherever text is shown, and
 * refused in the names a plan's rows are keyed by. */
bool fg_cp_invisible(uint32_t cp);
/* Byte offset of the first such character in s (its code point in *cp when
 * cp is not NULL), or (size_t)-1 when there is none. */
size_t fg_text_find_invisible(const char *s, size_t len, uint32_t *cp);
/* "right-to-left override", ...; NULL when cp is not such a character.  The
 * name is English, marked for the catalogue: translate it where it is shown. */
const char *fg_cp_invisible_name(uint32_t cp);

/* The one escaping path for text from a plan on its way out. */
enum fg_escape {
	/* a terminal, a commit message, a message: control characters (C0, DEL,
	 * C1) as \xNN (\n, \t), bytes that are not UTF-8 as \xNN, bidi and
	 * invisible characters as <U+XXXX>; what fg_text_fit shows */
	FG_ESC_SHOW,
	/* a TSV field: \\, \t, \n, \r escaped, other control characters and
	 * bytes that are not UTF-8 as \xNN; everything else as it is */
	FG_ESC_TSV,
	/* a whole CSV field for a file: quoted when needed ("" for "), a cell
	 * a spreadsheet would read as a formula (fg_csv_formula) prefixed with '
	 * (OWASP); the text as it is otherwise */
	FG_ESC_CSV,
	/* a whole CSV field for a terminal: as FG_ESC_CSV, and inside it as
	 * FG_ESC_SHOW except that a line break or tab stays (CR does not) */
	FG_ESC_CSV_SHOW,
};
typedef void fg_put_fn(const char *s, size_t len, void *ctx);
/* Call put(piece, n, ctx) with the escaped form of s[0..len), in order. */
void fg_text_escape(const char *s, size_t len, enum fg_escape how, fg_put_fn *put, void *ctx);
/* s in the FG_ESC_SHOW form in out (NUL-terminated; cut at a character
 * with "…" when it does not fit); returns out. */
char *fg_text_show(const char *s, char *out, size_t outlen);
/* Would a spreadsheet read this cell as a formula?  It starts with = + - @
 * (ASCII or full-width), maybe after blanks, or with a tab or CR. */
bool fg_csv_formula(const char *s, size_t len);

/* Case-insensitive (ASCII) substring search; NULL when absent. */
const char *fg_text_find(const char *hay, const char *needle);

#endif
