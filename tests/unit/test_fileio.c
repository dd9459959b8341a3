/* fengong/fileio.h and fengong/lock.h: the one way to write a file, and the
 * plan's lock. */
#include "testlib.h"

#include <dirent.h>

#include "fengong/fileio.h"
#include "fengong/lock.h"

/* Entries of dir other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert(d != NULL);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(a_committed_file_replaces_the_target_and_leaves_no_temporary)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, "old\n", 4);
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_wfile w;
	ck_assert(fg_wfile_open(&w, path, 0, &d));
	ck_assert(fg_wfile_write(&w, "new ", 4));
	fprintf(fg_wfile_stream(&w), "text\n");
	ck_assert(fg_wfile_commit(&w, &d));
	ck_assert(fg_wfile_committed(&w));
	size_t len;
	char *got = read_file(path, &len);
	ck_assert_str_eq(got, "new text\n");
	ck_assert_int_eq(entries(dir), 1);
	free(got);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_discarded_file_leaves_the_target_as_it_was)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, "old\n", 4);
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_wfile w;
	ck_assert(fg_wfile_open(&w, path, 0, &d));
	fg_wfile_write(&w, "new\n", 4);
	fg_wfile_discard(&w);
	size_t len;
	char *got = read_file(path, &len);
	ck_assert_str_eq(got, "old\n");
	ck_assert_int_eq(entries(dir), 1);
	free(got);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(no_replace_refuses_a_target_that_exists)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, "old\n", 4);
	struct fg_diag d;
	fg_diag_init(&d, path);
	ck_assert(!fg_write_file(path, "new\n", 4, FG_WFILE_NO_REPLACE, &d));
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "already exists"));
	size_t len;
	char *got = read_file(path, &len);
	ck_assert_str_eq(got, "old\n");
	ck_assert_int_eq(entries(dir), 1);
	free(got);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_link_at_the_target_is_replaced_not_followed)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "out.csv");
	char *victim = path_in(dir, "victim");
	write_file(victim, "keep\n", 5);
	ck_assert_int_eq(symlink(victim, path), 0);
	struct fg_diag d;
	fg_diag_init(&d, path);
	ck_assert(fg_write_file(path, "new\n", 4, 0, &d));
	size_t len;
	char *got = read_file(victim, &len);
	ck_assert_str_eq(got, "keep\n");
	free(got);
	struct stat st;
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	fg_diag_free(&d);
	free(victim);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_new_file_takes_the_umask_and_a_replaced_one_keeps_its_mode)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	struct fg_diag d;
	fg_diag_init(&d, path);
	mode_t old = umask(022);
	ck_assert(fg_write_file(path, "a\n", 2, 0, &d));
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert(fg_write_file(path, "b\n", 2, 0, &d));
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	umask(old);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_write_error_is_reported_at_commit_and_the_target_is_untouched)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	write_file(path, "old\n", 4);
	struct fg_diag d;
	fg_diag_init(&d, path);
	setenv("FENGONG_FAULT", "write", 1);
	ck_assert(!fg_write_file(path, "new\n", 4, 0, &d));
	unsetenv("FENGONG_FAULT");
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "saving failed (write: No space left on device)"));
	size_t len;
	char *got = read_file(path, &len);
	ck_assert_str_eq(got, "old\n");
	ck_assert_int_eq(entries(dir), 1);
	free(got);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

START_TEST(a_lock_names_its_holder_and_is_gone_when_released)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	char *lockpath = path_in(dir, "plan.yaml.lock");
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_lock l;
	ck_assert(fg_lock_take(&l, path, 1000, NULL, NULL, &d));
	struct fg_lock_holder h;
	ck_assert(fg_lock_read(lockpath, &h));
	ck_assert(h.known);
	ck_assert_int_eq(h.pid, (long)getpid());
	ck_assert_int_eq(entries(dir), 1); /* the lock alone: its temporary is gone */
	fg_lock_release(&l);
	ck_assert_int_eq(entries(dir), 0);
	fg_diag_free(&d);
	free(lockpath);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

static int waits_told;
static void count_wait(const struct fg_lock_holder *h, const char *lockpath, void *ctx)
{
	(void)lockpath;
	ck_assert(h->known);
	ck_assert_int_eq(h->pid, *(long *)ctx);
	waits_told++;
}

START_TEST(a_busy_lock_tells_who_holds_it_once_then_times_out)
{
	char *dir = tmpdir_new();
	char *path = path_in(dir, "plan.yaml");
	struct fg_diag d;
	fg_diag_init(&d, path);
	struct fg_lock mine, again;
	ck_assert(fg_lock_take(&mine, path, 1000, NULL, NULL, &d));
	long me = (long)getpid();
	waits_told = 0;
	ck_assert(!fg_lock_take(&again, path, 100, count_wait, &me, &d));
	ck_assert_int_eq(waits_told, 1);
	ck_assert_int_eq(d.kind, FG_ERR_LOCKED);
	ck_assert_ptr_nonnull(strstr(d.items[0].msg, "the plan is being saved by process"));
	fg_lock_release(&mine);
	ck_assert_int_eq(entries(dir), 0);
	fg_diag_free(&d);
	free(path);
	tmpdir_remove(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fileio");
	TCase *tc = tcase_create("fileio");
	tcase_add_test(tc, a_committed_file_replaces_the_target_and_leaves_no_temporary);
	tcase_add_test(tc, a_discarded_file_leaves_the_target_as_it_was);
	tcase_add_test(tc, no_replace_refuses_a_target_that_exists);
	tcase_add_test(tc, a_link_at_the_target_is_replaced_not_followed);
	tcase_add_test(tc, a_new_file_takes_the_umask_and_a_replaced_one_keeps_its_mode);
	tcase_add_test(tc, a_write_error_is_reported_at_commit_and_the_target_is_untouched);
	suite_add_tcase(s, tc);
	TCase *tl = tcase_create("lock");
	tcase_add_test(tl, a_lock_names_its_holder_and_is_gone_when_released);
	tcase_add_test(tl, a_busy_lock_tells_who_holds_it_once_then_times_out);
	suite_add_tcase(s, tl);
	return run_suite(s);
}
