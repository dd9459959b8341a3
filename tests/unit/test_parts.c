/* Unit suite `parts`: a measure's sub-tasks (`parts:`, plan/FORMAT.md) are
 * loaded as written, refused at their place when wrong, emitted in the
 * canonical layout, kept by saves and compared by fg_plan_equal. */
#include "testlib.h"

/* small_plan with measure 1 cut into two parts (`body` replaces PARTS). */
static const char parts_yaml[] =
	"    parts:\n"
	"      - text: 统筹推进全域创新。\n"
	"        lead:\n"
	"          - 市科技局\n"
	"      - text: 力争市级以上科技创新平台突破200家。\n"
	"        lead:\n"
	"          - 市科技局\n"
	"        co:\n"
	"          - 市发改委\n";

static const char after_text[] = "    text: 统筹推进全域创新。力争市级以上科技创新平台突破200家。\n";

/* small_plan with `block` inserted after measure 1's text. */
static char *with_parts(const char *block)
{
	const char *at = strstr(small_plan, after_text);
	ck_assert(at != NULL);
	at += strlen(after_text);
	char *r = test_malloc(strlen(small_plan) + strlen(block) + 1);
	sprintf(r, "%.*s%s%s", (int)(at - small_plan), small_plan, block, at);
	return r;
}

/* The parts block `block` must be refused at the place of `where` (its
 * nth occurrence inside the block) with `want` in the message. */
static void expect_refused_at_nth(const char *block, const char *where, int nth, const char *want)
{
	char *yaml = with_parts(block);
	/* the expected place: line and column (in characters) of `where` */
	const char *hit = strstr(strstr(yaml, block), where);
	for (int i = 1; i < nth && hit; i++)
		hit = strstr(hit + 1, where);
	ck_assert_msg(hit != NULL, "\"%s\" not in the block", where);
	unsigned line = 1, col = 1;
	const char *bol = yaml;
	for (const char *q = yaml; q < hit; q++)
		if (*q == '\n')
			line++, bol = q + 1;
	for (const char *q = bol; q < hit; q++)
		col += ((unsigned char)*q & 0xC0) != 0x80;
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_plan *p = fg_plan_load_buffer("test.yaml", yaml, strlen(yaml), &d);
	ck_assert_msg(p == NULL, "a bad part was accepted");
	ck_assert_uint_ge(d.n, 1);
	ck_assert_int_eq(d.kind, FG_ERR_INVALID);
	char first[1200];
	fg_diag_format(&d, 0, first, sizeof first);
	char want_place[64];
	snprintf(want_place, sizeof want_place, "test.yaml:%u:%u: ", line, col);
	ck_assert_msg(strncmp(first, want_place, strlen(want_place)) == 0, "refused as \"%s\", expected at %s", first,
		      want_place);
	ck_assert_msg(strstr(first, want) != NULL, "message \"%s\" lacks \"%s\"", first, want);
	fg_diag_free(&d);
	free(yaml);
}

static void expect_refused_at(const char *block, const char *where, const char *want)
{
	expect_refused_at_nth(block, where, 1, want);
}

/* ------------------------------------------------------------ valid */

START_TEST(parts_load_in_printed_order_with_their_units)
{
	char *yaml = with_parts(parts_yaml);
	struct fg_plan *p = load_ok(yaml);
	const struct fg_measure *m = fg_plan_measure(p, 1);
	ck_assert_uint_eq(m->nparts, 2);
	ck_assert_str_eq(m->parts[0].text, "统筹推进全域创新。");
	ck_assert_uint_eq(m->parts[0].nlead, 1);
	ck_assert_uint_eq(m->parts[0].nco, 0);
	ck_assert_str_eq(m->parts[0].lead[0].unit, "市科技局");
	ck_assert_str_eq(m->parts[1].text, "力争市级以上科技创新平台突破200家。");
	ck_assert_str_eq(m->parts[1].lead[0].unit, "市科技局");
	ck_assert_uint_eq(m->parts[1].nco, 1);
	ck_assert_str_eq(m->parts[1].co[0].unit, "市发改委");
	ck_assert_uint_eq(m->parts[1].co[0].unit_index, (size_t)fg_plan_unit_index(p, "市发改委"));
	/* statuses stay on the assignments, one per unit */
	ck_assert_uint_eq(m->nasg, 2);
	ck_assert_uint_eq(fg_plan_measure(p, 2)->nparts, 0);
	fg_plan_free(p);
	free(yaml);
}
END_TEST

START_TEST(a_part_with_only_co_units_loads)
{
	char *yaml = with_parts("    parts:\n"
				"      - text: 力争市级以上科技创新平台突破200家。\n"
				"        co:\n"
				"          - 市发改委\n");
	struct fg_plan *p = load_ok(yaml);
	const struct fg_measure *m = fg_plan_measure(p, 1);
	ck_assert_uint_eq(m->nparts, 1);
	ck_assert_uint_eq(m->parts[0].nlead, 0);
	ck_assert_str_eq(m->parts[0].co[0].unit, "市发改委");
	fg_plan_free(p);
	free(yaml);
}
END_TEST

START_TEST(parts_may_follow_the_assignments)
{
	/* keys of a mapping may come in any order: parts after assignments */
	char *yaml = test_malloc(strlen(small_plan) + strlen(parts_yaml) + 1);
	const char *m2 = strstr(small_plan, "  - number: 2\n");
	ck_assert(m2 != NULL);
	sprintf(yaml, "%.*s%s%s", (int)(m2 - small_plan), small_plan, parts_yaml, m2);
	struct fg_plan *p = load_ok(yaml);
	ck_assert_uint_eq(fg_plan_measure(p, 1)->nparts, 2);
	fg_plan_free(p);
	free(yaml);
}
END_TEST

/* ------------------------------------------------------------ refused, at the place */

START_TEST(a_part_naming_an_unknown_unit_is_refused_at_the_name)
{
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead:\n"
			  "          - 市科技局\n"
			  "        co:\n"
			  "          - 市财政局\n",
			  "市财政局", "unit \"市财政局\" in part 1 of measure 1 is not in the unit registry");
}
END_TEST

START_TEST(a_part_naming_a_unit_by_its_alias_is_refused_at_the_alias)
{
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead:\n"
			  "          - 市科学技术局\n",
			  "市科学技术局", "\"市科学技术局\" is an alias of \"市科技局\"; parts name units by their registry name");
}
END_TEST

START_TEST(a_part_naming_no_unit_is_refused_at_the_part)
{
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead: []\n",
			  "text: 统筹", "part 1 of measure 1 names no unit");
}
END_TEST

START_TEST(a_part_with_empty_text_is_refused_at_the_part)
{
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead:\n"
			  "          - 市科技局\n"
			  "      - text: \"\"\n"
			  "        lead:\n"
			  "          - 市科技局\n",
			  "text: \"\"", "part 2 of measure 1 has no text");
}
END_TEST

START_TEST(a_part_without_text_is_refused_at_the_part)
{
	expect_refused_at("    parts:\n"
			  "      - lead:\n"
			  "          - 市科技局\n",
			  "lead:", "a part is missing the required key `text`");
}
END_TEST

START_TEST(a_part_unit_without_an_assignment_in_the_measure_is_refused_at_the_name)
{
	/* 各区人民政府 is registered and assigned to measure 2, not to measure 1 */
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead:\n"
			  "          - 市科技局\n"
			  "        co:\n"
			  "          - 各区人民政府\n",
			  "各区人民政府\n", "各区人民政府 is in part 1 of measure 1 but has no assignment in that measure");
}
END_TEST

START_TEST(a_unit_listed_twice_in_one_part_is_refused_at_the_second)
{
	expect_refused_at_nth("    parts:\n"
			      "      - text: 统筹推进全域创新。\n"
			      "        lead:\n"
			      "          - 市科技局\n"
			      "        co:\n"
			      "          - 市科技局\n",
			      "市科技局", 2, "市科技局 is listed twice in part 1 of measure 1 (first at line");
}
END_TEST

START_TEST(an_unknown_key_in_a_part_is_refused_at_the_key)
{
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead:\n"
			  "          - 市科技局\n"
			  "        due: 2025-12-31\n",
			  "due: 2025", "unknown key `due`; valid keys here: text, lead, co");
}
END_TEST

START_TEST(parts_written_as_a_string_are_refused)
{
	expect_refused_at("    parts: 两项\n", "两项", "`parts` must be a list");
}
END_TEST

START_TEST(a_part_unit_written_as_a_mapping_is_refused)
{
	expect_refused_at("    parts:\n"
			  "      - text: 统筹推进全域创新。\n"
			  "        lead:\n"
			  "          - unit: 市科技局\n",
			  "unit: 市科技局", "`lead` must be a string, not a mapping");
}
END_TEST

/* ------------------------------------------------------------ emit, save, equal */

START_TEST(emit_writes_parts_after_due_and_before_assignments_and_reads_back_equal)
{
	char *yaml = with_parts(parts_yaml);
	char *dated = test_malloc(strlen(yaml) + 64);
	const char *at = strstr(yaml, parts_yaml);
	sprintf(dated, "%.*s    due: 2025-12-31\n    unassigned: x\n%s", (int)(at - yaml), yaml, at);
	struct fg_plan *p = load_ok(dated);
	size_t len;
	char *out = fg_plan_emit(p, &len);
	const char *m1 = strstr(out, "  - number: 1\n");
	ck_assert(m1 != NULL);
	const char *due = strstr(m1, "    due: 2025-12-31\n"), *un = strstr(m1, "    unassigned: x\n"),
		   *parts = strstr(m1, "    parts:\n"), *asg = strstr(m1, "    assignments:\n");
	ck_assert(due && un && parts && asg);
	ck_assert(due < un && un < parts && parts < asg);
	/* the canonical layout of parts is the one FORMAT.md shows */
	ck_assert_msg(strncmp(parts, parts_yaml, strlen(parts_yaml)) == 0, "emitted:\n%s", parts);
	struct fg_plan *q = load_ok(out);
	char why[200] = "";
	ck_assert_msg(fg_plan_equal(p, q, why, sizeof why), "%s", why);
	size_t len2;
	char *again = fg_plan_emit(q, &len2);
	ck_assert_uint_eq(len, len2);
	ck_assert(memcmp(out, again, len) == 0);
	free(again);
	free(out);
	fg_plan_free(q);
	fg_plan_free(p);
	free(dated);
	free(yaml);
}
END_TEST

START_TEST(a_measure_without_parts_emits_no_parts_key)
{
	struct fg_plan *p = load_ok(small_plan);
	size_t len;
	char *out = fg_plan_emit(p, &len);
	ck_assert(strstr(out, "parts:") == NULL);
	free(out);
	fg_plan_free(p);
}
END_TEST

START_TEST(plans_differing_only_in_parts_are_not_equal)
{
	char *yaml = with_parts(parts_yaml);
	struct fg_plan *a = load_ok(yaml);
	char *other = with_parts("    parts:\n"
				 "      - text: 统筹推进全域创新。\n"
				 "        lead:\n"
				 "          - 市科技局\n"
				 "      - text: 力争市级以上科技创新平台突破200家。\n"
				 "        lead:\n"
				 "          - 市科技局\n"
				 "          - 市发改委\n");
	struct fg_plan *b = load_ok(other);
	struct fg_plan *c = load_ok(small_plan);
	char why[200] = "";
	ck_assert(!fg_plan_equal(a, b, why, sizeof why));
	ck_assert_str_eq(why, "measure 1, parts differ");
	ck_assert(!fg_plan_equal(a, c, why, sizeof why));
	fg_plan_free(a);
	fg_plan_free(b);
	fg_plan_free(c);
	free(other);
	free(yaml);
}
END_TEST

START_TEST(a_status_change_saves_without_touching_the_parts_bytes)
{
	/* hand-written layout: a comment and a flow list inside the parts */
	const char *block = "    parts:   # 两项分工\n"
			    "      - text: 统筹推进全域创新。\n"
			    "        lead: [市科技局]\n"
			    "      - text: \"力争市级以上科技创新平台突破200家。\"\n"
			    "        lead: [市科技局]\n"
			    "        co: [市发改委]\n";
	char *yaml = with_parts(block);
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, yaml, strlen(yaml));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert(p != NULL);
	struct fg_actor who = {.by = "zhang"};
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市发改委"), FG_STATUS_IN_PROGRESS, "已启动", &who,
			      1764000000, &d));
	ck_assert(fg_plan_save(p, NULL, &d));
	fg_plan_free(p);
	size_t len;
	char *saved = read_file(path, &len);
	ck_assert_msg(strstr(saved, block) != NULL, "the parts block changed:\n%s", saved);
	ck_assert(strstr(saved, "status: in_progress") != NULL);
	struct fg_plan *q = load_ok(saved);
	ck_assert_uint_eq(fg_plan_measure(q, 1)->nparts, 2);
	fg_plan_free(q);
	fg_diag_free(&d);
	free(saved);
	free(path);
	tmpdir_remove(dir);
	free(yaml);
}
END_TEST

START_TEST(a_plan_built_in_memory_with_parts_validates_like_a_loaded_one)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_measure *m = fg_plan_measure(p, 1);
	struct fg_part *pt = fg_measure_add_part(p, m, "统筹推进全域创新。");
	fg_part_add_unit(p, pt, "市科技局", FG_ROLE_LEAD);
	struct fg_diag d;
	fg_diag_init(&d, "mem");
	ck_assert(fg_plan_validate(p, &d));
	fg_part_add_unit(p, pt, "各区人民政府", FG_ROLE_CO);
	ck_assert(!fg_plan_validate(p, &d));
	ck_assert(strstr(d.items[0].msg, "各区人民政府 is in part 1 of measure 1 but has no assignment") != NULL);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("parts");
	TCase *tc = tcase_create("parts");
	tcase_add_test(tc, parts_load_in_printed_order_with_their_units);
	tcase_add_test(tc, a_part_with_only_co_units_loads);
	tcase_add_test(tc, parts_may_follow_the_assignments);
	tcase_add_test(tc, a_part_naming_an_unknown_unit_is_refused_at_the_name);
	tcase_add_test(tc, a_part_naming_a_unit_by_its_alias_is_refused_at_the_alias);
	tcase_add_test(tc, a_part_naming_no_unit_is_refused_at_the_part);
	tcase_add_test(tc, a_part_with_empty_text_is_refused_at_the_part);
	tcase_add_test(tc, a_part_without_text_is_refused_at_the_part);
	tcase_add_test(tc, a_part_unit_without_an_assignment_in_the_measure_is_refused_at_the_name);
	tcase_add_test(tc, a_unit_listed_twice_in_one_part_is_refused_at_the_second);
	tcase_add_test(tc, an_unknown_key_in_a_part_is_refused_at_the_key);
	tcase_add_test(tc, parts_written_as_a_string_are_refused);
	tcase_add_test(tc, a_part_unit_written_as_a_mapping_is_refused);
	tcase_add_test(tc, emit_writes_parts_after_due_and_before_assignments_and_reads_back_equal);
	tcase_add_test(tc, a_measure_without_parts_emits_no_parts_key);
	tcase_add_test(tc, plans_differing_only_in_parts_are_not_equal);
	tcase_add_test(tc, a_status_change_saves_without_touching_the_parts_bytes);
	tcase_add_test(tc, a_plan_built_in_memory_with_parts_validates_like_a_loaded_one);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
