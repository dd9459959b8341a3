/* Unit suite `status`: the status table (FG_STATUSES in fengong/plan.h) is
 * complete for every row, so adding a status is one row + its translation.
 * FG_PO is the build tree's catalogue directory (po/). */
#include <libintl.h>
#include <locale.h>

#include "testlib.h"

START_TEST(every_status_has_a_key_that_parses_back_to_it)
{
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		const char *key = fg_statuses[s].key;
		ck_assert_ptr_nonnull(key);
		ck_assert_msg(*key, "status %d has no key", s);
		for (const char *c = key; *c; c++)
			ck_assert_msg((*c >= 'a' && *c <= 'z') || *c == '_', "key %s is not lower-case ASCII", key);
		enum fg_status back;
		ck_assert(fg_status_parse(key, &back));
		ck_assert_int_eq(back, s);
		ck_assert_str_eq(fg_status_name((enum fg_status)s), key);
		ck_assert_msg(strstr(fg_status_list(), key), "fg_status_list lacks %s", key);
	}
}
END_TEST

START_TEST(every_status_has_an_english_and_a_chinese_label)
{
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		const struct fg_status_def *d = &fg_statuses[s];
		ck_assert_msg(d->en && *d->en, "%s has no English label", d->key);
		ck_assert_msg(d->zh && *d->zh, "%s has no Chinese label", d->key);
		/* Chinese: at least one CJK ideograph */
		uint32_t cp;
		ck_assert(fg_utf8_decode(d->zh, strlen(d->zh), &cp) > 0);
		ck_assert_msg(cp >= 0x4E00 && cp <= 0x9FFF, "%s's Chinese label %s starts with U+%04X", d->key, d->zh,
			      (unsigned)cp);
	}
}
END_TEST

START_TEST(the_catalogue_translates_every_label_to_the_table_s_chinese)
{
	if (!setlocale(LC_ALL, "zh_CN.UTF-8"))
		ck_abort_msg("the zh_CN.UTF-8 locale is missing (.ci/setup generates it)");
	bindtextdomain("fengong", FG_PO);
	bind_textdomain_codeset("fengong", "UTF-8");
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		const char *tr = dgettext("fengong", fg_statuses[s].en);
		ck_assert_msg(strcmp(tr, fg_statuses[s].zh) == 0, "po/zh_CN.po: \"%s\" is \"%s\", the table says \"%s\"",
			      fg_statuses[s].en, tr, fg_statuses[s].zh);
	}
	setlocale(LC_ALL, "C");
}
END_TEST

START_TEST(every_status_has_a_one_cell_glyph_of_its_own)
{
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		const char *g = fg_statuses[s].glyph;
		ck_assert_msg(g && *g, "%s has no glyph", fg_statuses[s].key);
		ck_assert_msg(fg_text_width(g) == 1, "%s's glyph %s is %d cells", fg_statuses[s].key, g, fg_text_width(g));
		for (int o = 0; o < s; o++)
			ck_assert_msg(strcmp(g, fg_statuses[o].glyph) != 0, "%s and %s share a glyph", fg_statuses[s].key,
				      fg_statuses[o].key);
	}
}
END_TEST

START_TEST(every_status_has_the_menu_digit_of_its_place)
{
	/* the TUI's status menu picks item i with digit 1 + i */
	ck_assert_int_le(FG_STATUS_COUNT, 9);
	for (int s = 0; s < FG_STATUS_COUNT; s++)
		ck_assert_int_eq(fg_statuses[s].digit, '1' + s);
}
END_TEST

START_TEST(bar_positions_are_a_permutation_and_lights_are_lights)
{
	bool seen[FG_STATUS_COUNT] = {false};
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		int b = fg_statuses[s].bar;
		ck_assert(b >= 0 && b < FG_STATUS_COUNT && !seen[b]);
		seen[b] = true;
		ck_assert_int_eq(fg_statuses[fg_status_in_bar_order(b)].bar, b);
		ck_assert((unsigned)fg_statuses[s].light < FG_LIGHT_COUNT);
		ck_assert((unsigned)fg_statuses[s].as < FG_STATUS_COUNT);
	}
}
END_TEST

START_TEST(a_measure_all_in_one_status_rolls_up_to_it)
{
	for (int s = 0; s < FG_STATUS_COUNT; s++) {
		struct fg_plan *p = fg_plan_new();
		fg_plan_add_unit(p, "甲");
		fg_plan_add_unit(p, "乙");
		struct fg_measure *m = fg_plan_add_measure(p, 1, "(一)", "", "t", "x");
		fg_measure_add_assignment(p, m, "甲", FG_ROLE_LEAD)->status = (enum fg_status)s;
		fg_measure_add_assignment(p, m, "乙", FG_ROLE_CO)->status = (enum fg_status)s;
		ck_assert_int_eq(fg_measure_rollup(m), s);
		fg_plan_free(p);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("table");
	tcase_add_test(tc, every_status_has_a_key_that_parses_back_to_it);
	tcase_add_test(tc, every_status_has_an_english_and_a_chinese_label);
	tcase_add_test(tc, the_catalogue_translates_every_label_to_the_table_s_chinese);
	tcase_add_test(tc, every_status_has_a_one_cell_glyph_of_its_own);
	tcase_add_test(tc, every_status_has_the_menu_digit_of_its_place);
	tcase_add_test(tc, bar_positions_are_a_permutation_and_lights_are_lights);
	tcase_add_test(tc, a_measure_all_in_one_status_rolls_up_to_it);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
