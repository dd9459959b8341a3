/* The signers: list and plan.signing in the file: loaded, validated at their
 * place, written back the same. */
#include "../unit/testlib.h"
#include "fengong/sign.h"

static const char key_ed[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIP2zq4Prw5K6/NQIJ/k4LAbRGB0kGNKnsiTR9Skjmmhc";

/* small_plan with `signing: VALUE` in plan: and a signers: list appended */
static char *plan_with(const char *signing, const char *signers)
{
	const char *at = strstr(small_plan, "units:\n");
	size_t head = (size_t)(at - small_plan);
	char *out = test_malloc(strlen(small_plan) + strlen(signers) + 200);
	sprintf(out, "%.*s%s%s%s%s", (int)head, small_plan, signing ? "  signing: " : "", signing ? signing : "",
		signing ? "\n" : "", at);
	strcat(out, signers);
	return out;
}

START_TEST(signers_and_signing_load_and_write_back_the_same)
{
	char signers[600];
	snprintf(signers, sizeof signers,
		 "signers:\n  - name: zhang\n    role: liaison\n    units:\n      - 市科技局\n    key: %s zhang@x\n"
		 "  - name: wang\n    role: coordinator\n    key: %s\n",
		 key_ed, key_ed);
	char *text = plan_with("required", signers);
	struct fg_plan *p = load_ok(text);
	ck_assert_int_eq(p->signing, FG_SIGNING_REQUIRED);
	ck_assert_uint_eq(p->nsigners, 2);
	ck_assert_str_eq(p->signers[0].name, "zhang");
	ck_assert_int_eq(p->signers[0].role, FG_SIGNER_LIAISON);
	ck_assert_uint_eq(p->signers[0].nunits, 1);
	ck_assert_str_eq(p->signers[0].units[0], "市科技局");
	ck_assert_str_eq(p->signers[0].key, key_ed); /* the comment is not kept */
	ck_assert_int_eq(p->signers[1].role, FG_SIGNER_COORDINATOR);
	size_t len;
	char *out = fg_plan_emit(p, &len);
	struct fg_plan *q = load_ok(out);
	char why[200] = "";
	ck_assert_msg(fg_plan_equal(p, q, why, sizeof why), "%s", why);
	ck_assert_ptr_nonnull(strstr(out, "  signing: required\n"));
	fg_plan_free(q);
	free(out);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(an_unsigned_plan_has_no_signing_and_writes_none)
{
	struct fg_plan *p = load_ok(small_plan);
	ck_assert_int_eq(p->signing, FG_SIGNING_OFF);
	ck_assert_uint_eq(p->nsigners, 0);
	size_t len;
	char *out = fg_plan_emit(p, &len);
	ck_assert_ptr_null(strstr(out, "signing"));
	ck_assert_ptr_null(strstr(out, "signers"));
	free(out);
	fg_plan_free(p);
}
END_TEST

/* the line of small_plan's last line + k (the signers: list starts at k = 1) */
static unsigned after_plan(unsigned k)
{
	unsigned n = 0;
	for (const char *c = small_plan; *c; c++)
		n += *c == '\n';
	return n + k;
}

static void refused_with(const char *signing, const char *signers, unsigned line, const char *what)
{
	char where[40];
	snprintf(where, sizeof where, "test.yaml:%u:", line);
	char *text = plan_with(signing, signers);
	char first[1200];
	load_refused(text, strlen(text), first, sizeof first);
	ck_assert_msg(strstr(first, where) && strstr(first, what), "got: %s (wanted %s ... %s)", first, where, what);
	free(text);
}

START_TEST(bad_signers_are_refused_at_their_place)
{
	char s[600];
	snprintf(s, sizeof s, "signers:\n  - name: zhang\n    role: boss\n    key: %s\n", key_ed);
	refused_with(NULL, s, after_plan(3), "liaison, coordinator or auditor");
	snprintf(s, sizeof s, "signers:\n  - name: zhang\n    role: liaison\n    key: ssh-ed25519 AAAA\n");
	refused_with(NULL, s, after_plan(4), "OpenSSH public key");
	snprintf(s, sizeof s, "signers:\n  - name: zhang\n    role: liaison\n");
	refused_with(NULL, s, after_plan(2), "`key`");
	snprintf(s, sizeof s,
		 "signers:\n  - name: zhang\n    role: liaison\n    key: %s\n  - name: zhang\n    role: auditor\n    key: %s\n",
		 key_ed, key_ed);
	refused_with(NULL, s, after_plan(5), "listed twice");
	refused_with("always", "", 7, "required or optional");
}
END_TEST

START_TEST(a_signed_record_without_its_signer_is_flagged)
{
	/* a record claiming a key no signer-add record introduced */
	char *text = plan_with("optional", "");
	size_t n = strlen(text);
	text = realloc(text, n + 600);
	strcat(text, "history:\n  - at: 2026-11-26T20:00:00+08:00\n    by: x\n    as: \"\"\n    kind: structure\n"
		     "    subject: 新增措施\n    key: SHA256:abc\n    hash: 0000000000000000000000000000000000000000000000000000000000000000\n"
		     "    sig: U1NIU0lH\n");
	struct fg_plan *p = load_ok(text);
	struct fg_diag d;
	fg_diag_init(&d, "test.yaml");
	struct fg_sign_report rep;
	ck_assert(!fg_plan_verify_signed(p, NULL, 0, &rep, &d));
	ck_assert_int_eq(rep.mark[0], FG_MARK_BAD);
	char line[1200], where[40];
	fg_diag_format(&d, 0, line, sizeof line);
	snprintf(where, sizeof where, "test.yaml:%u:", after_plan(3)); /* + the signing line, history: */
	ck_assert_msg(strstr(line, where) && strstr(line, "SHA256:abc, which no signer"), "%s", line);
	fg_sign_report_free(&rep);
	fg_diag_free(&d);
	fg_plan_free(p);
	free(text);
}
END_TEST

START_TEST(a_save_that_does_not_sign_is_refused_where_signing_is_required)
{
	char *text = plan_with("required", "");
	char *dir = tmpdir_new(), *path = path_in(dir, "plan.yaml");
	write_file(path, text, strlen(text));
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_plan *p = fg_plan_load(path, &d);
	ck_assert_ptr_nonnull(p);
	struct fg_actor who = { .by = "x" };
	ck_assert(fg_plan_set(p, fg_plan_measure(p, 1), asg_of(p, 1, "市科技局"), FG_STATUS_DONE, "n", &who, 0, &d));
	ck_assert(!fg_plan_save(p, NULL, &d));
	ck_assert_int_eq(d.kind, FG_ERR_REFUSED);
	char line[1200];
	fg_diag_format(&d, 0, line, sizeof line);
	ck_assert_msg(strstr(line, "requires signed records"), "%s", line);
	size_t len;
	char *now = read_file(path, &len);
	ck_assert_str_eq(now, text); /* nothing was written */
	free(now);
	fg_plan_free(p);
	fg_diag_free(&d);
	tmpdir_remove(dir);
	free(path);
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("signers");
	TCase *t = tcase_create("signers");
	tcase_add_test(t, signers_and_signing_load_and_write_back_the_same);
	tcase_add_test(t, an_unsigned_plan_has_no_signing_and_writes_none);
	tcase_add_test(t, bad_signers_are_refused_at_their_place);
	tcase_add_test(t, a_signed_record_without_its_signer_is_flagged);
	tcase_add_test(t, a_save_that_does_not_sign_is_refused_where_signing_is_required);
	suite_add_tcase(s, t);
	return run_suite(s);
}
