/* The importer's office formats: a .docx or an .xlsx turned into the plain
 * text the importer reads (import.c).
 *
 * A .docx (word/document.xml, read with libzip and libxml2):
 *   - a paragraph is a line; automatic numbering (word/numbering.xml) is
 *     written out as its label (一、 （一） 1. …), counted as Word counts it;
 *   - bold text inside brackets is a lead mark: it is written between two
 *     U+E000 (FG_IMPORT_MARK), which the importer reads like ★;
 *   - a table whose header names the task and the lead (序号 / 重点任务 /
 *     牵头单位 / 配合单位 / 完成时限 …) is a 任务分工表: each row becomes a
 *     measure "N.TASK（牵头单位：…；配合单位：…；完成时限：…）" and the
 *     paragraphs of the body are then only the title and preamble (the
 *     table is the matrix); other tables are written row by row.
 * An .xlsx: the first worksheet, with its shared strings, read as one table
 * the same way (a first row with a single cell is the title).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "internal.h"
#include "office.h"

#define MAX_PART_BYTES (64u << 20)

/* ------------------------------------------------------------ zip and XML */

static char *zip_part(zip_t *z, const char *name, size_t *len)
{
	zip_stat_t st;
	if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > MAX_PART_BYTES)
		return NULL;
	zip_file_t *f = zip_fopen(z, name, 0);
	if (!f)
		return NULL;
	char *buf = fg_xmalloc((size_t)st.size + 1);
	zip_int64_t got = 0;
	while ((zip_uint64_t)got < st.size) {
		zip_int64_t r = zip_fread(f, buf + got, st.size - (zip_uint64_t)got);
		if (r <= 0)
			break;
		got += r;
	}
	zip_fclose(f);
	if ((zip_uint64_t)got != st.size) {
		free(buf);
		return NULL;
	}
	buf[got] = 0;
	*len = (size_t)got;
	return buf;
}

static xmlDocPtr zip_xml(zip_t *z, const char *name)
{
	size_t len;
	char *buf = zip_part(z, name, &len);
	if (!buf)
		return NULL;
	/* no network, no entity expansion, no DTD loading */
	xmlDocPtr d = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	free(buf);
	return d;
}

static bool is(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is(c, local))
			return c;
	return NULL;
}

/* An attribute by local name (w:val, r:id …); "" when absent. */
static const char *attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
		if (strcmp((const char *)a->name, local) == 0 && a->children && a->children->content)
			return (const char *)a->children->content;
	return "";
}

/* ------------------------------------------------------------ numbering */

#define NLVL 9

struct lvl {
	char fmt[32];
	char text[64];
	int start;
};

struct abstract_num {
	int id;
	struct lvl lvl[NLVL];
};

struct num {
	int id, abstract;
	int count[NLVL];
	bool started[NLVL];
};

/* A paragraph style that numbers its paragraphs (标题 1 with 一、). */
struct num_style {
	char id[64], based_on[64];
	int numid, ilvl; /* numid -1: the style sets none */
};

struct numbering {
	struct abstract_num *abs;
	size_t nabs;
	struct num *nums;
	size_t nnums;
	struct num_style *styles;
	size_t nstyles;
};

static void numbering_read(zip_t *z, struct numbering *nb)
{
	memset(nb, 0, sizeof *nb);
	xmlDocPtr d = zip_xml(z, "word/numbering.xml");
	if (!d)
		return;
	const xmlNode *root = xmlDocGetRootElement(d);
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (is(c, "abstractNum")) {
			nb->abs = realloc(nb->abs, (nb->nabs + 1) * sizeof *nb->abs);
			if (!nb->abs)
				abort();
			struct abstract_num *a = &nb->abs[nb->nabs++];
			memset(a, 0, sizeof *a);
			a->id = atoi(attr(c, "abstractNumId"));
			for (const xmlNode *l = c->children; l; l = l->next) {
				if (!is(l, "lvl"))
					continue;
				int il = atoi(attr(l, "ilvl"));
				if (il < 0 || il >= NLVL)
					continue;
				struct lvl *v = &a->lvl[il];
				snprintf(v->fmt, sizeof v->fmt, "%s", attr(child(l, "numFmt"), "val"));
				snprintf(v->text, sizeof v->text, "%s", attr(child(l, "lvlText"), "val"));
				const char *st = attr(child(l, "start"), "val");
				v->start = *st ? atoi(st) : 1;
			}
		} else if (is(c, "num")) {
			nb->nums = realloc(nb->nums, (nb->nnums + 1) * sizeof *nb->nums);
			if (!nb->nums)
				abort();
			struct num *n = &nb->nums[nb->nnums++];
			memset(n, 0, sizeof *n);
			n->id = atoi(attr(c, "numId"));
			n->abstract = atoi(attr(child(c, "abstractNumId"), "val"));
		}
	}
	xmlFreeDoc(d);
}

static void numbering_free(struct numbering *nb)
{
	free(nb->abs);
	free(nb->nums);
	free(nb->styles);
}

/* word/styles.xml: the paragraph styles and the numbering they set. */
static void styles_read(zip_t *z, struct numbering *nb)
{
	xmlDocPtr d = zip_xml(z, "word/styles.xml");
	if (!d)
		return;
	const xmlNode *root = xmlDocGetRootElement(d);
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
		if (!is(c, "style") || strcmp(attr(c, "type"), "paragraph") != 0)
			continue;
		nb->styles = realloc(nb->styles, (nb->nstyles + 1) * sizeof *nb->styles);
		if (!nb->styles)
			abort();
		struct num_style *st = &nb->styles[nb->nstyles++];
		memset(st, 0, sizeof *st);
		snprintf(st->id, sizeof st->id, "%s", attr(c, "styleId"));
		snprintf(st->based_on, sizeof st->based_on, "%s", attr(child(c, "basedOn"), "val"));
		const xmlNode *np = child(child(c, "pPr"), "numPr");
		st->numid = np && child(np, "numId") ? atoi(attr(child(np, "numId"), "val")) : -1;
		st->ilvl = np && child(np, "ilvl") ? atoi(attr(child(np, "ilvl"), "val")) : 0;
	}
	xmlFreeDoc(d);
}

/* The numbering a paragraph style sets, following basedOn a few steps. */
static bool style_numbering(const struct numbering *nb, const char *id, int *numid, int *ilvl)
{
	for (int depth = 0; *id && depth < 8; depth++) {
		const struct num_style *st = NULL;
		for (size_t i = 0; i < nb->nstyles; i++)
			if (strcmp(nb->styles[i].id, id) == 0)
				st = &nb->styles[i];
		if (!st)
			return false;
		if (st->numid >= 0) {
			*numid = st->numid;
			*ilvl = st->ilvl;
			return true;
		}
		id = st->based_on;
	}
	return false;
}

/* 1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (up to 99). */
static void chinese_numeral(int v, struct fg_buf *b)
{
	static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (v <= 0 || v >= 100) {
		char s[16];
		snprintf(s, sizeof s, "%d", v);
		fg_buf_add(b, s, strlen(s));
		return;
	}
	if (v >= 10) {
		if (v >= 20)
			fg_buf_add(b, d[v / 10], strlen(d[v / 10]));
		fg_buf_add(b, "十", strlen("十"));
		v %= 10;
		if (!v)
			return;
	}
	fg_buf_add(b, d[v], strlen(d[v]));
}

/* The label of a numbered paragraph (numId, ilvl), counting it. */
static void numbering_label(struct numbering *nb, int numid, int ilvl, struct fg_buf *out)
{
	if (ilvl < 0 || ilvl >= NLVL || numid <= 0)
		return;
	struct num *n = NULL;
	for (size_t i = 0; i < nb->nnums; i++)
		if (nb->nums[i].id == numid)
			n = &nb->nums[i];
	struct abstract_num *a = NULL;
	for (size_t i = 0; n && i < nb->nabs; i++)
		if (nb->abs[i].id == n->abstract)
			a = &nb->abs[i];
	if (!a)
		return;
	if (!n->started[ilvl]) {
		n->started[ilvl] = true;
		n->count[ilvl] = a->lvl[ilvl].start;
	} else {
		n->count[ilvl]++;
	}
	for (int k = ilvl + 1; k < NLVL; k++)
		n->started[k] = false;
	if (strcmp(a->lvl[ilvl].fmt, "bullet") == 0 || strcmp(a->lvl[ilvl].fmt, "none") == 0)
		return;
	for (const char *t = a->lvl[ilvl].text; *t; t++) {
		if (*t == '%' && t[1] >= '1' && t[1] <= '9') {
			int k = t[1] - '1';
			int v = n->count[k];
			const char *fmt = a->lvl[k].fmt;
			if (strncmp(fmt, "chinese", 7) == 0 || strncmp(fmt, "ideograph", 9) == 0 ||
			    strcmp(fmt, "taiwaneseCounting") == 0 || strcmp(fmt, "japaneseCounting") == 0) {
				chinese_numeral(v, out);
			} else {
				char s[16];
				snprintf(s, sizeof s, "%d", v);
				fg_buf_add(out, s, strlen(s));
			}
			t++;
		} else {
			fg_buf_add(out, t, 1);
		}
	}
}

/* ------------------------------------------------------------ paragraphs */

static bool run_bold(const xmlNode *r)
{
	const xmlNode *b = child(child(r, "rPr"), "b");
	if (!b)
		return false;
	const char *v = attr(b, "val");
	return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0);
}

struct para {
	struct fg_buf b;
	int depth; /* bracket depth so far */
};

static void para_text(struct para *p, const char *s, bool bold)
{
	/* bold inside brackets marks a lead: wrap it */
	bool mark = bold && p->depth > 0;
	if (mark)
		fg_buf_add(&p->b, FG_IMPORT_MARK, strlen(FG_IMPORT_MARK));
	for (const char *c = s; *c; c++) {
		/* ( （ 〔 and their closers */
		if (*c == '(' || strncmp(c, "（", 3) == 0 || strncmp(c, "〔", 3) == 0)
			p->depth++;
		else if ((*c == ')' || strncmp(c, "）", 3) == 0 || strncmp(c, "〕", 3) == 0) && p->depth)
			p->depth--;
		if (*c == '\n' || *c == '\r')
			fg_buf_add(&p->b, " ", 1);
		else
			fg_buf_add(&p->b, c, 1);
	}
	if (mark)
		fg_buf_add(&p->b, FG_IMPORT_MARK, strlen(FG_IMPORT_MARK));
}

static void runs(const xmlNode *n, struct para *p)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "pPr") || is(c, "rPr") || is(c, "del") || is(c, "instrText"))
			continue;
		if (is(c, "r")) {
			bool bold = run_bold(c);
			for (const xmlNode *t = c->children; t; t = t->next) {
				if (is(t, "t")) {
					xmlChar *s = xmlNodeGetContent(t);
					if (s)
						para_text(p, (const char *)s, bold);
					xmlFree(s);
				} else if (is(t, "tab") || is(t, "br")) {
					para_text(p, " ", false);
				}
			}
			continue;
		}
		runs(c, p); /* hyperlink, ins, smartTag, sdtContent … */
	}
}

/* The text of a paragraph, its automatic label first. */
static char *paragraph(const xmlNode *p, struct numbering *nb)
{
	struct para pa = {{0}, 0};
	const xmlNode *ppr = child(p, "pPr");
	const xmlNode *numpr = child(ppr, "numPr");
	int numid = 0, ilvl = 0;
	if (numpr) {
		ilvl = atoi(attr(child(numpr, "ilvl"), "val"));
		numid = atoi(attr(child(numpr, "numId"), "val"));
	}
	/* numbered by its style (标题 1 …); the paragraph's own numPr wins */
	int sid = 0, silvl = 0;
	if (style_numbering(nb, attr(child(ppr, "pStyle"), "val"), &sid, &silvl)) {
		if (!numpr)
			numid = sid, ilvl = silvl;
		else if (!child(numpr, "numId"))
			numid = sid;
	}
	if (numid > 0)
		numbering_label(nb, numid, ilvl, &pa.b);
	runs(p, &pa);
	fg_buf_add(&pa.b, "", 1);
	return pa.b.data;
}

/* ------------------------------------------------------------ tables */

enum col { COL_OTHER, COL_NO, COL_TASK, COL_LEAD, COL_CO, COL_RESP, COL_DUE, COL_NCOLS };

static enum col column_of(const char *h)
{
	static const struct {
		const char *word;
		enum col col;
	} words[] = {
		{"序号", COL_NO},        {"编号", COL_NO},        {"牵头单位", COL_LEAD}, {"牵头部门", COL_LEAD},
		{"牵头", COL_LEAD},      {"配合单位", COL_CO},    {"配合部门", COL_CO},   {"协办单位", COL_CO},
		{"参与单位", COL_CO},    {"配合", COL_CO},        {"责任单位", COL_RESP}, {"责任部门", COL_RESP},
		{"完成时限", COL_DUE},   {"完成时间", COL_DUE},   {"时限", COL_DUE},      {"重点任务", COL_TASK},
		{"主要任务", COL_TASK},  {"工作任务", COL_TASK},  {"任务内容", COL_TASK}, {"具体措施", COL_TASK},
		{"工作措施", COL_TASK},  {"主要措施", COL_TASK},  {"任务", COL_TASK},     {"措施", COL_TASK},
		{"工作内容", COL_TASK},  {"内容", COL_TASK},
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strstr(h, words[i].word))
			return words[i].col;
	return COL_OTHER;
}

struct table {
	char ***cell; /* rows of cells (malloc'd strings) */
	size_t *ncell;
	size_t nrows;
};

static void table_add_row(struct table *t)
{
	t->cell = realloc(t->cell, (t->nrows + 1) * sizeof *t->cell);
	t->ncell = realloc(t->ncell, (t->nrows + 1) * sizeof *t->ncell);
	if (!t->cell || !t->ncell)
		abort();
	t->cell[t->nrows] = NULL;
	t->ncell[t->nrows] = 0;
	t->nrows++;
}

static void table_add_cell_at(struct table *t, size_t r, char *s)
{
	t->cell[r] = realloc(t->cell[r], (t->ncell[r] + 1) * sizeof **t->cell);
	if (!t->cell[r])
		abort();
	t->cell[r][t->ncell[r]++] = s;
}

static void table_add_cell(struct table *t, char *s)
{
	table_add_cell_at(t, t->nrows - 1, s);
}

static void table_free(struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncell[r]; c++)
			free(t->cell[r][c]);
		free(t->cell[r]);
	}
	free(t->cell);
	free(t->ncell);
	memset(t, 0, sizeof *t);
}

static const char *trimmed(const char *s, size_t *n)
{
	while (*s == ' ' || *s == '\t' || strncmp(s, "　", 3) == 0)
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	size_t k = strlen(s);
	while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	while (k >= 3 && strncmp(s + k - 3, "　", 3) == 0)
		k -= 3;
	*n = k;
	return s;
}

static void add_trimmed(struct fg_buf *b, const char *s)
{
	size_t n;
	s = trimmed(s, &n);
	fg_buf_add(b, s, n);
}

static bool blank(const char *s)
{
	size_t n;
	trimmed(s, &n);
	return n == 0;
}

/* Find the header row of a 任务分工表: the first row naming a task column
 * and a lead or responsibility column.  Fills cols; -1 when none. */
static long task_header(const struct table *t, enum col *cols, size_t maxcols)
{
	for (size_t r = 0; r < t->nrows && r < 4; r++) {
		bool task = false, who = false;
		for (size_t c = 0; c < t->ncell[r] && c < maxcols; c++) {
			cols[c] = column_of(t->cell[r][c]);
			task |= cols[c] == COL_TASK;
			who |= cols[c] == COL_LEAD || cols[c] == COL_RESP;
		}
		if (task && who)
			return (long)r;
	}
	return -1;
}

/* Write a task table as measures; false if it is not one. */
static bool task_table(const struct table *t, struct fg_buf *out)
{
	enum col cols[64];
	long h = task_header(t, cols, 64);
	if (h < 0)
		return false;
	size_t hn = t->ncell[h] < 64 ? t->ncell[h] : 64;
	int seq = 0;
	for (size_t r = (size_t)h + 1; r < t->nrows; r++) {
		const char *no = "", *task = "", *lead = "", *co = "", *resp = "", *due = "";
		size_t filled = 0;
		for (size_t c = 0; c < t->ncell[r]; c++)
			filled += !blank(t->cell[r][c]);
		if (!filled)
			continue;
		if (filled == 1 || (t->ncell[r] == 1)) {
			/* a section row: 一、深化改革 */
			for (size_t c = 0; c < t->ncell[r]; c++)
				if (!blank(t->cell[r][c])) {
					add_trimmed(out, t->cell[r][c]);
					fg_buf_add(out, "\n", 1);
				}
			continue;
		}
		for (size_t c = 0; c < t->ncell[r] && c < hn; c++) {
			const char *s = t->cell[r][c];
			switch (cols[c]) {
			case COL_NO: no = s; break;
			case COL_TASK: if (!*task) task = s; break;
			case COL_LEAD: lead = s; break;
			case COL_CO: co = s; break;
			case COL_RESP: resp = s; break;
			case COL_DUE: due = s; break;
			default: break;
			}
		}
		if (blank(task))
			continue;
		seq++;
		size_t nn;
		const char *nos = trimmed(no, &nn);
		bool digits = nn > 0;
		for (size_t k = 0; k < nn; k++)
			digits &= nos[k] >= '0' && nos[k] <= '9';
		char label[32];
		if (digits)
			snprintf(label, sizeof label, "%.*s.", (int)nn, nos);
		else
			snprintf(label, sizeof label, "%d.", seq);
		fg_buf_add(out, label, strlen(label));
		add_trimmed(out, task);
		fg_buf_add(out, "（", strlen("（"));
		bool any = false;
		const struct {
			const char *kw, *v;
		} fields[] = {{"牵头单位：", lead}, {"责任单位：", resp}, {"配合单位：", co}, {"完成时限：", due}};
		for (size_t f = 0; f < sizeof fields / sizeof *fields; f++) {
			if (blank(fields[f].v))
				continue;
			if (any)
				fg_buf_add(out, "；", strlen("；"));
			fg_buf_add(out, fields[f].kw, strlen(fields[f].kw));
			add_trimmed(out, fields[f].v);
			any = true;
		}
		fg_buf_add(out, "）\n", strlen("）\n"));
	}
	return true;
}

static void plain_table(const struct table *t, struct fg_buf *out)
{
	for (size_t r = 0; r < t->nrows; r++) {
		bool any = false;
		for (size_t c = 0; c < t->ncell[r]; c++) {
			if (blank(t->cell[r][c]))
				continue;
			if (any)
				fg_buf_add(out, " ", 1);
			add_trimmed(out, t->cell[r][c]);
			any = true;
		}
		if (any)
			fg_buf_add(out, "\n", 1);
	}
}

/* A docx table: rows (w:tr) of cells (w:tc), a cell's paragraphs joined.
 * A cell spanning columns (gridSpan) fills them all; a cell continuing a
 * vertical merge (vMerge) repeats the text above it, so a lead unit
 * merged over several rows leads each of them. */
static void docx_table(const xmlNode *tbl, struct numbering *nb, struct table *t)
{
	for (const xmlNode *tr = tbl->children; tr; tr = tr->next) {
		if (!is(tr, "tr"))
			continue;
		table_add_row(t);
		size_t r = t->nrows - 1;
		for (const xmlNode *tc = tr->children; tc; tc = tc->next) {
			if (!is(tc, "tc"))
				continue;
			const xmlNode *pr = child(tc, "tcPr");
			int span = atoi(attr(child(pr, "gridSpan"), "val"));
			const xmlNode *vm = child(pr, "vMerge");
			bool cont = vm && strcmp(attr(vm, "val"), "restart") != 0;
			struct fg_buf b = {0};
			size_t col = t->ncell[r];
			if (cont && r > 0 && col < t->ncell[r - 1]) {
				fg_buf_add(&b, t->cell[r - 1][col], strlen(t->cell[r - 1][col]));
			} else {
				for (const xmlNode *p = tc->children; p; p = p->next) {
					if (!is(p, "p"))
						continue;
					char *s = paragraph(p, nb);
					if (!blank(s)) {
						if (b.len)
							fg_buf_add(&b, "、", strlen("、"));
						add_trimmed(&b, s);
					}
					free(s);
				}
			}
			fg_buf_add(&b, "", 1);
			table_add_cell(t, b.data);
			/* the columns a spanning cell covers stay empty: a section
			 * row (一、…) keeps a single filled cell */
			for (int k = 1; k < span && k < 64; k++)
				table_add_cell(t, fg_xstrdup(""));
		}
	}
}

/* Does the line start the body (一、 （一） 1. or 附件)?  The preamble, kept
 * when a 任务分工表 is the matrix, ends there. */
static bool section_line(const char *s)
{
	size_t n;
	s = trimmed(s, &n);
	if (strncmp(s, "附件", strlen("附件")) == 0)
		return true;
	if (*s >= '0' && *s <= '9') {
		while (*s >= '0' && *s <= '9')
			s++;
		return *s == '.' || strncmp(s, "、", 3) == 0 || strncmp(s, "．", 3) == 0;
	}
	if (*s == '(' || strncmp(s, "（", 3) == 0)
		s += *s == '(' ? 1 : 3;
	static const char *const nums[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};
	for (int i = 0; nums[i]; i++)
		if (strncmp(s, nums[i], 3) == 0)
			return strncmp(s + 3, "、", 3) == 0 || strncmp(s + 3, "）", 3) == 0 || s[3] == ')';
	return false;
}

static char *docx_text(zip_t *z, size_t *outlen, struct fg_diag *errors)
{
	xmlDocPtr d = zip_xml(z, "word/document.xml");
	if (!d) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0, FG_N_("no readable word/document.xml in the .docx"));
		return NULL;
	}
	struct numbering nb;
	numbering_read(z, &nb);
	styles_read(z, &nb);
	const xmlNode *body = child(xmlDocGetRootElement(d), "body");
	struct fg_buf paras = {0}, pre = {0}, tables = {0};
	bool in_pre = true, task = false;
	/* body children, flattening w:sdt content controls */
	const xmlNode *stack[16];
	int sp = 0;
	const xmlNode *c = body ? body->children : NULL;
	for (;;) {
		if (!c) {
			if (!sp)
				break;
			c = stack[--sp]->next;
			continue;
		}
		if (is(c, "sdt") && sp < 16) {
			const xmlNode *content = child(c, "sdtContent");
			if (content) {
				stack[sp++] = c;
				c = content->children;
				continue;
			}
		}
		if (is(c, "p")) {
			char *s = paragraph(c, &nb);
			fg_buf_add(&paras, s, strlen(s));
			fg_buf_add(&paras, "\n", 1);
			if (in_pre && section_line(s))
				in_pre = false;
			if (in_pre) {
				fg_buf_add(&pre, s, strlen(s));
				fg_buf_add(&pre, "\n", 1);
			}
			free(s);
		} else if (is(c, "tbl")) {
			struct table t = {0};
			docx_table(c, &nb, &t);
			if (task_table(&t, &tables)) {
				task = true;
			} else {
				plain_table(&t, &paras);
				if (in_pre)
					plain_table(&t, &pre);
			}
			table_free(&t);
		}
		c = c->next;
	}
	xmlFreeDoc(d);
	numbering_free(&nb);
	/* with a 任务分工表 the table is the matrix: title, preamble, table */
	struct fg_buf *keep = task ? &pre : &paras;
	if (task)
		fg_buf_add(&pre, tables.data ? tables.data : "", tables.len);
	fg_buf_add(keep, "", 1);
	*outlen = keep->len - 1;
	free(keep == &pre ? paras.data : pre.data);
	free(tables.data);
	return keep->data;
}

/* ------------------------------------------------------------ xlsx */

static char *node_text(const xmlNode *n)
{
	xmlChar *s = xmlNodeGetContent(n);
	char *r = fg_xstrdup(s ? (const char *)s : "");
	xmlFree(s);
	return r;
}

/* A range "C4:C6" as 0-based columns and rows. */
static bool cell_ref(const char *ref, size_t *c0, size_t *r0, size_t *c1, size_t *r1)
{
	unsigned long a, b;
	char ca[8], cb[8];
	if (sscanf(ref, "%7[A-Z]%lu:%7[A-Z]%lu", ca, &a, cb, &b) != 4 || !a || !b)
		return false;
	size_t x = 0, y = 0;
	for (const char *p = ca; *p; p++)
		x = x * 26 + (size_t)(*p - 'A' + 1);
	for (const char *p = cb; *p; p++)
		y = y * 26 + (size_t)(*p - 'A' + 1);
	*c0 = x - 1;
	*c1 = y - 1;
	*r0 = a - 1;
	*r1 = b - 1;
	return true;
}

/* Column index of a cell reference: "C7" -> 2. */
static size_t ref_col(const char *r)
{
	size_t c = 0;
	for (; *r >= 'A' && *r <= 'Z'; r++)
		c = c * 26 + (size_t)(*r - 'A' + 1);
	return c ? c - 1 : 0;
}

static char *xlsx_text(zip_t *z, size_t *outlen, struct fg_diag *errors)
{
	/* shared strings: each <si> is the text of its <t> and <r><t> */
	char **sst = NULL;
	size_t nsst = 0;
	xmlDocPtr ss = zip_xml(z, "xl/sharedStrings.xml");
	const xmlNode *ssroot = ss ? xmlDocGetRootElement(ss) : NULL;
	for (const xmlNode *si = ssroot ? ssroot->children : NULL; si; si = si->next) {
		if (!is(si, "si"))
			continue;
		sst = realloc(sst, (nsst + 1) * sizeof *sst);
		if (!sst)
			abort();
		struct fg_buf b = {0};
		for (const xmlNode *k = si->children; k; k = k->next) {
			if (is(k, "t") || (is(k, "r") && child(k, "t"))) {
				char *s = node_text(is(k, "t") ? k : child(k, "t"));
				fg_buf_add(&b, s, strlen(s));
				free(s);
			}
		}
		fg_buf_add(&b, "", 1);
		sst[nsst++] = b.data;
	}
	if (ss)
		xmlFreeDoc(ss);
	xmlDocPtr d = zip_xml(z, "xl/worksheets/sheet1.xml");
	if (!d) {
		for (size_t i = 0; i < nsst; i++)
			free(sst[i]);
		free(sst);
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0, FG_N_("no readable first worksheet (xl/worksheets/sheet1.xml) in the .xlsx"));
		return NULL;
	}
	struct table t = {0};
	const xmlNode *data = child(xmlDocGetRootElement(d), "sheetData");
	for (const xmlNode *row = data ? data->children : NULL; row; row = row->next) {
		if (!is(row, "row"))
			continue;
		/* rows left out (empty) keep their place: merges name rows */
		long rn = strtol(attr(row, "r"), NULL, 10);
		while (rn > 0 && rn <= 100000 && t.nrows + 1 < (size_t)rn)
			table_add_row(&t);
		table_add_row(&t);
		for (const xmlNode *c = row->children; c; c = c->next) {
			if (!is(c, "c"))
				continue;
			size_t col = ref_col(attr(c, "r"));
			while (t.ncell[t.nrows - 1] < col && col < 256)
				table_add_cell(&t, fg_xstrdup(""));
			const char *type = attr(c, "t");
			char *v = NULL;
			if (strcmp(type, "s") == 0) {
				char *idx = child(c, "v") ? node_text(child(c, "v")) : fg_xstrdup("");
				long k = strtol(idx, NULL, 10);
				v = fg_xstrdup(k >= 0 && (size_t)k < nsst ? sst[k] : "");
				free(idx);
			} else if (strcmp(type, "inlineStr") == 0) {
				const xmlNode *is_ = child(c, "is");
				v = is_ ? node_text(is_) : fg_xstrdup("");
			} else {
				v = child(c, "v") ? node_text(child(c, "v")) : fg_xstrdup("");
			}
			table_add_cell(&t, v);
		}
	}
	/* merged cells: the value sits in the top-left cell; a vertical merge
	 * (a lead unit over several rows) gives every row that value */
	const xmlNode *merges = child(xmlDocGetRootElement(d), "mergeCells");
	for (const xmlNode *m = merges ? merges->children : NULL; m; m = m->next) {
		if (!is(m, "mergeCell"))
			continue;
		size_t c0, r0, c1, r1;
		if (!cell_ref(attr(m, "ref"), &c0, &r0, &c1, &r1) || c0 != c1 || r1 <= r0 || r1 - r0 > 10000)
			continue;
		const char *v = r0 < t.nrows && c0 < t.ncell[r0] ? t.cell[r0][c0] : NULL;
		for (size_t r = r0 + 1; v && r <= r1 && r < t.nrows; r++) {
			while (t.ncell[r] <= c0 && c0 < 256)
				table_add_cell_at(&t, r, fg_xstrdup(""));
			if (c0 < t.ncell[r] && blank(t.cell[r][c0])) {
				free(t.cell[r][c0]);
				t.cell[r][c0] = fg_xstrdup(v);
			}
		}
	}
	xmlFreeDoc(d);
	for (size_t i = 0; i < nsst; i++)
		free(sst[i]);
	free(sst);
	struct fg_buf out = {0};
	/* title rows: a single filled cell above the header */
	enum col cols[64];
	long h = task_header(&t, cols, 64);
	for (long r = 0; r < h; r++)
		plain_table(&(struct table){&t.cell[r], &t.ncell[r], 1}, &out);
	if (!task_table(&t, &out))
		plain_table(&t, &out);
	table_free(&t);
	fg_buf_add(&out, "", 1);
	*outlen = out.len - 1;
	return out.data;
}

/* ------------------------------------------------------------ entry */

char *fg_office_text(const char *buf, size_t len, enum fg_office_kind kind, size_t *outlen, struct fg_diag *errors)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	if (!src) {
		fg_diag_add(errors, FG_ERR_NOMEM, 0, 0, FG_N_("cannot read the document: %s"), zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return NULL;
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		fg_diag_add(errors, FG_ERR_INVALID, 0, 0, FG_N_("the document is not a readable %s (zip): %s"),
			    kind == FG_OFFICE_DOCX ? ".docx" : ".xlsx", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return NULL;
	}
	zip_error_fini(&ze);
	char *text = kind == FG_OFFICE_DOCX ? docx_text(z, outlen, errors) : xlsx_text(z, outlen, errors);
	zip_discard(z);
	return text;
}
