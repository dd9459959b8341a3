/* struct fg_diag: a message is kept whole, however long, and a line cut to
 * a caller's buffer is cut between characters. */
#include "testlib.h"
#include "fengong/text.h"

#include "../../src/core/internal.h" /* fg_utf8_cut_tail */

/* n copies of a three-byte character and an ASCII tail. */
static char *long_chinese(size_t n)
{
	static const char zi[] = "督"; /* 3 bytes in UTF-8 */
	char *s = test_malloc(n * 3 + 8);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * 3, zi, 3);
	memcpy(s + n * 3, " (end)", 7);
	return s;
}

static bool valid_utf8(const char *s)
{
	return fg_utf8_invalid(s, strlen(s)) == (size_t)-1;
}

START_TEST(a_long_chinese_message_is_kept_whole)
{
	char *name = long_chinese(1000); /* 3006 bytes, far over any old cap */
	struct fg_diag d;
	fg_diag_init(&d, "plan.yaml");
	ck_assert(!fg_diag_add(&d, FG_ERR_REFUSED, 3, 7, "单位“%s”未列入单位名录", name));
	ck_assert_uint_eq(d.n, 1);
	char *want = test_malloc(strlen(name) + 64);
	sprintf(want, "单位“%s”未列入单位名录", name);
	ck_assert_str_eq(d.items[0].msg, want);
	ck_assert(valid_utf8(d.items[0].msg));

	char *line = fg_diag_line(&d, 0);
	char *want_line = test_malloc(strlen(want) + 64);
	sprintf(want_line, "plan.yaml:3:7: %s", want);
	ck_assert_str_eq(line, want_line);
	ck_assert(valid_utf8(line));
	free(line);
	free(want_line);
	free(want);
	free(name);
	fg_diag_free(&d);
}
END_TEST

START_TEST(a_buffer_snprintf_cut_ends_between_characters_after_fg_text_cut)
{
	char *name = long_chinese(40);
	size_t wl = strlen(name);
	char buf[400];
	for (size_t len = 1; len <= wl; len++) {
		memset(buf, 'x', sizeof buf);
		snprintf(buf, len, "%s", name); /* cut anywhere, even inside a character */
		fg_text_cut(buf, len);
		size_t n = strlen(buf);
		ck_assert_msg(n < len, "buffer of %zu overrun (%zu bytes)", len, n);
		ck_assert_msg(valid_utf8(buf), "buffer of %zu: cut inside a character: %s", len, buf);
		if (len >= 5)
			ck_assert_msg(n >= 3 && strcmp(buf + n - 3, "…") == 0 && strncmp(buf, name, n - 3) == 0,
				      "buffer of %zu: not a prefix and an ellipsis: %s", len, buf);
	}
	free(name);
}
END_TEST

START_TEST(a_line_cut_to_a_small_buffer_ends_between_characters_with_an_ellipsis)
{
	char *name = long_chinese(40);
	struct fg_diag d;
	fg_diag_init(&d, "计划.yaml");
	fg_diag_add(&d, FG_ERR_INVALID, 12, 0, "%s", name);
	char *whole = fg_diag_line(&d, 0);
	size_t wl = strlen(whole);
	char buf[400];
	for (size_t len = 1; len <= wl + 1; len++) {
		memset(buf, 'x', sizeof buf);
		fg_diag_format(&d, 0, buf, len);
		size_t n = strlen(buf);
		ck_assert_msg(n < len, "buffer of %zu overrun (%zu bytes)", len, n);
		ck_assert_msg(valid_utf8(buf), "buffer of %zu: cut inside a character: %s", len, buf);
		if (len > wl) {
			ck_assert_str_eq(buf, whole); /* it fits: nothing is cut */
			continue;
		}
		if (len >= 5) { /* room for a character and the mark */
			ck_assert_msg(n >= 3 && strcmp(buf + n - 3, "…") == 0, "buffer of %zu: no ellipsis: %s", len, buf);
			ck_assert_msg(strncmp(buf, whole, n - 3) == 0, "buffer of %zu: not a prefix: %s", len, buf);
			ck_assert_msg(n + 3 > len - 1, "buffer of %zu: cut more than one character short (%zu)", len, n);
		}
	}
	free(whole);
	free(name);
	fg_diag_free(&d);
}
END_TEST

START_TEST(a_long_unit_name_survives_whole_in_the_loaders_refusal)
{
	char *name = long_chinese(300);
	const char *at = strstr(small_plan, "      - unit: 市发改委\n");
	ck_assert_ptr_nonnull(at);
	size_t head = (size_t)(at - small_plan) + strlen("      - unit: ");
	size_t tail_at = head + strlen("市发改委");
	char *yaml = test_malloc(strlen(small_plan) + strlen(name) + 8);
	sprintf(yaml, "%.*s\"%s\"%s", (int)head, small_plan, name, small_plan + tail_at);

	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_plan *p = fg_plan_load_buffer("test.yaml", yaml, strlen(yaml), &d);
	ck_assert_ptr_null(p);
	bool whole = false;
	for (size_t i = 0; i < d.n; i++) {
		ck_assert(valid_utf8(d.items[i].msg));
		whole |= strstr(d.items[i].msg, name) != NULL;
	}
	ck_assert_msg(whole, "no message names the unit whole; the first: %s", d.n ? d.items[0].msg : "");
	fg_diag_free(&d);
	free(yaml);
	free(name);
}
END_TEST

START_TEST(a_long_file_name_is_cut_between_characters)
{
	char *path = long_chinese(400); /* 1206 bytes, over the 512 of fg_diag.file */
	struct fg_diag d;
	fg_diag_init(&d, path);
	ck_assert_uint_lt(strlen(d.file), sizeof d.file);
	ck_assert(valid_utf8(d.file));
	ck_assert_int_eq(strncmp(d.file, path, strlen(d.file) - 3), 0);
	fg_diag_free(&d);
	free(path);
}
END_TEST

START_TEST(a_message_cut_by_snprintf_loses_its_incomplete_last_character)
{
	char whole[] = "单位:市税务局"; /* 3-byte characters after "单位:" */
	size_t wl = strlen(whole);
	for (size_t len = 1; len <= wl + 1; len++) {
		char buf[64];
		snprintf(buf, len, "%s", whole);
		fg_utf8_cut_tail(buf);
		ck_assert_msg(valid_utf8(buf), "cut to %zu: still broken: %s", len, buf);
		ck_assert_int_eq(strncmp(buf, whole, strlen(buf)), 0);
		ck_assert_uint_ge(strlen(buf) + 3, len - 1); /* at most one character lost */
	}
	char ascii[] = "abc";
	fg_utf8_cut_tail(ascii);
	ck_assert_str_eq(ascii, "abc");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("diag");
	tcase_add_test(tc, a_long_chinese_message_is_kept_whole);
	tcase_add_test(tc, a_line_cut_to_a_small_buffer_ends_between_characters_with_an_ellipsis);
	tcase_add_test(tc, a_buffer_snprintf_cut_ends_between_characters_after_fg_text_cut);
	tcase_add_test(tc, a_long_unit_name_survives_whole_in_the_loaders_refusal);
	tcase_add_test(tc, a_long_file_name_is_cut_between_characters);
	tcase_add_test(tc, a_message_cut_by_snprintf_loses_its_incomplete_last_character);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
