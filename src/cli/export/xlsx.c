/* The XLSX export (libxlsxwriter): the 督办台账 a coordinator hands to a
 * leader.  Sheets 任务分工表 (the 台账), 各单位情况 (with a 合计 row) and
 * 催办清单, each starting with the plan's title, its number and 截至 the
 * day, and set up to print (A4 landscape, one page wide, the header row on
 * every page, page numbers).  Names and headers follow the locale. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "export.h"
#include "fengong/cycle.h"
#include "output.h"
#include "fengong/date.h"
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
	lxw_format *member; /* an umbrella's member in the scorecard: indented */
	lxw_format *title, *subtitle, *date, *datetime, *total, *total_num;
	lxw_error err;
	double width[16];
	const char *footer; /* "&C第 &P 页，共 &N 页" */
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

static void xl_check(struct xl *x, lxw_error e)
{
	if (e && !x->err)
		x->err = e;
}

/* A 完成时限 as a real date cell; text when it is not a date. */
static void xl_date(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *due)
{
	int y, m, d, n = 0;
	if (fg_date_valid(due) && sscanf(due, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10) {
		lxw_datetime dt = {y, m, d, 0, 0, 0};
		xl_check(x, worksheet_write_datetime(ws, r, c, &dt, x->date));
		xl_fit(x, c, "2025-12-31");
	} else {
		xl_write(x, ws, r, c, due, x->text);
	}
}

/* An 更新时间 as a real date-time cell in local time; text when it does
 * not parse. */
static void xl_time(struct xl *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *iso)
{
	struct tm tm;
	if (export_local_time(iso, &tm)) {
		lxw_datetime dt = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec};
		xl_check(x, worksheet_write_datetime(ws, r, c, &dt, x->datetime));
		xl_fit(x, c, "2026-11-27 10:00");
	} else {
		xl_write(x, ws, r, c, iso, x->text);
	}
}

/* The title block every sheet starts with: the plan's title, then its
 * number and 截至 the day; the table's header on the third row.  Page
 * setup: A4 landscape, fit to the width, the header row repeated on every
 * page, page numbers in the footer. */
static lxw_worksheet *xl_sheet(struct xl *x, const struct fg_plan *p, const char *name, const char *today,
			       int ncols, const char *(*head)(int))
{
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
	if (!ws) {
		xl_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	char line[1024];
	xl_merge(x, ws, 0, 0, 0, (lxw_col_t)(ncols - 1), export_title(p), x->title);
	worksheet_set_row(ws, 0, 30, NULL);
	export_subtitle(p, today, line, sizeof line);
	xl_merge(x, ws, 1, 1, 0, (lxw_col_t)(ncols - 1), line, x->subtitle);
	for (int c = 0; c < ncols; c++)
		xl_write(x, ws, 2, (lxw_col_t)c, head(c), x->head);
	worksheet_set_row(ws, 2, 22, NULL);
	worksheet_freeze_panes(ws, 3, 0);
	xl_check(x, worksheet_repeat_rows(ws, 2, 2));
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	xl_check(x, worksheet_set_footer(ws, x->footer));
	return ws;
}

/* Sheet 任务分工表, the 台账: one row per shown assignment (leads first), a
 * measure's 序号, 任务 and 完成时限 merged across its rows, a merged row per
 * section. */
static void xl_matrix(struct xl *x, const struct fg_plan *p, const struct fg_filter *f, const char *today)
{
	lxw_worksheet *ws = xl_sheet(x, p, C_("export", "Task assignments"), today, LEDGER_NCOLS, ledger_head);
	if (!ws)
		return;
	size_t ng;
	struct group *g = groups_build(p, f, &ng);
	lxw_row_t r = 3;
	for (size_t gi = 0; gi < ng; gi++) {
		const struct group *gr = &g[gi];
		char title[1024];
		snprintf(title, sizeof title, "%s%s%s", gr->id, *gr->id ? "、" : "",
			 *gr->id ? gr->title : C_("export", "Other"));
		xl_merge(x, ws, r, r, 0, LEDGER_NCOLS - 1, title, x->section);
		r++;
		for (size_t i = 0; i < gr->nm; i++) {
			const struct fg_measure *m = gr->m[i];
			struct cli_row *rows = xcalloc(m->nasg + 1, sizeof *rows);
			size_t n = 0;
			cli_measure_rows(m, f, rows, &n);
			lxw_row_t last = r + (lxw_row_t)(n ? n - 1 : 0);
			struct ledger_row lr;
			ledger_fill(&lr, m, n ? rows[0].a : NULL, today);
			if (last > r) {
				xl_check(x, worksheet_merge_range(ws, r, LEDGER_NO, last, LEDGER_NO, "", x->center));
				xl_check(x, worksheet_merge_range(ws, r, LEDGER_DUE, last, LEDGER_DUE, "", x->center));
			}
			xl_check(x, worksheet_write_number(ws, r, LEDGER_NO, m->number, x->center));
			char *parts = out_parts_text(m), *full = NULL; /* sub-tasks below the title */
			if (parts && asprintf(&full, "%s\n%s", lr.task, parts) < 0)
				app_oom();
			xl_merge(x, ws, r, last, LEDGER_TASK, LEDGER_TASK, full ? full : lr.task, x->text);
			xl_fit(x, LEDGER_TASK, lr.task);
			free(full);
			free(parts);
			xl_date(x, ws, r, LEDGER_DUE, m->due);
			for (size_t k = 0; k < (n ? n : 1); k++) {
				lxw_row_t rr = r + (lxw_row_t)k;
				if (k)
					ledger_fill(&lr, m, rows[k].a, today);
				xl_write(x, ws, rr, LEDGER_LEAD, lr.v[LEDGER_LEAD], x->text);
				xl_write(x, ws, rr, LEDGER_CO, lr.v[LEDGER_CO], x->text);
				xl_write(x, ws, rr, LEDGER_STATUS, lr.v[LEDGER_STATUS], x->light[lr.light]);
				xl_write(x, ws, rr, LEDGER_NOTE, lr.v[LEDGER_NOTE], x->text);
				if (n)
					xl_time(x, ws, rr, LEDGER_UPDATED, rows[k].a->updated);
				else
					xl_write(x, ws, rr, LEDGER_UPDATED, "", x->text);
			}
			free(rows);
			r = last + 1;
		}
	}
	groups_free(g, ng);
	x->width[LEDGER_NO] = 6;
	static const double cap[LEDGER_NCOLS] = {6, 44, 26, 26, 12, 16, 50, 17};
	xl_columns(x, ws, LEDGER_NCOLS, cap);
}

/* Sheet 各单位情况: the scorecard, with a 合计 row. */
static void xl_score(struct xl *x, const struct fg_plan *p, const bool *uset, const char *today)
{
	lxw_worksheet *ws = xl_sheet(x, p, C_("export", "By unit"), today, SCORE_NCOLS, score_head);
	if (!ws)
		return;
	worksheet_freeze_panes(ws, 3, 1);
	struct fg_unit_counts *sc = score_compute(p, uset, today);
	lxw_row_t r = 3;
	/* umbrella units with their members under them, indented */
	size_t *order = xcalloc(p->nunits + 1, sizeof *order);
	unsigned *depth = xcalloc(p->nunits + 1, sizeof *depth);
	fg_plan_unit_order(p, order, depth);
	for (size_t i = 0; i < p->nunits; i++) {
		size_t u = order[i];
		if (uset && !uset[u])
			continue;
		const struct fg_unit_counts *s = &sc[u];
		xl_write(x, ws, r, 0, p->units[u].name, depth[i] ? x->member : x->text);
		size_t v[SCORE_NCOLS - 2] = {s->role[FG_ROLE_LEAD], s->role[FG_ROLE_CO]};
		for (int st = 0; st < FG_STATUS_COUNT; st++)
			v[2 + st] = s->status[st];
		v[2 + FG_STATUS_COUNT] = s->overdue;
		for (int k = 0; k < SCORE_NCOLS - 2; k++)
			xl_check(x, worksheet_write_number(ws, r, (lxw_col_t)(k + 1), (double)v[k], x->num));
		enum fg_light l = fg_unit_light(s);
		xl_write(x, ws, r, SCORE_NCOLS - 1, export_light(l), x->light[l]);
		r++;
	}
	free(order);
	free(depth);
	free(sc);
	/* the total counts every row once (an umbrella's roll-up repeats its
	 * members' rows) */
	struct fg_unit_counts tc;
	fg_plan_counts_total(p, uset, today, &tc);
	double total[SCORE_NCOLS] = {0, (double)tc.role[FG_ROLE_LEAD], (double)tc.role[FG_ROLE_CO]};
	for (int st = 0; st < FG_STATUS_COUNT; st++)
		total[3 + st] = (double)tc.status[st];
	total[3 + FG_STATUS_COUNT] = (double)tc.overdue;
	/* 合计: the sums as numbers, so the sheet reads without formulas */
	xl_write(x, ws, r, 0, C_("export", "Total"), x->total);
	for (int k = 1; k < SCORE_NCOLS - 1; k++)
		xl_check(x, worksheet_write_number(ws, r, (lxw_col_t)k, total[k], x->total_num));
	xl_write(x, ws, r, SCORE_NCOLS - 1, "", x->total);
	static const double cap[SCORE_NCOLS] = {30};
	xl_columns(x, ws, SCORE_NCOLS, cap);
}

/* Sheet 催办清单: the reminder list. */
static void xl_reminders(struct xl *x, const struct fg_plan *p, const bool *uset, const char *today)
{
	lxw_worksheet *ws = xl_sheet(x, p, C_("export", "Reminders"), today, REM_NCOLS, reminder_head);
	if (!ws)
		return;
	size_t nr;
	struct reminder *rm = reminders_collect(p, uset, today, &nr);
	for (size_t i = 0; i < nr; i++) {
		lxw_row_t r = (lxw_row_t)(i + 3);
		struct reminder_row rr;
		reminder_fill(&rr, p, &rm[i]);
		xl_write(x, ws, r, REM_UNIT, rr.v[REM_UNIT], x->text);
		xl_check(x, worksheet_write_number(ws, r, REM_NO, rm[i].m->number, x->center));
		xl_write(x, ws, r, REM_TASK, rr.v[REM_TASK], x->text);
		xl_write(x, ws, r, REM_ROLE, rr.v[REM_ROLE], x->center);
		xl_write(x, ws, r, REM_STATUS, rr.v[REM_STATUS], x->light[FG_LIGHT_RED]);
		xl_date(x, ws, r, REM_DUE, fg_asg_due(NULL, rm[i].m, rm[i].a));
		xl_write(x, ws, r, REM_REASON, rr.v[REM_REASON], x->text);
		xl_write(x, ws, r, REM_NOTE, rr.v[REM_NOTE], x->text);
	}
	free(rm);
	x->width[REM_NO] = 6;
	static const double cap[REM_NCOLS] = {26, 6, 44, 0, 0, 12, 0, 50};
	xl_columns(x, ws, REM_NCOLS, cap);
}

/* Writes the workbook to tmp; path (the target) is named in messages. */
static bool export_xlsx(const struct fg_plan *p, const struct fg_filter *f, const bool *uset, const char *today,
			const char *tmp, const char *path)
{
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
	struct xl x = {.wb = workbook_new_opt(tmp, &wo)};
	if (!x.wb) {
		cli_error(_("%s: cannot start the spreadsheet; nothing was written"), path);
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
	x.member = xl_format(x.wb, false, 0, 0, 0);
	format_set_indent(x.member, 1);
	x.center = xl_format(x.wb, false, LXW_ALIGN_CENTER, 0, 0);
	x.section = xl_format(x.wb, true, 0, 0xEDEDED, 0);
	x.num = xl_format(x.wb, false, LXW_ALIGN_RIGHT, 0, 0);
	x.date = xl_format(x.wb, false, LXW_ALIGN_CENTER, 0, 0);
	format_set_num_format(x.date, "yyyy-mm-dd");
	x.datetime = xl_format(x.wb, false, LXW_ALIGN_CENTER, 0, 0);
	format_set_num_format(x.datetime, "yyyy-mm-dd hh:mm");
	x.total = xl_format(x.wb, true, LXW_ALIGN_CENTER, 0xEDEDED, 0);
	x.total_num = xl_format(x.wb, true, LXW_ALIGN_RIGHT, 0xEDEDED, 0);
	x.title = workbook_add_format(x.wb);
	format_set_bold(x.title);
	format_set_font_size(x.title, 16);
	format_set_align(x.title, LXW_ALIGN_CENTER);
	format_set_align(x.title, LXW_ALIGN_VERTICAL_CENTER);
	x.subtitle = workbook_add_format(x.wb);
	format_set_align(x.subtitle, LXW_ALIGN_CENTER);
	x.footer = C_("export", "&CPage &P of &N");
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
		cli_error(_("%s: could not write the spreadsheet (%s); the file was left as it was"), path,
			  lxw_strerror(e));
	return !e;
}

static bool write_xlsx(const struct export_job *j, const char *tmp, const char *target)
{
	return export_xlsx(j->p, j->f, j->uset, j->today, tmp, target);
}

const struct export_format export_format_xlsx = {"xlsx", NULL, {".xlsx"}, true, NULL, write_xlsx};
