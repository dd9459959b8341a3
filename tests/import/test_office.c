/* The importer's .docx and .xlsx input.
 *
 * Each test writes a real Office file itself (the XML parts below, zipped
 * with libzip into a temporary directory), imports it with
 * fg_import_file, and compares the matrix with the one the same plan
 * written as plain text imports to:
 *
 *     LABEL TITLE | lead UNIT… | co UNIT… | due DATE
 *
 * The files are the smallest a word processor or spreadsheet would still
 * open: [Content_Types].xml, the main part, numbering or shared strings.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "fengong/import.h"
#include "fengong/plan.h"

/* ------------------------------------------------------------ helpers */

static char dir[] = "/tmp/fengong-office-XXXXXX";

static void make_dir(void)
{
	strcpy(dir, "/tmp/fengong-office-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

struct part {
	const char *name, *xml;
};

/* Zip parts into dir/name; returns the path (malloc'd). */
static char *write_zip(const char *name, const struct part *parts)
{
	char *path = NULL;
	ck_assert_int_ge(asprintf(&path, "%s/%s", dir, name), 0);
	int err = 0;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	ck_assert_ptr_nonnull(z);
	for (const struct part *p = parts; p->name; p++) {
		zip_source_t *s = zip_source_buffer(z, p->xml, strlen(p->xml), 0);
		ck_assert_ptr_nonnull(s);
		ck_assert_int_ge(zip_file_add(z, p->name, s, ZIP_FL_ENC_UTF_8), 0);
	}
	ck_assert_int_eq(zip_close(z), 0);
	return path;
}

static char *write_file(const char *name, const char *bytes, size_t n)
{
	char *path = NULL;
	ck_assert_int_ge(asprintf(&path, "%s/%s", dir, name), 0);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(bytes, 1, n, f), n);
	fclose(f);
	return path;
}

static char *matrix_of(const struct fg_plan *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);
	for (size_t i = 0; p && i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		fprintf(f, "%s %s", m->label, m->title);
		for (int role = 0; role < 2; role++) {
			fprintf(f, " | %s", role == FG_ROLE_LEAD ? "lead" : "co");
			bool any = false;
			for (size_t a = 0; a < m->nasg; a++)
				if ((int)m->asg[a].role == role) {
					fprintf(f, " %s", m->asg[a].unit);
					any = true;
				}
			if (!any)
				fputs(" -", f);
		}
		fprintf(f, " | due %s\n", m->due[0] ? m->due : "-");
	}
	fclose(f);
	return s;
}

static char *import_matrix(const char *path, const char *text, char **errors)
{
	struct fg_diag w, e;
	fg_diag_init(&w, "doc");
	fg_diag_init(&e, "doc");
	struct fg_plan *p = path ? fg_import_file(path, &w, &e) : fg_import_text("doc.txt", text, strlen(text), &w, &e);
	char *m = matrix_of(p);
	if (errors) {
		char line[1200];
		*errors = NULL;
		size_t n = 0;
		FILE *f = open_memstream(errors, &n);
		for (size_t i = 0; i < e.n; i++) {
			fg_diag_format(&e, i, line, sizeof line);
			fprintf(f, "%s\n", line);
		}
		fclose(f);
	}
	fg_plan_free(p);
	fg_diag_free(&w);
	fg_diag_free(&e);
	return m;
}

/* ------------------------------------------------------------ a .docx */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char docx_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/numbering.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>"
	"</Types>";

static const char docx_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/></Relationships>";

/* Level 0: 一、  level 1: （一）  — Word's own chineseCounting format. */
static const char docx_numbering[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:numbering " W_NS ">"
	"<w:abstractNum w:abstractNumId=\"0\">"
	"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
	"<w:lvlText w:val=\"%1、\"/></w:lvl>"
	"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/>"
	"<w:lvlText w:val=\"（%2）\"/></w:lvl>"
	"</w:abstractNum>"
	"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
	"</w:numbering>";

#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define NUM(level) "<w:pPr><w:numPr><w:ilvl w:val=\"" #level "\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
#define R(text) "<w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r>"
#define B(text) "<w:r><w:rPr><w:b/></w:rPr><w:t>" text "</w:t></w:r>"

static const char docx_paragraphs[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:document " W_NS "><w:body>"
	"<w:p>" B("某市推进数字经济发展实施方案") "</w:p>"
	P("为加快数字经济发展，制定本方案。")
	"<w:p>" NUM(0) B("加快数字基础设施建设") "</w:p>"
	"<w:p>" NUM(1) R("建设5G网络。新建5G基站1000个（含室分系统）。（责任单位：市经信局、") B("市数据局")
	R("、各区人民政府）") "</w:p>"
	"<w:p>" NUM(1) R("发展数字产业。培育数字企业。（市经信局牵头，市科技局、市财政局配合）") "</w:p>"
	"<w:p>" NUM(0) B("培育数据要素市场") "</w:p>"
	"<w:p>" NUM(1) R("完善数据交易。建设数据交易平台。（市数据局会同有关部门负责，2025年12月底前完成）") "</w:p>"
	"</w:body></w:document>";

static const char text_paragraphs[] = "某市推进数字经济发展实施方案\n"
				      "为加快数字经济发展，制定本方案。\n"
				      "一、加快数字基础设施建设\n"
				      "（一）建设5G网络。新建5G基站1000个（含室分系统）。（责任单位：市经信局、★市数据局、各区人民政府）\n"
				      "（二）发展数字产业。培育数字企业。（市经信局牵头，市科技局、市财政局配合）\n"
				      "二、培育数据要素市场\n"
				      "（一）完善数据交易。建设数据交易平台。（市数据局会同有关部门负责，2025年12月底前完成）\n";

START_TEST(test_docx_paragraphs_numbering_and_bold_import_as_their_text)
{
	const struct part parts[] = {{"[Content_Types].xml", docx_types},
				     {"_rels/.rels", docx_rels},
				     {"word/document.xml", docx_paragraphs},
				     {"word/numbering.xml", docx_numbering},
				     {NULL, NULL}};
	char *path = write_zip("plan.docx", parts);
	char *got = import_matrix(path, NULL, NULL), *want = import_matrix(NULL, text_paragraphs, NULL);
	ck_assert_str_eq(want, "（一） 建设5G网络 | lead 市数据局 | co 市经信局 各区人民政府 | due -\n"
			       "（二） 发展数字产业 | lead 市经信局 | co 市科技局 市财政局 | due -\n"
			       "（一） 完善数据交易 | lead 市数据局 | co 有关部门 | due 2025-12-31\n");
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* Headings numbered by their paragraph style (a template's 标题 1), the
 * measures by their own numbering. */
static const char docx_styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:styles " W_NS ">"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Plan1\"><w:name w:val=\"plan heading\"/>"
	"<w:basedOn w:val=\"Heading1\"/></w:style>"
	"</w:styles>";

static const char docx_styled[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:document " W_NS "><w:body>"
	P("某市推进数字经济发展实施方案")
	"<w:p><w:pPr><w:pStyle w:val=\"Plan1\"/></w:pPr>" R("加快数字基础设施建设") "</w:p>"
	"<w:p>" NUM(1) R("建设5G网络。新建5G基站1000个（含室分系统）。（责任单位：市经信局、") B("市数据局")
	R("、各区人民政府）") "</w:p>"
	"<w:p>" NUM(1) R("发展数字产业。培育数字企业。（市经信局牵头，市科技局、市财政局配合）") "</w:p>"
	"<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" R("培育数据要素市场") "</w:p>"
	"<w:p>" NUM(1) R("完善数据交易。建设数据交易平台。（市数据局会同有关部门负责，2025年12月底前完成）") "</w:p>"
	"</w:body></w:document>";

START_TEST(test_docx_headings_numbered_by_their_style_import_as_their_text)
{
	const struct part parts[] = {{"[Content_Types].xml", docx_types},
				     {"_rels/.rels", docx_rels},
				     {"word/document.xml", docx_styled},
				     {"word/numbering.xml", docx_numbering},
				     {"word/styles.xml", docx_styles},
				     {NULL, NULL}};
	char *path = write_zip("styled.docx", parts);
	char *got = import_matrix(path, NULL, NULL), *want = import_matrix(NULL, text_paragraphs, NULL);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* A plan whose measures carry no annotation; its 附件 is the 任务分工表. */
#define TC(text) "<w:tc><w:p><w:r><w:t>" text "</w:t></w:r></w:p></w:tc>"
#define TR5(a, b, c, d, e) "<w:tr>" TC(a) TC(b) TC(c) TC(d) TC(e) "</w:tr>"

static const char docx_table[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:document " W_NS "><w:body>"
	P("某市推进数字经济发展实施方案")
	P("为加快数字经济发展，制定本方案。")
	P("（一）建设5G网络。新建5G基站1000个。")
	P("（二）发展数字产业。培育数字企业。")
	P("附件")
	P("重点任务分工表")
	"<w:tbl>" TR5("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
	"<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"5\"/></w:tcPr><w:p><w:r><w:t>一、加快数字基础设施建设</w:t></w:r></w:p></w:tc></w:tr>"
	TR5("1", "建设5G网络", "市数据局", "市经信局、各区人民政府", "2025年12月底")
	"<w:tr>" TC("2") TC("发展数字产业") TC("市经信局")
	"<w:tc><w:p><w:r><w:t>市科技局</w:t></w:r></w:p><w:p><w:r><w:t>市财政局</w:t></w:r></w:p></w:tc>" TC("") "</w:tr>"
	"</w:tbl>"
	"</w:body></w:document>";

static const char text_table[] = "某市推进数字经济发展实施方案\n"
				 "一、加快数字基础设施建设\n"
				 "1.建设5G网络。（牵头单位：市数据局；配合单位：市经信局、各区人民政府；完成时限：2025年12月底）\n"
				 "2.发展数字产业。（牵头单位：市经信局；配合单位：市科技局、市财政局）\n";

START_TEST(test_docx_task_table_imports_as_its_text)
{
	const struct part parts[] = {{"[Content_Types].xml", docx_types},
				     {"_rels/.rels", docx_rels},
				     {"word/document.xml", docx_table},
				     {NULL, NULL}};
	char *path = write_zip("table.docx", parts);
	char *got = import_matrix(path, NULL, NULL), *want = import_matrix(NULL, text_table, NULL);
	ck_assert_str_eq(want, "1. 建设5G网络 | lead 市数据局 | co 市经信局 各区人民政府 | due 2025-12-31\n"
			       "2. 发展数字产业 | lead 市经信局 | co 市科技局 市财政局 | due -\n");
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* ------------------------------------------------------------ an .xlsx */

static const char xlsx_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/sharedStrings.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
	"</Types>";

static const char xlsx_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"xl/workbook.xml\"/></Relationships>";

#define S_NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""

static const char xlsx_workbook[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<workbook " S_NS " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"任务分工\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char xlsx_workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/></Relationships>";

static const char xlsx_strings[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
				   "<sst " S_NS " count=\"9\" uniqueCount=\"9\">"
				   "<si><t>某市推进数字经济发展实施方案</t></si>"          /* 0 */
				   "<si><t>序号</t></si><si><t>重点任务</t></si>"          /* 1 2 */
				   "<si><t>牵头单位</t></si><si><t>配合单位</t></si>"      /* 3 4 */
				   "<si><t>完成时限</t></si>"                              /* 5 */
				   "<si><t>一、加快数字基础设施建设</t></si>"              /* 6 */
				   "<si><r><t>建设5G</t></r><r><t>网络</t></r></si>"       /* 7: rich text */
				   "<si><t>市经信局、各区人民政府</t></si>"                /* 8 */
				   "</sst>";

#define CS(ref, k) "<c r=\"" ref "\" t=\"s\"><v>" #k "</v></c>"
#define CI(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define CN(ref, v) "<c r=\"" ref "\"><v>" #v "</v></c>"

static const char xlsx_sheet[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<worksheet " S_NS "><sheetData>"
	"<row r=\"1\">" CS("A1", 0) "</row>"
	"<row r=\"2\">" CS("A2", 1) CS("B2", 2) CS("C2", 3) CS("D2", 4) CS("E2", 5) "</row>"
	"<row r=\"3\">" CS("A3", 6) "</row>"
	"<row r=\"4\">" CN("A4", 1) CS("B4", 7) CI("C4", "市数据局") CS("D4", 8) CI("E4", "2025年12月底") "</row>"
	"<row r=\"5\">" CN("A5", 2) CI("B5", "发展数字产业") CI("C5", "市经信局") CI("D5", "市科技局、市财政局")
	"</row>"
	"</sheetData></worksheet>";

START_TEST(test_xlsx_task_table_imports_as_its_text)
{
	const struct part parts[] = {{"[Content_Types].xml", xlsx_types},
				     {"_rels/.rels", xlsx_rels},
				     {"xl/workbook.xml", xlsx_workbook},
				     {"xl/_rels/workbook.xml.rels", xlsx_workbook_rels},
				     {"xl/sharedStrings.xml", xlsx_strings},
				     {"xl/worksheets/sheet1.xml", xlsx_sheet},
				     {NULL, NULL}};
	char *path = write_zip("table.xlsx", parts);
	char *got = import_matrix(path, NULL, NULL), *want = import_matrix(NULL, text_table, NULL);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* A lead merged over two rows (vMerge) leads both; a cell spanning two
 * columns (gridSpan) keeps the columns after it in place. */
static const char docx_merged[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<w:document " W_NS "><w:body>"
	P("某市推进数字经济发展实施方案")
	"<w:tbl>" TR5("序号", "重点任务", "牵头单位", "配合单位", "完成时限")
	"<w:tr>" TC("1") TC("建设5G网络")
	"<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>市数据局</w:t></w:r></w:p></w:tc>"
	TC("市经信局") TC("2025年12月底") "</w:tr>"
	"<w:tr>" TC("2") TC("建设数据中心")
	"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
	"<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>各区人民政府</w:t></w:r></w:p></w:tc>"
	"</w:tr>"
	"</w:tbl>"
	"</w:body></w:document>";

static const char text_merged[] = "某市推进数字经济发展实施方案\n"
				  "1.建设5G网络。（牵头单位：市数据局；配合单位：市经信局；完成时限：2025年12月底）\n"
				  "2.建设数据中心。（牵头单位：市数据局；配合单位：各区人民政府）\n";

START_TEST(test_docx_merged_table_cells_repeat_their_text)
{
	const struct part parts[] = {{"[Content_Types].xml", docx_types},
				     {"_rels/.rels", docx_rels},
				     {"word/document.xml", docx_merged},
				     {NULL, NULL}};
	char *path = write_zip("merged.docx", parts);
	char *got = import_matrix(path, NULL, NULL), *want = import_matrix(NULL, text_merged, NULL);
	ck_assert_str_eq(want, "1. 建设5G网络 | lead 市数据局 | co 市经信局 | due 2025-12-31\n"
			       "2. 建设数据中心 | lead 市数据局 | co 各区人民政府 | due -\n");
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* An .xlsx with the lead merged over two rows (mergeCells) and an empty
 * row left out of sheetData. */
static const char xlsx_merged_sheet[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<worksheet " S_NS "><sheetData>"
	"<row r=\"1\">" CS("A1", 0) "</row>"
	"<row r=\"3\">" CS("A3", 1) CS("B3", 2) CS("C3", 3) CS("D3", 4) CS("E3", 5) "</row>"
	"<row r=\"4\">" CN("A4", 1) CS("B4", 7) CI("C4", "市数据局") CI("D4", "市经信局") CI("E4", "2025年12月底") "</row>"
	"<row r=\"5\">" CN("A5", 2) CI("B5", "建设数据中心") CI("D5", "各区人民政府") "</row>"
	"</sheetData><mergeCells count=\"1\"><mergeCell ref=\"C4:C5\"/></mergeCells></worksheet>";

START_TEST(test_xlsx_merged_lead_cell_leads_every_row_it_covers)
{
	const struct part parts[] = {{"[Content_Types].xml", xlsx_types},
				     {"_rels/.rels", xlsx_rels},
				     {"xl/workbook.xml", xlsx_workbook},
				     {"xl/_rels/workbook.xml.rels", xlsx_workbook_rels},
				     {"xl/sharedStrings.xml", xlsx_strings},
				     {"xl/worksheets/sheet1.xml", xlsx_merged_sheet},
				     {NULL, NULL}};
	char *path = write_zip("merged.xlsx", parts);
	char *got = import_matrix(path, NULL, NULL), *want = import_matrix(NULL, text_merged, NULL);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* ------------------------------------------------------------ formats fengong cannot read */

START_TEST(test_doc_is_refused_naming_a_converter)
{
	static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest of an old Word file";
	char *path = write_file("plan.doc", ole, sizeof ole - 1), *errors;
	char *m = import_matrix(path, NULL, &errors);
	ck_assert_str_eq(m, "");
	ck_assert_msg(strstr(errors, "libreoffice --headless --convert-to docx"), "got: %s", errors);
	free(errors);
	free(m);
	free(path);
}
END_TEST

START_TEST(test_wps_is_refused_naming_a_converter)
{
	char *path = write_file("plan.wps", "not really", 10), *errors;
	char *m = import_matrix(path, NULL, &errors);
	ck_assert_str_eq(m, "");
	ck_assert_msg(strstr(errors, "libreoffice --headless --convert-to docx"), "got: %s", errors);
	free(errors);
	free(m);
	free(path);
}
END_TEST

START_TEST(test_pdf_is_refused_naming_a_converter)
{
	char *path = write_file("plan.pdf", "%PDF-1.7\n", 9), *errors;
	char *m = import_matrix(path, NULL, &errors);
	ck_assert_str_eq(m, "");
	ck_assert_msg(strstr(errors, "pdftotext -layout"), "got: %s", errors);
	free(errors);
	free(m);
	free(path);
}
END_TEST

START_TEST(test_broken_docx_is_refused_with_a_message)
{
	char *path = write_file("broken.docx", "PK\x03\x04 truncated", 15), *errors;
	char *m = import_matrix(path, NULL, &errors);
	ck_assert_str_eq(m, "");
	ck_assert_msg(strstr(errors, ".docx"), "got: %s", errors);
	free(errors);
	free(m);
	free(path);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("import office formats");
	TCase *docx = tcase_create("docx and xlsx");
	tcase_add_checked_fixture(docx, make_dir, remove_dir);
	tcase_add_test(docx, test_docx_paragraphs_numbering_and_bold_import_as_their_text);
	tcase_add_test(docx, test_docx_headings_numbered_by_their_style_import_as_their_text);
	tcase_add_test(docx, test_docx_task_table_imports_as_its_text);
	tcase_add_test(docx, test_xlsx_task_table_imports_as_its_text);
	tcase_add_test(docx, test_docx_merged_table_cells_repeat_their_text);
	tcase_add_test(docx, test_xlsx_merged_lead_cell_leads_every_row_it_covers);
	tcase_add_test(docx, test_doc_is_refused_naming_a_converter);
	tcase_add_test(docx, test_wps_is_refused_naming_a_converter);
	tcase_add_test(docx, test_pdf_is_refused_naming_a_converter);
	tcase_add_test(docx, test_broken_docx_is_refused_with_a_message);
	suite_add_tcase(s, docx);
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_ENV);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}
