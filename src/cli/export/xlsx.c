/* The XLSX export (libxlsxwriter): the sheets 任务分工表, 各单位情况 and
 * 催办清单. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export.h"
#include "fengong/text.h"

/* Excel refuses strings longer than 32767 characters: cut at a character. */
static const char *xl_str(const char *s, char **buf)
{
	size_t chars = 0, i = 0, len = strlen(s);
	while (i < len && chars < 32000) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
		chars++;
	}
	if (i >= len)
		return s;
	*buf = malloc(i + 4);
	if (!*buf)
		app_oom();
	memcpy(*buf, s, i);
	memcpy(*buf + i, "\xE2\x80\xA6", 4); /* … */
	return *buf;
}

struct xl {
	lxw_workbook *wb;
	lxw_format *head, *text, *center, *section, *num, *light[FG_LIGHT_COUNT];
	lxw_error err;
	double width[16];
};

static void xl_fit(struct xl *x, int col, const char *s)
{
	double w = fg_text_width(s) + 2;
	if (w > x->width[col])
		x->width[col] = w;
}

static void xl_write(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *fmt)
{
	char *buf = NULL;
	lxw_error e = *s ? worksheet_write_string(ws, r, c, xl_str(s, &buf), fmt) : worksheet_write_blank(ws, r, c, fmt);
	if (e && !x->err)
		x->err = e;
	free(buf);
	xl_fit(x, c, s);
}

static void xl_merge(struct xl *x, lxw_worksheet *ws, lxw_row_t r0, lxw_row_t r1, lxw_col_t c0, lxw_col_t c1,
		     const char *s, lxw_format *fmt)
{
	char *buf = NULL;
	lxw_error e = r0 == r1 && c0 == c1 ? worksheet_write_string(ws, r0, c0, xl_str(s, &buf), fmt)
					   : worksheet_merge_range(ws, r0, c0, r1, c1, xl_str(s, &buf), fmt);
	if (e && !x->err)
		x->err = e;
	free(buf);
}

static lxw_format *xl_format(lxw_workbook *wb, bool bold, uint8_t align, lxw_color_t bg, lxw_color_t ink)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_border_color(f, 0xA0A0A0);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	if (align)
		format_set_align(f, align);
	if (bold)
		format_set_bold(f);
	if (bg)
		format_set_bg_color(f, bg);
	if (ink)
		format_set_font_color(f, ink);
	return f;
}

static void xl_columns(struct xl *x, lxw_worksheet *ws, int ncols, const double *cap)
{
	for (int c = 0; c < ncols; c++) {
		double w = x->width[c];
		if (cap[c] && w > cap[c])
			w = cap[c];
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 6 ? 6 : w, NULL);
	}
	memset(x->width, 0, sizeof x->width);
}

/* Sheet 任务分工表: one row per shown assignment (leads first), a measure's
 * 序号 and 任务 merged across its rows, a merged row per section. */
static void xl_matrix(struct xl *x, const struct fg_plan *p, const struct fg_filter *f, const char *today)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "任务分工表");
	static const char *head[] = {"序号", "任务", "牵头单位", "配合单位", "状态", "进展", "更新时间"};
	enum { NCOLS = 7 };
	for (int c = 0; c < NCOLS; c++)
		xl_write(x, ws, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_set_row(ws, 0, 22, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);

	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	lxw_row_t r = 1;
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		char title[1024];
		snprintf(title, sizeof title, "%s%s%s", gr->id, *gr->id ? "、" : "", gr->title);
		xl_merge(x, ws, r, r, 0, NCOLS - 1, title, x->section);
		r++;
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
			size_t n = 0;
			cli_measure_rows(m, f, rows, &n);
			lxw_row_t last = r + (lxw_row_t)(n ? n - 1 : 0);

			char task[2048];
			snprintf(task, sizeof task, "%s%s%s%s%s", m->label, m->title, *m->due ? "（期限 " : "", m->due,
				 *m->due ? "）" : "");
			if (last > r) {
				worksheet_merge_range(ws, r, 0, last, 0, "", x->center);
				worksheet_write_number(ws, r, 0, m->number, x->center);
			} else {
				worksheet_write_number(ws, r, 0, m->number, x->center);
			}
			xl_merge(x, ws, r, last, 1, 1, task, x->text);
			xl_fit(x, 1, task);
			if (!n) {
				enum fg_light l = fg_measure_light(m, today);
				xl_write(x, ws, r, 2, "", x->text);
				xl_write(x, ws, r, 3, "", x->text);
				xl_write(x, ws, r, 4, fg_statuses[fg_measure_rollup(m)].zh, x->light[l]);
				xl_write(x, ws, r, 5, m->unassigned, x->text);
				xl_write(x, ws, r, 6, "", x->text);
			}
			for (size_t k = 0; k < n; k++) {
				const struct fg_assignment *a = rows[k].a;
				lxw_row_t rr = r + (lxw_row_t)k;
				char st[64];
				snprintf(st, sizeof st, "%s%s", fg_statuses[a->status].zh, fg_assignment_overdue(m, a, today) ? "（逾期）" : "");
				xl_write(x, ws, rr, 2, a->role == FG_ROLE_LEAD ? a->unit : "", x->text);
				xl_write(x, ws, rr, 3, a->role == FG_ROLE_CO ? a->unit : "", x->text);
				xl_write(x, ws, rr, 4, st, x->light[fg_assignment_light(m, a, today)]);
				xl_write(x, ws, rr, 5, a->note, x->text);
				xl_write(x, ws, rr, 6, a->updated, x->text);
			}
			free(rows);
			r = last + 1;
		}
	}
	groups_free(g, ng);
	x->width[0] = 6;
	static const double cap[NCOLS] = {6, 44, 26, 26, 16, 50, 27};
	xl_columns(x, ws, NCOLS, cap);
}

/* Sheet 各单位情况: the scorecard. */
static void xl_score(struct xl *x, const struct fg_plan *p, const bool *uset, const char *today)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "各单位情况");
	enum { NCOLS = 3 + FG_STATUS_COUNT + 2 };
	const char *head[NCOLS] = {"单位", "牵头", "配合"};
	for (int st = 0; st < FG_STATUS_COUNT; st++)
		head[3 + st] = fg_statuses[st].zh;
	head[NCOLS - 2] = "逾期";
	head[NCOLS - 1] = "红黄绿";
	for (int c = 0; c < NCOLS; c++)
		xl_write(x, ws, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_freeze_panes(ws, 1, 1);
	struct fg_unit_counts *sc = score_compute(p, uset, today);
	lxw_row_t r = 1;
	for (size_t u = 0; u < p->nunits; u++) {
		if (uset && !uset[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		xl_write(x, ws, r, 0, p->units[u].name, x->text);
		size_t v[NCOLS - 2] = {s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]};
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			v[2 + st] = s->status[st];
		v[2 + FG_STATUS_COUNT] = s->overdue;
		for (int k = 0; k < NCOLS - 2; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(k + 1), (double)v[k], x->num);
		enum fg_light l = fg_unit_light(s);
		xl_write(x, ws, r, NCOLS - 1, light_zh[l], x->light[l]);
		r++;
	}
	free(sc);
	static const double cap[NCOLS] = {30};
	xl_columns(x, ws, NCOLS, cap);
}

/* Sheet 催办清单: the reminder list. */
static void xl_reminders(struct xl *x, const struct fg_plan *p, const bool *uset, const char *today)
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, "催办清单");
	static const char *head[] = {"单位", "序号", "任务", "职责", "状态", "期限", "原因", "进展"};
	enum { NCOLS = 8 };
	for (int c = 0; c < NCOLS; c++)
		xl_write(x, ws, 0, (lxw_col_t)c, head[c], x->head);
	worksheet_freeze_panes(ws, 1, 0);
	size_t nr;
	struct reminder *rm = reminders_collect(p, uset, today, &nr);
	for (size_t i = 0; i < nr; i++) {
		lxw_row_t r = (lxw_row_t)(i + 1);
		char task[1024], reason[64];
		snprintf(task, sizeof task, "%s%s", rm[i].m->label, rm[i].m->title);
		reminder_reason_zh(&rm[i], reason, sizeof reason);
		xl_write(x, ws, r, 0, p->units[rm[i].unit].name, x->text);
		worksheet_write_number(ws, r, 1, rm[i].m->number, x->center);
		xl_write(x, ws, r, 2, task, x->text);
		xl_write(x, ws, r, 3, role_zh[rm[i].a->role], x->text);
		xl_write(x, ws, r, 4, fg_statuses[rm[i].a->status].zh, x->light[FG_LIGHT_RED]);
		xl_write(x, ws, r, 5, rm[i].m->due, x->text);
		xl_write(x, ws, r, 6, reason, x->text);
		xl_write(x, ws, r, 7, rm[i].a->note, x->text);
	}
	free(rm);
	x->width[1] = 6;
	static const double cap[NCOLS] = {26, 6, 44, 0, 0, 0, 0, 50};
	xl_columns(x, ws, NCOLS, cap);
}

/* Writes the workbook to tmp; path (the target) is named in messages. */
static bool export_xlsx(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
			const char *tmp, const char *path)
{
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	struct xl x = {.wb = workbook_new_opt(tmp, &wo)};
	if (!x.wb) {
		cli_error("%s: cannot start the spreadsheet; nothing was written", path);
		return false;
	}
	lxw_doc_properties props = {
		.title = (char *)(p->title ? p->title : ""),
		.subject = (char *)(p->number ? p->number : ""),
		.company = (char *)(p->issuer ? p->issuer : ""),
		.comments = "fengong export",
		.created = 0,
	};
	workbook_set_properties(x.wb, &props);
	x.head = xl_format(x.wb, true, LXW_ALIGN_CENTER, 0xD9D9D9, 0);
	x.text = xl_format(x.wb, false, 0, 0, 0);
	x.center = xl_format(x.wb, false, LXW_ALIGN_CENTER, 0, 0);
	x.section = xl_format(x.wb, true, 0, 0xEDEDED, 0);
	x.num = xl_format(x.wb, false, LXW_ALIGN_RIGHT, 0, 0);
	static const lxw_color_t bg[FG_LIGHT_COUNT] = {0, 0xC6EFCE, 0xFFEB9C, 0xFFC7CE};
	static const lxw_color_t ink[FG_LIGHT_COUNT] = {0, 0x006100, 0x6B4A00, 0x9C0006};
	for (int l = 0; l < FG_LIGHT_COUNT; l++) {
		x.light[l] = xl_format(x.wb, false, LXW_ALIGN_CENTER, bg[l], ink[l]);
	}
	xl_matrix(&x, p, f, today);
	xl_score(&x, p, uset, today);
	xl_reminders(&x, p, uset, today);
	lxw_error e = workbook_close(x.wb);
	if (!e)
		e = x.err;
	if (e)
		cli_error("%s: could not write the spreadsheet (%s); the file was left as it was", path, lxw_strerror(e));
	return !e;
}

static bool write_xlsx(const struct export_job *j, const char *tmp, const char *target)
{
	return export_xlsx(j->p, j->f, j->uset, j->today, tmp, target);
}

const struct export_format export_format_xlsx = {"xlsx", NULL, {".xlsx"}, true, NULL, write_xlsx};
