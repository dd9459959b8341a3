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

const char *cli_pgettext(const char *ctx, const char *id)
{
	char key[256];
	if (snprintf(key, sizeof key, "%s\004%s", ctx, id) >= (int)sizeof key)
		return id;
	const char *t = gettext(key);
	return t == key ? id : t;
}

const char *out_status(enum out_format f, enum fg_status s)
{
	if ((unsigned)s >= FG_STATUS_COUNT)
		return fg_status_name(s);
	const char *t = gettext(fg_statuses[s].en);
	return f == OUT_TABLE && t != fg_statuses[s].en ? t : fg_statuses[s].key;
}

const char *out_role(enum out_format f, enum fg_role r)
{
	const char *key = fg_role_name(r);
	return f == OUT_TABLE && key ? gettext(key) : key;
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
	cli_error(_("unknown format '%s'; use one of %s"), s, list);
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
			app_oom();
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

static void put_file(const char *s, size_t len, void *out)
{
	fwrite(s, 1, len, out);
}

void out_tsv_value(FILE *out, const char *s)
{
	fg_text_escape(s, strlen(s), FG_ESC_TSV, put_file, out);
}

void out_csv_value(FILE *out, const char *s, bool escape_controls)
{
	fg_text_escape(s, strlen(s), escape_controls ? FG_ESC_CSV_SHOW : FG_ESC_CSV, put_file, out);
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
			else if (fg_cp_invisible(cp) && cp <= 0xFFFF) /* bidi and invisible: the same string, shown */
				fprintf(out, "\\u%04x", (unsigned)cp);
			else if (fg_cp_invisible(cp)) /* a tag character: as a surrogate pair */
				fprintf(out, "\\u%04x\\u%04x", (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
					(unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
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
				else if (c < 32 && (t->nullable >> c & 1u) && !*v)
					fputs("null", out);
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
	const char **head = calloc(nc ? nc : 1, sizeof *head); /* the heads in the user's language */
	if (!head)
		app_oom();
	for (size_t c = 0; c < nc; c++) {
		head[c] = cli_pgettext(t->ctx ? t->ctx : "column", t->head[c]);
		w[c] = fg_text_width(head[c]);
	}
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
			const char *v = r == 0 ? head[c] : t->cells[(r - 1) * nc + c];
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
					app_oom();
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
	free(head);
}

char *out_parts_text(const struct fg_measure *m)
{
	if (!m->nparts)
		return NULL;
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	if (!f)
		app_oom();
	for (size_t i = 0; i < m->nparts; i++) {
		const struct fg_part *pt = &m->parts[i];
		fprintf(f, "%s（%zu）%s（", i ? "\n" : "", i + 1, pt->text);
		if (pt->nlead) {
			fputs("牵头：", f);
			for (size_t k = 0; k < pt->nlead; k++)
				fprintf(f, "%s%s", k ? "、" : "", pt->lead[k].unit);
		}
		if (pt->nco) {
			fputs(pt->nlead ? "；配合：" : "配合：", f);
			for (size_t k = 0; k < pt->nco; k++)
				fprintf(f, "%s%s", k ? "、" : "", pt->co[k].unit);
		}
		fputs("）", f);
	}
	if (fclose(f) != 0 || !s)
		app_oom();
	return s;
}
