/* Unit suite `structure`: the digest of a plan's structure (measures, units,
 * due dates, assignments and roles) and the edits that change it with a
 * record (fengong/structure.h). */
#include "testlib.h"
#include "fengong/structure.h"

static const time_t T0 = 1795694400; /* 2026-11-26T20:00:00+08:00 */

/* small_plan with the first occurrence of old replaced by new (malloc'd). */
static char *edited(const char *old, const char *new)
{
	const char *at = strstr(small_plan, old);
	ck_assert_msg(at != NULL, "\"%s\" not in the plan", old);
	char *r = test_malloc(strlen(small_plan) - strlen(old) + strlen(new) + 1);
	sprintf(r, "%.*s%s%s", (int)(at - small_plan), small_plan, new, at + strlen(old));
	return r;
}

static void digest_of_text(const char *yaml, char out[FG_STRUCTURE_DIGEST_LEN])
{
	struct fg_plan *p = load_ok(yaml);
	fg_structure_digest(p, out);
	fg_plan_free(p);
}

START_TEST(the_digest_is_sha256_of_the_canonical_serialisation)
{
	struct fg_plan *p = load_ok(small_plan);
	size_t len;
	char *c = fg_structure_canonical(p, &len);
	ck_assert_uint_eq(strlen(c), len);
	ck_assert(strncmp(c, "fengong-structure-1\ntitle=测试方案\n", strlen("fengong-structure-1\ntitle=测试方案\n")) == 0);
	ck_assert_ptr_nonnull(strstr(c, "unit=市科技局\nunit.alias=市科学技术局\nunit=市发改委\n"));
	ck_assert_ptr_nonnull(strstr(c, "assignment=各区人民政府\nassignment.via=\nassignment.role=co\nassignment.due=\n"));
	/* nothing the status records cover */
	ck_assert_ptr_null(strstr(c, "not_started"));
	/* sha256(c) with the prefix: computed with the shell's sha256sum */
	char path[] = "/tmp/fengong-structure.XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, c, len), (ssize_t)len);
	close(fd);
	char cmd[200], want[80] = "sha256:";
	snprintf(cmd, sizeof cmd, "sha256sum %s", path);
	FILE *f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "%64s", want + 7), 1);
	pclose(f);
	unlink(path);
	char got[FG_STRUCTURE_DIGEST_LEN];
	fg_structure_digest(p, got);
	ck_assert_str_eq(got, want);
	free(c);
	fg_plan_free(p);
}
END_TEST

START_TEST(a_line_break_in_a_value_cannot_pass_for_another_field)
{
	/* "a\nmeasure.due=2026-01-01" as the text is not the text "a" and that due */
	char *a = edited("    text: 推进关键核心技术攻关。\n", "    text: \"a\\nmeasure.due=2026-01-01\"\n");
	char *b = edited("    text: 推进关键核心技术攻关。\n", "    text: a\n    due: 2026-01-01\n");
	char da[FG_STRUCTURE_DIGEST_LEN], db[FG_STRUCTURE_DIGEST_LEN];
	digest_of_text(a, da);
	digest_of_text(b, db);
	ck_assert_str_ne(da, db);
	free(a);
	free(b);
}
END_TEST

START_TEST(the_digest_is_stable_across_a_load_save_round_trip)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, small_plan, strlen(small_plan));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	char before[FG_STRUCTURE_DIGEST_LEN], after[FG_STRUCTURE_DIGEST_LEN];
	fg_structure_digest(p, before);
	/* a spliced save, then the canonical layout */
	struct fg_actor who = {.by = "zhang"};
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), FG_STATUS_DONE, "完成", &who, T0, &d));
	ck_assert(fg_plan_save(p, NULL, &d));
	fg_plan_free(p);
	p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	fg_structure_digest(p, after);
	ck_assert_str_eq(before, after);
	struct fg_save_opts so = {.canonical = true};
	ck_assert(fg_plan_save(p, &so, &d));
	fg_plan_free(p);
	p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	fg_structure_digest(p, after);
	ck_assert_str_eq(before, after);
	fg_plan_free(p);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

/* Each structural field, edited in the text: the digest changes. */
static const struct {
	const char *what, *old, *new;
} structural[] = {
	{"the plan's title", "  title: 测试方案\n", "  title: 测试方案(修订)\n"},
	{"the reporting cycle", "  date: 2024-11-07\n", "  date: 2024-11-07\n  reporting: {every: month, due_day: 25}\n"},
	{"the review rule", "  date: 2024-11-07\n", "  date: 2024-11-07\n  review: required\n"},
	{"an alias for a unit that had none", "  - name: 市发改委\n", "  - name: 市发改委\n    aliases: [发改委]\n"},
	{"an alias", "      - 市科学技术局\n", "      - 市科学技术局\n      - 科技局\n"},
	{"a member of an umbrella", "      - 葛店经开区管委会\n", "      - 葛店经开区管委会\n      - 临空经济区管委会\n"},
	{"a section's title", "    title: 加快科技创新能力建设\n", "    title: 加快科技创新\n"},
	{"a measure's title", "    title: 统筹推进全域创新\n", "    title: 统筹推进创新\n"},
	{"a measure's text", "    text: 推进关键核心技术攻关。\n", "    text: 推进关键技术攻关。\n"},
	{"a measure's due date", "    text: 推进关键核心技术攻关。\n", "    text: 推进关键核心技术攻关。\n    due: 2026-12-31\n"},
	{"an assignment's role", "        role: co\n", "        role: lead\n"},
	{"an assignment's own due date", "        role: co\n", "        role: co\n        due: 2026-06-30\n"},
	{"an assignment deleted",
	 "      - unit: 市发改委\n        role: co\n        status: not_started\n        note: \"\"\n        updated: \"\"\n"
	 "        by: \"\"\n",
	 ""},
};

START_TEST(the_digest_changes_with_each_structural_field)
{
	char base[FG_STRUCTURE_DIGEST_LEN], got[FG_STRUCTURE_DIGEST_LEN];
	digest_of_text(small_plan, base);
	char *t = edited(structural[_i].old, structural[_i].new);
	digest_of_text(t, got);
	ck_assert_msg(strcmp(base, got) != 0, "%s: the digest did not change", structural[_i].what);
	free(t);
}
END_TEST

/* What status records cover: the digest stays. */
static const struct {
	const char *what, *old, *new;
} not_structural[] = {
	{"a status", "        status: not_started\n", "        status: done\n"},
	{"a note", "        note: \"\"\n", "        note: 已完成\n"},
	{"updated and by", "        updated: \"\"\n        by: \"\"\n",
	 "        updated: 2026-11-26T20:00:00+08:00\n        by: zhang\n"},
	{"the signing rule", "  date: 2024-11-07\n", "  date: 2024-11-07\n  signing: optional\n"},
	{"comments and quoting", "    title: 统筹推进全域创新\n", "    title: \"统筹推进全域创新\"   # 注释\n"},
};

START_TEST(the_digest_stays_under_status_edits)
{
	char base[FG_STRUCTURE_DIGEST_LEN], got[FG_STRUCTURE_DIGEST_LEN];
	digest_of_text(small_plan, base);
	char *t = edited(not_structural[_i].old, not_structural[_i].new);
	digest_of_text(t, got);
	ck_assert_msg(strcmp(base, got) == 0, "%s: the digest changed", not_structural[_i].what);
	free(t);
}
END_TEST

START_TEST(set_due_writes_the_key_records_and_undoes)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, small_plan, strlen(small_plan));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	struct fg_actor who = {.by = "wang"};
	struct fg_measure *m = fg_plan_measure(p, 2);
	ck_assert(fg_plan_set_due(p, m, asg_of(p, 2, "各区人民政府"), "2026-06-30", &who, T0, &d));
	ck_assert_str_eq(asg_of(p, 2, "各区人民政府")->due, "2026-06-30");
	ck_assert(fg_plan_undo(p));
	ck_assert_str_eq(asg_of(p, 2, "各区人民政府")->due, "");
	ck_assert(fg_plan_redo(p));
	ck_assert_str_eq(asg_of(p, 2, "各区人民政府")->due, "2026-06-30");
	ck_assert(fg_plan_save(p, NULL, &d));
	char want[FG_STRUCTURE_DIGEST_LEN];
	fg_structure_digest(p, want);
	fg_plan_free(p);
	size_t len;
	char *text = read_file(path, &len);
	/* the key in the assignment's block, the rest of the file as it was */
	ck_assert_ptr_nonnull(strstr(text, "      - unit: 各区人民政府\n        role: co\n        status: not_started\n"
					   "        note: \"\"\n        updated: \"\"\n        by: \"\"\n        due: 2026-06-30\n"));
	ck_assert(strncmp(text, small_plan, strlen(small_plan) - 20) == 0);
	free(text);
	p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->nhistory, 1);
	const struct fg_record *r = &p->history[0];
	ck_assert_int_eq(r->kind, FG_KIND_STRUCTURE);
	ck_assert_int_eq(r->measure, 2);
	ck_assert_str_eq(r->unit, "各区人民政府");
	ck_assert_str_eq(r->due, "2026-06-30");
	ck_assert_str_eq(r->subject, want);
	struct fg_structure_counts c;
	ck_assert(fg_structure_summary_parse(r->note, &c));
	ck_assert_uint_eq(c.assignments, 4);
	ck_assert_uint_eq(c.dues, 1);
	ck_assert(fg_history_verify(p, &d));
	/* cleared: the line goes */
	ck_assert(fg_plan_set_due(p, fg_plan_measure(p, 2), asg_of(p, 2, "各区人民政府"), "", &who, T0 + 60, &d));
	ck_assert(fg_plan_save(p, NULL, &d));
	fg_plan_free(p);
	text = read_file(path, &len);
	ck_assert_ptr_null(strstr(text, "        due: "));
	free(text);
	p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(asg_of(p, 2, "各区人民政府")->due, "");
	ck_assert_uint_eq(p->nhistory, 2);
	ck_assert_str_eq(p->history[1].due, "");
	ck_assert_uint_eq(d.n, 0);
	fg_plan_free(p);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(set_due_is_refused_for_a_liaison_read_only_and_a_bad_date)
{
	struct fg_plan *p = load_ok(small_plan);
	struct fg_measure *m = fg_plan_measure(p, 1);
	struct fg_assignment *a = asg_of(p, 1, "市科技局");
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_actor liaison = {.by = "zhang", .as = "市科技局"}, ro = {.by = "a", .read_only = true}, co = {.by = "w"};
	ck_assert(!fg_plan_set_due(p, m, a, "2026-06-30", &liaison, T0, &d));
	ck_assert(!fg_plan_set_due(p, m, a, "2026-06-30", &ro, T0, &d));
	ck_assert(!fg_plan_set_due(p, m, a, "2026-02-30", &co, T0, &d));
	ck_assert(!fg_plan_set_due(p, m, a, "30/06/2026", &co, T0, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	ck_assert_uint_eq(fg_plan_dirty(p), 0);
	ck_assert_str_eq(a->due, "");
	/* setting what it is records nothing */
	ck_assert(fg_plan_set_due(p, m, a, "", &co, T0, &d));
	ck_assert_uint_eq(fg_plan_dirty(p), 0);
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

START_TEST(the_coordinators_note_is_not_read_as_the_parts_or_the_summary)
{
	struct fg_plan *p = load_ok(small_plan);
	char *parts = fg_structure_parts(p);
	struct fg_structure_counts c, got;
	char summary[200];
	fg_structure_count(p, &c);
	fg_structure_summary(&c, summary, sizeof summary);
	/* a note that quotes an older record's lines, as the save writes it:
	 * the note, then the summary, then the parts */
	size_t cap = strlen(parts) + 400;
	char *note = malloc(cap);
	ck_assert_ptr_nonnull(note);
	snprintf(note, cap, "parts: plan=000000 units=000000 m1=000000\nmeasures 9, assignments 9, units 9, aliases 9, "
			   "members 9, due dates 9\n%s\n%s", summary, parts);
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert_uint_eq(fg_structure_locate(p, note, &d), 0);
	ck_assert(fg_structure_summary_parse(note, &got));
	ck_assert_uint_eq(got.measures, c.measures);
	ck_assert_uint_eq(got.units, c.units);
	fg_diag_free(&d);
	free(note);
	free(parts);
	fg_plan_free(p);
}
END_TEST

START_TEST(locate_names_the_measure_or_the_registry_that_changed)
{
	struct fg_plan *p = load_ok(small_plan);
	char *parts = fg_structure_parts(p);
	ck_assert(strncmp(parts, "parts: plan=", 12) == 0);
	fg_plan_free(p);
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	/* unchanged: nothing */
	p = load_ok(small_plan);
	ck_assert_uint_eq(fg_structure_locate(p, parts, &d), 0);
	fg_plan_free(p);
	/* measure 2's text: at measure 2 */
	char *t = edited("    text: 推进关键核心技术攻关。\n", "    text: 推进关键技术攻关。\n");
	p = load_ok(t);
	ck_assert_uint_eq(fg_structure_locate(p, parts, &d), 1);
	ck_assert_uint_eq(d.items[0].line, fg_plan_measure(p, 2)->line);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "measure 2 was changed"));
	fg_plan_free(p);
	free(t);
	/* a member added: the registry */
	t = edited("      - 葛店经开区管委会\n", "      - 葛店经开区管委会\n      - 临空经济区管委会\n");
	p = load_ok(t);
	ck_assert_uint_eq(fg_structure_locate(p, parts, &d), 1);
	ck_assert_ptr_nonnull(strstr(d.items[1].msg, "units registry"));
	fg_plan_free(p);
	free(t);
	/* measure 2 cut from the file: said, with no place */
	const char *cut = strstr(small_plan, "  - number: 2\n");
	ck_assert_ptr_nonnull(cut);
	t = test_malloc((size_t)(cut - small_plan) + 1);
	memcpy(t, small_plan, (size_t)(cut - small_plan));
	t[cut - small_plan] = 0;
	p = load_ok(t);
	ck_assert_uint_eq(fg_structure_locate(p, parts, &d), 1);
	ck_assert_ptr_nonnull(strstr(d.items[2].msg, "measure 2 was deleted"));
	ck_assert_uint_eq(d.items[2].line, 0);
	fg_plan_free(p);
	free(t);
	fg_diag_free(&d);
	free(parts);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("structure");
	TCase *tc = tcase_create("digest");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, the_digest_is_sha256_of_the_canonical_serialisation);
	tcase_add_test(tc, a_line_break_in_a_value_cannot_pass_for_another_field);
	tcase_add_test(tc, the_digest_is_stable_across_a_load_save_round_trip);
	tcase_add_loop_test(tc, the_digest_changes_with_each_structural_field, 0,
			    (int)(sizeof structural / sizeof *structural));
	tcase_add_loop_test(tc, the_digest_stays_under_status_edits, 0, (int)(sizeof not_structural / sizeof *not_structural));
	tcase_add_test(tc, set_due_writes_the_key_records_and_undoes);
	tcase_add_test(tc, set_due_is_refused_for_a_liaison_read_only_and_a_bad_date);
	tcase_add_test(tc, locate_names_the_measure_or_the_registry_that_changed);
	tcase_add_test(tc, the_coordinators_note_is_not_read_as_the_parts_or_the_summary);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
