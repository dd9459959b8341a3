/* Unit suite `text`: UTF-8, display widths, fitting, escaping, wrapping. */
#include "testlib.h"

/* ------------------------------------------------------------ helpers */

static bool valid_utf8(const char *s)
{
	return fg_utf8_invalid(s, strlen(s)) == (size_t)-1;
}

static bool has_raw_control(const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = fg_utf8_decode(s + i, len - i, &cp);
		if (!n || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return true;
		i += n;
	}
	return false;
}

/* ------------------------------------------------------------ UTF-8 */

START_TEST(decode_reads_one_to_four_byte_characters)
{
	uint32_t cp;
	ck_assert_uint_eq(fg_utf8_decode("A", 1, &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(fg_utf8_decode("\xc3\xa9", 2, &cp), 2);
	ck_assert_uint_eq(cp, 0xE9);
	ck_assert_uint_eq(fg_utf8_decode("中", 3, &cp), 3);
	ck_assert_uint_eq(cp, 0x4E2D);
	ck_assert_uint_eq(fg_utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	ck_assert_uint_eq(cp, 0x1F600);
}
END_TEST

START_TEST(decode_refuses_overlong_surrogate_truncated_and_stray_bytes)
{
	uint32_t cp;
	ck_assert_uint_eq(fg_utf8_decode("\xc0\xaf", 2, &cp), 0);         /* overlong '/' */
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert_uint_eq(fg_utf8_decode("\xed\xa0\x80", 3, &cp), 0);     /* surrogate D800 */
	ck_assert_uint_eq(fg_utf8_decode("\xe4\xb8", 2, &cp), 0);         /* cut short */
	ck_assert_uint_eq(fg_utf8_decode("\x80", 1, &cp), 0);             /* continuation byte */
	ck_assert_uint_eq(fg_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
	ck_assert_uint_eq(fg_utf8_decode("\xff", 1, &cp), 0);
}
END_TEST

START_TEST(encode_then_decode_round_trips)
{
	static const uint32_t cps[] = {0x24, 0xA2, 0x939, 0x20AC, 0xD55C, 0x10348, 0x4E2D, 0x10FFFF};
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char buf[4];
		uint32_t back;
		size_t n = fg_utf8_encode(cps[i], buf);
		ck_assert_uint_eq(fg_utf8_decode(buf, n, &back), n);
		ck_assert_uint_eq(back, cps[i]);
	}
}
END_TEST

START_TEST(invalid_reports_the_offset_of_the_first_bad_byte)
{
	ck_assert_uint_eq(fg_utf8_invalid("中文", 6), (size_t)-1);
	ck_assert_uint_eq(fg_utf8_invalid("中\xe9文", 7), 3);
	ck_assert_uint_eq(fg_utf8_invalid("ab\xe4\xb8", 4), 2); /* a character cut at the end */
}
END_TEST

/* ------------------------------------------------------------ widths */

START_TEST(width_of_ascii_is_one_cell_per_character)
{
	ck_assert_int_eq(fg_text_width("lead"), 4);
	ck_assert_int_eq(fg_text_width(""), 0);
	ck_assert_int_eq(fg_text_width(NULL), 0);
}
END_TEST

START_TEST(width_of_cjk_is_two_cells_per_character)
{
	ck_assert_int_eq(fg_text_width("市科技局"), 8);
	ck_assert_int_eq(fg_text_width("鄂州政办发〔2024〕24号"), 22); /* 〔 〕 are wide too */
	ck_assert_int_eq(fg_text_width("(一)"), 4);                    /* ASCII parentheses */
	ck_assert_int_eq(fg_text_width("，。、"), 6);                  /* CJK punctuation */
	ck_assert_int_eq(fg_text_width("ＡＢ"), 4);                    /* fullwidth Latin */
}
END_TEST

START_TEST(width_of_a_combining_mark_is_zero)
{
	ck_assert_int_eq(fg_text_width("e\xcc\x81"), 1); /* e + U+0301 */
}
END_TEST

START_TEST(width_counts_control_characters_as_their_escapes)
{
	ck_assert_int_eq(fg_text_width("\x1b"), 4);     /* \x1b */
	ck_assert_int_eq(fg_text_width("a\nb"), 4);     /* a\nb */
	ck_assert_int_eq(fg_text_width("\t"), 2);       /* \t */
	ck_assert_int_eq(fg_text_width("\x7f"), 4);     /* DEL */
	ck_assert_int_eq(fg_text_width("\xc2\x9b"), 4); /* C1 CSI U+009B */
	ck_assert_int_eq(fg_text_width("\xe9"), 4);     /* an invalid byte */
}
END_TEST

/* ------------------------------------------------------------ fit */

START_TEST(fit_keeps_text_that_fits_unchanged)
{
	char out[64];
	ck_assert_int_eq(fg_text_fit("市科技局", 8, false, out, sizeof out), 8);
	ck_assert_str_eq(out, "市科技局");
}
END_TEST

START_TEST(fit_pads_to_exactly_the_width)
{
	char out[64];
	ck_assert_int_eq(fg_text_fit("市科技局", 12, true, out, sizeof out), 12);
	ck_assert_str_eq(out, "市科技局    ");
	ck_assert_int_eq(fg_text_fit_right("42", 5, out, sizeof out), 5);
	ck_assert_str_eq(out, "   42");
}
END_TEST

START_TEST(fit_cuts_at_a_character_boundary_and_marks_the_cut)
{
	char out[64];
	ck_assert_int_eq(fg_text_fit("市科技局", 7, false, out, sizeof out), 7);
	ck_assert_str_eq(out, "市科技…");
	/* 6 cells: 市科 (4) + … leaves one cell that half a character cannot use */
	ck_assert_int_eq(fg_text_fit("市科技局", 6, true, out, sizeof out), 6);
	ck_assert_str_eq(out, "市科… ");
	ck_assert_int_eq(fg_text_fit("市科技局", 6, false, out, sizeof out), 5);
	ck_assert_str_eq(out, "市科…");
}
END_TEST

START_TEST(fit_never_splits_a_character_at_any_width)
{
	static const char *const samples[] = {
		"统筹推进全域创新。全力推进光谷科技创新大走廊鄂州功能区建设",
		"mixed 中文 and ASCII, 〔2024〕24号",
		"e\xcc\x81t\xc3\xa9 \xf0\x9f\x98\x80 done",
		"ctl\x1b[31m红\x1b[0m\ttab",
	};
	for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++)
		for (int w = 0; w <= 70; w++) {
			char out[512];
			int used = fg_text_fit(samples[s], w, false, out, sizeof out);
			ck_assert_msg(valid_utf8(out), "sample %zu cut inside a character at width %d", s, w);
			ck_assert_msg(used <= w, "sample %zu at width %d used %d cells", s, w, used);
			ck_assert_int_eq(fg_text_width(out), used);
			ck_assert(!has_raw_control(out));
			used = fg_text_fit(samples[s], w, true, out, sizeof out);
			ck_assert_int_eq(used, w);
			ck_assert_int_eq(fg_text_width(out), w);
		}
}
END_TEST

START_TEST(fit_never_overflows_a_small_buffer)
{
	char out[8];
	memset(out, 'Z', sizeof out);
	fg_text_fit("市科技局市科技局市科技局", 100, true, out, sizeof out);
	ck_assert(memchr(out, 0, sizeof out) != NULL);
	ck_assert(valid_utf8(out));
}
END_TEST

START_TEST(fit_escapes_esc_newline_tab_del_and_c1_controls)
{
	char out[128];
	fg_text_fit("a\x1b[31mb", 40, false, out, sizeof out);
	ck_assert_str_eq(out, "a\\x1b[31mb");
	fg_text_fit("一\n二\t三", 40, false, out, sizeof out);
	ck_assert_str_eq(out, "一\\n二\\t三");
	fg_text_fit("\x7f\xc2\x9b\x07", 40, false, out, sizeof out);
	ck_assert_str_eq(out, "\\x7f\\x9b\\x07");
	fg_text_fit("bad\xe9", 40, false, out, sizeof out);
	ck_assert_str_eq(out, "bad\\xe9");
}
END_TEST

START_TEST(fit_never_cuts_inside_an_escape)
{
	char out[64];
	/* "\x1b\x1b" is 8 cells; at 6 only one escape and the mark fit */
	ck_assert_int_eq(fg_text_fit("\x1b\x1b", 6, false, out, sizeof out), 5);
	ck_assert_str_eq(out, "\\x1b…");
	ck_assert_int_eq(fg_text_fit("\x1b\x1b", 3, false, out, sizeof out), 1);
	ck_assert_str_eq(out, "…");
}
END_TEST

/* ------------------------------------------------------------ wrap */

struct lines {
	char text[16][256];
	size_t n;
};

static void collect(const char *line, size_t len, void *ctx)
{
	struct lines *l = ctx;
	ck_assert_uint_lt(l->n, 16);
	ck_assert_uint_lt(len, 256);
	memcpy(l->text[l->n], line, len);
	l->text[l->n++][len] = 0;
}

START_TEST(wrap_breaks_cjk_between_characters_within_the_width)
{
	struct lines l = {0};
	ck_assert_uint_eq(fg_text_wrap("统筹推进全域创新。全力推进", 8, collect, &l), 4);
	ck_assert_str_eq(l.text[0], "统筹推进");
	ck_assert_str_eq(l.text[1], "全域创新");
	ck_assert_str_eq(l.text[2], "。全力推");
	ck_assert_str_eq(l.text[3], "进");
}
END_TEST

START_TEST(wrap_prefers_to_break_after_a_space)
{
	struct lines l = {0};
	ck_assert_uint_eq(fg_text_wrap("one two three", 9, collect, &l), 2);
	ck_assert_str_eq(l.text[0], "one two ");
	ck_assert_str_eq(l.text[1], "three");
}
END_TEST

START_TEST(wrap_keeps_a_wide_character_whole_when_one_cell_is_left)
{
	struct lines l = {0};
	fg_text_wrap("a中文", 2, collect, &l);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.text[0], "a");
	ck_assert_str_eq(l.text[1], "中");
	ck_assert_str_eq(l.text[2], "文");
}
END_TEST

START_TEST(wrap_starts_a_new_line_at_each_newline)
{
	struct lines l = {0};
	ck_assert_uint_eq(fg_text_wrap("一\n二", 40, collect, &l), 2);
	ck_assert_str_eq(l.text[0], "一");
	ck_assert_str_eq(l.text[1], "二");
}
END_TEST

START_TEST(find_is_a_substring_search_ignoring_ascii_case)
{
	ck_assert_ptr_nonnull(fg_text_find("统筹推进全域创新", "全域"));
	ck_assert_ptr_nonnull(fg_text_find("AI+生命健康", "ai+"));
	ck_assert_ptr_null(fg_text_find("统筹推进", "创新"));
	ck_assert_ptr_nonnull(fg_text_find("x", ""));
}
END_TEST

/* ------------------------------------------------------------ escaping (issue 13) */

struct sink {
	char s[512];
	size_t n;
};

static void sink_put(const char *s, size_t len, void *ctx)
{
	struct sink *k = ctx;
	ck_assert_uint_lt(k->n + len, sizeof k->s);
	memcpy(k->s + k->n, s, len);
	k->n += len;
	k->s[k->n] = 0;
}

static const char *escaped(const char *s, enum fg_escape how)
{
	static struct sink k;
	k.n = 0;
	k.s[0] = 0;
	fg_text_escape(s, strlen(s), how, sink_put, &k);
	return k.s;
}

START_TEST(fit_shows_bidi_and_invisible_characters_as_code_points)
{
	char out[128];
	int w = fg_text_fit("付\u202e款\u200b\ufeff", 40, false, out, sizeof out);
	ck_assert_str_eq(out, "付<U+202E>款<U+200B><U+FEFF>");
	ck_assert_int_eq(w, 2 + 8 + 2 + 8 + 8);
	ck_assert_int_eq(fg_text_width("\u2066"), 8);
	ck_assert_int_eq(fg_text_width("\U000E0041"), 9);
}
END_TEST

START_TEST(fit_stays_within_the_width_when_zero_width_marks_fill_the_buffer)
{
	char s[1200] = "aaaaa";
	for (int i = 0; i < 300; i++)
		strcat(s, "\xcc\x81"); /* U+0301 */
	char out[76];
	int w = fg_text_fit(s, 5, false, out, sizeof out);
	ck_assert_int_le(w, 5);
	ck_assert_int_eq(fg_text_width(out), w);
}
END_TEST

START_TEST(show_escapes_osc_sequences_for_a_terminal)
{
	char out[64];
	ck_assert_str_eq(fg_text_show("N\x1b]52;c;SGk=\a", out, sizeof out), "N\\x1b]52;c;SGk=\\x07");
	ck_assert_str_eq(escaped("N\x1b]0;t\a\u202e\xff", FG_ESC_SHOW), "N\\x1b]0;t\\x07<U+202E>\\xff");
}
END_TEST

START_TEST(tsv_escapes_c1_controls_and_keeps_other_text)
{
	ck_assert_str_eq(escaped("a\tb\nc\rd\\e\xc2\x9b" "31m\xc2\x85\x7f", FG_ESC_TSV),
			 "a\\tb\\nc\\rd\\\\e\\x9b31m\\x85\\x7f");
	ck_assert_str_eq(escaped("市科技局\u202e", FG_ESC_TSV), "市科技局\u202e");
}
END_TEST

START_TEST(csv_prefixes_formula_cells_with_a_quote_mark)
{
	ck_assert_str_eq(escaped("=HYPERLINK(\"http://evil\",\"x\")", FG_ESC_CSV),
			 "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
	ck_assert_str_eq(escaped("+1", FG_ESC_CSV), "\"'+1\"");
	ck_assert_str_eq(escaped("-1", FG_ESC_CSV), "\"'-1\"");
	ck_assert_str_eq(escaped("@SUM(1)", FG_ESC_CSV), "\"'@SUM(1)\"");
	ck_assert_str_eq(escaped("\tx", FG_ESC_CSV), "\"'\tx\"");
	ck_assert_str_eq(escaped("\rx", FG_ESC_CSV), "\"'\rx\"");
	ck_assert_str_eq(escaped("  =1", FG_ESC_CSV), "\"'  =1\"");
	ck_assert_str_eq(escaped("\u3000\uff1d1", FG_ESC_CSV), "\"'\u3000\uff1d1\"");
	ck_assert_str_eq(escaped("已完成 = 100%", FG_ESC_CSV), "已完成 = 100%");
	ck_assert_str_eq(escaped("a,b", FG_ESC_CSV), "\"a,b\"");
}
END_TEST

START_TEST(csv_on_a_terminal_escapes_cr_and_keeps_line_breaks)
{
	ck_assert_str_eq(escaped("批准\r已撤销\n下行\x1b[8m\u202e", FG_ESC_CSV_SHOW),
			 "\"批准\\x0d已撤销\n下行\\x1b[8m<U+202E>\"");
	ck_assert_str_eq(escaped("=1", FG_ESC_CSV_SHOW), "\"'=1\"");
}
END_TEST

START_TEST(invisible_characters_are_found_and_named)
{
	uint32_t cp = 0;
	ck_assert_uint_eq(fg_text_find_invisible("市发改委\u202e局", strlen("市发改委\u202e局"), &cp), 12);
	ck_assert_uint_eq(cp, 0x202E);
	ck_assert_str_eq(fg_cp_invisible_name(0x202E), "right-to-left override");
	ck_assert_uint_eq(fg_text_find_invisible("市发改委", strlen("市发改委"), NULL), (size_t)-1);
	ck_assert(!fg_cp_invisible(0xFE0F)); /* variation selectors are part of the text */
	ck_assert_ptr_null(fg_cp_invisible_name('a'));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("utf8");
	tcase_add_test(tc, decode_reads_one_to_four_byte_characters);
	tcase_add_test(tc, decode_refuses_overlong_surrogate_truncated_and_stray_bytes);
	tcase_add_test(tc, encode_then_decode_round_trips);
	tcase_add_test(tc, invalid_reports_the_offset_of_the_first_bad_byte);
	suite_add_tcase(s, tc);

	tc = tcase_create("width");
	tcase_add_test(tc, width_of_ascii_is_one_cell_per_character);
	tcase_add_test(tc, width_of_cjk_is_two_cells_per_character);
	tcase_add_test(tc, width_of_a_combining_mark_is_zero);
	tcase_add_test(tc, width_counts_control_characters_as_their_escapes);
	suite_add_tcase(s, tc);

	tc = tcase_create("fit");
	tcase_add_test(tc, fit_keeps_text_that_fits_unchanged);
	tcase_add_test(tc, fit_pads_to_exactly_the_width);
	tcase_add_test(tc, fit_cuts_at_a_character_boundary_and_marks_the_cut);
	tcase_add_test(tc, fit_never_splits_a_character_at_any_width);
	tcase_add_test(tc, fit_never_overflows_a_small_buffer);
	tcase_add_test(tc, fit_escapes_esc_newline_tab_del_and_c1_controls);
	tcase_add_test(tc, fit_never_cuts_inside_an_escape);
	suite_add_tcase(s, tc);

	tc = tcase_create("wrap");
	tcase_add_test(tc, wrap_breaks_cjk_between_characters_within_the_width);
	tcase_add_test(tc, wrap_prefers_to_break_after_a_space);
	tcase_add_test(tc, wrap_keeps_a_wide_character_whole_when_one_cell_is_left);
	tcase_add_test(tc, wrap_starts_a_new_line_at_each_newline);
	tcase_add_test(tc, find_is_a_substring_search_ignoring_ascii_case);
	suite_add_tcase(s, tc);

	tc = tcase_create("escape");
	tcase_add_test(tc, fit_shows_bidi_and_invisible_characters_as_code_points);
	tcase_add_test(tc, fit_stays_within_the_width_when_zero_width_marks_fill_the_buffer);
	tcase_add_test(tc, show_escapes_osc_sequences_for_a_terminal);
	tcase_add_test(tc, tsv_escapes_c1_controls_and_keeps_other_text);
	tcase_add_test(tc, csv_prefixes_formula_cells_with_a_quote_mark);
	tcase_add_test(tc, csv_on_a_terminal_escapes_cr_and_keeps_line_breaks);
	tcase_add_test(tc, invisible_characters_are_found_and_named);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
