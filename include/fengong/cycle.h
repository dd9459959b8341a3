/* fengong core: the supervision cycle — reporting periods, progress
 * reports, reviews and extensions (plan/FORMAT.md, "reporting").
 * Like the rest of the core it never prints. */
#ifndef FENGONG_CYCLE_H
#define FENGONG_CYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* A period's name: "2026-11" (month), "2026-Q4" (quarter), "2026-W48" (ISO
 * week).  True when s is one of these with a month 01-12, a quarter 1-4 or
 * a week that the year has. */
bool fg_period_valid(const char *s);

#include "fengong/date.h"
#include "fengong/plan.h"

/* The period of `every` holding date (YYYY-MM-DD); false for a bad date or
 * FG_EVERY_NONE. */
bool fg_period_of(enum fg_every every, const char *date, char out[16]);
/* The period before / its first and last day (YYYY-MM-DD). */
bool fg_period_prev(const char *period, char out[16]);
bool fg_period_range(const char *period, char first[11], char last[11]);
/* The day a period's report is due: month: due_day of that month (the last
 * day when shorter); quarter: due_day of its last month; week: weekday
 * due_day (1 = Monday) of that week. */
bool fg_period_due(const char *period, int due_day, char out[11]);
/* Dates (YYYY-MM-DD) are checked with fg_date_valid (fengong/date.h). */

/* The period record r counts as a report for: a `report`, or a change of
 * status with a note (a submission, a return...), in its `period`, else in
 * the period of its date under the plan's cycle.  False when r is no
 * report or the plan has no cycle. */
bool fg_record_report_period(const struct fg_plan *p, const struct fg_record *r, char out[16]);

/* Each assignment's standing in one period, in plan order. */
struct fg_asg_period {
	struct fg_measure *m;
	struct fg_assignment *a;
	const struct fg_record *report; /* the period's last report, NULL when none */
	const char *first_at;           /* when the first report of the period was made, "" when none */
	bool late;                      /* the first report came after the due day */
	bool changed;                   /* the status changed during the period */
	enum fg_status status_end;      /* the status at the period's end (or now, for a period not over) */
	const char *due;                /* the assignment's due date in effect (fg_asg_due), "" when none */
	const char *progress, *problems; /* the period's latest non-empty 工作进展 / 存在问题 (a change's note
					    counts as progress), "" when none */
};

/* The number of assignments in the plan. */
size_t fg_plan_nassignments(const struct fg_plan *p);
/* Fill out[fg_plan_nassignments(p)] for `period`: one pass over the
 * history.  False when the period is not valid. */
bool fg_cycle_period(const struct fg_plan *p, const char *period, struct fg_asg_period *out);

/* The due date in effect for assignment a of m: the last approved
 * extension's, else the assignment's own `due`, else the measure's; ""
 * when none. */
const char *fg_asg_due(const struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a);
/* Whether `to` may be asked as a's extension (延期申请): a date that exists
 * (YYYY-MM-DD) and later than its due date in effect (fg_asg_due; any date
 * when it has none).  False (FG_ERR_REFUSED) with the reason in d.
 * fg_plan_append checks every extension request with it. */
bool fg_extend_check(const struct fg_plan *p, const struct fg_measure *m, const struct fg_assignment *a, const char *to,
		     struct fg_diag *d);

/* What awaits a coordinator's decision on an assignment. */
enum fg_pending { FG_PENDING_NONE, FG_PENDING_SUBMISSION, FG_PENDING_EXTENSION };
/* A submission (status submitted) comes first; then an open extension request. */
enum fg_pending fg_asg_pending(const struct fg_assignment *a);
/* The coordinator's decision on what is pending (fg_asg_pending): approve
 * (submitted -> done; or the extension granted: due_granted becomes the
 * date asked) or return with a reason (-> in_progress with the reason as its
 * note; or the request refused).  Refused (FG_ERR_REFUSED) for a liaison,
 * without a reason to return, or when nothing is pending.  *what gets the
 * pending thing decided. */
bool fg_plan_review(struct fg_plan *p, struct fg_measure *m, struct fg_assignment *a, bool approve, const char *note,
		    const struct fg_actor *who, time_t now, enum fg_pending *what, struct fg_diag *d);

#endif
