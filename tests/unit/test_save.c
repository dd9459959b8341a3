/* Unit suite `save`: what the saver writes, and that it reads back as meant. */
#include <sys/stat.h>

#include "testlib.h"

static const time_t T0 = 1795694400; /* 2026-11-26T20:00:00+08:00 */

/* ------------------------------------------------------------ helpers */

/* A temporary directory holding `name` with the given bytes. */
struct scratch {
	char *dir, *path;
};

static struct scratch scratch_with(const char *bytes, size_t len)
{
	struct scratch s;
	s.dir = tmpdir_new();
	s.path = path_in(s.dir, "plan.yaml");
	write_file(s.path, bytes, len);
	return s;
}

static struct scratch scratch_shipped(void)
{
	size_t len;
	char *b = read_file(FG_SOURCE_PLAN, &len);
	struct scratch s = scratch_with(b, len);
	free(b);
	return s;
}

static void scratch_free(struct scratch *s)
{
	free(s->path);
	tmpdir_remove(s->dir);
}

static struct fg_plan *load_path(const char *path)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	char msg[1200] = "";
	if (!p)
		fg_diag_format(&d, 0, msg, sizeof msg);
	fg_diag_free(&d);
	ck_assert_msg(p != NULL, "cannot load %s: %s", path, msg);
	return p;
}

static void set_or_fail(struct fg_plan *p, int n, const char *unit, enum fg_status st, const char *note, time_t t)
{
	struct fg_actor who = {.by = "zhang"};
	struct fg_diag d;
	fg_diag_init(&d, "t");
	ck_assert(fg_plan_set(p, fg_plan_measure(p, n), asg_of(p, n, unit), st, note, &who, t, &d));
	fg_diag_free(&d);
}

static void save_or_fail(struct fg_plan *p)
{
	struct fg_diag d;
	fg_diag_init(&d, p->path);
	bool ok = fg_plan_save(p, NULL, &d);
	char msg[1200] = "";
	if (!ok)
		fg_diag_format(&d, 0, msg, sizeof msg);
	fg_diag_free(&d);
	ck_assert_msg(ok, "save failed: %s", msg);
}

/* Split text into lines (the \n kept out); returns the count. */
static size_t split_lines(char *text, char ***out)
{
	size_t n = 0, cap = 64;
	char **v = test_malloc(cap * sizeof *v);
	for (char *s = text; *s;) {
		char *nl = strchr(s, '\n');
		if (n == cap)
			v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = s;
		if (!nl)
			break;
		*nl = 0;
		s = nl + 1;
	}
	*out = v;
	return n;
}

/* ------------------------------------------------------------ round trips */

/* ...apart from its comment lines (the note on 各区人民政府's members),
 * which the canonical layout does not carry */
START_TEST(shipped_plan_emits_byte_identically)
{
	size_t len, elen;
	char *src = read_file(FG_SOURCE_PLAN, &len);
	size_t w = 0;
	for (size_t r = 0; r < len;) {
		size_t e = r;
		while (e < len && src[e] != '\n')
			e++;
		e += e < len;
		size_t k = r;
		while (k < e && src[k] == ' ')
			k++;
		if (k == e || src[k] != '#') {
			memmove(src + w, src + r, e - r);
			w += e - r;
		}
		r = e;
	}
	len = w;
	src[len] = 0;
	struct fg_plan *p = load_ok(src);
	char *out = fg_plan_emit(p, &elen);
	ck_assert_uint_eq(elen, len);
	ck_assert_mem_eq(out, src, len);
	free(out);
	free(src);
	fg_plan_free(p);
}
END_TEST

START_TEST(emit_of_a_plan_built_in_memory_loads_back_equal)
{
	struct fg_plan *p = fg_plan_new();
	p->title = "方案", p->number = "1号", p->issuer = "办公室", p->date = "2024-11-07";
	fg_plan_add_target(p, "目标", "2029-12-31");
	struct fg_unit *u = fg_plan_add_unit(p, "各区人民政府");
	fg_unit_add_alias(p, u, "各区");
	fg_unit_add_member(p, u, "葛店经开区管委会");
	fg_plan_add_unit(p, "市科技局");
	fg_plan_add_section(p, "二", "科技");
	struct fg_measure *m = fg_plan_add_measure(p, 1, "(一)", "二", "标题", "正文");
	fg_measure_add_target(p, m, "突破200家");
	fg_measure_add_assignment(p, m, "市科技局", FG_ROLE_LEAD);
	fg_measure_add_assignment(p, m, "各区人民政府", FG_ROLE_CO)->note = "no";
	m = fg_plan_add_measure(p, 2, "(二)", "", "无单位", "正文");
	m->unassigned = "原文未列责任单位";
	struct fg_diag d;
	fg_diag_init(&d, "mem");
	ck_assert(fg_plan_validate(p, &d));
	size_t len;
	char *text = fg_plan_emit(p, &len);
	struct fg_plan *q = load_ok(text);
	char why[200] = "";
	ck_assert_msg(fg_plan_equal(p, q, why, sizeof why), "%s", why);
	free(text);
	fg_plan_free(q);
	fg_plan_free(p);
	fg_diag_free(&d);
}
END_TEST

START_TEST(load_save_load_gives_the_same_model)
{
	struct scratch s = scratch_shipped();
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 3, "市税务局", FG_STATUS_IN_PROGRESS, "已完成摸底", T0);
	set_or_fail(p, 9, "人行鄂州市分行", FG_STATUS_BLOCKED, "等待省级文件", T0 + 60);
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, NULL, T0 + 120);
	save_or_fail(p);
	struct fg_plan *q = load_path(s.path);
	char why[200] = "";
	ck_assert_msg(fg_plan_equal(p, q, why, sizeof why), "%s", why);
	ck_assert_int_eq(asg_of(q, 9, "人行鄂州市分行")->status, FG_STATUS_BLOCKED);
	ck_assert_uint_eq(q->nhistory, 3);
	ck_assert_uint_eq(fg_plan_dirty(p), 0); /* the journal is empty after a save */
	fg_plan_free(q);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(canonical_save_gives_the_same_model)
{
	struct scratch s = scratch_shipped();
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 3, "市税务局", FG_STATUS_DONE, "ok", T0);
	struct fg_save_opts o = {.canonical = true};
	struct fg_diag d;
	fg_diag_init(&d, s.path);
	ck_assert(fg_plan_save(p, &o, &d));
	fg_diag_free(&d);
	struct fg_plan *q = load_path(s.path);
	ck_assert(fg_plan_equal(p, q, NULL, 0));
	size_t len, elen;
	char *bytes = read_file(s.path, &len);
	char *emitted = fg_plan_emit(q, &elen);
	ck_assert_uint_eq(len, elen);
	ck_assert_mem_eq(bytes, emitted, len);
	free(bytes);
	free(emitted);
	fg_plan_free(q);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(a_status_edit_changes_only_that_assignments_lines_and_appends_history)
{
	struct scratch s = scratch_shipped();
	size_t len0, len1;
	char *before = read_file(s.path, &len0);
	struct fg_plan *p = load_path(s.path);
	unsigned line = asg_of(p, 3, "市税务局")->line; /* "- unit: 市税务局" */
	set_or_fail(p, 3, "市税务局", FG_STATUS_IN_PROGRESS, "已完成摸底", T0);
	save_or_fail(p);
	char *after = read_file(s.path, &len1);
	char **a, **b;
	size_t na = split_lines(before, &a), nb = split_lines(after, &b);
	ck_assert_uint_eq(nb, na + 10); /* "history:" and one record of 9 lines */
	for (size_t i = 0; i < na; i++) {
		unsigned ln = (unsigned)i + 1;
		if (ln == line + 2)
			ck_assert_str_eq(b[i], "        status: in_progress");
		else if (ln == line + 3)
			ck_assert_str_eq(b[i], "        note: 已完成摸底");
		else if (ln == line + 4)
			ck_assert_str_eq(b[i], "        updated: 2026-11-26T20:00:00+08:00");
		else if (ln == line + 5)
			ck_assert_str_eq(b[i], "        by: zhang");
		else
			ck_assert_msg(strcmp(a[i], b[i]) == 0, "line %u changed: \"%s\" -> \"%s\"", ln, a[i], b[i]);
	}
	ck_assert_str_eq(b[na], "history:");
	ck_assert_str_eq(b[na + 1], "  - at: 2026-11-26T20:00:00+08:00");
	ck_assert_str_eq(b[na + 2], "    by: zhang");
	ck_assert_str_eq(b[na + 3], "    as: \"\"");
	ck_assert_str_eq(b[na + 4], "    measure: 3");
	ck_assert_str_eq(b[na + 5], "    unit: 市税务局");
	ck_assert_str_eq(b[na + 6], "    from: not_started");
	ck_assert_str_eq(b[na + 7], "    to: in_progress");
	ck_assert_str_eq(b[na + 8], "    note: 已完成摸底");
	ck_assert_uint_eq(strlen(b[na + 9]), strlen("    hash: ") + 64);
	free(a);
	free(b);
	free(before);
	free(after);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(a_second_edit_appends_to_the_existing_history)
{
	struct scratch s = scratch_shipped();
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 3, "市税务局", FG_STATUS_IN_PROGRESS, "一", T0);
	save_or_fail(p);
	size_t len1, len2;
	char *one = read_file(s.path, &len1);
	set_or_fail(p, 3, "市税务局", FG_STATUS_DONE, "二", T0 + 60);
	save_or_fail(p);
	char *two = read_file(s.path, &len2);
	/* everything after the assignment's lines is the old file plus a record */
	const char *hist1 = strstr(one, "history:\n"), *hist2 = strstr(two, "history:\n");
	ck_assert_ptr_nonnull(hist1);
	ck_assert_ptr_nonnull(hist2);
	ck_assert_uint_gt(strlen(hist2), strlen(hist1));
	ck_assert_int_eq(strncmp(hist1, hist2, strlen(hist1)), 0);
	ck_assert_ptr_nonnull(strstr(hist2 + strlen(hist1), "  - at: 2026-11-26T20:01:00+08:00\n"));
	struct fg_plan *q = load_path(s.path);
	ck_assert_uint_eq(q->nhistory, 2);
	fg_plan_free(q);
	free(one);
	free(two);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

/* ------------------------------------------------------------ notes that must stay strings */

static void note_round_trip(const char *note, const char *written)
{
	struct scratch s = scratch_with(small_plan, strlen(small_plan));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_IN_PROGRESS, note, T0);
	save_or_fail(p);
	struct fg_plan *q = load_path(s.path);
	ck_assert_msg(strcmp(asg_of(q, 1, "市发改委")->note, note) == 0, "note \"%s\" read back as \"%s\"", note,
		      asg_of(q, 1, "市发改委")->note);
	ck_assert_str_eq(q->history[0].note, note);
	if (written) {
		size_t len;
		char *bytes = read_file(s.path, &len);
		char want[300];
		snprintf(want, sizeof want, "\n        note: %s\n", written);
		ck_assert_msg(strstr(bytes, want) != NULL, "note \"%s\" not written as %s", note, written);
		free(bytes);
	}
	/* and the canonical layout reads it back the same */
	size_t elen;
	char *e = fg_plan_emit(q, &elen);
	struct fg_plan *r = load_ok(e);
	ck_assert_str_eq(asg_of(r, 1, "市发改委")->note, note);
	fg_plan_free(r);
	free(e);
	fg_plan_free(q);
	fg_plan_free(p);
	scratch_free(&s);
}

START_TEST(note_no_stays_a_string)
{
	note_round_trip("no", "\"no\"");
}
END_TEST

START_TEST(note_off_stays_a_string)
{
	note_round_trip("off", "\"off\"");
}
END_TEST

START_TEST(note_null_stays_a_string)
{
	note_round_trip("null", "\"null\"");
}
END_TEST

START_TEST(note_1e3_stays_a_string)
{
	note_round_trip("1e3", "\"1e3\"");
}
END_TEST

START_TEST(note_010_stays_a_string)
{
	note_round_trip("010", "\"010\"");
}
END_TEST

START_TEST(note_tilde_stays_a_string)
{
	note_round_trip("~", "\"~\"");
}
END_TEST

START_TEST(note_double_quote_stays_a_string)
{
	note_round_trip("\"", "\"\\\"\"");
}
END_TEST

START_TEST(note_with_a_leading_space_keeps_it)
{
	note_round_trip(" 前导空格", "\" 前导空格\"");
}
END_TEST

START_TEST(note_with_a_trailing_space_keeps_it)
{
	note_round_trip("末尾空格 ", "\"末尾空格 \"");
}
END_TEST

START_TEST(note_on_several_lines_keeps_its_line_breaks)
{
	note_round_trip("第一行\n第二行\n", "\"第一行\\n第二行\\n\"");
}
END_TEST

START_TEST(note_with_esc_keeps_the_control_character)
{
	note_round_trip("\x1b[31m红\x1b[0m", "\"\\x1b[31m红\\x1b[0m\"");
}
END_TEST

START_TEST(numbers_with_a_base_prefix_are_quoted_but_hex_words_are_not)
{
	note_round_trip("0x1F", "\"0x1F\"");
	note_round_trip("0o17", "\"0o17\"");
	note_round_trip("0b101", "\"0b101\"");
	/* a history hash may start so; it is no number and stays plain */
	note_round_trip("0b0c963748d5a0b001790caf9d7e72861d614b575d528d0556e607ce4e5ba3ff",
			"0b0c963748d5a0b001790caf9d7e72861d614b575d528d0556e607ce4e5ba3ff");
	note_round_trip("0xZZ", "0xZZ");
}
END_TEST

START_TEST(notes_that_yaml_would_read_otherwise_stay_strings)
{
	static const char *const notes[] = {
		"yes", "True", "NULL", "y", "0x1F", "0o17", "+1", "-1", "1_000", "12:30", ".inf", "-.inf", ".NaN",
		"- 列表", "-", "? 问", ": 冒", "# 井号", "&锚", "*别名", "!标签", "|", ">", "'单引号'", "%", "@", "`",
		"[a]", "{a: b}", "a: b", "a #b", "---", "...", "<<", "=", "tab\tinside", "\\", "é", "\xc2\x85", "\xe2\x80\xa8",
		"\xef\xbb\xbf" "bom", "中文，冒号：后面", "2024-11-07", "a:b", "-x", "x-",
	};
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
		note_round_trip(notes[i], NULL);
}
END_TEST

START_TEST(an_empty_note_is_written_as_two_quotes)
{
	struct scratch s = scratch_with(small_plan, strlen(small_plan));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_IN_PROGRESS, "先写", T0);
	save_or_fail(p);
	set_or_fail(p, 1, "市发改委", FG_STATUS_IN_PROGRESS, "", T0 + 60);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "        status: in_progress\n        note: \"\"\n"));
	free(bytes);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

/* ------------------------------------------------------------ what is not written */

START_TEST(a_plan_without_edits_is_not_rewritten)
{
	struct scratch s = scratch_shipped();
	struct stat st0, st1;
	ck_assert_int_eq(stat(s.path, &st0), 0);
	struct fg_plan *p = load_path(s.path);
	save_or_fail(p);
	ck_assert_int_eq(stat(s.path, &st1), 0);
	ck_assert_uint_eq(st0.st_ino, st1.st_ino); /* a save would rename a new file in */
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(edits_undone_before_saving_write_nothing)
{
	struct scratch s = scratch_shipped();
	struct stat st0, st1;
	ck_assert_int_eq(stat(s.path, &st0), 0);
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 3, "市税务局", FG_STATUS_DONE, NULL, T0);
	ck_assert(fg_plan_undo(p));
	save_or_fail(p);
	ck_assert_int_eq(stat(s.path, &st1), 0);
	ck_assert_uint_eq(st0.st_ino, st1.st_ino);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(save_leaves_no_lock_and_no_temporary_file)
{
	struct scratch s = scratch_with(small_plan, strlen(small_plan));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_DONE, NULL, T0);
	save_or_fail(p);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s')\" = plan.yaml", s.dir);
	ck_assert_int_eq(system(cmd), 0);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

/* ------------------------------------------------------------ layouts kept */

START_TEST(a_bom_is_kept_on_save)
{
	char *text = test_malloc(sizeof small_plan + 3);
	memcpy(text, "\xEF\xBB\xBF", 3);
	memcpy(text + 3, small_plan, sizeof small_plan);
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_DONE, NULL, T0);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_mem_eq(bytes, "\xEF\xBB\xBFversion: 1\n", 14);
	ck_assert_ptr_nonnull(strstr(bytes, "        status: done\n"));
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(crlf_line_ends_are_kept_on_save)
{
	size_t n = strlen(small_plan);
	char *text = test_malloc(2 * n + 1), *o = text;
	for (size_t i = 0; i < n; i++) {
		if (small_plan[i] == '\n')
			*o++ = '\r';
		*o++ = small_plan[i];
	}
	*o = 0;
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_DONE, "备注", T0);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	for (size_t i = 0; i < len; i++)
		if (bytes[i] == '\n')
			ck_assert_msg(i > 0 && bytes[i - 1] == '\r', "a bare LF at byte %zu", i);
	ck_assert_ptr_nonnull(strstr(bytes, "        status: done\r\n        note: 备注\r\n"));
	ck_assert_ptr_nonnull(strstr(bytes, "\r\nhistory:\r\n  - at: "));
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(missing_note_updated_and_by_keys_are_added_to_the_assignment)
{
	const char *old = "        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n      - unit: 市发改委";
	char *text = test_malloc(sizeof small_plan);
	const char *at = strstr(small_plan, old);
	ck_assert_ptr_nonnull(at);
	sprintf(text, "%.*s        status: not_started\n      - unit: 市发改委%s", (int)(at - small_plan), small_plan,
		at + strlen(old));
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, "补上", T0);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "        role: lead\n        status: done\n        note: 补上\n"
					    "        updated: 2026-11-26T20:00:00+08:00\n        by: zhang\n      - unit: 市发改委\n"));
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(an_empty_last_value_is_filled_before_missing_keys_are_added)
{
	/* found by the fuzzer: `by:` empty and last, note and updated missing */
	const char *old = "        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n      - unit: 市发改委";
	const char *at = strstr(small_plan, old);
	ck_assert_ptr_nonnull(at);
	char *text = test_malloc(sizeof small_plan);
	sprintf(text, "%.*s        status: not_started\n        by:\n      - unit: 市发改委%s", (int)(at - small_plan),
		small_plan, at + strlen(old));
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, "{b}", T0);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "        status: done\n        by: zhang\n        note: \"{b}\"\n"
					    "        updated: 2026-11-26T20:00:00+08:00\n      - unit: 市发改委\n"));
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(a_block_scalar_last_value_gets_missing_keys_after_its_content)
{
	/* found by the fuzz seed: a folded note ends the mapping, updated/by missing */
	const char *old = "        note: \"\"\n        updated: \"\"\n        by: \"\"\n      - unit: 市发改委";
	const char *at = strstr(small_plan, old);
	char *text = test_malloc(sizeof small_plan + 64);
	sprintf(text, "%.*s        note: >\n          折叠\n          备注\n      - unit: 市发改委%s", (int)(at - small_plan),
		small_plan, at + strlen(old));
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, "trailing ", T0);
	save_or_fail(p);
	struct fg_plan *q = load_path(s.path);
	ck_assert_str_eq(asg_of(q, 1, "市科技局")->note, "trailing ");
	ck_assert_str_eq(asg_of(q, 1, "市科技局")->by, "zhang");
	fg_plan_free(q);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(keys_missing_at_the_end_of_the_file_go_before_the_new_history)
{
	/* found by the fuzzer: the file ends inside the last assignment, with
	 * no final newline and no history yet */
	const char *tail = "        note: \"\"\n        updated: \"\"\n        by: \"\"\n";
	size_t n = strlen(small_plan) - strlen(tail);
	ck_assert_str_eq(small_plan + n, tail);
	char *text = test_malloc(n + 32);
	sprintf(text, "%.*s        note: 最后", (int)n, small_plan);
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 2, "各区人民政府", FG_STATUS_DONE, NULL, T0);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "        status: done\n        note: 最后\n        updated: 2026-11-26T20:00:00+08:00\n"
					    "        by: zhang\nhistory:\n  - at: "));
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(a_file_ending_in_a_block_scalar_without_a_newline_keeps_its_value)
{
	/* found by the fuzzer: appending the history there would add a line
	 * break to that value; the save writes the canonical layout instead */
	const char *tail = "        note: \"\"\n        updated: \"\"\n        by: \"\"\n";
	size_t n = strlen(small_plan) - strlen(tail);
	char *text = test_malloc(n + 128);
	sprintf(text, "%.*s        updated: \"\"\n        by: \"\"\n        note: |\n          最后一行", (int)n, small_plan);
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	ck_assert_str_eq(asg_of(p, 2, "各区人民政府")->note, "最后一行");
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, NULL, T0);
	save_or_fail(p);
	struct fg_plan *q = load_path(s.path);
	ck_assert_str_eq(asg_of(q, 2, "各区人民政府")->note, "最后一行");
	ck_assert_int_eq(asg_of(q, 1, "市科技局")->status, FG_STATUS_DONE);
	ck_assert_uint_eq(q->nhistory, 1);
	fg_plan_free(q);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(new_records_line_up_with_the_existing_records_dashes)
{
	/* found by the fuzzer: records written "-   at:" (dash at column 0) */
	struct scratch s = scratch_with(small_plan, strlen(small_plan));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市科技局", FG_STATUS_IN_PROGRESS, "一", T0);
	save_or_fail(p);
	fg_plan_free(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	char *h = strstr(bytes, "\nhistory:\n");
	ck_assert_ptr_nonnull(h);
	/* re-indent the record by hand: "  - at:" -> "-   at:" */
	char *rec = h + strlen("\nhistory:\n");
	ck_assert_int_eq(strncmp(rec, "  - at:", 7), 0);
	memcpy(rec, "-   at:", 7);
	for (char *k = strchr(rec, '\n'); k && k[1]; k = strchr(k + 1, '\n'))
		ck_assert_int_eq(strncmp(k + 1, "    ", 4), 0);
	write_file(s.path, bytes, len);
	p = load_path(s.path);
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, "二", T0 + 60);
	save_or_fail(p);
	free(bytes);
	bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "\n-   at: 2026-11-26T20:01:00+08:00\n    by: zhang\n"));
	struct fg_plan *q = load_path(s.path);
	ck_assert_uint_eq(q->nhistory, 2);
	fg_plan_free(q);
	free(bytes);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(a_new_history_goes_before_a_document_end_marker)
{
	/* found by the fuzzer: a file that ends "..." */
	char *text = test_malloc(sizeof small_plan + 32);
	sprintf(text, "%s...\n# after the end\n", small_plan);
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, NULL, T0);
	save_or_fail(p);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "\nhistory:\n  - at: "));
	const char *end = strstr(bytes, "\n...\n# after the end\n");
	ck_assert_ptr_nonnull(end);
	ck_assert_str_eq(end, "\n...\n# after the end\n");
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(an_empty_flow_history_is_replaced_by_records)
{
	char *text = test_malloc(sizeof small_plan + 20);
	sprintf(text, "%shistory: []\n", small_plan);
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_DONE, NULL, T0);
	save_or_fail(p);
	struct fg_plan *q = load_path(s.path);
	ck_assert_uint_eq(q->nhistory, 1);
	fg_plan_free(q);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_ptr_nonnull(strstr(bytes, "        by: \"\"\nhistory:\n  - at: 2026-11-26T20:00:00+08:00\n"));
	free(bytes);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

START_TEST(a_note_written_as_a_block_scalar_can_be_replaced)
{
	const char *old = "        status: not_started\n        note: \"\"\n        updated: \"\"\n        by: \"\"\n      - unit: 市发改委";
	const char *new = "        status: not_started\n        note: |\n          第一行\n          第二行\n"
			  "        updated: \"\"\n        by: \"\"\n      - unit: 市发改委";
	const char *at = strstr(small_plan, old);
	char *text = test_malloc(sizeof small_plan + 100);
	sprintf(text, "%.*s%s%s", (int)(at - small_plan), small_plan, new, at + strlen(old));
	struct scratch s = scratch_with(text, strlen(text));
	struct fg_plan *p = load_path(s.path);
	ck_assert_str_eq(asg_of(p, 1, "市科技局")->note, "第一行\n第二行\n");
	set_or_fail(p, 1, "市科技局", FG_STATUS_DONE, "一行", T0);
	save_or_fail(p);
	struct fg_plan *q = load_path(s.path);
	ck_assert_str_eq(asg_of(q, 1, "市科技局")->note, "一行");
	ck_assert_str_eq(asg_of(q, 1, "市科技局")->updated, "2026-11-26T20:00:00+08:00");
	fg_plan_free(q);
	free(text);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

/* ------------------------------------------------------------ others saving meanwhile */

START_TEST(edits_to_different_assignments_by_two_sessions_both_land)
{
	struct scratch s = scratch_shipped();
	struct fg_plan *a = load_path(s.path), *b = load_path(s.path);
	set_or_fail(a, 3, "市税务局", FG_STATUS_IN_PROGRESS, "甲", T0);
	set_or_fail(b, 9, "人行鄂州市分行", FG_STATUS_DONE, "乙", T0 + 1);
	save_or_fail(a);
	save_or_fail(b); /* re-reads a's save and applies b's edit on top */
	struct fg_plan *q = load_path(s.path);
	ck_assert_str_eq(asg_of(q, 3, "市税务局")->note, "甲");
	ck_assert_str_eq(asg_of(q, 9, "人行鄂州市分行")->note, "乙");
	ck_assert_uint_eq(q->nhistory, 2);
	struct fg_diag d;
	fg_diag_init(&d, s.path);
	ck_assert(fg_history_verify(q, &d));
	fg_diag_free(&d);
	fg_plan_free(q);
	fg_plan_free(a);
	fg_plan_free(b);
	scratch_free(&s);
}
END_TEST

START_TEST(the_same_assignment_changed_by_two_sessions_is_a_conflict)
{
	struct scratch s = scratch_shipped();
	struct fg_plan *a = load_path(s.path), *b = load_path(s.path);
	set_or_fail(a, 3, "市税务局", FG_STATUS_IN_PROGRESS, "甲", T0);
	set_or_fail(b, 3, "市税务局", FG_STATUS_BLOCKED, "乙", T0 + 1);
	save_or_fail(a);
	size_t len0, len1;
	char *before = read_file(s.path, &len0);
	struct fg_diag d;
	fg_diag_init(&d, s.path);
	ck_assert(!fg_plan_save(b, NULL, &d));
	ck_assert_int_eq(d.kind, FG_ERR_CONFLICT);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "conflict on measure 3, 市税务局"));
	fg_diag_free(&d);
	char *after = read_file(s.path, &len1);
	ck_assert_uint_eq(len0, len1);
	ck_assert_mem_eq(before, after, len0);             /* nothing overwritten */
	ck_assert_str_eq(asg_of(b, 3, "市税务局")->note, "乙"); /* the edit is kept in memory */
	ck_assert_uint_eq(fg_plan_dirty(b), 1);
	free(before);
	free(after);
	fg_plan_free(a);
	fg_plan_free(b);
	scratch_free(&s);
}
END_TEST

START_TEST(a_file_broken_on_disk_meanwhile_is_not_overwritten)
{
	struct scratch s = scratch_with(small_plan, strlen(small_plan));
	struct fg_plan *p = load_path(s.path);
	set_or_fail(p, 1, "市发改委", FG_STATUS_DONE, NULL, T0);
	write_file(s.path, "version: 1\nplan: [\n", 19);
	struct fg_diag d;
	fg_diag_init(&d, s.path);
	ck_assert(!fg_plan_save(p, NULL, &d));
	ck_assert_int_eq(d.kind, FG_ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "no longer a valid plan"));
	fg_diag_free(&d);
	size_t len;
	char *bytes = read_file(s.path, &len);
	ck_assert_str_eq(bytes, "version: 1\nplan: [\n");
	ck_assert_uint_eq(fg_plan_dirty(p), 1);
	free(bytes);
	fg_plan_free(p);
	scratch_free(&s);
}
END_TEST

/* small_plan with each line end replaced by nl */
static char *with_line_ends(const char *nl, size_t *len)
{
	size_t n = 0;
	for (const char *c = small_plan; *c; c++)
		n += *c == '\n' ? strlen(nl) : 1;
	char *b = test_malloc(n + 1), *w = b;
	for (const char *c = small_plan; *c; c++)
		if (*c == '\n') {
			memcpy(w, nl, strlen(nl));
			w += strlen(nl);
		} else {
			*w++ = *c;
		}
	*w = 0;
	*len = n;
	return b;
}

START_TEST(a_canonical_save_keeps_the_files_line_ends)
{
	static const char *const styles[] = {"\r", "\r\n"};
	for (size_t k = 0; k < 2; k++) {
		size_t len;
		char *text = with_line_ends(styles[k], &len);
		struct scratch s = scratch_with(text, len);
		free(text);
		struct fg_plan *p = load_path(s.path);
		set_or_fail(p, 1, "市发改委", FG_STATUS_DONE, "行尾", T0);
		struct fg_save_opts o = {.canonical = true};
		struct fg_diag d;
		fg_diag_init(&d, s.path);
		ck_assert(fg_plan_save(p, &o, &d));
		fg_diag_free(&d);
		char *bytes = read_file(s.path, &len);
		for (size_t i = 0; i < len; i++) {
			if (k == 0)
				ck_assert_msg(bytes[i] != '\n', "a line feed at byte %zu of a CR-only file", i);
			else if (bytes[i] == '\n')
				ck_assert_msg(i > 0 && bytes[i - 1] == '\r', "a bare line feed at byte %zu of a CRLF file", i);
		}
		ck_assert_int_eq(bytes[len - 1], styles[k][strlen(styles[k]) - 1]);
		free(bytes);
		struct fg_plan *q = load_path(s.path);
		ck_assert(fg_plan_equal(p, q, NULL, 0));
		fg_plan_free(q);
		fg_plan_free(p);
		scratch_free(&s);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("save");
	TCase *tc = tcase_create("round trips");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, shipped_plan_emits_byte_identically);
	tcase_add_test(tc, emit_of_a_plan_built_in_memory_loads_back_equal);
	tcase_add_test(tc, load_save_load_gives_the_same_model);
	tcase_add_test(tc, canonical_save_gives_the_same_model);
	tcase_add_test(tc, a_canonical_save_keeps_the_files_line_ends);
	tcase_add_test(tc, a_status_edit_changes_only_that_assignments_lines_and_appends_history);
	tcase_add_test(tc, a_second_edit_appends_to_the_existing_history);
	suite_add_tcase(s, tc);

	tc = tcase_create("notes");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, note_no_stays_a_string);
	tcase_add_test(tc, note_off_stays_a_string);
	tcase_add_test(tc, note_null_stays_a_string);
	tcase_add_test(tc, note_1e3_stays_a_string);
	tcase_add_test(tc, note_010_stays_a_string);
	tcase_add_test(tc, note_tilde_stays_a_string);
	tcase_add_test(tc, note_double_quote_stays_a_string);
	tcase_add_test(tc, note_with_a_leading_space_keeps_it);
	tcase_add_test(tc, note_with_a_trailing_space_keeps_it);
	tcase_add_test(tc, note_on_several_lines_keeps_its_line_breaks);
	tcase_add_test(tc, note_with_esc_keeps_the_control_character);
	tcase_add_test(tc, numbers_with_a_base_prefix_are_quoted_but_hex_words_are_not);
	tcase_add_test(tc, notes_that_yaml_would_read_otherwise_stay_strings);
	tcase_add_test(tc, an_empty_note_is_written_as_two_quotes);
	suite_add_tcase(s, tc);

	tc = tcase_create("not written");
	tcase_add_test(tc, a_plan_without_edits_is_not_rewritten);
	tcase_add_test(tc, edits_undone_before_saving_write_nothing);
	tcase_add_test(tc, save_leaves_no_lock_and_no_temporary_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("layouts");
	tcase_add_test(tc, a_bom_is_kept_on_save);
	tcase_add_test(tc, crlf_line_ends_are_kept_on_save);
	tcase_add_test(tc, missing_note_updated_and_by_keys_are_added_to_the_assignment);
	tcase_add_test(tc, an_empty_last_value_is_filled_before_missing_keys_are_added);
	tcase_add_test(tc, a_block_scalar_last_value_gets_missing_keys_after_its_content);
	tcase_add_test(tc, keys_missing_at_the_end_of_the_file_go_before_the_new_history);
	tcase_add_test(tc, a_file_ending_in_a_block_scalar_without_a_newline_keeps_its_value);
	tcase_add_test(tc, new_records_line_up_with_the_existing_records_dashes);
	tcase_add_test(tc, a_new_history_goes_before_a_document_end_marker);
	tcase_add_test(tc, an_empty_flow_history_is_replaced_by_records);
	tcase_add_test(tc, a_note_written_as_a_block_scalar_can_be_replaced);
	suite_add_tcase(s, tc);

	tc = tcase_create("meanwhile");
	tcase_add_test(tc, edits_to_different_assignments_by_two_sessions_both_land);
	tcase_add_test(tc, the_same_assignment_changed_by_two_sessions_is_a_conflict);
	tcase_add_test(tc, a_file_broken_on_disk_meanwhile_is_not_overwritten);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
