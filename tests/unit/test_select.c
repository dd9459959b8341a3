/* fg_plan_select: the same answers as fg_filter_match_measure, from an index
 * that follows every edit. */
#include "testlib.h"

/* Every measure index fg_filter_match_measure accepts, in plan order. */
static size_t select_by_scan(const struct fg_plan *p, const struct fg_filter *f, size_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++)
		if (fg_filter_match_measure(f, &p->measures[i]))
			out[n++] = i;
	return n;
}

static void assert_same_selection(const struct fg_plan *p, const struct fg_filter *f)
{
	size_t a[64], b[64];
	ck_assert_uint_le(p->nmeasures, 64);
	size_t na = fg_plan_select(p, f, a), nb = select_by_scan(p, f, b);
	ck_assert_uint_eq(na, nb);
	for (size_t i = 0; i < na; i++)
		ck_assert_uint_eq(a[i], b[i]);
}

/* The shipped plan: 18 measures, 24 units, three measures without units. */
static struct fg_plan *shipped(void)
{
	struct fg_diag d;
	fg_diag_init(&d, FG_SOURCE_PLAN);
	struct fg_plan *p = fg_plan_load(FG_SOURCE_PLAN, &d);
	ck_assert_msg(p != NULL, "the shipped plan loads");
	fg_diag_free(&d);
	return p;
}

START_TEST(select_agrees_with_the_per_measure_filter_for_every_criterion)
{
	struct fg_plan *p = shipped();
	struct fg_filter f;
	bool *set = calloc(p->nunits, sizeof *set);
	for (size_t u = 0; u < p->nunits; u++)
		for (int role = -1; role < FG_ROLE_COUNT; role++)
			for (unsigned mask = 0; mask < 1u << FG_STATUS_COUNT; mask += 3) {
				fg_filter_init(&f);
				memset(set, 0, p->nunits * sizeof *set);
				set[u] = true;
				f.units = u % 2 ? set : NULL;
				f.role = role;
				f.status_mask = mask;
				f.section = (long)(u % 7) - 1; /* -1 (any) and each section */
				assert_same_selection(p, &f);
			}
	free(set);
	fg_plan_free(p);
}
END_TEST

START_TEST(select_by_member_finds_the_umbrella_units_measures)
{
	struct fg_plan *p = shipped();
	bool *set = calloc(p->nunits, sizeof *set);
	/* the member itself (it has rows of its own) and its umbrella */
	ck_assert_uint_eq(fg_plan_unit_match(p, "葛店经开区管委会", set), 2);
	struct fg_filter f;
	fg_filter_init(&f);
	f.units = set;
	size_t out[32];
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 15); /* 各区人民政府 is in measures 1-15 */
	free(set);
	fg_plan_free(p);
}
END_TEST

START_TEST(a_status_filter_matches_unassigned_measures_by_their_rollup)
{
	struct fg_plan *p = shipped();
	struct fg_filter f;
	fg_filter_init(&f);
	f.status_mask = 1u << FG_STATUS_NOT_STARTED;
	size_t out[32];
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 18);
	f.status_mask = 1u << FG_STATUS_DONE;
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 0);
	fg_plan_free(p);
}
END_TEST

START_TEST(the_index_follows_set_undo_and_redo)
{
	struct fg_plan *p = shipped();
	struct fg_filter f;
	fg_filter_init(&f);
	f.status_mask = 1u << FG_STATUS_IN_PROGRESS;
	size_t out[32];
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 0); /* builds the index */

	struct fg_measure *m = fg_plan_measure(p, 3);
	struct fg_assignment *a = fg_measure_assignment(m, (size_t)fg_plan_unit_index(p, "市税务局"));
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(fg_plan_set(p, m, a, FG_STATUS_IN_PROGRESS, "摸底", NULL, 1764158400, &d));
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 1);
	ck_assert_uint_eq(out[0], 2);
	ck_assert(fg_plan_undo(p));
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 0);
	ck_assert(fg_plan_redo(p));
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 1);
	assert_same_selection(p, &f);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(the_index_follows_measures_added_after_it_was_built)
{
	struct fg_plan *p = shipped();
	struct fg_filter f;
	fg_filter_init(&f);
	bool *set = calloc(p->nunits, sizeof *set);
	fg_plan_unit_match(p, "市水利局", set);
	f.units = set;
	size_t out[32];
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 1); /* measure 7 */
	struct fg_measure *m = fg_plan_add_measure(p, 19, "(十九)", "七", "新增措施", "新增措施。");
	fg_measure_add_assignment(p, m, "市水利局", FG_ROLE_LEAD);
	ck_assert_uint_eq(fg_plan_select(p, &f, out), 2);
	ck_assert_uint_eq(out[1], 18);
	free(set);
	fg_plan_free(p);
}
END_TEST

START_TEST(text_search_agrees_with_the_per_measure_filter)
{
	struct fg_plan *p = shipped();
	static const char *const words[] = {"创新", "(十", "gdp", "GDP", "ai+", "不存在的词", "。", "(一)", NULL};
	struct fg_filter f;
	for (int w = 0; words[w]; w++) {
		fg_filter_init(&f);
		f.text = words[w];
		assert_same_selection(p, &f);
		for (size_t i = 0; i < p->nmeasures; i++)
			ck_assert_int_eq(fg_plan_text_match(p, i, words[w]), fg_filter_match_measure(&f, &p->measures[i]));
	}
	/* a field boundary is not text: no match across the end of a title */
	const struct fg_measure *m = fg_plan_measure(p, 1);
	char across[64];
	snprintf(across, sizeof across, "%s%s", m->title + strlen(m->title) - 3, m->text);
	ck_assert(!fg_plan_text_match(p, 0, across));
	fg_plan_free(p);
}
END_TEST

START_TEST(text_search_sees_measures_added_after_it_was_built)
{
	struct fg_plan *p = shipped();
	ck_assert(!fg_plan_text_match(p, 0, "独一无二"));
	fg_plan_add_measure(p, 19, "(十九)", "七", "独一无二的措施", "独一无二的措施。");
	ck_assert(fg_plan_text_match(p, 18, "独一无二"));
	fg_plan_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("select");
	TCase *tc = tcase_create("select");
	tcase_add_test(tc, select_agrees_with_the_per_measure_filter_for_every_criterion);
	tcase_add_test(tc, select_by_member_finds_the_umbrella_units_measures);
	tcase_add_test(tc, a_status_filter_matches_unassigned_measures_by_their_rollup);
	tcase_add_test(tc, the_index_follows_set_undo_and_redo);
	tcase_add_test(tc, the_index_follows_measures_added_after_it_was_built);
	tcase_add_test(tc, text_search_agrees_with_the_per_measure_filter);
	tcase_add_test(tc, text_search_sees_measures_added_after_it_was_built);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
