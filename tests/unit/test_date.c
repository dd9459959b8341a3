/* fengong/date.h: one strict reading of YYYY-MM-DD. */
#include "testlib.h"

#include "fengong/date.h"

START_TEST(real_calendar_dates_are_dates)
{
	ck_assert(fg_date_valid("2024-11-07"));
	ck_assert(fg_date_valid("2024-02-29")); /* a leap year */
	ck_assert(fg_date_valid("2000-02-29")); /* divisible by 400 */
	ck_assert(fg_date_valid("2026-12-31"));
	ck_assert(fg_date_valid("2026-04-30"));
}
END_TEST

START_TEST(impossible_days_are_not_dates)
{
	ck_assert(!fg_date_valid("2025-02-29")); /* not a leap year */
	ck_assert(!fg_date_valid("1900-02-29")); /* divisible by 100, not 400 */
	ck_assert(!fg_date_valid("2025-02-30"));
	ck_assert(!fg_date_valid("2026-04-31"));
	ck_assert(!fg_date_valid("2026-13-01"));
	ck_assert(!fg_date_valid("2026-00-10"));
	ck_assert(!fg_date_valid("2026-01-00"));
	ck_assert(!fg_date_valid("0000-01-01"));
}
END_TEST

START_TEST(only_the_written_form_yyyy_mm_dd_is_a_date)
{
	ck_assert(!fg_date_valid("2026-9-1"));
	ck_assert(!fg_date_valid("2026-09-1"));
	ck_assert(!fg_date_valid("26-09-01"));
	ck_assert(!fg_date_valid("2026/09/01"));
	ck_assert(!fg_date_valid("2026-09-01 "));
	ck_assert(!fg_date_valid(" 2026-09-01"));
	ck_assert(!fg_date_valid("2026-09-01T00:00:00+08:00"));
	ck_assert(!fg_date_valid("2026-+9-01"));
	ck_assert(!fg_date_valid(""));
	ck_assert(!fg_date_valid(NULL));
}
END_TEST

START_TEST(dates_compare_as_dates_also_at_the_start_of_a_timestamp)
{
	ck_assert_int_lt(fg_date_cmp("2026-09-01", "2026-10-01"), 0);
	ck_assert_int_gt(fg_date_cmp("2027-01-01", "2026-12-31"), 0);
	ck_assert_int_eq(fg_date_cmp("2026-11-26T20:00:00+08:00", "2026-11-26"), 0);
	ck_assert_int_lt(fg_date_cmp("2026-11-25T23:59:59+08:00", "2026-11-26"), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("date");
	TCase *tc = tcase_create("date");
	tcase_add_test(tc, real_calendar_dates_are_dates);
	tcase_add_test(tc, impossible_days_are_not_dates);
	tcase_add_test(tc, only_the_written_form_yyyy_mm_dd_is_a_date);
	tcase_add_test(tc, dates_compare_as_dates_also_at_the_start_of_a_timestamp);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
