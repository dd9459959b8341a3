/* The supervision cycle: reporting periods, progress reports, reviews. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "fengong/cycle.h"

/* ------------------------------------------------------------ calendar */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_of(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* 1 = Monday ... 7 = Sunday */
static int weekday(long days)
{
	long w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
	if (w < 0)
		w += 7;
	return (int)w + 1;
}

/* Number of ISO weeks in year y (52 or 53). */
static int iso_weeks(int y)
{
	int jan1 = weekday(days_of(y, 1, 1));
	return jan1 == 4 || (jan1 == 3 && leap(y)) ? 53 : 52;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool fg_period_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 7 || !digits(s, 4) || s[4] != '-')
		return false;
	int y = atoi(s);
	if (n == 7 && digits(s + 5, 2)) {
		int m = atoi(s + 5);
		return m >= 1 && m <= 12;
	}
	if (n == 7 && s[5] == 'Q')
		return s[6] >= '1' && s[6] <= '4';
	if (n == 8 && s[5] == 'W' && digits(s + 6, 2)) {
		int w = atoi(s + 6);
		return w >= 1 && w <= iso_weeks(y);
	}
	return false;
}

static void civil(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int mdays(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Dates and period names are formatted for every record of a large
 * history: digits by hand where snprintf would give the same text. */
static void put2(char *o, int v)
{
	o[0] = (char)('0' + v / 10);
	o[1] = (char)('0' + v % 10);
}

static void put4(char *o, int v)
{
	put2(o, v / 100);
	put2(o + 2, v % 100);
}

static int number_at(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void fmt_date(char *out, int y, int m, int d)
{
	if (y >= 0 && y <= 9999 && m >= 0 && m <= 99 && d >= 0 && d <= 99) {
		put4(out, y);
		out[4] = '-';
		put2(out + 5, m);
		out[7] = '-';
		put2(out + 8, d);
		out[10] = 0;
		return;
	}
	char t[48];
	snprintf(t, sizeof t, "%04d-%02d-%02d", y, m, d);
	snprintf(out, 11, "%.10s", t);
}

/* a period name into out[16] */
static void fmt_period(char *out, const char *fmt, int y, int n)
{
	/* "%04d-%02d", "%04d-Q%d" or "%04d-W%02d" */
	char tag = fmt[5];
	if (y >= 0 && y <= 9999 && n >= 0 && n <= (tag == 'Q' ? 9 : 99) && (tag == '%' || tag == 'Q' || tag == 'W')) {
		size_t o = 5;
		put4(out, y);
		out[4] = '-';
		if (tag != '%')
			out[o++] = tag;
		if (tag == 'Q') {
			out[o++] = (char)('0' + n);
		} else {
			put2(out + o, n);
			o += 2;
		}
		out[o] = 0;
		return;
	}
	char t[48];
	snprintf(t, sizeof t, fmt, y, n);
	snprintf(out, 16, "%.15s", t);
}

static void fmt_days(char *out, long days)
{
	int y, m, d;
	civil(days, &y, &m, &d);
	fmt_date(out, y, m, d);
}

/* Monday of ISO week w of year y, in days. */
static long iso_monday(int y, int w)
{
	long jan4 = days_of(y, 1, 4);
	return jan4 - (weekday(jan4) - 1) + 7L * (w - 1);
}

static void iso_week_of(long days, int *y, int *w)
{
	long thu = days - (weekday(days) - 1) + 3;
	int ty, tm, td;
	civil(thu, &ty, &tm, &td);
	*y = ty;
	*w = (int)((thu - days_of(ty, 1, 1)) / 7 + 1);
}

bool fg_period_of(enum fg_every every, const char *date, char out[16])
{
	if (!fg_date_valid(date))
		return false;
	int y = number_at(date, 4), m = number_at(date + 5, 2), d = number_at(date + 8, 2); /* YYYY-MM-DD */
	switch (every) {
	case FG_EVERY_MONTH: fmt_period(out, "%04d-%02d", y, m); return true;
	case FG_EVERY_QUARTER: fmt_period(out, "%04d-Q%d", y, (m - 1) / 3 + 1); return true;
	case FG_EVERY_WEEK: {
		int wy, w;
		iso_week_of(days_of(y, m, d), &wy, &w);
		fmt_period(out, "%04d-W%02d", wy, w);
		return true;
	}
	default: return false;
	}
}

bool fg_period_range(const char *period, char first[11], char last[11])
{
	if (!fg_period_valid(period))
		return false;
	int y = atoi(period);
	if (period[5] == 'Q') {
		int q = period[6] - '0';
		fmt_date(first, y, 3 * q - 2, 1);
		fmt_date(last, y, 3 * q, mdays(y, 3 * q));
	} else if (period[5] == 'W') {
		long mon = iso_monday(y, atoi(period + 6));
		fmt_days(first, mon);
		fmt_days(last, mon + 6);
	} else {
		int m = atoi(period + 5);
		fmt_date(first, y, m, 1);
		fmt_date(last, y, m, mdays(y, m));
	}
	return true;
}

bool fg_period_prev(const char *period, char out[16])
{
	if (!fg_period_valid(period))
		return false;
	int y = atoi(period);
	if (period[5] == 'Q') {
		int q = period[6] - '0';
		fmt_period(out, "%04d-Q%d", q == 1 ? y - 1 : y, q == 1 ? 4 : q - 1);
	} else if (period[5] == 'W') {
		char d[11];
		fmt_days(d, iso_monday(y, atoi(period + 6)) - 7);
		return fg_period_of(FG_EVERY_WEEK, d, out);
	} else {
		int m = atoi(period + 5);
		fmt_period(out, "%04d-%02d", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	}
	return true;
}

bool fg_period_due(const char *period, int due_day, char out[11])
{
	if (!fg_period_valid(period) || due_day < 1)
		return false;
	int y = atoi(period);
	if (period[5] == 'W') {
		if (due_day > 7)
			return false;
		fmt_days(out, iso_monday(y, atoi(period + 6)) + due_day - 1);
		return true;
	}
	int m = period[5] == 'Q' ? 3 * (period[6] - '0') : atoi(period + 5);
	fmt_date(out, y, m, due_day < mdays(y, m) ? due_day : mdays(y, m));
	return true;
}

/* ------------------------------------------------------------ reports */

bool fg_record_report_period(const struct fg_plan *p, const struct fg_record *r, char out[16])
{
	bool report = r->kind == FG_KIND_REPORT ||
		      ((r->kind == FG_KIND_STATUS || r->kind == FG_KIND_SUBMIT) && r->note && *r->note);
	if (!report || r->measure < 1)
		return false;
	if (r->period && *r->period) {
		size_t n = strnlen(r->period, 15);
		memcpy(out, r->period, n);
		out[n] = 0;
		return true;
	}
	char date[11];
	snprintf(date, sizeof date, "%.10s", r->at ? r->at : "");
	return fg_period_of(p->reporting.every, date, out);
}

size_t fg_plan_nassignments(const struct fg_plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		n += p->measures[i].nasg;
	return n;
}

const char *fg_asg_due(const struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a)
{
	(void)p;
	if (a->due_granted && *a->due_granted)
		return a->due_granted;
	if (a->due && *a->due)
		return a->due;
	return m->due;
}

bool fg_extend_check(const struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a, const char *to,
		     struct fg_diag *d)
{
	if (!to || !fg_date_valid(to))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("an extension asks for a date that exists, written YYYY-MM-DD, not \"%s\""), to ? to : "");
	const char *due = fg_asg_due(p, m, a);
	if (*due && strcmp(to, due) <= 0)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("measure %d, %s: %s is not later than its due date in effect, %s; an extension asks for a "
					 "later date"),
				   m->number, a->unit, to, due);
	return true;
}

/* Index (into a plan-order array of assignments) of record r's assignment,
 * or SIZE_MAX; off[i] is the index of measure i's first assignment. */
static size_t rec_slot(const struct fg_plan *p, const size_t *off, const struct fg_record *r)
{
	if (r->measure < 1 || !r->unit || !*r->unit)
		return SIZE_MAX;
	const struct fg_measure *m = fg_plan_measure(p, r->measure);
	long ui = m ? fg_plan_unit_index(p, r->unit) : -1;
	const struct fg_assignment *a = ui >= 0 ? fg_measure_assignment(m, (size_t)ui) : NULL;
	return a ? off[m - p->measures] + (size_t)(a - m->asg) : SIZE_MAX;
}

static size_t *measure_offsets(const struct fg_plan *p)
{
	size_t *off = fg_xmalloc((p->nmeasures + 1) * sizeof *off);
	off[0] = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		off[i + 1] = off[i] + p->measures[i].nasg;
	return off;
}

static void bind_one(struct fg_plan *p, struct fg_assignment **slots, const size_t *off, const struct fg_record *r)
{
	if (r->kind != FG_KIND_EXTEND && r->kind != FG_KIND_APPROVE && r->kind != FG_KIND_RETURN)
		return;
	if (fg_record_has_status(r)) /* a decision on a submission */
		return;
	size_t s = rec_slot(p, off, r);
	if (s == SIZE_MAX)
		return;
	struct fg_assignment *a = slots[s];
	if (r->kind == FG_KIND_EXTEND) {
		a->due_asked = r->due && *r->due ? r->due : "";
	} else {
		if (r->kind == FG_KIND_APPROVE && *a->due_asked)
			a->due_granted = r->due && *r->due ? r->due : a->due_asked;
		a->due_asked = "";
	}
}

void fg_cycle_bind(struct fg_plan *p)
{
	size_t *off = measure_offsets(p);
	struct fg_assignment **slots = fg_xmalloc((off[p->nmeasures] + 1) * sizeof *slots);
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t k = 0; k < p->measures[i].nasg; k++) {
			struct fg_assignment *a = &p->measures[i].asg[k];
			slots[off[i] + k] = a;
			a->due_granted = a->due_asked = "";
		}
	for (size_t i = 0; i < p->nhistory; i++)
		bind_one(p, slots, off, &p->history[i]);
	for (size_t i = 0; i < p->undo_pos; i++)
		bind_one(p, slots, off, &p->edits[i].rec);
	free(slots);
	free(off);
}

bool fg_cycle_period(const struct fg_plan *p, const char *period, struct fg_asg_period *out)
{
	char first[11], last[11], due[11];
	if (!fg_period_range(period, first, last))
		return false;
	if (p->reporting.every == FG_EVERY_NONE || !fg_period_due(period, p->reporting.due_day, due))
		snprintf(due, sizeof due, "%s", last);
	size_t *off = measure_offsets(p);
	for (size_t i = 0; i < p->nmeasures; i++)
		for (size_t k = 0; k < p->measures[i].nasg; k++) {
			struct fg_measure *m = &p->measures[i];
			struct fg_assignment *a = &m->asg[k];
			out[off[i] + k] = (struct fg_asg_period){m, a, NULL, "", false, false, a->status, fg_asg_due(p, m, a),
								 "", ""};
		}
	for (size_t i = 0; i < p->nhistory; i++) {
		const struct fg_record *r = &p->history[i];
		char rp[16], date[11];
		size_t dl = strnlen(r->at, 10);
		memcpy(date, r->at, dl);
		date[dl] = 0;
		bool in_period = strcmp(date, first) >= 0 && strcmp(date, last) <= 0;
		bool report = fg_record_report_period(p, r, rp) && strcmp(rp, period) == 0;
		if (!report && !in_period)
			continue; /* neither this period's report nor a change in it: no lookup */
		size_t s = rec_slot(p, off, r);
		if (s == SIZE_MAX)
			continue;
		struct fg_asg_period *o = &out[s];
		if (report) {
			if (!o->report) {
				o->first_at = r->at;
				o->late = strcmp(date, due) > 0;
			}
			o->report = r;
			const char *prog = r->kind == FG_KIND_REPORT ? r->progress : r->note;
			if (prog && *prog)
				o->progress = prog;
			if (r->problems && *r->problems)
				o->problems = r->problems;
		}
		if (in_period && fg_record_has_status(r) && r->from != r->to)
			o->changed = true;
	}
	/* the status at the period's end: undo what came after it */
	for (size_t i = p->nhistory; i-- > 0;) {
		const struct fg_record *r = &p->history[i];
		char date[11];
		snprintf(date, sizeof date, "%.10s", r->at);
		if (strcmp(date, last) <= 0)
			break;
		size_t s = fg_record_has_status(r) ? rec_slot(p, off, r) : SIZE_MAX;
		if (s != SIZE_MAX)
			out[s].status_end = r->from;
	}
	free(off);
	return true;
}

/* ------------------------------------------------------------ review */

enum fg_pending fg_asg_pending(const struct fg_assignment *a)
{
	if (a->status == FG_STATUS_SUBMITTED)
		return FG_PENDING_SUBMISSION;
	return a->due_asked && *a->due_asked ? FG_PENDING_EXTENSION : FG_PENDING_NONE;
}

bool fg_plan_review(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, bool approve, const char *note,
		    const struct fg_actor *who, time_t now, enum fg_pending *what, struct fg_diag *d)
{
	enum fg_pending pend = fg_asg_pending(a);
	if (what)
		*what = pend;
	if (who && who->as)
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("only a coordinator (without --as) approves or returns; a liaison submits and asks for "
				   "extensions"));
	if (!approve && (!note || !*note))
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0, FG_N_("returning needs a reason (a note)"));
	struct fg_record r = {.kind = approve ? FG_KIND_APPROVE : FG_KIND_RETURN, .note = note};
	switch (pend) {
	case FG_PENDING_SUBMISSION:
		r.has_status = true;
		r.to = approve ? FG_STATUS_DONE : FG_STATUS_IN_PROGRESS;
		break;
	case FG_PENDING_EXTENSION:
		r.due = approve ? a->due_asked : NULL;
		break;
	default:
		return fg_diag_add(d, FG_ERR_REFUSED, 0, 0,
				   FG_N_("measure %d's assignment of %s awaits no decision (it is %s, with no extension requested)"),
				   m->number, a->unit, fg_tr(fg_statuses[a->status].en));
	}
	return fg_plan_append(p, m, a, &r, who, now, d);
}
