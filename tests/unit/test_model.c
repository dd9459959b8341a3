/* Unit suite `model`: vocabulary, roll-ups, unit matching, filters, edits. */
#include "testlib.h"

/* ------------------------------------------------------------ helpers */

/* A measure with one assignment per status given (units u0, u1, ...). */
static struct fg_plan *plan_with_statuses(const enum fg_status *st, size_t n)
{
	struct fg_plan *p = fg_plan_new();
	static const char *const names[] = {"u0", "u1", "u2", "u3", "u4", "u5"};
	for (size_t i = 0; i < n; i++)
		fg_plan_add_unit(p, names[i]);
	struct fg_measure *m = fg_plan_add_measure(p, 1, "(一)", "", "t", "text");
	for (size_t i = 0; i < n; i++) {
		struct fg_assignment *a = fg_measure_add_assignment(p, m, names[i], i ? FG_ROLE_CO : FG_ROLE_LEAD);
		a->status = st[i];
	}
	return p;
}

static enum fg_status rollup_of(const enum fg_status *st, size_t n)
{
	struct fg_plan *p = plan_with_statuses(st, n);
	enum fg_status r = fg_measure_rollup(&p->measures[0]);
	fg_plan_free(p);
	return r;
}

#define ROLLUP(expected, ...)                                                                                   \
	do {                                                                                                    \
		const enum fg_status st_[] = {__VA_ARGS__};                                                     \
		ck_assert_str_eq(fg_status_name(rollup_of(st_, sizeof st_ / sizeof st_[0])), fg_status_name(expected)); \
	} while (0)

#define NS FG_STATUS_NOT_STARTED
#define IP FG_STATUS_IN_PROGRESS
#define DN FG_STATUS_DONE
#define DL FG_STATUS_DELAYED
#define BL FG_STATUS_BLOCKED

/* ------------------------------------------------------------ vocabulary */

START_TEST(status_names_round_trip_in_vocabulary_order)
{
	static const char *const want[] = {"not_started", "in_progress", "done", "delayed", "blocked", "submitted"};
	for (int i = 0; i < FG_STATUS_COUNT; i++) {
		enum fg_status s;
		ck_assert_str_eq(fg_status_name((enum fg_status)i), want[i]);
		ck_assert(fg_status_parse(want[i], &s));
		ck_assert_int_eq(s, i);
	}
	ck_assert_ptr_null(fg_status_name(FG_STATUS_COUNT));
	ck_assert_str_eq(fg_status_list(), "not_started, in_progress, done, delayed, blocked, submitted");
}
END_TEST

START_TEST(status_parse_refuses_unknown_words_and_other_case)
{
	enum fg_status s;
	ck_assert(!fg_status_parse("finished", &s));
	ck_assert(!fg_status_parse("Done", &s));
	ck_assert(!fg_status_parse("", &s));
	ck_assert(!fg_status_parse("done ", &s));
}
END_TEST

START_TEST(roles_are_lead_and_co_only)
{
	enum fg_role r;
	ck_assert(fg_role_parse("lead", &r) && r == FG_ROLE_LEAD);
	ck_assert(fg_role_parse("co", &r) && r == FG_ROLE_CO);
	ck_assert(!fg_role_parse("helper", &r));
	ck_assert_str_eq(fg_role_name(FG_ROLE_CO), "co");
}
END_TEST

/* ------------------------------------------------------------ roll-up (PRODUCT.md) */

START_TEST(rollup_no_assignments_is_not_started)
{
	struct fg_plan *p = plan_with_statuses(NULL, 0);
	ck_assert_int_eq(fg_measure_rollup(&p->measures[0]), FG_STATUS_NOT_STARTED);
	fg_plan_free(p);
}
END_TEST

START_TEST(rollup_every_assignment_done_is_done)
{
	ROLLUP(DN, DN);
	ROLLUP(DN, DN, DN, DN);
}
END_TEST

START_TEST(rollup_any_blocked_is_blocked_even_beside_done_and_delayed)
{
	ROLLUP(BL, BL);
	ROLLUP(BL, DN, BL);
	ROLLUP(BL, DL, BL, IP);
	ROLLUP(BL, NS, NS, BL);
}
END_TEST

START_TEST(rollup_any_delayed_without_blocked_is_delayed)
{
	ROLLUP(DL, DL);
	ROLLUP(DL, DN, DL);
	ROLLUP(DL, IP, DL, NS);
}
END_TEST

START_TEST(rollup_in_progress_or_some_done_is_in_progress)
{
	ROLLUP(IP, IP);
	ROLLUP(IP, IP, NS);
	ROLLUP(IP, DN, NS);      /* some done, not all: in progress */
	ROLLUP(IP, DN, IP, DN);
}
END_TEST

START_TEST(rollup_all_not_started_is_not_started)
{
	ROLLUP(NS, NS);
	ROLLUP(NS, NS, NS, NS);
}
END_TEST

START_TEST(done_count_and_overdue_follow_the_rollup)
{
	const enum fg_status st[] = {DN, IP};
	struct fg_plan *p = plan_with_statuses(st, 2);
	struct fg_measure *m = &p->measures[0];
	ck_assert_uint_eq(fg_measure_done(m), 1);
	ck_assert(!fg_measure_overdue(m, "2030-01-01")); /* no due date */
	m->due = "2025-12-31";
	ck_assert(fg_measure_overdue(m, "2026-01-01"));
	ck_assert(!fg_measure_overdue(m, "2025-12-31")); /* due today is not overdue */
	m->asg[1].status = FG_STATUS_DONE;
	ck_assert(!fg_measure_overdue(m, "2026-01-01")); /* done is never overdue */
	fg_plan_free(p);
}
END_TEST

/* ------------------------------------------------------------ units */

START_TEST(unit_index_finds_names_and_aliases)
{
	struct fg_plan *p = load_ok(small_plan);
	ck_assert_int_eq(fg_plan_unit_index(p, "市科技局"), 0);
	ck_assert_int_eq(fg_plan_unit_index(p, "市科学技术局"), 0);
	ck_assert_int_eq(fg_plan_unit_index(p, "各区人民政府"), 2);
	ck_assert_int_eq(fg_plan_unit_index(p, "市财政局"), -1);
	ck_assert_int_eq(fg_plan_unit_index(p, "葛店经开区管委会"), -1); /* a member is not a unit */
	ck_assert_int_eq(fg_plan_unit_index(p, "市科技"), -1);          /* no prefix matches */
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_match_by_name_selects_that_unit_only)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3];
	ck_assert_uint_eq(fg_plan_unit_match(p, "市发改委", set), 1);
	ck_assert(!set[0] && set[1] && !set[2]);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_match_by_alias_selects_the_unit)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3];
	ck_assert_uint_eq(fg_plan_unit_match(p, "市科学技术局", set), 1);
	ck_assert(set[0] && !set[1] && !set[2]);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_match_by_member_selects_its_umbrella)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3];
	ck_assert_uint_eq(fg_plan_unit_match(p, "葛店经开区管委会", set), 1);
	ck_assert(!set[0] && !set[1] && set[2]);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_match_of_a_registered_member_selects_it_and_its_umbrella)
{
	struct fg_plan *p = fg_plan_new();
	struct fg_unit *ge = fg_plan_add_unit(p, "葛店经开区管委会");
	fg_unit_add_alias(p, ge, "葛店");
	struct fg_unit *all = fg_plan_add_unit(p, "各区人民政府");
	fg_unit_add_member(p, all, "葛店经开区管委会");
	fg_plan_add_unit(p, "市发改委");
	bool set[3];
	ck_assert_uint_eq(fg_plan_unit_match(p, "葛店", set), 2); /* via the alias of a member */
	ck_assert(set[0] && set[1] && !set[2]);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_match_of_an_unknown_name_selects_nothing)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3] = {true, true, true};
	ck_assert_uint_eq(fg_plan_unit_match(p, "市财政局", set), 0);
	ck_assert(!set[0] && !set[1] && !set[2]);
	fg_plan_free(p);
}
END_TEST

START_TEST(measure_lookup_by_number_works_out_of_order)
{
	struct fg_plan *p = fg_plan_new();
	fg_plan_add_measure(p, 7, "", "", "seven", "");
	fg_plan_add_measure(p, 2, "", "", "two", "");
	fg_plan_add_measure(p, 1, "", "", "one", "");
	ck_assert_str_eq(fg_plan_measure(p, 2)->title, "two");
	ck_assert_str_eq(fg_plan_measure(p, 1)->title, "one");
	ck_assert_str_eq(fg_plan_measure(p, 7)->title, "seven");
	ck_assert_ptr_null(fg_plan_measure(p, 3));
	ck_assert_ptr_null(fg_plan_measure(p, 0));
	fg_plan_free(p);
}
END_TEST

/* ------------------------------------------------------------ filters */

/* small_plan with: m1 市科技局 lead in_progress, 市发改委 co done;
 * m2 市科技局 lead blocked, 各区人民政府 co not_started. */
static struct fg_plan *filter_plan(void)
{
	struct fg_plan *p = load_ok(small_plan);
	asg_of(p, 1, "市科技局")->status = FG_STATUS_IN_PROGRESS;
	asg_of(p, 1, "市发改委")->status = FG_STATUS_DONE;
	asg_of(p, 2, "市科技局")->status = FG_STATUS_BLOCKED;
	return p;
}

START_TEST(empty_filter_matches_everything)
{
	struct fg_plan *p = filter_plan();
	struct fg_filter f;
	fg_filter_init(&f);
	for (size_t i = 0; i < p->nmeasures; i++) {
		ck_assert(fg_filter_match_measure(&f, &p->measures[i]));
		for (size_t k = 0; k < p->measures[i].nasg; k++)
			ck_assert(fg_filter_match_assignment(&f, &p->measures[i], &p->measures[i].asg[k]));
	}
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_by_unit_matches_its_assignments_only)
{
	struct fg_plan *p = filter_plan();
	bool set[3];
	fg_plan_unit_match(p, "市发改委", set);
	struct fg_filter f;
	fg_filter_init(&f);
	f.units = set;
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	ck_assert(!fg_filter_match_assignment(&f, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局")));
	ck_assert(fg_filter_match_assignment(&f, fg_plan_measure(p, 1), asg_of(p, 1, "市发改委")));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_by_member_name_matches_the_umbrella_assignments)
{
	struct fg_plan *p = filter_plan();
	bool set[3];
	fg_plan_unit_match(p, "葛店经开区管委会", set);
	struct fg_filter f;
	fg_filter_init(&f);
	f.units = set;
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_by_role_and_status_must_hold_for_one_assignment)
{
	struct fg_plan *p = filter_plan();
	struct fg_filter f;
	fg_filter_init(&f);
	f.role = FG_ROLE_LEAD;
	f.status_mask = 1u << FG_STATUS_DONE;
	/* measure 1 has a lead (in_progress) and a done assignment (co): no single match */
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	f.role = FG_ROLE_CO;
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_unit_role_and_status_combine)
{
	struct fg_plan *p = filter_plan();
	bool set[3];
	fg_plan_unit_match(p, "市科技局", set);
	struct fg_filter f;
	fg_filter_init(&f);
	f.units = set;
	f.role = FG_ROLE_LEAD;
	f.status_mask = 1u << FG_STATUS_BLOCKED;
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	ck_assert(fg_filter_match_assignment(&f, fg_plan_measure(p, 2), asg_of(p, 2, "市科技局")));
	ck_assert(!fg_filter_match_assignment(&f, fg_plan_measure(p, 2), asg_of(p, 2, "各区人民政府")));
	f.role = FG_ROLE_CO;
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_status_mask_accepts_any_of_several_statuses)
{
	struct fg_plan *p = filter_plan();
	struct fg_filter f;
	fg_filter_init(&f);
	f.status_mask = 1u << FG_STATUS_DONE | 1u << FG_STATUS_BLOCKED;
	ck_assert(fg_filter_match_assignment(&f, fg_plan_measure(p, 1), asg_of(p, 1, "市发改委")));
	ck_assert(fg_filter_match_assignment(&f, fg_plan_measure(p, 2), asg_of(p, 2, "市科技局")));
	ck_assert(!fg_filter_match_assignment(&f, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局")));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_text_matches_label_title_or_text_and_combines_with_unit)
{
	struct fg_plan *p = filter_plan();
	struct fg_filter f;
	fg_filter_init(&f);
	f.text = "200家"; /* only in measure 1's text */
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	f.text = "(二)"; /* a label */
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	f.text = "攻关"; /* a title */
	bool set[3];
	fg_plan_unit_match(p, "市发改委", set);
	f.units = set; /* 市发改委 is not on measure 2 */
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_by_section_selects_its_measures)
{
	struct fg_plan *p = filter_plan();
	struct fg_filter f;
	fg_filter_init(&f);
	f.section = 0;
	ck_assert(fg_filter_match_measure(&f, fg_plan_measure(p, 1)));
	fg_plan_measure(p, 2)->section_index = SIZE_MAX;
	ck_assert(!fg_filter_match_measure(&f, fg_plan_measure(p, 2)));
	fg_plan_free(p);
}
END_TEST

START_TEST(filter_status_on_a_measure_without_assignments_uses_its_rollup)
{
	struct fg_plan *p = plan_with_statuses(NULL, 0);
	struct fg_filter f;
	fg_filter_init(&f);
	f.status_mask = 1u << FG_STATUS_NOT_STARTED;
	ck_assert(fg_filter_match_measure(&f, &p->measures[0]));
	f.status_mask = 1u << FG_STATUS_DONE;
	ck_assert(!fg_filter_match_measure(&f, &p->measures[0]));
	fg_plan_free(p);
}
END_TEST

/* ------------------------------------------------------------ edits */

static const time_t T0 = 1795694400; /* 2026-11-26T20:00:00+08:00 */

START_TEST(set_changes_the_assignment_and_fills_updated_and_by)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_actor who = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "t");
	struct fg_assignment *a = asg_of(p, 1, "市发改委");
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_IN_PROGRESS, "已完成摸底", &who, T0, &d));
	ck_assert_int_eq(a->status, FG_STATUS_IN_PROGRESS);
	ck_assert_str_eq(a->note, "已完成摸底");
	ck_assert_str_eq(a->updated, "2026-11-26T20:00:00+08:00");
	ck_assert_str_eq(a->by, "zhang");
	ck_assert_uint_eq(fg_plan_dirty(p), 1);
	ck_assert_int_eq(asg_of(p, 1, "市科技局")->status, FG_STATUS_NOT_STARTED);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(set_without_a_note_keeps_the_note)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_assignment *a = asg_of(p, 1, "市发改委");
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_IN_PROGRESS, "摸底", NULL, T0, &d));
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_DONE, NULL, NULL, T0, &d));
	ck_assert_str_eq(a->note, "摸底");
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(set_that_changes_nothing_records_nothing)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_assignment *a = asg_of(p, 1, "市发改委");
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_NOT_STARTED, "", NULL, T0, &d));
	ck_assert_uint_eq(fg_plan_dirty(p), 0);
	ck_assert_str_eq(a->updated, "");
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(set_is_refused_in_read_only_mode)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_actor who = {.by = "audit", .read_only = true};
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(!fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市发改委"), FG_STATUS_DONE, NULL, &who, T0, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "read-only"));
	ck_assert_int_eq(asg_of(p, 1, "市发改委")->status, FG_STATUS_NOT_STARTED);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(set_by_a_liaison_is_refused_on_another_units_assignment)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3];
	fg_plan_unit_match(p, "市发改委", set);
	struct fg_actor who = {.by = "li", .as = "市发改委", .as_units = set};
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(!fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), FG_STATUS_DONE, NULL, &who, T0, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市发改委"), FG_STATUS_DONE, NULL, &who, T0, &d));
	ck_assert_uint_eq(fg_plan_dirty(p), 1);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(set_by_a_member_liaison_may_edit_the_umbrella_assignment)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3];
	fg_plan_unit_match(p, "葛店经开区管委会", set);
	struct fg_actor who = {.by = "wang", .as = "葛店经开区管委会", .as_units = set};
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 2), asg_of(p, 2, "各区人民政府"), FG_STATUS_DONE, NULL, &who, T0, &d));
	ck_assert(!fg_plan_set(p, fg_plan_measure(p, 2), asg_of(p, 2, "市科技局"), FG_STATUS_DONE, NULL, &who, T0, &d));
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(set_refuses_a_note_that_is_not_utf8_or_too_long)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_assignment *a = asg_of(p, 1, "市发改委");
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(!fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_DONE, "caf\xe9", NULL, T0, &d));
	char *big = test_malloc(65538);
	memset(big, 'x', 65537);
	big[65537] = 0;
	ck_assert(!fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_DONE, big, NULL, T0, &d));
	ck_assert_uint_eq(fg_plan_dirty(p), 0);
	ck_assert_int_eq(a->status, FG_STATUS_NOT_STARTED);
	free(big);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(undo_and_redo_walk_the_journal)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_assignment *a = asg_of(p, 1, "市发改委");
	struct fg_diag d;
	fg_diag_init(&d, "t");
	fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_IN_PROGRESS, "一", NULL, T0, &d);
	fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_DONE, "二", NULL, T0 + 60, &d);
	ck_assert(fg_plan_undo(p));
	ck_assert_int_eq(a->status, FG_STATUS_IN_PROGRESS);
	ck_assert_str_eq(a->note, "一");
	ck_assert(fg_plan_undo(p));
	ck_assert_int_eq(a->status, FG_STATUS_NOT_STARTED);
	ck_assert_str_eq(a->note, "");
	ck_assert_str_eq(a->updated, "");
	ck_assert(!fg_plan_undo(p));
	ck_assert_uint_eq(fg_plan_dirty(p), 0);
	ck_assert(fg_plan_redo(p));
	ck_assert(fg_plan_redo(p));
	ck_assert(!fg_plan_redo(p));
	ck_assert_int_eq(a->status, FG_STATUS_DONE);
	ck_assert_str_eq(a->note, "二");
	/* a new edit after an undo drops what could have been redone */
	fg_plan_undo(p);
	fg_plan_set(p, fg_plan_measure(p, 1), a, FG_STATUS_BLOCKED, NULL, NULL, T0 + 120, &d);
	ck_assert(!fg_plan_redo(p));
	ck_assert_uint_eq(fg_plan_dirty(p), 2);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(a_grouped_bulk_edit_is_undone_and_redone_as_one_step)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_measure *m = fg_plan_measure(p, 1);
	struct fg_assignment *a = asg_of(p, 1, "市科技局"), *b = asg_of(p, 1, "市发改委");
	struct fg_diag d;
	fg_diag_init(&d, "t");
	/* one plain edit before the bulk edit stays a step of its own */
	ck_assert(fg_plan_set(p, m, a, FG_STATUS_IN_PROGRESS, NULL, NULL, T0, &d));
	size_t mark = fg_plan_dirty(p);
	ck_assert(fg_plan_set(p, m, a, FG_STATUS_DELAYED, NULL, NULL, T0 + 60, &d));
	ck_assert(fg_plan_set(p, m, b, FG_STATUS_DELAYED, NULL, NULL, T0 + 60, &d));
	ck_assert_uint_eq(fg_plan_group_since(p, mark), 2);
	ck_assert_uint_eq(fg_plan_dirty(p), 3); /* each edit keeps its record */
	ck_assert(fg_plan_undo(p));
	ck_assert_int_eq(a->status, FG_STATUS_IN_PROGRESS);
	ck_assert_int_eq(b->status, FG_STATUS_NOT_STARTED);
	ck_assert_uint_eq(fg_plan_dirty(p), 1);
	ck_assert(fg_plan_redo(p));
	ck_assert_int_eq(a->status, FG_STATUS_DELAYED);
	ck_assert_int_eq(b->status, FG_STATUS_DELAYED);
	ck_assert(!fg_plan_redo(p));
	ck_assert(fg_plan_undo(p));
	ck_assert(fg_plan_undo(p));
	ck_assert_int_eq(a->status, FG_STATUS_NOT_STARTED);
	ck_assert(!fg_plan_undo(p));
	/* nothing made since the mark: no step */
	ck_assert_uint_eq(fg_plan_group_since(p, fg_plan_dirty(p)), 0);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(iso8601_writes_local_time_with_offset)
{
	char buf[40];
	fg_iso8601(T0, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-26T20:00:00+08:00");
	fg_today(T0, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-26");
}
END_TEST

/* ------------------------------------------------------------ umbrella members */

/* small_plan's measure 2 assignment to 各区人民政府 reported by two
 * registered members instead (`via`). */
static char *members_plan(void)
{
	const char *umb = "  - name: 各区人民政府\n    members:\n      - 葛店经开区管委会\n";
	const char *old_row = "      - unit: 各区人民政府\n        role: co\n";
	char *s = test_malloc(strlen(small_plan) + 1024);
	const char *u = strstr(small_plan, umb), *r = strstr(small_plan, old_row);
	ck_assert(u && r);
	int n = sprintf(s, "%.*s", (int)(u - small_plan), small_plan);
	n += sprintf(s + n, "  - name: 各区人民政府\n    members:\n      - 葛店经开区管委会\n      - 临空经济区管委会\n"
			    "  - name: 葛店经开区管委会\n  - name: 临空经济区管委会\n");
	n += sprintf(s + n, "%.*s", (int)(r - (u + strlen(umb))), u + strlen(umb));
	const char *rest = r + strlen(old_row);
	n += sprintf(s + n, "      - unit: 葛店经开区管委会\n        via: 各区人民政府\n        role: co\n%s", rest);
	sprintf(s + n, "      - unit: 临空经济区管委会\n        via: 各区人民政府\n        role: co\n"
		       "        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n");
	return s;
}

START_TEST(a_members_liaison_cannot_change_a_sibling_members_row)
{
	char *text = members_plan();
	struct fg_plan *p = load_ok(text);
	bool *set = calloc(p->nunits, sizeof *set);
	ck_assert_uint_eq(fg_plan_unit_match(p, "葛店经开区管委会", set), 2); /* itself and its umbrella */
	struct fg_actor who = {.by = "ge", .as = "葛店经开区管委会", .as_units = set};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_measure *m = fg_plan_measure(p, 2);
	ck_assert(!fg_plan_set(p, m, asg_of(p, 2, "临空经济区管委会"), FG_STATUS_DONE, "代报", &who, 1, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	ck_assert_int_eq(asg_of(p, 2, "临空经济区管委会")->status, FG_STATUS_NOT_STARTED);
	ck_assert(fg_plan_set(p, m, asg_of(p, 2, "葛店经开区管委会"), FG_STATUS_DONE, "本单位", &who, 1, &d));
	ck_assert_int_eq(asg_of(p, 2, "葛店经开区管委会")->status, FG_STATUS_DONE);
	fg_diag_free(&d);
	free(set);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(the_umbrella_rolls_up_from_its_members_rows)
{
	char *text = members_plan();
	struct fg_plan *p = load_ok(text);
	struct fg_measure *m = fg_plan_measure(p, 2);
	size_t umb = (size_t)fg_plan_unit_index(p, "各区人民政府"), n;
	ck_assert_int_eq(fg_measure_umbrella_rollup(m, umb, &n), FG_STATUS_NOT_STARTED);
	ck_assert_uint_eq(n, 2);
	asg_of(p, 2, "葛店经开区管委会")->status = FG_STATUS_DONE;
	ck_assert_int_eq(fg_measure_umbrella_rollup(m, umb, NULL), FG_STATUS_IN_PROGRESS);
	asg_of(p, 2, "临空经济区管委会")->status = FG_STATUS_BLOCKED;
	ck_assert_int_eq(fg_measure_umbrella_rollup(m, umb, NULL), FG_STATUS_BLOCKED);
	asg_of(p, 2, "临空经济区管委会")->status = FG_STATUS_DONE;
	ck_assert_int_eq(fg_measure_umbrella_rollup(m, umb, NULL), FG_STATUS_DONE);
	/* a unit with no member rows in the measure */
	ck_assert_int_eq(fg_measure_umbrella_rollup(m, (size_t)fg_plan_unit_index(p, "市科技局"), &n), FG_STATUS_NOT_STARTED);
	ck_assert_uint_eq(n, 0);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(an_umbrellas_counts_are_its_roll_up_once_per_measure)
{
	char *text = members_plan();
	struct fg_plan *p = load_ok(text);
	size_t umb = (size_t)fg_plan_unit_index(p, "各区人民政府");
	size_t ge = (size_t)fg_plan_unit_index(p, "葛店经开区管委会");
	struct fg_measure *m = fg_plan_measure(p, 2);
	m->due = "2026-06-30";
	asg_of(p, 2, "葛店经开区管委会")->status = FG_STATUS_DONE;
	asg_of(p, 2, "临空经济区管委会")->status = FG_STATUS_BLOCKED;
	struct fg_unit_counts *c = fg_plan_unit_counts(p, NULL, "2026-01-15");
	/* two member rows, one roll-up: blocked wins, as in a measure */
	ck_assert_uint_eq(c[umb].nasg, 1);
	ck_assert_uint_eq(c[umb].rollups, 1);
	ck_assert_uint_eq(c[umb].role[FG_ROLE_CO], 1);
	ck_assert_uint_eq(c[umb].status[FG_STATUS_BLOCKED], 1);
	ck_assert_int_eq(fg_unit_light(&c[umb]), FG_LIGHT_RED);
	ck_assert_uint_eq(c[ge].nasg, 1);
	ck_assert_uint_eq(c[ge].rollups, 0);
	ck_assert_int_eq(fg_unit_light(&c[ge]), FG_LIGHT_GREEN);
	free(c);
	/* one member still at work past the date: the roll-up is in progress and overdue */
	asg_of(p, 2, "临空经济区管委会")->status = FG_STATUS_IN_PROGRESS;
	c = fg_plan_unit_counts(p, NULL, "2026-07-01");
	ck_assert_uint_eq(c[umb].status[FG_STATUS_IN_PROGRESS], 1);
	ck_assert_uint_eq(c[umb].overdue, 1);
	ck_assert_int_eq(fg_unit_light(&c[umb]), FG_LIGHT_RED);
	free(c);
	ck_assert_int_eq(fg_measure_umbrella_light(m, umb, "2026-07-01"), FG_LIGHT_RED);
	ck_assert_int_eq(fg_measure_umbrella_light(m, umb, "2026-01-15"), FG_LIGHT_YELLOW);
	ck_assert_int_eq(fg_measure_umbrella_light(m, ge, "2026-01-15"), FG_LIGHT_NONE); /* no rows via 葛店 */
	/* both done: green, whatever the date */
	asg_of(p, 2, "临空经济区管委会")->status = FG_STATUS_DONE;
	c = fg_plan_unit_counts(p, NULL, "2026-07-01");
	ck_assert_uint_eq(c[umb].status[FG_STATUS_DONE], 1);
	ck_assert_uint_eq(c[umb].overdue, 0);
	ck_assert_int_eq(fg_unit_light(&c[umb]), FG_LIGHT_GREEN);
	free(c);
	/* a set without the umbrella leaves it at zero */
	bool *set = calloc(p->nunits, sizeof *set);
	set[ge] = true;
	c = fg_plan_unit_counts(p, set, NULL);
	ck_assert_uint_eq(c[umb].nasg, 0);
	ck_assert_uint_eq(c[ge].nasg, 1);
	free(c);
	free(set);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(the_counts_total_counts_each_row_once)
{
	char *text = members_plan();
	struct fg_plan *p = load_ok(text);
	struct fg_unit_counts *c = fg_plan_unit_counts(p, NULL, NULL), total;
	size_t sum = 0;
	for (size_t u = 0; u < p->nunits; u++)
		sum += c[u].nasg;
	fg_plan_counts_total(p, NULL, NULL, &total);
	/* measure 1: two rows; measure 2: 市科技局 and two member rows */
	ck_assert_uint_eq(total.nasg, 5);
	ck_assert_uint_eq(total.status[FG_STATUS_NOT_STARTED], 5);
	ck_assert_uint_eq(sum, 6); /* the umbrella's roll-up on top */
	free(c);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(unit_order_puts_registered_members_under_their_umbrella)
{
	struct fg_plan *p = fg_plan_new();
	fg_plan_add_unit(p, "A");
	fg_plan_add_unit(p, "M1");
	struct fg_unit *u = fg_plan_add_unit(p, "U");
	fg_unit_add_member(p, u, "M2");
	fg_unit_add_member(p, u, "M1");
	fg_unit_add_member(p, u, "not registered");
	fg_plan_add_unit(p, "M2");
	fg_plan_add_unit(p, "B");
	size_t order[5];
	unsigned depth[5];
	fg_plan_unit_order(p, order, depth);
	static const char *const want[] = {"A", "U", "M1", "M2", "B"};
	static const unsigned want_depth[] = {0, 0, 1, 1, 0};
	for (size_t i = 0; i < 5; i++) {
		ck_assert_str_eq(p->units[order[i]].name, want[i]);
		ck_assert_uint_eq(depth[i], want_depth[i]);
	}
	ck_assert_uint_eq(fg_plan_unit_umbrella(p, 1), 2);
	ck_assert_uint_eq(fg_plan_unit_umbrella(p, 0), SIZE_MAX);
	ck_assert_uint_eq(fg_plan_unit_umbrella(p, 2), SIZE_MAX);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_order_survives_umbrellas_listing_each_other)
{
	struct fg_plan *p = fg_plan_new();
	struct fg_unit *a = fg_plan_add_unit(p, "A");
	struct fg_unit *b = fg_plan_add_unit(p, "B");
	fg_unit_add_member(p, a, "B");
	fg_unit_add_member(p, b, "A");
	size_t order[2];
	fg_plan_unit_order(p, order, NULL);
	ck_assert(order[0] != order[1]);
	fg_plan_free(p);
}
END_TEST

START_TEST(a_member_row_via_a_unit_that_does_not_list_it_is_refused)
{
	char *text = members_plan();
	char *bad = test_malloc(strlen(text) + 64);
	const char *at = strstr(text, "        via: 各区人民政府\n");
	sprintf(bad, "%.*s        via: 市发改委\n%s", (int)(at - text), text, at + strlen("        via: 各区人民政府\n"));
	char first[400];
	load_refused(bad, strlen(bad), first, sizeof first);
	ck_assert_msg(strstr(first, "葛店经开区管委会 is not among 市发改委's members") != NULL, "%s", first);
	free(bad);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("vocabulary");
	tcase_add_test(tc, status_names_round_trip_in_vocabulary_order);
	tcase_add_test(tc, status_parse_refuses_unknown_words_and_other_case);
	tcase_add_test(tc, roles_are_lead_and_co_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("rollup");
	tcase_add_test(tc, rollup_no_assignments_is_not_started);
	tcase_add_test(tc, a_members_liaison_cannot_change_a_sibling_members_row);
	tcase_add_test(tc, the_umbrella_rolls_up_from_its_members_rows);
	tcase_add_test(tc, a_member_row_via_a_unit_that_does_not_list_it_is_refused);
	tcase_add_test(tc, an_umbrellas_counts_are_its_roll_up_once_per_measure);
	tcase_add_test(tc, the_counts_total_counts_each_row_once);
	tcase_add_test(tc, unit_order_puts_registered_members_under_their_umbrella);
	tcase_add_test(tc, unit_order_survives_umbrellas_listing_each_other);
	tcase_add_test(tc, rollup_every_assignment_done_is_done);
	tcase_add_test(tc, rollup_any_blocked_is_blocked_even_beside_done_and_delayed);
	tcase_add_test(tc, rollup_any_delayed_without_blocked_is_delayed);
	tcase_add_test(tc, rollup_in_progress_or_some_done_is_in_progress);
	tcase_add_test(tc, rollup_all_not_started_is_not_started);
	tcase_add_test(tc, done_count_and_overdue_follow_the_rollup);
	suite_add_tcase(s, tc);

	tc = tcase_create("units");
	tcase_add_test(tc, unit_index_finds_names_and_aliases);
	tcase_add_test(tc, unit_match_by_name_selects_that_unit_only);
	tcase_add_test(tc, unit_match_by_alias_selects_the_unit);
	tcase_add_test(tc, unit_match_by_member_selects_its_umbrella);
	tcase_add_test(tc, unit_match_of_a_registered_member_selects_it_and_its_umbrella);
	tcase_add_test(tc, unit_match_of_an_unknown_name_selects_nothing);
	tcase_add_test(tc, measure_lookup_by_number_works_out_of_order);
	suite_add_tcase(s, tc);

	tc = tcase_create("filters");
	tcase_add_test(tc, empty_filter_matches_everything);
	tcase_add_test(tc, filter_by_unit_matches_its_assignments_only);
	tcase_add_test(tc, filter_by_member_name_matches_the_umbrella_assignments);
	tcase_add_test(tc, filter_by_role_and_status_must_hold_for_one_assignment);
	tcase_add_test(tc, filter_unit_role_and_status_combine);
	tcase_add_test(tc, filter_status_mask_accepts_any_of_several_statuses);
	tcase_add_test(tc, filter_text_matches_label_title_or_text_and_combines_with_unit);
	tcase_add_test(tc, filter_by_section_selects_its_measures);
	tcase_add_test(tc, filter_status_on_a_measure_without_assignments_uses_its_rollup);
	suite_add_tcase(s, tc);

	tc = tcase_create("edits");
	tcase_add_test(tc, set_changes_the_assignment_and_fills_updated_and_by);
	tcase_add_test(tc, set_without_a_note_keeps_the_note);
	tcase_add_test(tc, set_that_changes_nothing_records_nothing);
	tcase_add_test(tc, set_is_refused_in_read_only_mode);
	tcase_add_test(tc, set_by_a_liaison_is_refused_on_another_units_assignment);
	tcase_add_test(tc, set_by_a_member_liaison_may_edit_the_umbrella_assignment);
	tcase_add_test(tc, set_refuses_a_note_that_is_not_utf8_or_too_long);
	tcase_add_test(tc, undo_and_redo_walk_the_journal);
	tcase_add_test(tc, a_grouped_bulk_edit_is_undone_and_redone_as_one_step);
	tcase_add_test(tc, iso8601_writes_local_time_with_offset);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
