/* Aligned tables (by display width), TSV, CSV and JSON writers. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "fengong/text.h"

/* The terminal's width: the window's, else $COLUMNS, else 80. */
static int term_columns(FILE *out)
{
	struct winsize ws;
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	int n = env ? atoi(env) : 0;
	return n > 0 ? n : 80;
}

bool out_parse_format(const char *s, unsigned allowed, enum out_format *f)
{
	static const char *const names[] = {"table", "tsv", "csv", "json"};
	for (int i = 0; i < 4; i++)
		if ((allowed & (1u << i)) && strcmp(s, names[i]) == 0) {
			*f = (enum out_format)i;
			return true;
		}
	char list[64] = "";
	for (int i = 0; i < 4; i++)
		if (allowed & (1u << i)) {
			strcat(list, *list ? ", " : "");
			strcat(list, names[i]);
		}
	cli_error("unknown format '%s'; use one of %s", s, list);
	return false;
}

void out_table_init(struct out_table *t, size_t ncols, const char **head)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->head = head;
	t->max_width = calloc(ncols, sizeof *t->max_width);
}

void out_table_add(struct out_table *t, const char **row)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = realloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
		if (!t->cells)
			abort();
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cells[t->nrows * t->ncols + c] = strdup(row[c] ? row[c] : "");
	t->nrows++;
}

void out_table_free(struct out_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->max_width);
}

void out_tsv_value(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\t')
			fputs("\\t", out);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\\')
			fputs("\\\\", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c < 0x20 || c == 0x7F)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

void out_csv_value(FILE *out, const char *s, bool escape_controls)
{
	bool quote = strpbrk(s, ",\"\n\r") != NULL || (*s == ' ') || (*s && s[strlen(s) - 1] == ' ');
	if (quote)
		fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"')
			fputs("\"\"", out);
		else if (escape_controls && ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F))
			fprintf(out, "\\x%02x", c);
		else if (escape_controls && c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xA0)
			fprintf(out, "\\x%02x", (unsigned char)*++s); /* a C1 control, e.g. the 8-bit CSI */
		else
			fputc(c, out);
	}
	if (quote)
		fputc('"', out);
}

void out_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n) {
			fputs("\\ufffd", out);
			i++;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
				fprintf(out, "\\u%04x", (unsigned)cp);
			else
				fwrite(s + i, 1, n, out);
		}
		i += n;
	}
	fputc('"', out);
}

void out_table_print(struct out_table *t, enum out_format f, FILE *out)
{
	size_t nc = t->ncols;
	if (f == OUT_JSON) {
		fputs("[", out);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(r ? ",\n  {" : "\n  {", out);
			for (size_t c = 0; c < nc; c++) {
				if (c)
					fputs(", ", out);
				out_json_string(out, t->head[c]);
				fputs(": ", out);
				const char *v = t->cells[r * nc + c];
				if (c < 32 && (t->numeric >> c & 1u) && *v && strspn(v, "0123456789") == strlen(v))
					fputs(v, out); /* a count is a JSON number */
				else
					out_json_string(out, v);
			}
			fputs("}", out);
		}
		fputs(t->nrows ? "\n]\n" : "]\n", out);
		return;
	}
	if (f == OUT_TSV || f == OUT_CSV) {
		bool esc = isatty(fileno(out));
		for (size_t r = 0; r <= t->nrows; r++)
			for (size_t c = 0; c < nc; c++) {
				const char *v = r == 0 ? t->head[c] : t->cells[(r - 1) * nc + c];
				if (f == OUT_TSV)
					out_tsv_value(out, v);
				else
					out_csv_value(out, v, esc);
				fputs(c + 1 < nc ? (f == OUT_TSV ? "\t" : ",") : (f == OUT_CSV ? "\r\n" : "\n"), out);
			}
		return;
	}
	/* table: columns aligned by display width; on a terminal, long cells
	 * cut with … (a pipe or a file gets them whole) */
	bool tty = isatty(fileno(out));
	int *w = calloc(nc, sizeof *w);
	for (size_t c = 0; c < nc; c++)
		w[c] = fg_text_width(t->head[c]);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < nc; c++) {
			int cw = fg_text_width(t->cells[r * nc + c]);
			if (tty && t->max_width[c] > 0 && cw > t->max_width[c])
				cw = t->max_width[c];
			if (cw > w[c])
				w[c] = cw;
		}
	int *cap = calloc(nc, sizeof *cap); /* the cut per column, 0 = none */
	for (size_t c = 0; tty && c < nc; c++)
		cap[c] = t->max_width[c] > 0 ? t->max_width[c] : 0;
	if (tty && nc && t->max_width[nc - 1] == OUT_FIT_TERMINAL) {
		int used = 0;
		for (size_t c = 0; c + 1 < nc; c++)
			used += w[c] + 2;
		int room = term_columns(out) - used;
		cap[nc - 1] = room > 1 ? room : 1; /* at least the … that says a note is there */
		if (w[nc - 1] > cap[nc - 1])
			w[nc - 1] = cap[nc - 1];
	}
	size_t bufsz = 4096;
	char *buf = malloc(bufsz);
	struct { char *data; size_t len, cap; } line = {0};
	for (size_t r = 0; r <= t->nrows; r++) {
		line.len = 0;
		for (size_t c = 0; c < nc; c++) {
			const char *v = r == 0 ? t->head[c] : t->cells[(r - 1) * nc + c];
			bool last = c + 1 == nc;
			int width = last && !cap[c] ? fg_text_width(v) : w[c];
			/* room for the whole cell: escapes take up to 4 bytes a byte, padding a byte a cell */
			size_t need = strlen(v) * 4 + (size_t)(width > 0 ? width : 0) + 8;
			if (need > bufsz) {
				bufsz = need;
				free(buf);
				buf = malloc(bufsz);
				if (!buf)
					abort();
			}
			fg_text_fit(v, width, true, buf, bufsz);
			size_t n = strlen(buf);
			if (line.len + n + 3 > line.cap) {
				line.cap = (line.len + n + 3) * 2;
				line.data = realloc(line.data, line.cap);
				if (!line.data)
					abort();
			}
			memcpy(line.data + line.len, buf, n);
			line.len += n;
			if (!last) {
				memcpy(line.data + line.len, "  ", 2);
				line.len += 2;
			}
		}
		while (line.len && line.data[line.len - 1] == ' ') /* no trailing blanks */
			line.len--;
		fwrite(line.data, 1, line.len, out);
		fputc('\n', out);
	}
	free(line.data);
	free(buf);
	free(cap);
	free(w);
}
