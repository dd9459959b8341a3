/* Unit suite `history`: the hash chain verifies, and any record edited or
 * removed by hand is reported at its place. */
#include "testlib.h"

static const time_t T0 = 1795694400; /* 2026-11-26T20:00:00+08:00 */

/* small_plan after three saved edits, as text (malloc'd). */
static char *plan_with_three_records(void)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, small_plan, strlen(small_plan));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	struct fg_actor who = {.by = "zhang"};
	static const struct {
		int n;
		const char *unit;
		enum fg_status st;
		const char *note;
	} edits[] = {
		{1, "市科技局", FG_STATUS_IN_PROGRESS, "一"},
		{1, "市发改委", FG_STATUS_DONE, "二"},
		{2, "各区人民政府", FG_STATUS_DELAYED, "三"},
	};
	for (size_t i = 0; i < 3; i++) {
		ck_assert(fg_plan_set(p, fg_plan_measure(p, edits[i].n), asg_of(p, edits[i].n, edits[i].unit), edits[i].st,
				      edits[i].note, &who, T0 + 60 * (time_t)i, &d));
		ck_assert(fg_plan_save(p, NULL, &d)); /* one save per edit: each appends */
	}
	fg_plan_free(p);
	fg_diag_free(&d);
	size_t len;
	char *text = read_file(path, &len);
	free(path);
	tmpdir_remove(dir);
	return text;
}

static char *replace(const char *s, const char *old, const char *new)
{
	const char *at = strstr(s, old);
	ck_assert_msg(at != NULL, "\"%s\" not in the text", old);
	char *r = test_malloc(strlen(s) - strlen(old) + strlen(new) + 1);
	sprintf(r, "%.*s%s%s", (int)(at - s), s, new, at + strlen(old));
	return r;
}

/* Line number (1-based) of the first occurrence of `needle` in text. */
static unsigned line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	ck_assert_ptr_nonnull(at);
	unsigned line = 1;
	for (const char *s = text; s < at; s++)
		line += *s == '\n';
	return line;
}

/* Verify; returns the number of problems, the first copied to first (its
 * message kept until the next call). */
static size_t verify(const char *text, struct fg_problem *first)
{
	struct fg_plan *p = load_ok(text);
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	bool ok = fg_history_verify(p, &d);
	size_t n = d.n;
	ck_assert(ok == (n == 0));
	static char keep[4096];
	if (n && first) {
		*first = d.items[0];
		snprintf(keep, sizeof keep, "%s", d.items[0].msg);
		first->msg = keep;
	}
	fg_diag_free(&d);
	fg_plan_free(p);
	return n;
}

START_TEST(a_chain_written_by_saves_verifies)
{
	char *text = plan_with_three_records();
	struct fg_plan *p = load_ok(text);
	ck_assert_uint_eq(p->nhistory, 3);
	ck_assert_str_eq(p->history[0].at, "2026-11-26T20:00:00+08:00");
	ck_assert_str_eq(p->history[2].unit, "各区人民政府");
	ck_assert_int_eq(p->history[2].from, FG_STATUS_NOT_STARTED);
	ck_assert_int_eq(p->history[2].to, FG_STATUS_DELAYED);
	fg_plan_free(p);
	ck_assert_uint_eq(verify(text, NULL), 0);
	free(text);
}
END_TEST

START_TEST(a_plan_without_history_verifies)
{
	ck_assert_uint_eq(verify(small_plan, NULL), 0);
}
END_TEST

START_TEST(an_edited_note_in_a_record_fails_at_that_record)
{
	char *text = plan_with_three_records();
	/* the second record's note; the assignment keeps its own note */
	char *bad = replace(text, "    note: 二\n    hash:", "    note: 改过\n    hash:");
	struct fg_problem pr;
	ck_assert_uint_ge(verify(bad, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(bad, "  - at: 2026-11-26T20:01:00+08:00") );
	ck_assert_uint_eq(pr.col, 5);
	ck_assert_ptr_nonnull(strstr(pr.msg, "history record 2 (measure 1, 市发改委"));
	ck_assert_ptr_nonnull(strstr(pr.msg, "does not match its hash"));
	free(bad);
	free(text);
}
END_TEST

START_TEST(an_edited_time_in_a_record_fails_at_that_record)
{
	char *text = plan_with_three_records();
	char *bad = replace(text, "  - at: 2026-11-26T20:00:00+08:00", "  - at: 2026-11-25T20:00:00+08:00");
	struct fg_problem pr;
	ck_assert_uint_ge(verify(bad, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(bad, "  - at: 2026-11-25T20:00:00+08:00"));
	ck_assert_ptr_nonnull(strstr(pr.msg, "history record 1 "));
	free(bad);
	free(text);
}
END_TEST

START_TEST(an_edited_hash_fails_at_that_record)
{
	char *text = plan_with_three_records();
	char *h = strstr(text, "    hash: ");
	ck_assert_ptr_nonnull(h);
	h[10] = h[10] == 'a' ? 'b' : 'a';
	struct fg_problem pr;
	ck_assert_uint_ge(verify(text, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(text, "  - at: 2026-11-26T20:00:00+08:00"));
	free(text);
}
END_TEST

START_TEST(a_removed_record_fails_at_the_record_after_it)
{
	char *text = plan_with_three_records();
	char *start = strstr(text, "  - at: 2026-11-26T20:01:00+08:00\n");
	char *end = strstr(text, "  - at: 2026-11-26T20:02:00+08:00\n");
	ck_assert(start && end);
	memmove(start, end, strlen(end) + 1);
	struct fg_problem pr;
	ck_assert_uint_ge(verify(text, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(text, "  - at: 2026-11-26T20:02:00+08:00"));
	ck_assert_ptr_nonnull(strstr(pr.msg, "history record 2 (measure 2, 各区人民政府"));
	free(text);
}
END_TEST

START_TEST(a_removed_last_record_fails_at_its_assignment)
{
	char *text = plan_with_three_records();
	char *start = strstr(text, "  - at: 2026-11-26T20:02:00+08:00\n");
	ck_assert_ptr_nonnull(start);
	*start = 0;
	struct fg_problem pr;
	ck_assert_uint_eq(verify(text, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(text, "      - unit: 各区人民政府"));
	ck_assert_ptr_nonnull(strstr(pr.msg, "measure 2's assignment of 各区人民政府 was updated at 2026-11-26T20:02:00+08:00 "
					     "but has no history record"));
	free(text);
}
END_TEST

START_TEST(a_removed_last_record_of_an_assignment_with_earlier_ones_fails_at_it)
{
	char *text = plan_with_three_records();
	/* a fourth edit of 市科技局, then its record is cut off the end */
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, text, strlen(text));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), FG_STATUS_DONE, "四", NULL,
			      T0 + 180, &d));
	ck_assert(fg_plan_save(p, NULL, &d));
	fg_plan_free(p);
	fg_diag_free(&d);
	free(text);
	text = read_file(path, NULL);
	free(path);
	tmpdir_remove(dir);
	*strstr(text, "  - at: 2026-11-26T20:03:00+08:00\n") = 0;
	struct fg_problem pr;
	ck_assert_uint_eq(verify(text, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(text, "      - unit: 市科技局"));
	ck_assert_ptr_nonnull(strstr(pr.msg, "measure 1's assignment of 市科技局 is done but its last history record (line"));
	free(text);
}
END_TEST

START_TEST(a_status_edited_by_hand_fails_at_its_assignment)
{
	char *text = plan_with_three_records();
	char *bad = replace(text, "        status: done\n", "        status: blocked\n");
	struct fg_problem pr;
	ck_assert_uint_eq(verify(bad, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(bad, "      - unit: 市发改委"));
	free(bad);
	free(text);
}
END_TEST

START_TEST(two_records_swapped_fail)
{
	char *text = plan_with_three_records();
	char *r1 = strstr(text, "  - at: 2026-11-26T20:00:00+08:00\n");
	char *r2 = strstr(text, "  - at: 2026-11-26T20:01:00+08:00\n");
	char *r3 = strstr(text, "  - at: 2026-11-26T20:02:00+08:00\n");
	size_t n1 = (size_t)(r2 - r1), n2 = (size_t)(r3 - r2);
	char *swapped = test_malloc(strlen(text) + 1);
	sprintf(swapped, "%.*s%.*s%.*s%s", (int)(r1 - text), text, (int)n2, r2, (int)n1, r1, r3);
	ck_assert_uint_ge(verify(swapped, NULL), 1);
	free(swapped);
	free(text);
}
END_TEST

START_TEST(the_hash_is_sha256_of_length_prefixed_fields)
{
	struct fg_record r = {
		.at = "2026-11-26T20:00:00+08:00", .by = "zhang", .as = "市税务局", .measure = 3, .unit = "市税务局",
		.from = FG_STATUS_NOT_STARTED, .to = FG_STATUS_IN_PROGRESS, .note = "已完成摸底", .hash = "",
	};
	char h[65];
	fg_history_hash(&r, "", h);
	/* printf '0:\n25:2026-11-26T20:00:00+08:00\n5:zhang\n12:市税务局\n1:3\n12:市税务局\n11:not_started\n11:in_progress\n15:已完成摸底\n' | sha256sum */
	ck_assert_str_eq(h, "4ab82265a779eb79be14f5e2f7f65f9c8f1de1d474ee54e8b9b1eb7f06c46791");
}
END_TEST

START_TEST(moving_text_between_fields_changes_the_hash)
{
	struct fg_record a = {.at = "t", .by = "ab", .as = "", .unit = "u", .note = "", .hash = ""};
	struct fg_record b = a;
	b.by = "a";
	b.as = "b";
	char ha[65], hb[65];
	fg_history_hash(&a, "", ha);
	fg_history_hash(&b, "", hb);
	ck_assert_str_ne(ha, hb);
	b = a;
	b.note = "x\n1:y";
	a.note = "x";
	fg_history_hash(&a, "", ha);
	fg_history_hash(&b, "", hb);
	ck_assert_str_ne(ha, hb);
	fg_history_hash(&a, "prev", hb);
	ck_assert_str_ne(ha, hb); /* chained to the previous hash */
}
END_TEST

/* ------------------------------------------------------------ record version 2 */

/* small_plan with a status change, a progress report and a plan-level record
 * appended through fg_plan_append and saved, as text (malloc'd). */
static char *plan_with_v2_records(void)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, small_plan, strlen(small_plan));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	struct fg_actor who = {.by = "zhang"};
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), FG_STATUS_IN_PROGRESS, "一", &who, T0,
			      &d));
	struct fg_record rep = {.kind = FG_KIND_REPORT, .period = "2026-11", .progress = "已完成摸底\n第二行",
				.problems = "资金\\缺口", .next = "下月验收", .percent = 40, .has_percent = true};
	ck_assert(fg_plan_append(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), &rep, &who, T0 + 60, &d));
	struct fg_record st = {.kind = FG_KIND_STRUCTURE, .subject = "measure 2 split"};
	ck_assert(fg_plan_append(p, NULL, NULL, &st, &who, T0 + 120, &d));
	ck_assert(fg_plan_save(p, NULL, &d));
	fg_plan_free(p);
	fg_diag_free(&d);
	size_t len;
	char *text = read_file(path, &len);
	free(path);
	tmpdir_remove(dir);
	return text;
}

START_TEST(v2_records_are_written_with_only_the_keys_they_have)
{
	char *text = plan_with_v2_records();
	const char *rep = strstr(text, "  - at: 2026-11-26T20:01:00+08:00\n");
	ck_assert_ptr_nonnull(rep);
	ck_assert_ptr_nonnull(strstr(rep, "\n    by: zhang\n    as: \"\"\n    kind: report\n    measure: 1\n"
					  "    unit: 市科技局\n    period: 2026-11\n    progress: \"已完成摸底\\n第二行\"\n"
					  "    problems: 资金\\缺口\n    next: 下月验收\n    percent: 40\n    hash: "));
	const char *st = strstr(text, "  - at: 2026-11-26T20:02:00+08:00\n");
	ck_assert_ptr_nonnull(st);
	ck_assert_ptr_nonnull(strstr(st, "\n    as: \"\"\n    kind: structure\n    subject: measure 2 split\n    hash: "));
	ck_assert_ptr_null(strstr(st, "measure: "));
	free(text);
}
END_TEST

START_TEST(v2_records_load_back_and_verify)
{
	char *text = plan_with_v2_records();
	struct fg_plan *p = load_ok(text);
	ck_assert_uint_eq(p->nhistory, 3);
	const struct fg_record *r = &p->history[1];
	ck_assert_int_eq(r->kind, FG_KIND_REPORT);
	ck_assert(!fg_record_has_status(r));
	ck_assert_str_eq(r->progress, "已完成摸底\n第二行");
	ck_assert_str_eq(r->problems, "资金\\缺口");
	ck_assert(r->has_percent);
	ck_assert_int_eq(r->percent, 40);
	ck_assert_int_eq(p->history[2].measure, 0);
	ck_assert_int_eq(p->history[2].kind, FG_KIND_STRUCTURE);
	/* the report left the assignment as the status change made it */
	ck_assert_int_eq(asg_of(p, 1, "市科技局")->status, FG_STATUS_IN_PROGRESS);
	ck_assert_str_eq(asg_of(p, 1, "市科技局")->note, "一");
	fg_plan_free(p);
	ck_assert_uint_eq(verify(text, NULL), 0);
	free(text);
}
END_TEST

START_TEST(an_edited_progress_in_a_v2_record_fails_at_that_record)
{
	char *text = plan_with_v2_records();
	char *bad = replace(text, "    percent: 40\n", "    percent: 80\n");
	struct fg_problem pr;
	ck_assert_uint_ge(verify(bad, &pr), 1);
	ck_assert_uint_eq(pr.line, line_of(bad, "  - at: 2026-11-26T20:01:00+08:00"));
	ck_assert_ptr_nonnull(strstr(pr.msg, "history record 2 "));
	free(bad);
	char *bad2 = replace(text, "    next: 下月验收\n", "");
	ck_assert_uint_ge(verify(bad2, &pr), 1);
	ck_assert_ptr_nonnull(strstr(pr.msg, "history record 2 "));
	free(bad2);
	free(text);
}
END_TEST

START_TEST(the_v2_hash_is_sha256_of_the_canonical_serialisation)
{
	struct fg_record r = {
		.at = "2026-11-26T20:00:00+08:00", .by = "zhang", .as = "市税务局", .kind = FG_KIND_REPORT, .measure = 3,
		.unit = "葛店经开区管委会", .note = "a\\b\nc", .period = "2026-11", .progress = "p", .percent = 40,
		.has_percent = true,
	};
	size_t len;
	char *c = fg_record_canonical(&r, "ab12", &len);
	const char *want = "fengong-record-2\nat=2026-11-26T20:00:00+08:00\nby=zhang\nas=市税务局\nkind=report\nmeasure=3\n"
			   "unit=葛店经开区管委会\nfrom=\nto=\nnote=a\\\\b\\nc\nperiod=2026-11\nprogress=p\nproblems=\nnext=\n"
			   "percent=40\ndue=\nsubject=\nkey=\nprev=ab12\n";
	ck_assert_str_eq(c, want);
	ck_assert_uint_eq(len, strlen(want));
	free(c);
	char h[65];
	fg_history_hash(&r, "ab12", h);
	/* printf '%s' "$want" | sha256sum */
	ck_assert_str_eq(h, "c338f1a36504b817ea6b21c34f3658e9cc44ccbc3dd0426cc51836a73c161894");
	/* the signature is not hashed; a status change with a period is v2 */
	r.sig = "AAAA";
	char h2[65];
	fg_history_hash(&r, "ab12", h2);
	ck_assert_str_eq(h, h2);
	struct fg_record s = {.at = "t", .by = "b", .as = "", .measure = 1, .unit = "u", .note = "", .hash = ""};
	ck_assert(!fg_record_is_v2(&s));
	s.period = "2026-11";
	ck_assert(fg_record_is_v2(&s));
}
END_TEST

START_TEST(a_kind_record_with_from_but_no_to_is_refused_at_the_record)
{
	const char *hist = "history:\n  - at: 2026-11-26T20:00:00+08:00\n    by: zhang\n    as: \"\"\n    kind: submit\n"
			   "    measure: 1\n    unit: 市科技局\n    from: in_progress\n    hash: 00\n";
	char *text = test_malloc(strlen(small_plan) + strlen(hist) + 1);
	sprintf(text, "%s%s", small_plan, hist);
	char first[400];
	load_refused(text, strlen(text), first, sizeof first);
	ck_assert_msg(strstr(first, "`from` without `to`") != NULL, "%s", first);
	free(text);
}
END_TEST

START_TEST(an_unknown_record_kind_is_refused_at_its_value)
{
	const char *hist = "history:\n  - at: 2026-11-26T20:00:00+08:00\n    by: zhang\n    as: \"\"\n    kind: gossip\n"
			   "    hash: 00\n";
	char *text = test_malloc(strlen(small_plan) + strlen(hist) + 1);
	sprintf(text, "%s%s", small_plan, hist);
	char first[400];
	load_refused(text, strlen(text), first, sizeof first);
	ck_assert_msg(strstr(first, ":59:11: unknown record kind \"gossip\"") != NULL, "%s", first);
	free(text);
}
END_TEST

START_TEST(a_report_saved_over_a_changed_file_keeps_both_without_conflict)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, small_plan, strlen(small_plan));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *mine = fg_plan_load(path, &d), *other = fg_plan_load(path, &d);
	struct fg_actor who = {.by = "li"};
	/* someone else changes the same assignment and saves first */
	ck_assert(fg_plan_set(other, fg_plan_measure(other, 1), asg_of(other, 1, "市科技局"), FG_STATUS_DELAYED, "慢",
			      &who, T0, &d));
	ck_assert(fg_plan_save(other, NULL, &d));
	struct fg_record rep = {.kind = FG_KIND_REPORT, .period = "2026-11", .progress = "进展"};
	ck_assert(fg_plan_append(mine, fg_plan_measure(mine, 1), asg_of(mine, 1, "市科技局"), &rep, &who, T0 + 60, &d));
	ck_assert_msg(fg_plan_save(mine, NULL, &d), "refused: %s", d.n ? d.items[0].msg : "");
	ck_assert_uint_eq(mine->nhistory, 2);
	ck_assert_int_eq(mine->history[1].kind, FG_KIND_REPORT);
	ck_assert_int_eq(asg_of(mine, 1, "市科技局")->status, FG_STATUS_DELAYED);
	ck_assert(fg_history_verify(mine, &d));
	fg_plan_free(mine);
	fg_plan_free(other);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_liaison_cannot_report_for_another_unit)
{
	struct fg_plan *p = load_ok(small_plan);
	bool set[3] = {false, true, false}; /* 市发改委 */
	struct fg_actor who = {.by = "li", .as = "市发改委", .as_units = set};
	struct fg_record rep = {.kind = FG_KIND_REPORT, .period = "2026-11", .progress = "进展"};
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	ck_assert(!fg_plan_append(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), &rep, &who, T0, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	ck_assert_uint_eq(fg_plan_dirty(p), 0);
	ck_assert(!fg_plan_append(p, NULL, NULL, &(struct fg_record){.kind = FG_KIND_STRUCTURE}, &who, T0, &d));
	fg_diag_free(&d);
	fg_plan_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("chain");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_chain_written_by_saves_verifies);
	tcase_add_test(tc, a_plan_without_history_verifies);
	tcase_add_test(tc, an_edited_note_in_a_record_fails_at_that_record);
	tcase_add_test(tc, an_edited_time_in_a_record_fails_at_that_record);
	tcase_add_test(tc, an_edited_hash_fails_at_that_record);
	tcase_add_test(tc, a_removed_record_fails_at_the_record_after_it);
	tcase_add_test(tc, a_removed_last_record_fails_at_its_assignment);
	tcase_add_test(tc, a_removed_last_record_of_an_assignment_with_earlier_ones_fails_at_it);
	tcase_add_test(tc, a_status_edited_by_hand_fails_at_its_assignment);
	tcase_add_test(tc, two_records_swapped_fail);
	tcase_add_test(tc, the_hash_is_sha256_of_length_prefixed_fields);
	tcase_add_test(tc, moving_text_between_fields_changes_the_hash);
	tcase_add_test(tc, v2_records_are_written_with_only_the_keys_they_have);
	tcase_add_test(tc, v2_records_load_back_and_verify);
	tcase_add_test(tc, an_edited_progress_in_a_v2_record_fails_at_that_record);
	tcase_add_test(tc, the_v2_hash_is_sha256_of_the_canonical_serialisation);
	tcase_add_test(tc, a_kind_record_with_from_but_no_to_is_refused_at_the_record);
	tcase_add_test(tc, an_unknown_record_kind_is_refused_at_its_value);
	tcase_add_test(tc, a_report_saved_over_a_changed_file_keeps_both_without_conflict);
	tcase_add_test(tc, a_liaison_cannot_report_for_another_unit);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
