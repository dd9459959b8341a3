/* The importer, form by form.
 *
 * Each fixture in this directory is a small document written for one way
 * Chinese plans name the units responsible for a measure.  A test imports
 * it and compares the matrix it makes, drawn one line per measure:
 *
 *     N LABEL §SECTION TITLE | lead UNIT… | co UNIT…
 *
 * with the matrix the document means.  The fixtures mix ASCII and
 * full-width punctuation and hide distractor parentheses ((含…), (以下简称…))
 * in the measures' text.  The last group imports the Ezhou document and
 * compares it with the hand-made plan/ezhou-2024-24.yaml.
 *
 * FIXTURES names this directory; PLAN names plan/ezhou-2024-24.yaml.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/import.h"
#include "fengong/plan.h"

/* ------------------------------------------------------------ helpers */

/* The strings helpers return live until the test's teardown. */
static char **kept;
static size_t nkept;

static char *keep(char *s)
{
	kept = realloc(kept, (nkept + 1) * sizeof *kept);
	if (!kept)
		abort();
	return kept[nkept++] = s;
}

static void free_kept(void)
{
	for (size_t i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	kept = NULL;
	nkept = 0;
}

struct imported {
	struct fg_plan *plan;
	struct fg_diag warnings, errors;
};

static char *fixture_path(const char *name)
{
	const char *dir = getenv("FIXTURES");
	char *path = NULL;
	if (asprintf(&path, "%s/%s", dir && *dir ? dir : ".", name) < 0)
		abort();
	return path;
}

static char *diag_text(const struct fg_diag *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	char line[1200];
	for (size_t i = 0; i < d->n; i++) {
		fg_diag_format(d, i, line, sizeof line);
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	return keep(s);
}

static struct imported import_fixture(const char *name)
{
	struct imported im;
	char *path = fixture_path(name);
	fg_diag_init(&im.warnings, name);
	fg_diag_init(&im.errors, name);
	im.plan = fg_import_file(path, &im.warnings, &im.errors);
	if (!im.plan)
		ck_abort_msg("importing %s failed:\n%s", path, diag_text(&im.errors));
	/* messages name the document as given */
	snprintf(im.warnings.file, sizeof im.warnings.file, "%s", name);
	free(path);
	return im;
}

static struct imported import_string(const char *text)
{
	struct imported im;
	fg_diag_init(&im.warnings, "doc.txt");
	fg_diag_init(&im.errors, "doc.txt");
	im.plan = fg_import_text("doc.txt", text, strlen(text), &im.warnings, &im.errors);
	return im;
}

static void imported_free(struct imported *im)
{
	fg_plan_free(im->plan);
	fg_diag_free(&im->warnings);
	fg_diag_free(&im->errors);
}

/* The matrix, one line per measure. */
static char *matrix_of(const struct fg_plan *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		fprintf(f, "%d %s §%s %s", m->number, m->label, m->section, m->title);
		if (!m->nasg) {
			fprintf(f, " | unassigned: %s\n", m->unassigned);
			continue;
		}
		for (int role = FG_ROLE_LEAD; role <= FG_ROLE_CO; role++) {
			fputs(role == FG_ROLE_LEAD ? " | lead" : " | co", f);
			size_t shown = 0;
			for (size_t k = 0; k < m->nasg; k++)
				if ((int)m->asg[k].role == role) {
					/* member rows (`via`) stand for their umbrella's assignment */
					const char *via = m->asg[k].via;
					if (via && *via && k > 0 && strcmp(m->asg[k - 1].via, via) == 0)
						continue;
					fprintf(f, " %s", via && *via ? via : m->asg[k].unit);
					shown++;
				}
			if (!shown)
				fputs(" -", f);
		}
		fputc('\n', f);
	}
	fclose(f);
	return keep(s);
}

/* The registry, one unit a line: "NAME ⊃ MEMBER MEMBER". */
static char *units_of(const struct fg_plan *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	for (size_t i = 0; i < p->nunits; i++) {
		fputs(p->units[i].name, f);
		if (p->units[i].nmembers)
			fputs(" ⊃", f);
		for (size_t k = 0; k < p->units[i].nmembers; k++)
			fprintf(f, " %s", p->units[i].members[k]);
		fputc('\n', f);
	}
	fclose(f);
	return keep(s);
}

static char *sections_of(const struct fg_plan *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	for (size_t i = 0; i < p->nsections; i++)
		fprintf(f, "%s %s\n", p->sections[i].id, p->sections[i].title);
	fclose(f);
	return keep(s);
}

static int line_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lines of s sorted: registries compared as sets. */
static char *sorted_lines(const char *s)
{
	char *copy = strdup(s), *save = NULL, **v = NULL;
	size_t n = 0;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		v = realloc(v, (n + 1) * sizeof *v);
		v[n++] = l;
	}
	qsort(v, n, sizeof *v, line_cmp);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", v[i]);
	fclose(f);
	free(v);
	free(copy);
	return keep(out);
}

#define ck_assert_matrix(plan, expected) ck_assert_str_eq(matrix_of(plan), expected)
#define ck_assert_units(plan, expected) ck_assert_str_eq(units_of(plan), expected)
#define ck_assert_warnings(im, expected) ck_assert_str_eq(diag_text(&(im).warnings), expected)

/* Does some warning sit at `line` and contain `part`? */
static bool has_warning(const struct imported *im, unsigned line, const char *part)
{
	for (size_t i = 0; i < im->warnings.n; i++)
		if (im->warnings.items[i].line == line && strstr(im->warnings.items[i].msg, part))
			return true;
	return false;
}

#define ck_assert_warning(im, line, part) \
	ck_assert_msg(has_warning(&(im), (line), (part)), "no warning at line %u with “%s”; got:\n%s", (line), (part), \
		      diag_text(&(im).warnings))

/* ------------------------------------------------------------ (责任单位:A、B,C) */

START_TEST(test_responsibility_list_without_stated_rule_makes_first_unit_lead)
{
	struct imported im = import_fixture("responsibility-list.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 推进企业上云 | lead 市经信局 | co 市发改委 各区人民政府\n"
			 "2 (二) §一 建设工业互联网平台 | lead 市经信局 | co 市科技局 市数据局 市财政局\n"
			 "3 （三） §二 强化资金保障 | lead 市财政局 | co 市经信局\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_conventional_lead_rule_is_reported_once)
{
	struct imported im = import_fixture("responsibility-list.txt");
	ck_assert_uint_eq(im.warnings.n, 1);
	ck_assert_warning(im, 5, "the first unit of each list (here 市经信局) is taken as the lead");
	imported_free(&im);
}
END_TEST

START_TEST(test_distractor_parentheses_stay_in_measure_text)
{
	struct imported im = import_fixture("responsibility-list.txt");
	ck_assert_str_eq(im.plan->measures[0].text,
			 "推进企业上云。支持规模以上工业企业（含规上企业）开展数字化改造，到2026年上云企业达到500家。");
	ck_assert_str_eq(im.plan->measures[1].text,
			 "建设工业互联网平台。依托市工业互联网公共服务平台(以下简称“公服平台”),为中小企业提供诊断服务。");
	imported_free(&im);
}
END_TEST

START_TEST(test_sections_are_the_headings_that_hold_measures)
{
	struct imported im = import_fixture("responsibility-list.txt");
	ck_assert_str_eq(sections_of(im.plan), "一 重点任务\n二 保障措施\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_units_are_registered_once_in_order_of_first_appearance)
{
	struct imported im = import_fixture("responsibility-list.txt");
	ck_assert_units(im.plan, "市经信局\n市发改委\n各区人民政府\n市科技局\n市数据局\n市财政局\n");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ rules stated in the text */

START_TEST(test_rule_listed_first_stated_once_applies_below)
{
	struct imported im = import_fixture("rule-listed-first.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 开展汽车促消费活动 | lead 市商务局 | co 市财政局 市公安局\n"
			 "2 (二) §一 推动家电以旧换新 | lead 市商务局 | co 市发改委 市市场监管局\n");
	ck_assert_warnings(im, "");
	imported_free(&im);
}
END_TEST

START_TEST(test_rule_before_first_comma_makes_units_before_it_leads)
{
	struct imported im = import_fixture("rule-before-first-comma.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 推进“高效办成一件事” | lead 市政务服务和大数据管理局 市司法局 | co 市发改委 "
			 "市市场监管局\n"
			 "2 (二) §一 优化企业开办服务 | lead 市市场监管局 | co 市税务局 市公安局\n"
			 "3 （三） §一 规范涉企检查 | lead 市司法局 市市场监管局 | co -\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_rule_before_first_comma_on_list_without_comma_is_reported)
{
	struct imported im = import_fixture("rule-before-first-comma.txt");
	ck_assert_uint_eq(im.warnings.n, 1);
	ck_assert_warning(im, 11, "this list has no comma; all 2 units are taken as leads");
	imported_free(&im);
}
END_TEST

START_TEST(test_rule_stated_in_annotation_with_xiatong_applies_below)
{
	struct imported im = import_fixture("rule-stated-with-xiatong.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 发展可再生能源 | lead 市发改委 | co 市自然资源和规划局 市住建局\n"
			 "2 (二) §一 推进重点行业节能降碳 | lead 市经信局 | co 市发改委 市生态环境局\n");
	ck_assert_warnings(im, "");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ 牵头单位 / 配合单位 */

START_TEST(test_lead_keyword_with_responsible_or_co_keyword)
{
	struct imported im = import_fixture("lead-and-responsible.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 建设多式联运枢纽 | lead 市交通运输局 | co 市发改委 市自然资源和规划局\n"
			 "2 (二) §一 发展冷链物流 | lead 市商务局 | co 市农业农村局\n"
			 "3 （三） §一 培育物流市场主体 | lead 市发改委 市商务局 | co 市交通运输局 市财政局\n");
	ck_assert_warnings(im, "");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ A牵头,B配合 / A、B负责 */

START_TEST(test_lead_and_co_verbs_after_unit_names)
{
	struct imported im = import_fixture("lead-and-co-verbs.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 做强特色农业 | lead 市农业农村局 | co 市发改委 市财政局\n"
			 "2 (二) §一 发展乡村旅游 | lead 市文旅局 | co 市农业农村局\n"
			 "3 （三） §一 完善农村物流 | lead 市商务局 | co 市邮政管理局\n");
	/* A、B负责 names no lead: the first-listed unit leads, as is usual, and
	 * the user is told */
	ck_assert_warning(im, 9, "the first unit of each list (here 市商务局) is taken as the lead");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ 按职责分工负责 */

START_TEST(test_by_duty_names_no_lead_and_makes_all_co)
{
	struct imported im = import_fixture("by-duty.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 落实行业监管责任 | lead - | co 市应急管理局 市住建局 市交通运输局\n"
			 "2 (二) §一 开展隐患排查整治 | lead - | co 市应急管理局 市消防救援支队\n");
	/* no lead is a guess the coordinator must see */
	ck_assert_warning(im, 5, "names no lead; they are all imported as co-responsible");
	ck_assert_warning(im, 7, "names no lead; they are all imported as co-responsible");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ styles of real plans (corpus) */

START_TEST(test_square_brackets_hold_an_annotation_and_a_document_number_does_not)
{
	struct imported im = import_string("某市方案\n一、任务\n"
					   "（一）做好甲。落实《通知》（川办函〔2015〕54号）。〔责任单位：市商务局〕\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市商务局 | co -\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_field_lines_of_their_own_make_one_annotation)
{
	struct imported im = import_string("某市分解方案\n一、目标\n1.生产总值增长6%。\n牵头负责领导：张三。\n"
					   "牵头单位：区发改局\n责任单位：立山经济开发区，各街道\n时限要求：2025年12月底\n");
	ck_assert_matrix(im.plan, "1 1. §一 生产总值增长6% | lead 区发改局 | co 立山经济开发区 各街道\n");
	ck_assert_str_eq(im.plan->measures[0].due, "2025-12-31");
	ck_assert_str_eq(im.plan->measures[0].text, "生产总值增长6%。");
	imported_free(&im);
}
END_TEST

START_TEST(test_huitong_makes_units_before_it_lead_and_after_it_co)
{
	struct imported im = import_string("某市方案\n一、任务\n（一）做好甲。（市商务局会同市财政局、市税务局负责）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市商务局 | co 市财政局 市税务局\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_a_verb_covers_the_clauses_before_it)
{
	struct imported im = import_string("某市方案\n一、任务\n"
					   "（一）做好甲。（市发展改革委牵头负责，市财政局、市科技局，各区人民政府配合）\n");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 做好甲 | lead 市发展改革委 | co 市财政局 市科技局 各区人民政府\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_fenbie_qiantou_makes_every_listed_unit_lead)
{
	struct imported im = import_string("某市分解\n一、目标\n1.新增就业完成省定任务。\n"
					   "责任单位：市人力社保局、市发改委分别牵头\n");
	ck_assert_matrix(im.plan, "1 1. §一 新增就业完成省定任务 | lead 市人力社保局 市发改委 | co -\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_generic_unit_after_deng_is_a_unit_of_its_own_and_reported)
{
	struct imported im = import_string("某市方案\n一、任务\n（一）做好甲。（责任单位：市工信局、市财政局等有关部门）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市工信局 | co 市财政局 有关部门\n");
	ck_assert_warning(im, 3, "“有关部门” after 市财政局 is a generic unit");
	imported_free(&im);
}
END_TEST

START_TEST(test_deng_bumen_only_ends_the_list)
{
	struct imported im = import_string("某市方案\n一、任务\n（一）做好甲。（区发改局牵头，区财政局、区水务局等部门配合）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 区发改局 | co 区财政局 区水务局\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_list_items_that_name_no_unit_join_the_one_before)
{
	struct imported im = import_string("某市方案\n一、任务\n"
					   "（一）做好甲。（牵头单位：市发改委；配合单位：各县、市、区政府，市直有关部门、单位）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市发改委 | co 各县、市、区政府 市直有关部门、单位\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_sentence_after_the_units_is_a_remark_not_a_unit)
{
	struct imported im = import_string("某市方案\n一、任务\n（一）做好甲。（牵头单位：市数据局；责任单位：市直有关部门，各区市政府。"
					   "以下任务均需各区市政府落实，不再一一列出）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市数据局 | co 市直有关部门 各区市政府\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_rule_in_a_remark_after_the_units_applies)
{
	struct imported im = import_string("某市意见\n一、任务\n（一）做好甲。（市发展改革委、市财政局等按照职责分工负责。"
					   "列第一位者为牵头单位，下同）\n（二）做好乙。（市商务局、市统计局负责）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市发展改革委 | co 市财政局\n"
				  "2 （二） §一 做好乙 | lead 市商务局 | co 市统计局\n");
	ck_assert_warnings(im, "");
	imported_free(&im);
}
END_TEST

START_TEST(test_rule_in_brackets_after_a_unit_is_not_part_of_its_name)
{
	struct imported im = import_string("某市措施\n一、任务\n（一）做好甲。\n责任单位：市发改委、市财政局（第一责任单位为牵头单位，下同）\n"
					   "（二）做好乙。\n责任单位：市建设局、市水利局\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市发改委 | co 市财政局\n"
				  "2 （二） §一 做好乙 | lead 市建设局 | co 市水利局\n");
	ck_assert_warnings(im, "");
	imported_free(&im);
}
END_TEST

START_TEST(test_bare_list_closing_a_paragraph_is_read_and_reported)
{
	struct imported im = import_string("某市意见\n一、任务\n（一）加大投入。安排专项资金（二期）。（市工信委、市财政局）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 加大投入 | lead 市工信委 | co 市财政局\n");
	ck_assert_warning(im, 3, "has neither a label nor a verb");
	ck_assert_str_eq(im.plan->measures[0].text, "加大投入。安排专项资金（二期）。");
	imported_free(&im);
}
END_TEST

START_TEST(test_deadline_among_the_units_is_the_due_date)
{
	struct imported im = import_string("某州计划\n一、任务\n1.加大放权。（牵头单位：州审批局；责任单位：州司法局，2020年6月底完成）\n");
	ck_assert_matrix(im.plan, "1 1. §一 加大放权 | lead 州审批局 | co 州司法局\n");
	ck_assert_str_eq(im.plan->measures[0].due, "2020-06-30");
	imported_free(&im);
}
END_TEST

START_TEST(test_unit_that_lost_its_prefix_is_kept_as_printed_and_reported)
{
	struct imported im = import_string("某市方案\n一、任务\n（一）做好甲。（责任单位：市行政审批局、住建局）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市行政审批局 | co 住建局\n");
	ck_assert_warning(im, 3, "it probably means “市住建局” and is kept as printed");
	imported_free(&im);
}
END_TEST

START_TEST(test_traditional_script_plan_is_read)
{
	struct imported im = import_string("某市意見\n一、任務\n（一）做好甲。（市民政局牽頭，各區、市政府負責落實）\n"
					   "（二）做好乙。（市發展改革委、市財政局等負責，列第一位者為牽頭單位，下同）\n");
	ck_assert_matrix(im.plan, "1 （一） §一 做好甲 | lead 市民政局 | co 各區、市政府\n"
				  "2 （二） §一 做好乙 | lead 市發展改革委 | co 市財政局\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_articles_and_half_bracket_numbers_are_labels)
{
	struct imported im = import_string("某县办法\n第一章 总则\n第一条 做好甲。（县财政局牵头，县税务局配合）\n"
					   "第二条 做好乙。（县商务局牵头）\n");
	ck_assert_matrix(im.plan, "1 第一条 §第一章 做好甲 | lead 县财政局 | co 县税务局\n"
				  "2 第二条 §第一章 做好乙 | lead 县商务局 | co -\n");
	imported_free(&im);
	im = import_string("某县方案\n一、任务\n1）做好甲。（县财政局牵头）\n2）做好乙。（县商务局牵头）\n");
	ck_assert_matrix(im.plan, "1 1） §一 做好甲 | lead 县财政局 | co -\n"
				  "2 2） §一 做好乙 | lead 县商务局 | co -\n");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ umbrella units, members */

START_TEST(test_umbrella_units_are_units_of_their_own)
{
	struct imported im = import_fixture("umbrella-and-members.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 推进老旧小区改造 | lead 市住房和城市更新局 | co 各区人民政府\n"
			 "2 (二) §一 实施城中村改造 | lead 市住房和城市更新局 | co 市自然资源和规划局 各区人民政府 "
			 "市直有关部门\n"
			 "3 （三） §一 完善县城基础设施 | lead 市发改委 | co 各县（市、区）人民政府\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_membership_notes_give_units_members)
{
	struct imported im = import_fixture("umbrella-and-members.txt");
	ck_assert_units(im.plan, "市住房和城市更新局\n"
				 "各区人民政府 ⊃ 葛店经开区管委会 临空经济区管委会\n"
				 "市自然资源和规划局\n"
				 "市直有关部门\n"
				 "市发改委\n"
				 "各县（市、区）人民政府 ⊃ 开发区管委会\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_member_sharing_a_suffix_is_completed_and_reported)
{
	struct imported im = import_fixture("umbrella-and-members.txt");
	ck_assert_warning(im, 5, "read the member “葛店经开区” of 各区人民政府 as “葛店经开区管委会”");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ a lead marked with * */

START_TEST(test_star_marks_the_lead_wherever_it_is_listed)
{
	struct imported im = import_fixture("star-lead.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 建设数据交易平台 | lead 市数据局 | co 市发改委 市财政局\n"
			 "2 (二) §一 完善数据安全保障 | lead 市公安局 | co 市委网信办 市数据局\n");
	ck_assert_warnings(im, "");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ numbering */

START_TEST(test_measures_numbered_1_dot_under_subsections)
{
	struct imported im = import_fixture("numbered-subsections.txt");
	ck_assert_matrix(im.plan,
			 "1 1. §一 推进工业设备更新 | lead 市经信局 | co 市发改委\n"
			 "2 2、 §一 推进建筑市政设备更新 | lead 市住建局 | co 市市场监管局\n"
			 "3 1. §一 开展汽车以旧换新 | lead 市商务局 | co 市财政局 市公安局\n"
			 "4 1． §二 加强资金支持 | lead 市财政局 | co 市发改委\n");
	ck_assert_str_eq(sections_of(im.plan), "一 主要任务\n二 保障措施\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_measures_numbered_with_digits_in_parentheses)
{
	struct imported im = import_fixture("numbered-paren-digits.txt");
	ck_assert_matrix(im.plan,
			 "1 （1） §一 新建改扩建幼儿园 | lead 区教育局 | co 区发改委 区住建局\n"
			 "2 (2) §一 认定普惠性民办幼儿园 | lead 区教育局 | co 区财政局\n");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ what is reported */

START_TEST(test_measures_without_annotation_are_kept_and_reported)
{
	struct imported im = import_fixture("unannotated.txt");
	ck_assert_matrix(im.plan,
			 "1 （一） §一 清理妨碍统一市场的规定 | lead 市市场监管局 | co 市司法局\n"
			 "2 （二） §二 加强组织领导 | unassigned: 原文未列责任单位\n"
			 "3 (三) §二 强化督促落实 | unassigned: 原文未列责任单位\n");
	ck_assert_warning(im, 9, "measure （二） names no responsible unit");
	ck_assert_warning(im, 11, "measure (三) names no responsible unit");
	imported_free(&im);
}
END_TEST

START_TEST(test_unit_name_abbreviating_another_is_reported)
{
	struct imported im = import_fixture("abbreviation.txt");
	ck_assert_warning(im, 7, "unit “市发改委” looks like an abbreviation of “市发展和改革委员会” (line 5)");
	imported_free(&im);
}
END_TEST

START_TEST(test_warnings_name_the_document_and_line)
{
	struct imported im = import_fixture("unannotated.txt");
	ck_assert_ptr_nonnull(strstr(diag_text(&im.warnings), "unannotated.txt:9: measure （二）"));
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ the document around the measures */

START_TEST(test_web_page_chrome_is_skipped_and_metadata_read)
{
	struct imported im = import_fixture("web-chrome.txt");
	ck_assert_str_eq(im.plan->title, "某市促进民营经济发展壮大若干措施");
	ck_assert_str_eq(im.plan->number, "某政办发〔2024〕8号");
	ck_assert_str_eq(im.plan->issuer, "某市人民政府办公室");
	ck_assert_str_eq(im.plan->date, "2024-05-28");
	ck_assert_matrix(im.plan, "1 （一） §一 持续破除市场准入壁垒 | lead 市发改委 | co 市商务局\n"
				  "2 (二) §一 强化公平竞争审查 | lead 市市场监管局 | co 市司法局\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_footer_after_last_measure_is_not_its_text)
{
	struct imported im = import_fixture("web-chrome.txt");
	ck_assert_str_eq(im.plan->measures[1].text, "强化公平竞争审查。健全公平竞争审查机制(含第三方评估)。");
	imported_free(&im);
}
END_TEST

START_TEST(test_gb18030_text_is_detected_and_converted)
{
	struct imported im = import_fixture("gb18030.txt");
	ck_assert_str_eq(im.plan->title, "某县推进农村供水保障工作方案");
	ck_assert_matrix(im.plan, "1 （一） §一 实施农村供水工程 | lead 县水利局 | co 县发改委 各乡镇人民政府\n"
				  "2 (二) §一 加强水质监测 | lead 县卫健局 | co 县水利局\n");
	imported_free(&im);
}
END_TEST

static const char *const all_fixtures[] = {
	"responsibility-list.txt", "rule-listed-first.txt", "rule-before-first-comma.txt",
	"rule-stated-with-xiatong.txt", "lead-and-responsible.txt", "lead-and-co-verbs.txt", "by-duty.txt",
	"umbrella-and-members.txt", "star-lead.txt", "numbered-subsections.txt", "numbered-paren-digits.txt",
	"unannotated.txt", "abbreviation.txt", "web-chrome.txt", "gb18030.txt", "ezhou-2024-24.txt",
};

START_TEST(test_imported_plan_is_written_in_a_form_that_loads_back_equal)
{
	struct imported im = import_fixture(all_fixtures[_i]);
	size_t len;
	char *yaml = fg_plan_emit(im.plan, &len);
	struct fg_diag d;
	fg_diag_init(&d, all_fixtures[_i]);
	struct fg_plan *back = fg_plan_load_buffer(all_fixtures[_i], yaml, len, &d);
	ck_assert_msg(back != NULL, "%s does not load back:\n%s\n%s", all_fixtures[_i], diag_text(&d), yaml);
	char why[512] = "";
	ck_assert_msg(fg_plan_equal(im.plan, back, why, sizeof why), "%s loads back different: %s", all_fixtures[_i],
		      why);
	fg_plan_free(back);
	fg_diag_free(&d);
	free(yaml);
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ details of annotations */

START_TEST(test_deadline_in_annotation_sets_due)
{
	struct imported im = import_string("一、任务\n"
					   "（一）建设平台。建成数据平台。（牵头单位：市数据局；完成时限：2025年6月底）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_str_eq(im.plan->measures[0].due, "2025-06-30");
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co -\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_annotation_on_a_line_of_its_own_is_read)
{
	struct imported im = import_string("一、任务\n"
					   "（一）建设平台。建成数据平台。\n"
					   "牵头单位：市数据局；配合单位：市财政局\n"
					   "（二）完善制度。出台管理办法。（责任单位：市司法局）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co 市财政局\n"
				  "2 （二） §一 完善制度 | lead 市司法局 | co -\n");
	ck_assert_str_eq(im.plan->measures[0].text, "建设平台。建成数据平台。");
	imported_free(&im);
}
END_TEST

START_TEST(test_annotation_wrapped_over_two_lines_is_read)
{
	struct imported im = import_string("一、任务\n"
					   "（一）建设平台。建成数据平台，提升服务\n"
					   "能力。（责任单位：市数\n"
					   "据局、市财政局）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co 市财政局\n");
	ck_assert_str_eq(im.plan->measures[0].text, "建设平台。建成数据平台，提升服务\n能力。");
	imported_free(&im);
}
END_TEST

START_TEST(test_units_joined_by_he_are_split_and_reported)
{
	struct imported im = import_string("一、任务\n（一）建设平台。建成数据平台。（市发改委和市数据局牵头，市财政局配合）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市发改委 市数据局 | co 市财政局\n");
	ck_assert_warning(im, 2, "read “市发改委和市数据局” as two units");
	imported_free(&im);
}
END_TEST

START_TEST(test_sentence_in_parentheses_ending_in_fuze_is_not_an_annotation)
{
	struct imported im = import_string("一、任务\n（一）建设平台。平台运营（由企业自行负责）。（责任单位：市数据局）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co -\n");
	ck_assert_str_eq(im.plan->measures[0].text, "建设平台。平台运营（由企业自行负责）。");
	imported_free(&im);
}
END_TEST

START_TEST(test_unit_introduced_by_you_is_read_without_it)
{
	struct imported im = import_string("一、任务\n（一）建设平台。建成平台。（具体由市财政局负责）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市财政局 | co -\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_title_may_end_with_a_qualifier_in_parentheses)
{
	struct imported im = import_string("某市数据资源管理办法（试行）\n\n一、任务\n（一）建设平台。建成平台。（责任单位：市数据局）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_str_eq(im.plan->title, "某市数据资源管理办法（试行）");
	imported_free(&im);
}
END_TEST

START_TEST(test_repeated_section_numeral_gets_a_distinct_id)
{
	struct imported im = import_string("一、第一部分任务\n（一）建设平台。建成平台。（责任单位：市数据局）\n"
					   "一、第二部分任务\n（二）运营平台。用好平台。（责任单位：市数据局）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_str_eq(sections_of(im.plan), "一 第一部分任务\n一-2 第二部分任务\n");
	ck_assert_warning(im, 3, "its section is imported as 一-2");
	imported_free(&im);
}
END_TEST

START_TEST(test_tongshang_copies_the_units_of_the_measure_above)
{
	struct imported im = import_string("一、任务\n"
					   "（一）建设平台。建成平台。（牵头单位：市数据局；配合单位：市财政局）\n"
					   "（二）运营平台。用好平台。（责任单位：同上）\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co 市财政局\n"
				  "2 （二） §一 运营平台 | lead 市数据局 | co 市财政局\n");
	ck_assert_warning(im, 3, "“同上” is read as the units of measure （一）");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ parts: two annotations in one measure */

/* A measure's parts drawn one line each:  TEXT | lead UNIT… | co UNIT… */
static char *parts_of(const struct fg_measure *m)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	for (size_t i = 0; i < m->nparts; i++) {
		const struct fg_part *pt = &m->parts[i];
		fprintf(f, "%s | lead", pt->text);
		for (size_t k = 0; k < pt->nlead; k++)
			fprintf(f, " %s", pt->lead[k].unit);
		fputs(" | co", f);
		for (size_t k = 0; k < pt->nco; k++)
			fprintf(f, " %s", pt->co[k].unit);
		fputc('\n', f);
	}
	fclose(f);
	return keep(s);
}

/* corpus/chaozhou-2019-lantian.txt (a real plan, source in its header):
 * measure 1 has one annotation per sub-task.  Its "#" header lines are
 * blanked as the corpus test does, so line numbers stay the file's. */
static struct imported import_chaozhou(void)
{
	char *path = fixture_path("corpus/chaozhou-2019-lantian.txt");
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char buf[8192];
	size_t len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	free(path);
	buf[len] = 0;
	for (size_t i = 0; i < len && buf[i] == '#';) {
		while (i < len && buf[i] != '\n')
			buf[i++] = ' ';
		i++;
	}
	struct imported im;
	fg_diag_init(&im.warnings, "chaozhou.txt");
	fg_diag_init(&im.errors, "chaozhou.txt");
	im.plan = fg_import_text("chaozhou.txt", buf, len, &im.warnings, &im.errors);
	if (!im.plan)
		ck_abort_msg("importing chaozhou failed:\n%s", diag_text(&im.errors));
	return im;
}

START_TEST(test_each_annotation_of_a_measure_makes_a_part_with_its_units)
{
	struct imported im = import_chaozhou();
	ck_assert_uint_eq(im.plan->nmeasures, 1);
	ck_assert_str_eq(parts_of(&im.plan->measures[0]),
			 "制定实施准入清单。完成生态保护红线、环境质量底线、资源利用上线、环境准入清单编制工作,"
			 "明确禁止和限制发展的行业、生产工艺和产业目录。"
			 " | lead 市生态环境局 | co 市发展和改革局 工业和信息化局 自然资源局 各县、区人民政府(管委会)\n"
			 "按省的要求,县级及以上城市建成区原则上不再新建每小时35蒸吨以下燃煤锅炉,"
			 "其他区域禁止新建每小时10蒸吨及以下燃煤锅炉。"
			 " | lead 市生态环境局 市场监管局 | co 市发展和改革局 工业和信息化局\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_a_measure_with_parts_has_one_assignment_per_unit_leads_first)
{
	struct imported im = import_chaozhou();
	ck_assert_matrix(im.plan, "1 1. §二 制定实施准入清单 | lead 市生态环境局 市场监管局 | co 市发展和改革局 "
				  "工业和信息化局 自然资源局 各县、区人民政府(管委会)\n");
	imported_free(&im);
}
END_TEST

START_TEST(test_the_split_into_parts_is_reported_and_units_in_two_parts_are_not)
{
	struct imported im = import_chaozhou();
	ck_assert_warning(im, 7, "measure 1. has 2 responsibility annotations; it is split into 2 parts");
	for (size_t i = 0; i < im.warnings.n; i++)
		ck_assert_msg(!strstr(im.warnings.items[i].msg, "listed twice"), "a unit in two parts was reported: %s",
			      im.warnings.items[i].msg);
	imported_free(&im);
}
END_TEST

START_TEST(test_imported_parts_are_written_in_a_form_that_loads_back_equal)
{
	struct imported im = import_chaozhou();
	size_t len;
	char *yaml = keep(fg_plan_emit(im.plan, &len));
	ck_assert_ptr_nonnull(strstr(yaml, "    parts:\n      - text: 制定实施准入清单。"));
	struct fg_diag d;
	fg_diag_init(&d, "chaozhou.yaml");
	struct fg_plan *back = fg_plan_load_buffer("chaozhou.yaml", yaml, len, &d);
	ck_assert_msg(back != NULL, "the imported plan does not load:\n%s", diag_text(&d));
	char why[200] = "";
	ck_assert_msg(fg_plan_equal(im.plan, back, why, sizeof why), "%s", why);
	ck_assert_uint_eq(back->measures[0].nparts, 2);
	fg_plan_free(back);
	fg_diag_free(&d);
	imported_free(&im);
}
END_TEST

/* Synthetic (written for this test, not from a published plan): a unit
 * co-operating on one part and leading another leads the measure; the
 * punctuation after an annotation ends its part. */
START_TEST(test_a_unit_leading_any_part_leads_the_measure)
{
	struct imported im = import_string("一、任务\n"
					   "（一）推进企业上云。支持企业开展数字化改造（市经信局牵头，市财政局配合）；"
					   "建立上云补贴制度（市财政局牵头，市经信局配合）。\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_matrix(im.plan, "1 （一） §一 推进企业上云 | lead 市经信局 市财政局 | co -\n");
	ck_assert_str_eq(parts_of(&im.plan->measures[0]),
			 "推进企业上云。支持企业开展数字化改造； | lead 市经信局 | co 市财政局\n"
			 "建立上云补贴制度。 | lead 市财政局 | co 市经信局\n");
	imported_free(&im);
}
END_TEST

/* Synthetic: three annotations over two lines, one of them 同上; the text
 * after the last annotation belongs to the measure, not to a part. */
START_TEST(test_three_annotations_one_of_them_tongshang_make_three_parts)
{
	struct imported im = import_string("一、任务\n"
					   "（一）建设平台。建成平台。（牵头单位：市数据局；配合单位：市财政局）\n"
					   "（二）运营平台。用好平台（责任单位：同上）；\n"
					   "完善机制，健全制度（市发改委牵头，市数据局配合）。加强考核（市委督查室负责）。"
					   "其余工作持续推进。\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_uint_eq(im.plan->measures[0].nparts, 0);
	ck_assert_str_eq(parts_of(&im.plan->measures[1]), "运营平台。用好平台； | lead 市数据局 | co 市财政局\n"
							  "完善机制，健全制度。 | lead 市发改委 | co 市数据局\n"
							  "加强考核。 | lead 市委督查室 | co\n");
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co 市财政局\n"
				  "2 （二） §一 运营平台 | lead 市数据局 市发改委 市委督查室 | co 市财政局\n");
	ck_assert_warning(im, 4, "measure （二） has 3 responsibility annotations; it is split into 3 parts");
	imported_free(&im);
}
END_TEST

/* Synthetic: an annotation that names only a deadline is not a sub-task
 * of its own: one annotation with units left, no parts. */
START_TEST(test_one_annotation_and_a_deadline_make_no_parts)
{
	struct imported im = import_string("一、任务\n"
					   "（一）建设平台。建成平台（牵头单位：市数据局；配合单位：市财政局）。"
					   "维护平台（完成时限：2025年12月底）。\n");
	ck_assert_ptr_nonnull(im.plan);
	ck_assert_str_eq(im.plan->measures[0].due, "2025-12-31");
	ck_assert_uint_eq(im.plan->measures[0].nparts, 0);
	ck_assert_matrix(im.plan, "1 （一） §一 建设平台 | lead 市数据局 | co 市财政局\n");
	ck_assert_warning(im, 2, "measure （一） has 2 responsibility annotations; their units are merged");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ refused input */

START_TEST(test_text_without_numbered_measures_is_refused)
{
	struct imported im = import_string("关于做好有关工作的通知\n请认真贯彻落实。\n");
	ck_assert_ptr_null(im.plan);
	ck_assert_uint_eq(im.errors.n, 1);
	ck_assert_ptr_nonnull(strstr(im.errors.items[0].msg, "no numbered measure found"));
	imported_free(&im);
}
END_TEST

START_TEST(test_text_neither_utf8_nor_gb18030_is_refused_at_its_line)
{
	struct imported im = import_string("一、任务\n（一）建设\x81\x20平台。\n");
	ck_assert_ptr_null(im.plan);
	ck_assert_uint_eq(im.errors.n, 1);
	ck_assert_uint_eq(im.errors.items[0].line, 2);
	ck_assert_ptr_nonnull(strstr(im.errors.items[0].msg, "neither UTF-8 nor GB18030"));
	imported_free(&im);
}
END_TEST

START_TEST(test_utf16_text_is_refused)
{
	struct fg_diag w, e;
	fg_diag_init(&w, "doc.txt");
	fg_diag_init(&e, "doc.txt");
	static const char utf16[] = "\xff\xfe(\x00\x00N)\x00";
	ck_assert_ptr_null(fg_import_text("doc.txt", utf16, sizeof utf16 - 1, &w, &e));
	ck_assert_ptr_nonnull(strstr(e.items[0].msg, "UTF-16"));
	fg_diag_free(&w);
	fg_diag_free(&e);
}
END_TEST

/* ------------------------------------------------------------ the Ezhou document */

static struct fg_plan *load_shipped_plan(void)
{
	const char *path = getenv("PLAN");
	ck_assert_msg(path && *path, "PLAN must name plan/ezhou-2024-24.yaml");
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_msg(p != NULL, "cannot load %s:\n%s", path, diag_text(&d));
	fg_diag_free(&d);
	return p;
}

START_TEST(test_ezhou_import_has_the_shipped_plans_measures_and_assignments)
{
	struct imported im = import_fixture("ezhou-2024-24.txt");
	struct fg_plan *shipped = load_shipped_plan();
	ck_assert_uint_eq(im.plan->nmeasures, 18);
	ck_assert_str_eq(matrix_of(im.plan), matrix_of(shipped));
	fg_plan_free(shipped);
	imported_free(&im);
}
END_TEST

START_TEST(test_ezhou_import_has_the_shipped_plans_sections)
{
	struct imported im = import_fixture("ezhou-2024-24.txt");
	struct fg_plan *shipped = load_shipped_plan();
	ck_assert_str_eq(sections_of(im.plan), sections_of(shipped));
	fg_plan_free(shipped);
	imported_free(&im);
}
END_TEST

START_TEST(test_ezhou_import_has_the_shipped_plans_units_and_members)
{
	struct imported im = import_fixture("ezhou-2024-24.txt");
	struct fg_plan *shipped = load_shipped_plan();
	ck_assert_uint_eq(im.plan->nunits, 24);
	/* The shipped plan adds, by hand, the three district governments the
	 * document does not name to 各区人民政府's members and registers all
	 * five members as units (they report their own rows); the rest is the
	 * document's. */
	char *doc = units_of(shipped);
	static const char *const added[] = {"鄂城区人民政府\n", "华容区人民政府\n", "梁子湖区人民政府\n",
					    "葛店经开区管委会\n", "临空经济区管委会\n",
					    " 鄂城区人民政府 华容区人民政府 梁子湖区人民政府"};
	for (size_t i = 0; i < sizeof added / sizeof *added; i++) {
		char *at = strstr(doc, added[i]);
		while (at && added[i][0] != ' ' && at != doc && at[-1] != '\n') /* a whole line */
			at = strstr(at + 1, added[i]);
		ck_assert_msg(at != NULL, "the shipped plan lacks \"%s\"", added[i]);
		memmove(at, at + strlen(added[i]), strlen(at + strlen(added[i])) + 1);
	}
	ck_assert_str_eq(sorted_lines(units_of(im.plan)), sorted_lines(doc));
	fg_plan_free(shipped);
	imported_free(&im);
}
END_TEST

START_TEST(test_ezhou_import_has_the_shipped_plans_texts_and_metadata)
{
	struct imported im = import_fixture("ezhou-2024-24.txt");
	struct fg_plan *shipped = load_shipped_plan();
	ck_assert_str_eq(im.plan->title, shipped->title);
	ck_assert_str_eq(im.plan->number, shipped->number);
	ck_assert_str_eq(im.plan->issuer, shipped->issuer);
	ck_assert_str_eq(im.plan->date, shipped->date);
	for (size_t i = 0; i < shipped->nmeasures; i++) {
		ck_assert_str_eq(im.plan->measures[i].text, shipped->measures[i].text);
		ck_assert_str_eq(im.plan->measures[i].unassigned, shipped->measures[i].unassigned);
	}
	fg_plan_free(shipped);
	imported_free(&im);
}
END_TEST

START_TEST(test_ezhou_import_reports_its_guesses)
{
	struct imported im = import_fixture("ezhou-2024-24.txt");
	ck_assert_warnings(im,
			   "ezhou-2024-24.txt:39: read the member “葛店经开区” of 各区人民政府 as “葛店经开区管委会”, "
			   "sharing the suffix of “临空经济区管委会”\n"
			   "ezhou-2024-24.txt:39: the text states no rule for which listed unit leads; the first unit of "
			   "each list (here 市科技局) is taken as the lead and the rest as co-responsible, as is usual\n"
			   "ezhou-2024-24.txt:79: measure (十六) names no responsible unit; it is imported with no "
			   "assignments (原文未列责任单位)\n"
			   "ezhou-2024-24.txt:81: measure (十七) names no responsible unit; it is imported with no "
			   "assignments (原文未列责任单位)\n"
			   "ezhou-2024-24.txt:83: measure (十八) names no responsible unit; it is imported with no "
			   "assignments (原文未列责任单位)\n");
	imported_free(&im);
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *forms = tcase_create("annotation forms");
	tcase_add_checked_fixture(forms, NULL, free_kept);
	tcase_add_test(forms, test_responsibility_list_without_stated_rule_makes_first_unit_lead);
	tcase_add_test(forms, test_conventional_lead_rule_is_reported_once);
	tcase_add_test(forms, test_distractor_parentheses_stay_in_measure_text);
	tcase_add_test(forms, test_sections_are_the_headings_that_hold_measures);
	tcase_add_test(forms, test_units_are_registered_once_in_order_of_first_appearance);
	tcase_add_test(forms, test_rule_listed_first_stated_once_applies_below);
	tcase_add_test(forms, test_rule_before_first_comma_makes_units_before_it_leads);
	tcase_add_test(forms, test_rule_before_first_comma_on_list_without_comma_is_reported);
	tcase_add_test(forms, test_rule_stated_in_annotation_with_xiatong_applies_below);
	tcase_add_test(forms, test_lead_keyword_with_responsible_or_co_keyword);
	tcase_add_test(forms, test_lead_and_co_verbs_after_unit_names);
	tcase_add_test(forms, test_by_duty_names_no_lead_and_makes_all_co);
	tcase_add_test(forms, test_umbrella_units_are_units_of_their_own);
	tcase_add_test(forms, test_membership_notes_give_units_members);
	tcase_add_test(forms, test_member_sharing_a_suffix_is_completed_and_reported);
	tcase_add_test(forms, test_star_marks_the_lead_wherever_it_is_listed);
	tcase_add_test(forms, test_measures_numbered_1_dot_under_subsections);
	tcase_add_test(forms, test_measures_numbered_with_digits_in_parentheses);
	tcase_add_test(forms, test_measures_without_annotation_are_kept_and_reported);
	tcase_add_test(forms, test_unit_name_abbreviating_another_is_reported);
	tcase_add_test(forms, test_warnings_name_the_document_and_line);
	tcase_add_test(forms, test_web_page_chrome_is_skipped_and_metadata_read);
	tcase_add_test(forms, test_footer_after_last_measure_is_not_its_text);
	tcase_add_test(forms, test_gb18030_text_is_detected_and_converted);
	tcase_add_loop_test(forms, test_imported_plan_is_written_in_a_form_that_loads_back_equal, 0,
			    (int)(sizeof all_fixtures / sizeof *all_fixtures));
	suite_add_tcase(s, forms);

	TCase *styles = tcase_create("styles of real plans");
	tcase_add_checked_fixture(styles, NULL, free_kept);
	tcase_add_test(styles, test_square_brackets_hold_an_annotation_and_a_document_number_does_not);
	tcase_add_test(styles, test_field_lines_of_their_own_make_one_annotation);
	tcase_add_test(styles, test_huitong_makes_units_before_it_lead_and_after_it_co);
	tcase_add_test(styles, test_a_verb_covers_the_clauses_before_it);
	tcase_add_test(styles, test_fenbie_qiantou_makes_every_listed_unit_lead);
	tcase_add_test(styles, test_generic_unit_after_deng_is_a_unit_of_its_own_and_reported);
	tcase_add_test(styles, test_deng_bumen_only_ends_the_list);
	tcase_add_test(styles, test_list_items_that_name_no_unit_join_the_one_before);
	tcase_add_test(styles, test_sentence_after_the_units_is_a_remark_not_a_unit);
	tcase_add_test(styles, test_rule_in_a_remark_after_the_units_applies);
	tcase_add_test(styles, test_rule_in_brackets_after_a_unit_is_not_part_of_its_name);
	tcase_add_test(styles, test_bare_list_closing_a_paragraph_is_read_and_reported);
	tcase_add_test(styles, test_deadline_among_the_units_is_the_due_date);
	tcase_add_test(styles, test_unit_that_lost_its_prefix_is_kept_as_printed_and_reported);
	tcase_add_test(styles, test_traditional_script_plan_is_read);
	tcase_add_test(styles, test_articles_and_half_bracket_numbers_are_labels);
	suite_add_tcase(s, styles);
	TCase *details = tcase_create("annotation details");
	tcase_add_checked_fixture(details, NULL, free_kept);
	tcase_add_test(details, test_deadline_in_annotation_sets_due);
	tcase_add_test(details, test_annotation_on_a_line_of_its_own_is_read);
	tcase_add_test(details, test_annotation_wrapped_over_two_lines_is_read);
	tcase_add_test(details, test_units_joined_by_he_are_split_and_reported);
	tcase_add_test(details, test_sentence_in_parentheses_ending_in_fuze_is_not_an_annotation);
	tcase_add_test(details, test_unit_introduced_by_you_is_read_without_it);
	tcase_add_test(details, test_title_may_end_with_a_qualifier_in_parentheses);
	tcase_add_test(details, test_repeated_section_numeral_gets_a_distinct_id);
	tcase_add_test(details, test_tongshang_copies_the_units_of_the_measure_above);
	tcase_add_test(details, test_each_annotation_of_a_measure_makes_a_part_with_its_units);
	tcase_add_test(details, test_a_measure_with_parts_has_one_assignment_per_unit_leads_first);
	tcase_add_test(details, test_the_split_into_parts_is_reported_and_units_in_two_parts_are_not);
	tcase_add_test(details, test_imported_parts_are_written_in_a_form_that_loads_back_equal);
	tcase_add_test(details, test_a_unit_leading_any_part_leads_the_measure);
	tcase_add_test(details, test_one_annotation_and_a_deadline_make_no_parts);
	tcase_add_test(details, test_three_annotations_one_of_them_tongshang_make_three_parts);
	tcase_add_test(details, test_text_without_numbered_measures_is_refused);
	tcase_add_test(details, test_text_neither_utf8_nor_gb18030_is_refused_at_its_line);
	tcase_add_test(details, test_utf16_text_is_refused);
	suite_add_tcase(s, details);

	TCase *ezhou = tcase_create("ezhou-2024-24");
	tcase_add_checked_fixture(ezhou, NULL, free_kept);
	tcase_add_test(ezhou, test_ezhou_import_has_the_shipped_plans_measures_and_assignments);
	tcase_add_test(ezhou, test_ezhou_import_has_the_shipped_plans_sections);
	tcase_add_test(ezhou, test_ezhou_import_has_the_shipped_plans_units_and_members);
	tcase_add_test(ezhou, test_ezhou_import_has_the_shipped_plans_texts_and_metadata);
	tcase_add_test(ezhou, test_ezhou_import_reports_its_guesses);
	suite_add_tcase(s, ezhou);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(import_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
