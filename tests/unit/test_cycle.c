/* Unit suite `cycle`: reporting periods, which records are a period's
 * report, lateness, and the status at a period's end. */
#include "testlib.h"
#include "fengong/cycle.h"

START_TEST(periods_are_named_by_month_quarter_and_iso_week)
{
	char out[16];
	ck_assert(fg_period_of(FG_EVERY_MONTH, "2026-11-26", out));
	ck_assert_str_eq(out, "2026-11");
	ck_assert(fg_period_of(FG_EVERY_QUARTER, "2026-11-26", out));
	ck_assert_str_eq(out, "2026-Q4");
	ck_assert(fg_period_of(FG_EVERY_WEEK, "2026-11-26", out));
	ck_assert_str_eq(out, "2026-W48");
	/* ISO weeks cross years: 2027-01-01 is a Friday of 2026's week 53 */
	ck_assert(fg_period_of(FG_EVERY_WEEK, "2027-01-01", out));
	ck_assert_str_eq(out, "2026-W53");
	ck_assert(fg_period_of(FG_EVERY_WEEK, "2024-12-30", out));
	ck_assert_str_eq(out, "2025-W01");
	ck_assert(!fg_period_of(FG_EVERY_MONTH, "2026-02-30", out));
	ck_assert(!fg_period_of(FG_EVERY_NONE, "2026-11-26", out));
}
END_TEST

START_TEST(a_period_name_is_validated)
{
	ck_assert(fg_period_valid("2026-11") && fg_period_valid("2026-Q4") && fg_period_valid("2026-W53"));
	ck_assert(!fg_period_valid("2026-13") && !fg_period_valid("2026-Q5") && !fg_period_valid("2025-W53"));
	ck_assert(!fg_period_valid("2026-1") && !fg_period_valid("26-11") && !fg_period_valid("2026-W4x") &&
		  !fg_period_valid(""));
}
END_TEST

START_TEST(the_previous_period_and_the_range)
{
	char out[16], a[11], b[11];
	ck_assert(fg_period_prev("2026-01", out));
	ck_assert_str_eq(out, "2025-12");
	ck_assert(fg_period_prev("2026-Q1", out));
	ck_assert_str_eq(out, "2025-Q4");
	ck_assert(fg_period_prev("2025-W01", out));
	ck_assert_str_eq(out, "2024-W52");
	ck_assert(fg_period_range("2024-02", a, b));
	ck_assert_str_eq(a, "2024-02-01");
	ck_assert_str_eq(b, "2024-02-29");
	ck_assert(fg_period_range("2026-Q4", a, b));
	ck_assert_str_eq(a, "2026-10-01");
	ck_assert_str_eq(b, "2026-12-31");
	ck_assert(fg_period_range("2026-W48", a, b));
	ck_assert_str_eq(a, "2026-11-23");
	ck_assert_str_eq(b, "2026-11-29");
}
END_TEST

START_TEST(the_due_day_of_a_period)
{
	char d[11];
	ck_assert(fg_period_due("2026-11", 25, d));
	ck_assert_str_eq(d, "2026-11-25");
	ck_assert(fg_period_due("2026-02", 31, d)); /* a shorter month: its last day */
	ck_assert_str_eq(d, "2026-02-28");
	ck_assert(fg_period_due("2026-Q4", 10, d)); /* the quarter's last month */
	ck_assert_str_eq(d, "2026-12-10");
	ck_assert(fg_period_due("2026-W48", 5, d)); /* Friday */
	ck_assert_str_eq(d, "2026-11-27");
	ck_assert(!fg_period_due("2026-W48", 8, d));
}
END_TEST

static const time_t NOV20 = 1795147200; /* 2026-11-20T12:00:00+08:00 */
static const time_t NOV27 = 1795752000; /* 2026-11-27T12:00:00+08:00 */

static struct fg_plan *cycle_plan(void)
{
	char *text = test_malloc(strlen(small_plan) + 128);
	const char *at = strstr(small_plan, "units:\n");
	sprintf(text, "%.*s  reporting:\n    every: month\n    due_day: 25\n%s", (int)(at - small_plan), small_plan, at);
	struct fg_plan *p = load_ok(text);
	free(text);
	ck_assert_int_eq(p->reporting.every, FG_EVERY_MONTH);
	ck_assert_int_eq(p->reporting.due_day, 25);
	return p;
}

START_TEST(a_period_counts_reports_lateness_and_changes_from_the_records)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	struct fg_plan *p = cycle_plan();
	struct fg_save_opts so = {.path = path, .canonical = true};
	struct fg_diag d;
	fg_diag_init(&d, path);
	ck_assert(fg_plan_save(p, &so, &d));
	fg_plan_free(p);
	p = fg_plan_load(path, &d);
	struct fg_actor who = {.by = "z"};
	struct fg_record rep = {.kind = FG_KIND_REPORT, .period = "2026-11", .progress = "进展", .problems = "问题"};
	/* on time: 市科技局 on the 20th; late: 市发改委's change with a note on the 27th */
	ck_assert(fg_plan_append(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), &rep, &who, NOV20, &d));
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市发改委"), FG_STATUS_BLOCKED, "卡住", &who, NOV27,
			      &d));
	/* a change without a note is no report, but a change */
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 2), asg_of(p, 2, "市科技局"), FG_STATUS_IN_PROGRESS, NULL, &who, NOV20,
			      &d));
	ck_assert(fg_plan_save(p, NULL, &d));
	size_t n = fg_plan_nassignments(p);
	ck_assert_uint_eq(n, 4);
	struct fg_asg_period ap[4];
	ck_assert(fg_cycle_period(p, "2026-11", ap));
	ck_assert(ap[0].report && !ap[0].late);
	ck_assert_str_eq(ap[0].problems, "问题");
	ck_assert(ap[1].report && ap[1].late && ap[1].changed);
	ck_assert_int_eq(ap[1].status_end, FG_STATUS_BLOCKED);
	ck_assert(!ap[2].report && ap[2].changed);
	ck_assert(!ap[3].report && !ap[3].changed);
	/* October saw none of it, and ended with everything not started */
	ck_assert(fg_cycle_period(p, "2026-10", ap));
	for (size_t i = 0; i < n; i++) {
		ck_assert(!ap[i].report && !ap[i].changed);
		ck_assert_int_eq(ap[i].status_end, FG_STATUS_NOT_STARTED);
	}
	ck_assert(!fg_cycle_period(p, "2026-13", ap));
	fg_diag_free(&d);
	fg_plan_free(p);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_bad_reporting_cycle_is_refused_at_its_place)
{
	char *text = test_malloc(strlen(small_plan) + 128);
	const char *at = strstr(small_plan, "units:\n");
	sprintf(text, "%.*s  reporting:\n    every: fortnight\n    due_day: 25\n%s", (int)(at - small_plan), small_plan, at);
	char first[400];
	load_refused(text, strlen(text), first, sizeof first);
	ck_assert_msg(strstr(first, "test.yaml:8:12: unknown reporting cycle \"fortnight\"") != NULL, "%s", first);
	sprintf(text, "%.*s  reporting:\n    every: week\n    due_day: 9\n%s", (int)(at - small_plan), small_plan, at);
	load_refused(text, strlen(text), first, sizeof first);
	ck_assert_msg(strstr(first, "`due_day` must be a weekday") != NULL, "%s", first);
	free(text);
}
END_TEST

static struct fg_plan *review_plan(void)
{
	char *text = test_malloc(strlen(small_plan) + 128);
	const char *at = strstr(small_plan, "units:\n");
	sprintf(text, "%.*s  review: required\n%s", (int)(at - small_plan), small_plan, at);
	struct fg_plan *p = load_ok(text);
	free(text);
	ck_assert(p->review_required);
	return p;
}

START_TEST(a_liaisons_done_under_review_is_a_submission_the_coordinator_approves)
{
	struct fg_plan *p = review_plan();
	struct fg_measure *m = fg_plan_measure(p, 1);
	struct fg_assignment *a = asg_of(p, 1, "市科技局");
	bool set[3] = {true, false, false};
	struct fg_actor liaison = {.by = "li", .as = "市科技局", .as_units = set}, coord = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert(fg_plan_set(p, m, a, FG_STATUS_DONE, "完成", &liaison, NOV20, &d));
	ck_assert_int_eq(a->status, FG_STATUS_SUBMITTED);
	ck_assert_int_eq(fg_measure_rollup(m), FG_STATUS_IN_PROGRESS);
	ck_assert_int_eq(fg_asg_pending(a), FG_PENDING_SUBMISSION);
	enum fg_pending what;
	ck_assert(!fg_plan_review(p, m, a, true, NULL, &liaison, NOV20, &what, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	ck_assert(fg_plan_review(p, m, a, true, NULL, &coord, NOV27, &what, &d));
	ck_assert_int_eq(what, FG_PENDING_SUBMISSION);
	ck_assert_int_eq(a->status, FG_STATUS_DONE);
	ck_assert_int_eq(fg_asg_pending(a), FG_PENDING_NONE);
	ck_assert(!fg_plan_review(p, m, a, true, NULL, &coord, NOV27, &what, &d)); /* nothing pending */
	/* the coordinator's own done is done at once */
	struct fg_assignment *b = asg_of(p, 1, "市发改委");
	ck_assert(fg_plan_set(p, m, b, FG_STATUS_DONE, NULL, &coord, NOV27, &d));
	ck_assert_int_eq(b->status, FG_STATUS_DONE);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(a_returned_submission_is_in_progress_with_the_reason)
{
	struct fg_plan *p = review_plan();
	struct fg_measure *m = fg_plan_measure(p, 1);
	struct fg_assignment *a = asg_of(p, 1, "市科技局");
	bool set[3] = {true, false, false};
	struct fg_actor liaison = {.by = "li", .as = "市科技局", .as_units = set}, coord = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert(fg_plan_set(p, m, a, FG_STATUS_DONE, "完成", &liaison, NOV20, &d));
	ck_assert(!fg_plan_review(p, m, a, false, "", &coord, NOV27, NULL, &d)); /* a reason is needed */
	ck_assert(fg_plan_review(p, m, a, false, "材料不全", &coord, NOV27, NULL, &d));
	ck_assert_int_eq(a->status, FG_STATUS_IN_PROGRESS);
	ck_assert_str_eq(a->note, "材料不全");
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(an_approved_extension_moves_the_assignments_due_date_and_undo_moves_it_back)
{
	struct fg_plan *p = review_plan();
	struct fg_measure *m = fg_plan_measure(p, 1);
	m->due = "2025-12-31";
	struct fg_assignment *a = asg_of(p, 1, "市科技局"), *b = asg_of(p, 1, "市发改委");
	bool set[3] = {true, false, false};
	struct fg_actor liaison = {.by = "li", .as = "市科技局", .as_units = set}, coord = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert(fg_assignment_overdue(m, a, "2026-01-01"));
	struct fg_record ext = {.kind = FG_KIND_EXTEND, .due = "2026-06-30", .note = "推迟"};
	ck_assert(fg_plan_append(p, m, a, &ext, &liaison, NOV20, &d));
	ck_assert_str_eq(a->due_asked, "2026-06-30");
	ck_assert(fg_assignment_overdue(m, a, "2026-01-01")); /* asked, not granted */
	ck_assert(fg_plan_review(p, m, a, true, NULL, &coord, NOV27, NULL, &d));
	ck_assert_str_eq(fg_asg_due(p, m, a), "2026-06-30");
	ck_assert(!fg_assignment_overdue(m, a, "2026-01-01"));
	ck_assert(fg_assignment_overdue(m, b, "2026-01-01")); /* the other unit keeps the measure's date */
	ck_assert(fg_plan_undo(p));
	ck_assert_str_eq(fg_asg_due(p, m, a), "2025-12-31");
	ck_assert_str_eq(a->due_asked, "2026-06-30");
	ck_assert(fg_plan_redo(p));
	ck_assert_str_eq(fg_asg_due(p, m, a), "2026-06-30");
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

/* Every write path (the CLI's extend, the TUI's E, a recovery file) goes
 * through fg_plan_append, which asks fg_extend_check. */
START_TEST(an_extension_request_must_ask_for_a_later_date_than_the_one_in_effect)
{
	struct fg_plan *p = review_plan();
	struct fg_measure *m = fg_plan_measure(p, 1);
	m->due = "2025-12-31";
	struct fg_assignment *a = asg_of(p, 1, "市科技局");
	bool set[3] = {true, false, false};
	struct fg_actor liaison = {.by = "li", .as = "市科技局", .as_units = set}, coord = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	size_t before = fg_plan_dirty(p);
	static const char *const refused[] = {"2025-12-31", "2025-06-30", "2026-02-30", "2026-6-30", "", "明年"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		ck_assert(!fg_extend_check(p, m, a, refused[i], &d));
		struct fg_record ext = {.kind = FG_KIND_EXTEND, .due = refused[i], .note = "推迟"};
		ck_assert_msg(!fg_plan_append(p, m, a, &ext, &liaison, NOV20, &d), "appended %s", refused[i]);
		ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	}
	ck_assert_uint_eq(fg_plan_dirty(p), before); /* nothing recorded */
	ck_assert_str_eq(a->due_asked, "");
	ck_assert(strstr(d.items[0].msg, "2025-12-31 is not later than its due date in effect, 2025-12-31"));
	ck_assert(fg_extend_check(p, m, a, "2026-01-01", &d));
	/* granted: the date in effect moves, and the next request must pass it */
	struct fg_record ext = {.kind = FG_KIND_EXTEND, .due = "2026-06-30", .note = "推迟"};
	ck_assert(fg_plan_append(p, m, a, &ext, &liaison, NOV20, &d));
	ck_assert(fg_plan_review(p, m, a, true, NULL, &coord, NOV27, NULL, &d));
	ck_assert(!fg_extend_check(p, m, a, "2026-03-31", &d));
	ck_assert(fg_extend_check(p, m, a, "2026-07-01", &d));
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(a_measure_is_late_and_red_only_while_an_assignment_is_past_its_own_date)
{
	struct fg_plan *p = review_plan();
	struct fg_measure *m = fg_plan_measure(p, 1);
	m->due = "2025-12-31";
	struct fg_assignment *a = asg_of(p, 1, "市科技局"), *b = asg_of(p, 1, "市发改委");
	struct fg_actor coord = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert(fg_measure_overdue(m, "2026-01-01"));
	ck_assert_int_eq(fg_measure_light(m, "2026-01-01"), FG_LIGHT_RED);
	/* b finishes; a is granted a later date: nothing is past its date */
	ck_assert(fg_plan_set(p, m, b, FG_STATUS_DONE, NULL, &coord, NOV20, &d));
	a->due_granted = "2026-06-30";
	ck_assert(!fg_assignment_overdue(m, a, "2026-01-01"));
	ck_assert(!fg_measure_overdue(m, "2026-01-01"));
	ck_assert_int_ne(fg_measure_light(m, "2026-01-01"), FG_LIGHT_RED);
	/* until the granted date passes */
	ck_assert(fg_measure_overdue(m, "2026-07-01"));
	ck_assert_int_eq(fg_measure_light(m, "2026-07-01"), FG_LIGHT_RED);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cycle");
	TCase *tc = tcase_create("periods");
	tcase_add_test(tc, periods_are_named_by_month_quarter_and_iso_week);
	tcase_add_test(tc, a_period_name_is_validated);
	tcase_add_test(tc, the_previous_period_and_the_range);
	tcase_add_test(tc, the_due_day_of_a_period);
	tcase_add_test(tc, a_period_counts_reports_lateness_and_changes_from_the_records);
	tcase_add_test(tc, a_bad_reporting_cycle_is_refused_at_its_place);
	tcase_add_test(tc, a_liaisons_done_under_review_is_a_submission_the_coordinator_approves);
	tcase_add_test(tc, a_returned_submission_is_in_progress_with_the_reason);
	tcase_add_test(tc, a_measure_is_late_and_red_only_while_an_assignment_is_past_its_own_date);
	tcase_add_test(tc, an_approved_extension_moves_the_assignments_due_date_and_undo_moves_it_back);
	tcase_add_test(tc, an_extension_request_must_ask_for_a_later_date_than_the_one_in_effect);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
