/* Unit suite `parse`: what users type — statuses and roles in Chinese,
 * measure references by number or label, unit names in part. */
#include "testlib.h"

static int ref(const char *s)
{
	int n = -1;
	bool label;
	return fg_measure_ref_parse(s, &n, &label) ? n : -1;
}

/* ------------------------------------------------------------ vocabulary */

START_TEST(status_input_takes_the_keyword_or_its_chinese_label)
{
	static const char *const key[] = {"not_started", "in_progress", "done", "delayed", "blocked", "submitted"};
	static const char *const zh[] = {"未启动", "推进中", "已完成", "滞后", "受阻", "待销号"};
	ck_assert_int_eq(FG_STATUS_COUNT, sizeof key / sizeof *key);
	for (int i = 0; i < FG_STATUS_COUNT; i++) {
		enum fg_status s = FG_STATUS_COUNT;
		ck_assert(fg_status_input(key[i], &s) && s == (enum fg_status)i);
		s = FG_STATUS_COUNT;
		ck_assert(fg_status_input(zh[i], &s) && s == (enum fg_status)i);
	}
}
END_TEST

START_TEST(status_input_refuses_other_words_and_the_file_reader_stays_english)
{
	enum fg_status s;
	ck_assert(!fg_status_input("finished", &s));
	ck_assert(!fg_status_input("推进", &s));
	ck_assert(!fg_status_input("", &s));
	ck_assert(fg_status_input(" 滞后 ", &s) && s == FG_STATUS_DELAYED);
	ck_assert(!fg_status_parse("推进中", &s)); /* the YAML keeps its English values */
}
END_TEST

START_TEST(role_input_takes_lead_co_and_qiantou_peihe)
{
	enum fg_role r;
	ck_assert(fg_role_input("牵头", &r) && r == FG_ROLE_LEAD);
	ck_assert(fg_role_input("配合", &r) && r == FG_ROLE_CO);
	ck_assert(fg_role_input("牵头单位", &r) && r == FG_ROLE_LEAD);
	ck_assert(fg_role_input("co", &r) && r == FG_ROLE_CO);
	ck_assert(!fg_role_input("负责", &r));
	ck_assert(!fg_role_parse("牵头", &r));
}
END_TEST

/* ------------------------------------------------------------ measure references */

START_TEST(measure_ref_reads_numbers_in_either_width)
{
	ck_assert_int_eq(ref("3"), 3);
	ck_assert_int_eq(ref("18"), 18);
	ck_assert_int_eq(ref("１２"), 12);
	ck_assert_int_eq(ref("0"), -1);
	ck_assert_int_eq(ref("4294967299"), -1);
	ck_assert_int_eq(ref("3a"), -1);
	ck_assert_int_eq(ref(""), -1);
}
END_TEST

START_TEST(measure_ref_reads_chinese_numerals_one_to_beyond_eighteen)
{
	static const char *const zh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
					 "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"};
	for (int i = 0; i < 20; i++)
		ck_assert_int_eq(ref(zh[i]), i + 1);
	ck_assert_int_eq(ref("二十一"), 21);
	ck_assert_int_eq(ref("九十九"), 99);
	ck_assert_int_eq(ref("一百"), 100);
	ck_assert_int_eq(ref("一百零五"), 105);
	ck_assert_int_eq(ref("一百一十"), 110);
	ck_assert_int_eq(ref("两千零二十四"), 2024);
}
END_TEST

START_TEST(measure_ref_refuses_malformed_numerals)
{
	ck_assert_int_eq(ref("一一"), -1);
	ck_assert_int_eq(ref("十十"), -1);
	ck_assert_int_eq(ref("零"), -1);
	ck_assert_int_eq(ref("百"), -1);
	ck_assert_int_eq(ref("一百五"), -1); /* 150 in speech, 105 in print */
	ck_assert_int_eq(ref("三个"), -1);
	ck_assert_int_eq(ref("十一十"), -1);
}
END_TEST

START_TEST(measure_ref_reads_labels_in_half_or_full_width_brackets)
{
	int n;
	bool label = false;
	ck_assert(fg_measure_ref_parse("(三)", &n, &label) && n == 3 && label);
	ck_assert(fg_measure_ref_parse("（三）", &n, &label) && n == 3 && label);
	ck_assert(fg_measure_ref_parse("（十八)", &n, &label) && n == 18 && label);
	ck_assert(fg_measure_ref_parse("(3)", &n, &label) && n == 3 && label);
	ck_assert(fg_measure_ref_parse("3", &n, &label) && n == 3 && !label);
	ck_assert(fg_measure_ref_parse("三", &n, &label) && n == 3 && label);
	ck_assert(!fg_measure_ref_parse("(三", &n, &label));
	ck_assert(!fg_measure_ref_parse("()", &n, &label));
}
END_TEST

START_TEST(measure_ref_finds_a_label_by_its_label_not_its_position)
{
	struct fg_plan *p = fg_plan_new();
	fg_plan_add_measure(p, 1, "(一)", "", "a", "a");
	fg_plan_add_measure(p, 7, "(二)", "", "b", "b"); /* numbers and labels need not agree */
	ck_assert_int_eq(fg_plan_measure_ref(p, "二")->number, 7);
	ck_assert_int_eq(fg_plan_measure_ref(p, "（二）")->number, 7);
	ck_assert_int_eq(fg_plan_measure_ref(p, "7")->number, 7);
	ck_assert_ptr_null(fg_plan_measure_ref(p, "2"));
	ck_assert_ptr_null(fg_plan_measure_ref(p, "三"));
	fg_plan_free(p);
}
END_TEST

/* ------------------------------------------------------------ units */

static struct fg_plan *units_plan(void)
{
	struct fg_plan *p = fg_plan_new();
	fg_plan_add_unit(p, "市税务局");
	fg_plan_add_unit(p, "市财政局");
	struct fg_unit *k = fg_plan_add_unit(p, "市科技局");
	fg_unit_add_alias(p, k, "市科学技术局");
	struct fg_unit *all = fg_plan_add_unit(p, "各区人民政府");
	fg_unit_add_member(p, all, "葛店经开区管委会");
	fg_unit_add_member(p, all, "临空经济区管委会");
	return p;
}

START_TEST(unit_resolve_takes_a_unique_part_of_a_name)
{
	struct fg_plan *p = units_plan();
	bool set[4];
	struct fg_unit_lookup r;
	ck_assert_int_eq(fg_plan_unit_resolve(p, "税务", set, &r), FG_UNIT_FOUND);
	ck_assert_str_eq(r.name, "市税务局");
	ck_assert(set[0] && !set[1] && !set[2] && !set[3]);
	fg_unit_lookup_free(&r);
	ck_assert_int_eq(fg_plan_unit_resolve(p, "各区", set, &r), FG_UNIT_FOUND);
	ck_assert_str_eq(r.name, "各区人民政府");
	ck_assert(set[3] && !set[0]);
	fg_unit_lookup_free(&r);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_resolve_takes_a_part_of_an_alias_or_a_member)
{
	struct fg_plan *p = units_plan();
	bool set[4];
	struct fg_unit_lookup r;
	ck_assert_int_eq(fg_plan_unit_resolve(p, "科学技术", set, &r), FG_UNIT_FOUND);
	ck_assert_str_eq(r.name, "市科技局");
	fg_unit_lookup_free(&r);
	ck_assert_int_eq(fg_plan_unit_resolve(p, "葛店", set, &r), FG_UNIT_FOUND);
	ck_assert_str_eq(r.name, "葛店经开区管委会"); /* the member, which selects its umbrella */
	ck_assert(set[3] && !set[0] && !set[1] && !set[2]);
	fg_unit_lookup_free(&r);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_resolve_lists_the_candidates_of_an_ambiguous_part)
{
	struct fg_plan *p = units_plan();
	bool set[4];
	struct fg_unit_lookup r;
	ck_assert_int_eq(fg_plan_unit_resolve(p, "局", set, &r), FG_UNIT_AMBIGUOUS);
	ck_assert_uint_eq(r.ncands, 3);
	ck_assert_str_eq(r.cands[0], "市税务局");
	ck_assert_str_eq(r.cands[1], "市财政局");
	ck_assert_str_eq(r.cands[2], "市科技局");
	ck_assert(!set[0] && !set[1] && !set[2] && !set[3]);
	fg_unit_lookup_free(&r);
	ck_assert_int_eq(fg_plan_unit_resolve(p, "管委会", set, &r), FG_UNIT_AMBIGUOUS);
	ck_assert_uint_eq(r.ncands, 2);
	fg_unit_lookup_free(&r);
	fg_plan_free(p);
}
END_TEST

START_TEST(unit_resolve_prefers_an_exact_name_and_refuses_an_unknown_one)
{
	struct fg_plan *p = fg_plan_new();
	fg_plan_add_unit(p, "市发改委");
	fg_plan_add_unit(p, "市发改委办公室");
	bool set[2];
	struct fg_unit_lookup r;
	ck_assert_int_eq(fg_plan_unit_resolve(p, "市发改委", set, &r), FG_UNIT_FOUND);
	ck_assert(set[0] && !set[1]);
	fg_unit_lookup_free(&r);
	ck_assert_int_eq(fg_plan_unit_resolve(p, "市统计局", set, &r), FG_UNIT_UNKNOWN);
	ck_assert_uint_eq(r.ncands, 0);
	ck_assert_int_eq(fg_plan_unit_resolve(p, "", set, &r), FG_UNIT_UNKNOWN);
	fg_plan_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parse");
	TCase *tc = tcase_create("vocabulary");
	tcase_add_test(tc, status_input_takes_the_keyword_or_its_chinese_label);
	tcase_add_test(tc, status_input_refuses_other_words_and_the_file_reader_stays_english);
	tcase_add_test(tc, role_input_takes_lead_co_and_qiantou_peihe);
	suite_add_tcase(s, tc);
	tc = tcase_create("measures");
	tcase_add_test(tc, measure_ref_reads_numbers_in_either_width);
	tcase_add_test(tc, measure_ref_reads_chinese_numerals_one_to_beyond_eighteen);
	tcase_add_test(tc, measure_ref_refuses_malformed_numerals);
	tcase_add_test(tc, measure_ref_reads_labels_in_half_or_full_width_brackets);
	tcase_add_test(tc, measure_ref_finds_a_label_by_its_label_not_its_position);
	suite_add_tcase(s, tc);
	tc = tcase_create("units");
	tcase_add_test(tc, unit_resolve_takes_a_unique_part_of_a_name);
	tcase_add_test(tc, unit_resolve_takes_a_part_of_an_alias_or_a_member);
	tcase_add_test(tc, unit_resolve_lists_the_candidates_of_an_ambiguous_part);
	tcase_add_test(tc, unit_resolve_prefers_an_exact_name_and_refuses_an_unknown_one);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
