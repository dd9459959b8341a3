/* Unit suite `load`: the loader accepts valid plans as written and refuses
 * every bad-input fixture (tests/safety/bad) as a whole, at its place. */
#include "testlib.h"

/* ------------------------------------------------------------ helpers */

/* Load fixture NAME.yaml; it must be refused with its first problem at
 * line:col (0 = no place) and a message containing `want`. */
static void expect_refused(const char *name, unsigned line, unsigned col, const char *want)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.yaml", FG_FIXTURES, name);
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_msg(p == NULL, "%s was accepted", name);
	ck_assert_uint_ge(d.n, 1);
	ck_assert_int_eq(d.kind, FG_ERR_INVALID);
	ck_assert_msg(d.items[0].line == line && d.items[0].col == col, "%s: refused at %u:%u, expected %u:%u (%s)", name,
		      d.items[0].line, d.items[0].col, line, col, d.items[0].msg);
	ck_assert_msg(strstr(d.items[0].msg, want) != NULL, "%s: message \"%s\" lacks \"%s\"", name, d.items[0].msg, want);
	fg_diag_free(&d);
}

static char *replace(const char *s, const char *old, const char *new)
{
	const char *at = strstr(s, old);
	ck_assert_msg(at != NULL, "\"%s\" not in the text", old);
	char *r = test_malloc(strlen(s) - strlen(old) + strlen(new) + 1);
	sprintf(r, "%.*s%s%s", (int)(at - s), s, new, at + strlen(old));
	return r;
}

/* small_plan with measure 1's first note written as `yaml` (the value part). */
static struct fg_plan *load_note(const char *yaml)
{
	char line[512];
	snprintf(line, sizeof line, "note: %s\n", yaml);
	char *text = replace(small_plan, "note: \"\"\n", line);
	struct fg_plan *p = load_ok(text);
	free(text);
	return p;
}

/* ------------------------------------------------------------ valid plans */

START_TEST(shipped_plan_loads_with_18_measures_29_units_148_assignments)
{
	struct fg_diag d;
	fg_diag_init(&d, FG_SOURCE_PLAN);
	struct fg_plan *p = fg_plan_load(FG_SOURCE_PLAN, &d);
	ck_assert_msg(p != NULL, "the shipped plan was refused");
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(p->nmeasures, 18);
	ck_assert_uint_eq(p->nunits, 29);
	ck_assert_uint_eq(p->nsections, 6);
	size_t n = 0;
	for (size_t i = 0; i < p->nmeasures; i++) {
		ck_assert_int_eq(p->measures[i].number, (int)i + 1);
		n += p->measures[i].nasg;
	}
	ck_assert_uint_eq(n, 148); /* 各区人民政府 is 15 assignments reported by its 5 members */
	ck_assert_str_eq(p->number, "鄂州政办发〔2024〕24号");
	ck_assert_str_eq(p->date, "2024-11-07");
	for (int m = 16; m <= 18; m++) {
		ck_assert_uint_eq(fg_plan_measure(p, m)->nasg, 0);
		ck_assert_str_ne(fg_plan_measure(p, m)->unassigned, "");
	}
	ck_assert_uint_eq(fg_plan_unit_match(p, "葛店经开区管委会", (bool[29]){0}), 2);
	fg_plan_free(p);
	fg_diag_free(&d);
}
END_TEST

START_TEST(a_plan_with_a_utf8_bom_loads)
{
	char *text = test_malloc(sizeof small_plan + 3);
	memcpy(text, "\xEF\xBB\xBF", 3);
	memcpy(text + 3, small_plan, sizeof small_plan);
	struct fg_plan *p = load_ok(text);
	ck_assert_uint_eq(p->nmeasures, 2);
	ck_assert_str_eq(p->title, "测试方案");
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(a_plan_with_crlf_line_ends_loads)
{
	size_t n = strlen(small_plan);
	char *text = test_malloc(2 * n + 1), *o = text;
	for (size_t i = 0; i < n; i++) {
		if (small_plan[i] == '\n')
			*o++ = '\r';
		*o++ = small_plan[i];
	}
	*o = 0;
	struct fg_plan *p = load_ok(text);
	ck_assert_str_eq(p->measures[0].title, "统筹推进全域创新"); /* no stray \r */
	ck_assert_str_eq(p->measures[0].asg[0].note, "");
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(a_plan_without_a_final_newline_loads)
{
	char *text = strdup(small_plan);
	text[strlen(text) - 1] = 0;
	struct fg_plan *p = load_ok(text);
	ck_assert_uint_eq(p->nmeasures, 2);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(null_tilde_and_empty_values_read_as_empty_strings)
{
	static const char *const nulls[] = {"null", "~", "", "Null", "NULL"};
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++) {
		struct fg_plan *p = load_note(nulls[i]);
		ck_assert_str_eq(p->measures[0].asg[0].note, "");
		fg_plan_free(p);
	}
}
END_TEST

START_TEST(quoted_null_and_tilde_stay_strings)
{
	struct fg_plan *p = load_note("\"null\"");
	ck_assert_str_eq(p->measures[0].asg[0].note, "null");
	fg_plan_free(p);
	p = load_note("'~'");
	ck_assert_str_eq(p->measures[0].asg[0].note, "~");
	fg_plan_free(p);
}
END_TEST

START_TEST(plain_words_that_look_like_booleans_or_numbers_read_as_strings)
{
	static const char *const words[] = {"no", "off", "yes", "true", "1e3", "010", "0x1F", ".inf", "12:30"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		struct fg_plan *p = load_note(words[i]);
		ck_assert_str_eq(p->measures[0].asg[0].note, words[i]);
		fg_plan_free(p);
	}
}
END_TEST

START_TEST(escapes_in_double_quotes_store_control_characters)
{
	struct fg_plan *p = load_note("\"\\e[31m红\\e[0m\\n第二行\\t\\x7f\"");
	ck_assert_str_eq(p->measures[0].asg[0].note, "\x1b[31m红\x1b[0m\n第二行\t\x7f");
	fg_plan_free(p);
}
END_TEST

START_TEST(block_scalars_and_single_quotes_read_as_written)
{
	struct fg_plan *p = load_note("|\n          第一行\n          第二行");
	ck_assert_str_eq(p->measures[0].asg[0].note, "第一行\n第二行\n");
	fg_plan_free(p);
	p = load_note("'it''s'");
	ck_assert_str_eq(p->measures[0].asg[0].note, "it's");
	fg_plan_free(p);
}
END_TEST

START_TEST(a_flow_mapping_assignment_loads)
{
	char *text = replace(small_plan,
			     "      - unit: 市发改委\n        role: co\n        status: not_started\n        note: \"\"\n"
			     "        updated: \"\"\n        by: \"\"\n",
			     "      - {unit: 市发改委, role: co, status: done}\n");
	struct fg_plan *p = load_ok(text);
	ck_assert_int_eq(p->measures[0].asg[1].status, FG_STATUS_DONE);
	ck_assert_str_eq(p->measures[0].asg[1].note, "");
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(keys_in_any_order_load)
{
	char *text = replace(small_plan, "        role: lead\n        status: not_started\n        note: \"\"\n",
			     "        note: 先写\n        status: done\n        role: lead\n");
	struct fg_plan *p = load_ok(text);
	ck_assert_int_eq(p->measures[0].asg[0].status, FG_STATUS_DONE);
	ck_assert_int_eq(p->measures[0].asg[0].role, FG_ROLE_LEAD);
	ck_assert_str_eq(p->measures[0].asg[0].note, "先写");
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(a_plan_with_joint_leads_loads)
{
	char *text = replace(small_plan, "        role: co\n        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n  - number: 2",
			     "        role: lead\n        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n  - number: 2");
	struct fg_plan *p = load_ok(text);
	ck_assert_int_eq(p->measures[0].asg[0].role, FG_ROLE_LEAD);
	ck_assert_int_eq(p->measures[0].asg[1].role, FG_ROLE_LEAD);
	fg_plan_free(p);
	free(text);
}
END_TEST

/* ------------------------------------------------------------ refused fixtures */

START_TEST(refuses_a_yaml_syntax_error)
{
	expect_refused("yaml-syntax-error", 29, 16, "YAML syntax error");
}
END_TEST

START_TEST(refuses_a_tab_in_indentation)
{
	expect_refused("tab-in-indentation", 27, 1, "a tab in indentation");
}
END_TEST

START_TEST(refuses_a_number_that_is_not_a_number)
{
	expect_refused("wrong-type-number", 38, 13, "`number` must be a whole number, not \"two\"");
}
END_TEST

START_TEST(refuses_a_list_where_a_string_belongs)
{
	expect_refused("wrong-type-string", 41, 12, "`title` must be a string, not a sequence");
}
END_TEST

START_TEST(refuses_a_string_where_a_list_belongs)
{
	expect_refused("wrong-type-list", 8, 8, "`units` must be a list");
}
END_TEST

START_TEST(refuses_a_string_where_a_mapping_belongs)
{
	expect_refused("wrong-type-mapping", 32, 9, "an assignment must be a mapping");
}
END_TEST

START_TEST(refuses_a_status_written_as_a_list)
{
	expect_refused("wrong-type-status", 28, 17, "`status` must be a string, not a sequence");
}
END_TEST

START_TEST(refuses_a_role_written_as_a_mapping)
{
	expect_refused("wrong-type-role", 27, 15, "`role` must be a string, not a mapping");
}
END_TEST

START_TEST(refuses_an_unknown_key_and_lists_the_valid_ones)
{
	expect_refused("unknown-key", 29, 9, "unknown key `notes`; valid keys here: unit, role, status, note, updated, by");
}
END_TEST

START_TEST(refuses_an_unknown_status_and_lists_the_valid_ones)
{
	expect_refused("unknown-status", 28, 17,
		       "unknown status \"finished\"; use one of not_started, in_progress, done, delayed, blocked");
}
END_TEST

START_TEST(refuses_an_unknown_role)
{
	expect_refused("unknown-role", 33, 15, "unknown role \"helper\"; use lead or co");
}
END_TEST

START_TEST(refuses_a_unit_not_in_the_registry)
{
	expect_refused("unit-not-in-registry", 32, 9, "unit \"市财政局\" is not in the unit registry");
}
END_TEST

START_TEST(refuses_an_alias_where_the_registry_name_belongs)
{
	expect_refused("unit-alias-in-assignment", 26, 9, "\"市科学技术局\" is an alias of \"市科技局\"");
}
END_TEST

START_TEST(refuses_the_lead_repeated_as_co)
{
	expect_refused("lead-repeated-in-co", 32, 9,
		       "市科技局 is assigned to measure 1 twice (as lead at line 26 and as co here)");
}
END_TEST

START_TEST(refuses_duplicate_measure_numbers_naming_both_lines)
{
	expect_refused("duplicate-measure-number", 38, 13, "measure number 1 is used twice (first at line 20)");
}
END_TEST

START_TEST(refuses_a_duplicate_key_naming_both_lines)
{
	expect_refused("duplicate-key", 31, 9, "duplicate key `note` (first at line 29)");
}
END_TEST

START_TEST(refuses_a_unit_registered_twice)
{
	expect_refused("duplicate-unit", 13, 11, "unit \"市发改委\" is registered twice (first at line 12)");
}
END_TEST

START_TEST(refuses_a_section_id_used_twice)
{
	expect_refused("duplicate-section", 19, 9, "section id \"二\" is used twice (first at line 17)");
}
END_TEST

START_TEST(refuses_a_measure_in_an_unknown_section)
{
	expect_refused("unknown-section", 40, 14, "measure 2 names section \"九\", which is not in `sections`");
}
END_TEST

START_TEST(refuses_a_file_missing_a_required_key)
{
	expect_refused("missing-required-key", 2, 1, "missing the required key `units`");
}
END_TEST

START_TEST(refuses_a_later_format_version)
{
	expect_refused("version-2", 2, 10, "format version 2; this fengong reads version 1");
}
END_TEST

START_TEST(refuses_an_anchor)
{
	expect_refused("anchor", 23, 12, "anchors (&t) are not allowed");
}
END_TEST

START_TEST(refuses_an_alias)
{
	expect_refused("alias", 41, 12, "aliases (*t) are not allowed");
}
END_TEST

START_TEST(refuses_an_alias_cycle_at_its_anchor)
{
	expect_refused("alias-cycle", 16, 11, "anchors (&s) are not allowed");
}
END_TEST

START_TEST(refuses_a_merge_key)
{
	expect_refused("merge-key", 33, 9, "merge keys (<<) are not allowed");
}
END_TEST

START_TEST(refuses_a_tag)
{
	expect_refused("tag", 23, 12, "tags (tag:yaml.org,2002:str) are not allowed");
}
END_TEST

START_TEST(refuses_a_second_document)
{
	expect_refused("multi-document", 56, 1, "a second YAML document (---) follows");
}
END_TEST

START_TEST(refuses_utf16)
{
	expect_refused("utf16", 1, 1, "the file is UTF-16");
}
END_TEST

START_TEST(refuses_invalid_utf8_at_its_byte_offset)
{
	expect_refused("invalid-utf8", 41, 26, "invalid UTF-8 (byte 0xe9 at byte offset 943)");
}
END_TEST

START_TEST(refuses_a_nul_byte_at_its_byte_offset)
{
	expect_refused("nul-byte", 29, 17, "NUL byte (byte offset 673)");
}
END_TEST

START_TEST(refuses_a_nul_written_as_an_escape)
{
	expect_refused("nul-escape", 29, 15, "`note` contains a NUL character (\\0); remove it");
}
END_TEST

START_TEST(refuses_a_status_with_escape_sequences)
{
	expect_refused("esc-in-status", 28, 17, "unknown status \"\x1b[2J\x1b[31mdone\"");
}
END_TEST

START_TEST(refuses_an_empty_file)
{
	expect_refused("empty", 0, 0, "the file is empty");
}
END_TEST

START_TEST(refuses_a_file_of_comments_only)
{
	expect_refused("comment-only", 0, 0, "the file holds no data");
}
END_TEST

/* ------------------------------------------------------------ refused inline */

START_TEST(refuses_a_missing_file_as_an_io_error)
{
	struct fg_diag d;
	fg_diag_init(&d, "/nonexistent/plan.yaml");
	ck_assert_ptr_null(fg_plan_load("/nonexistent/plan.yaml", &d));
	ck_assert_int_eq(d.kind, FG_ERR_IO);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "cannot open the file: No such file or directory"));
	fg_diag_free(&d);
}
END_TEST

START_TEST(refuses_a_directory)
{
	struct fg_diag d;
	fg_diag_init(&d, FG_FIXTURES);
	ck_assert_ptr_null(fg_plan_load(FG_FIXTURES, &d));
	ck_assert_int_eq(d.kind, FG_ERR_IO);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "this is a directory, not a plan file"));
	fg_diag_free(&d);
}
END_TEST

START_TEST(refuses_a_file_over_the_size_cap_before_parsing)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "big.yaml");
	write_file(path, small_plan, strlen(small_plan));
	setenv("FENGONG_MAX_BYTES", "100", 1);
	struct fg_diag d;
	fg_diag_init(&d, path);
	ck_assert_ptr_null(fg_plan_load(path, &d));
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "over the limit of 100 bytes"));
	fg_diag_free(&d);
	fg_diag_init(&d, "buf");
	ck_assert_ptr_null(fg_plan_load_buffer("buf", small_plan, strlen(small_plan), &d));
	fg_diag_free(&d);
	unsetenv("FENGONG_MAX_BYTES");
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(refuses_deep_nesting_by_counting_depth)
{
	size_t n = 1 << 20;
	char *text = test_malloc(n + 1);
	memset(text, '[', n);
	text[n] = 0;
	char first[400];
	load_refused(text, n, first, sizeof first);
	free(text);
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	text = test_malloc(n + 20);
	strcpy(text, "version: 1\nplan: ");
	memset(text + strlen(text), '[', n);
	text[n + 17] = 0;
	ck_assert_ptr_null(fg_plan_load_buffer("test.yaml", text, strlen(text), &d));
	bool found = false;
	for (size_t i = 0; i < d.n; i++)
		found |= strstr(d.items[i].msg, "nesting is deeper than a plan ever needs") != NULL;
	ck_assert(found);
	fg_diag_free(&d);
	free(text);
}
END_TEST

START_TEST(refuses_whitespace_only)
{
	char first[400];
	load_refused(" \n\n  \r\n", 7, first, sizeof first);
	ck_assert_ptr_nonnull(strstr(first, "empty"));
}
END_TEST

START_TEST(reports_every_problem_not_only_the_first)
{
	char *a = replace(small_plan, "status: not_started", "status: finished");
	char *b = replace(a, "role: co", "role: helper");
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert_ptr_null(fg_plan_load_buffer("test.yaml", b, strlen(b), &d));
	ck_assert_uint_eq(d.n, 2);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "unknown status"));
	ck_assert_ptr_nonnull(strstr(d.items[1].msg, "unknown role"));
	char buf[600];
	fg_diag_format(&d, 1, buf, sizeof buf);
	ck_assert_str_eq(buf, "test.yaml:32:15: unknown role \"helper\"; use lead or co");
	fg_diag_free(&d);
	free(a);
	free(b);
}
END_TEST

START_TEST(a_measure_without_assignments_key_is_refused)
{
	/* measure 2 is the last thing in the file: end it after its text */
	const char *cut = strstr(small_plan, "    text: 推进关键核心技术攻关。\n");
	ck_assert_ptr_nonnull(cut);
	char *text = strndup(small_plan, (size_t)(cut - small_plan) + strlen("    text: 推进关键核心技术攻关。\n"));
	char first[400];
	load_refused(text, strlen(text), first, sizeof first);
	ck_assert_ptr_nonnull(strstr(first, "a measure is missing the required key `assignments`"));
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("valid");
	tcase_add_test(tc, shipped_plan_loads_with_18_measures_29_units_148_assignments);
	tcase_add_test(tc, a_plan_with_a_utf8_bom_loads);
	tcase_add_test(tc, a_plan_with_crlf_line_ends_loads);
	tcase_add_test(tc, a_plan_without_a_final_newline_loads);
	tcase_add_test(tc, null_tilde_and_empty_values_read_as_empty_strings);
	tcase_add_test(tc, quoted_null_and_tilde_stay_strings);
	tcase_add_test(tc, plain_words_that_look_like_booleans_or_numbers_read_as_strings);
	tcase_add_test(tc, escapes_in_double_quotes_store_control_characters);
	tcase_add_test(tc, block_scalars_and_single_quotes_read_as_written);
	tcase_add_test(tc, a_flow_mapping_assignment_loads);
	tcase_add_test(tc, keys_in_any_order_load);
	tcase_add_test(tc, a_plan_with_joint_leads_loads);
	suite_add_tcase(s, tc);

	tc = tcase_create("fixtures");
	tcase_add_test(tc, refuses_a_yaml_syntax_error);
	tcase_add_test(tc, refuses_a_tab_in_indentation);
	tcase_add_test(tc, refuses_a_number_that_is_not_a_number);
	tcase_add_test(tc, refuses_a_list_where_a_string_belongs);
	tcase_add_test(tc, refuses_a_string_where_a_list_belongs);
	tcase_add_test(tc, refuses_a_string_where_a_mapping_belongs);
	tcase_add_test(tc, refuses_a_status_written_as_a_list);
	tcase_add_test(tc, refuses_a_role_written_as_a_mapping);
	tcase_add_test(tc, refuses_an_unknown_key_and_lists_the_valid_ones);
	tcase_add_test(tc, refuses_an_unknown_status_and_lists_the_valid_ones);
	tcase_add_test(tc, refuses_an_unknown_role);
	tcase_add_test(tc, refuses_a_unit_not_in_the_registry);
	tcase_add_test(tc, refuses_an_alias_where_the_registry_name_belongs);
	tcase_add_test(tc, refuses_the_lead_repeated_as_co);
	tcase_add_test(tc, refuses_duplicate_measure_numbers_naming_both_lines);
	tcase_add_test(tc, refuses_a_duplicate_key_naming_both_lines);
	tcase_add_test(tc, refuses_a_unit_registered_twice);
	tcase_add_test(tc, refuses_a_section_id_used_twice);
	tcase_add_test(tc, refuses_a_measure_in_an_unknown_section);
	tcase_add_test(tc, refuses_a_file_missing_a_required_key);
	tcase_add_test(tc, refuses_a_later_format_version);
	tcase_add_test(tc, refuses_an_anchor);
	tcase_add_test(tc, refuses_an_alias);
	tcase_add_test(tc, refuses_an_alias_cycle_at_its_anchor);
	tcase_add_test(tc, refuses_a_merge_key);
	tcase_add_test(tc, refuses_a_tag);
	tcase_add_test(tc, refuses_a_second_document);
	tcase_add_test(tc, refuses_utf16);
	tcase_add_test(tc, refuses_invalid_utf8_at_its_byte_offset);
	tcase_add_test(tc, refuses_a_nul_byte_at_its_byte_offset);
	tcase_add_test(tc, refuses_a_nul_written_as_an_escape);
	tcase_add_test(tc, refuses_a_status_with_escape_sequences);
	tcase_add_test(tc, refuses_an_empty_file);
	tcase_add_test(tc, refuses_a_file_of_comments_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("inline");
	tcase_add_test(tc, refuses_a_missing_file_as_an_io_error);
	tcase_add_test(tc, refuses_a_directory);
	tcase_add_test(tc, refuses_a_file_over_the_size_cap_before_parsing);
	tcase_add_test(tc, refuses_deep_nesting_by_counting_depth);
	tcase_add_test(tc, refuses_whitespace_only);
	tcase_add_test(tc, reports_every_problem_not_only_the_first);
	tcase_add_test(tc, a_measure_without_assignments_key_is_refused);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
