/* fengong import DOC [-o PLAN.yaml] [--force] [--strict] [--dry-run]: make
 * a plan from the government document (.txt, .docx, .xlsx). */
#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_sign.h"
#include "fengong/fileio.h"
#include "fengong/import.h"
#include "fengong/lock.h"
#include "fengong/sign.h"
#include "fengong/structure.h"
#include "fengong/text.h"

/* Write the plan to path through the file API: a new file appears whole,
 * linked into place (which refuses, atomically, a file that appeared
 * meanwhile).  Over an existing plan (--force) the plan's lock is held, as
 * every writer of a plan does, and the old file is kept beside it first.
 * With expect (a signed plan being replaced), the file must still hold
 * exactly those bytes under the lock: nothing is written over an edit made
 * since it was read.  A failure leaves any existing file as it was. */
static bool write_plan(const char *path, const char *data, size_t len, bool force, const char *expect,
		       size_t expectlen)
{
	struct fg_diag d;
	fg_diag_init(&d, path);
	char target[PATH_MAX];
	struct stat st;
	bool exists = force && stat(path, &st) == 0;
	if (!exists || !realpath(path, target))
		snprintf(target, sizeof target, "%s", path);
	struct fg_lock lock = {.held = false};
	char backup[PATH_MAX + 40] = "";
	bool ok = false, exists_now = false;
	if (exists) {
		if (!S_ISREG(st.st_mode)) {
			cli_error(_("%s is not a regular file; nothing was written"), path);
			return false;
		}
		if (!fg_lock_take(&lock, target, 60000, NULL, NULL, &d))
			goto out;
		if (expect) {
			char *now;
			size_t nowlen;
			if (!fg_read_file(target, &now, &nowlen, &d))
				goto out;
			bool same = nowlen == expectlen && memcmp(now, expect, nowlen) == 0;
			free(now);
			if (!same) {
				fg_diag_add(&d, FG_ERR_CONFLICT, 0, 0, "%s",
					    _("the plan was changed while the document was imported; nothing was written: "
					      "run the import again"));
				goto out;
			}
		}
		char stamp[32];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
		snprintf(backup, sizeof backup, "%s.%s.bak", target, stamp);
		/* the backup is the old file itself: a second name for it, or a copy
		 * where the file system has no hard links */
		if (link(target, backup) != 0) {
			char *old;
			size_t oldlen;
			if (!fg_read_file(target, &old, &oldlen, &d))
				goto out;
			bool copied = fg_write_file(backup, old, oldlen, FG_WFILE_NO_REPLACE, &d);
			free(old);
			if (!copied)
				goto out;
		}
	}
	struct fg_wfile w;
	if (fg_wfile_open(&w, target, force ? 0 : FG_WFILE_NO_REPLACE, &d)) {
		fg_wfile_write(&w, data, len);
		ok = fg_wfile_commit(&w, &d);
		exists_now = !ok && w.err == EEXIST;
	}
	if (ok && *backup)
		fprintf(stderr, _("fengong: the plan that was in %s was kept as %s\n"), path, backup);
	else if (!ok && *backup)
		unlink(backup);
out:
	fg_lock_release(&lock);
	if (exists_now) /* it appeared since the check before the import */
		cli_error(_("%s already exists; pass --force to replace it"), path);
	else if (!ok)
		cli_print_diag(&d);
	fg_diag_free(&d);
	return ok;
}

/* Text from the document on the terminal: C0 and C1 control characters
 * (an ESC sequence hidden in a title) are shown escaped, never obeyed. */
static void put_text(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7F)
			printf("\\x%02x", c);
		else if (c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xA0)
			printf("\\x%02x", (unsigned char)*++s);
		else
			putchar(c);
	}
}

/* --dry-run: a measure's parts, each its text (cut to a line) and units. */
static void print_parts(const struct fg_measure *m)
{
	for (size_t i = 0; i < m->nparts; i++) {
		const struct fg_part *pt = &m->parts[i];
		char text[1024];
		fg_text_fit(pt->text, 64, false, text, sizeof text); /* escapes controls */
		printf(_("    part %zu %s\n"), i + 1, text);
		for (int role = 0; role < 2; role++) {
			const struct fg_part_unit *u = role == FG_ROLE_LEAD ? pt->lead : pt->co;
			size_t n = role == FG_ROLE_LEAD ? pt->nlead : pt->nco;
			printf("           %-4s ", role == FG_ROLE_LEAD ? _("lead") : _("co"));
			for (size_t k = 0; k < n; k++)
				fputs(k ? "、" : "", stdout), put_text(u[k].unit);
			puts(n ? "" : "-");
		}
	}
}

/* --dry-run: the matrix the import would write, one block per measure,
 * each guess (warning) shown under the measure whose lines it is about. */
static void print_matrix(const struct fg_plan *p, const struct fg_diag *w, const char *doc)
{
	size_t nguess = 0;
	printf(_("%s: %zu measures, %zu units, %zu guesses (marked ?); nothing was written\n"), doc, p->nmeasures,
	       p->nunits, w->n);
	/* guesses before the first measure: about the document as a whole */
	unsigned first = p->nmeasures ? p->measures[0].line : ~0u;
	for (size_t k = 0; k < w->n; k++)
		if (w->items[k].line < first)
			printf("? %s:%u: ", doc, w->items[k].line), put_text(w->items[k].msg), puts(""), nguess++;
	for (size_t i = 0; i < p->nmeasures; i++) {
		const struct fg_measure *m = &p->measures[i];
		unsigned from = m->line, to = i + 1 < p->nmeasures ? p->measures[i + 1].line : ~0u;
		bool guessed = false;
		for (size_t k = 0; k < w->n; k++)
			guessed |= w->items[k].line >= from && w->items[k].line < to;
		printf("\n%s ", guessed ? "?" : " ");
		put_text(m->label);
		putchar(' ');
		put_text(m->title);
		putchar('\n');
		for (int role = 0; role < 2; role++) {
			printf("    %-4s ", role == FG_ROLE_LEAD ? _("lead") : _("co"));
			bool any = false;
			for (size_t a = 0; a < m->nasg; a++)
				if ((int)m->asg[a].role == role) {
					fputs(any ? "、" : "", stdout);
					put_text(m->asg[a].unit);
					any = true;
				}
			puts(any ? "" : "-");
		}
		if (m->due[0])
			printf(_("    due  %s\n"), m->due);
		print_parts(m);
		for (size_t k = 0; k < w->n; k++)
			if (w->items[k].line >= from && w->items[k].line < to)
				printf("  ? %s:%u: ", doc, w->items[k].line), put_text(w->items[k].msg), puts(""), nguess++;
	}
	(void)nguess;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* import -o PLAN --force over a signed plan (one with signers or
 * plan.signing): only a coordinator's key replaces it, and only when its
 * history verifies.  0: PLAN is no signed plan (or none at all: the
 * ordinary import); 1: refused (said); 2: *old is the signed plan, *bytes
 * its text, who/so/s the coordinator's signing. */
static int signed_target(const struct cli_globals *g, const char *out, struct fg_plan **old, char **bytes,
			 size_t *len, struct fg_actor *who, struct fg_save_opts *so, struct cli_signing *s)
{
	struct fg_diag d;
	fg_diag_init(&d, out);
	*old = NULL;
	*bytes = NULL;
	if (!fg_read_file(out, bytes, len, &d)) {
		fg_diag_free(&d);
		return 0; /* write_plan says what is wrong with it */
	}
	struct fg_plan *p = fg_plan_load_buffer(out, *bytes, *len, &d);
	fg_diag_free(&d);
	if (!p || !(p->nsigners || p->signing)) {
		fg_plan_free(p);
		free(*bytes);
		*bytes = NULL;
		return 0;
	}
	struct cli_globals g2 = *g;
	g2.file = out;
	char shown[512]; /* the signer's name, as a terminal may show it */
	if (g->as) {
		cli_error(_("%s is a signed plan, which only a coordinator replaces: leave out --as; nothing was written"),
			  out);
		goto refused;
	}
	if (!cli_history_verifies(&g2, p))
		goto refused;
	if (!cli_signing_setup(&g2, p, true, who, so, s))
		goto refused;
	if (s->signer->role != FG_SIGNER_COORDINATOR) {
		cli_error(_("%s is a signed plan and %s is a %s: only a coordinator's key replaces it by import; nothing "
			    "was written"),
			  out, fg_text_show(s->signer->name, shown, sizeof shown), cli_signer_role_text(s->signer->role));
		cli_signing_free(s);
		goto refused;
	}
	*old = p;
	return 2;
refused:
	fg_plan_free(p);
	free(*bytes);
	*bytes = NULL;
	return 1;
}

/* The signed plan's history, signers and states kept in the plan made from
 * doc, and a coordinator's signed `structure` record saying so. */
static bool keep_signed(const char *out, const char *doc, struct fg_plan *p, const struct fg_plan *old,
			const struct fg_actor *who, const struct fg_save_opts *so)
{
	struct fg_diag d;
	fg_diag_init(&d, out);
	if (!fg_plan_adopt(p, old, &d)) {
		cli_print_diag(&d);
		cli_error(_("%s: the plan made from %s cannot keep this signed plan's history (above); nothing was written"),
			  out, doc);
		fg_diag_free(&d);
		return false;
	}
	const char *base = strrchr(doc, '/');
	base = base ? base + 1 : doc;
	char note[1200];
	snprintf(note, sizeof note, "imported from %s: %zu measures, %zu units", base, p->nmeasures, p->nunits);
	/* the digest of the imported structure goes in when it is sealed */
	bool ok = fg_plan_append_structure(p, NULL, NULL, "", note, who, time(NULL), &d) && fg_plan_seal(p, so, &d);
	if (!ok)
		cli_print_diag(&d);
	fg_diag_free(&d);
	return ok;
}

int cmd_import(int argc, char **argv, const struct cli_globals *g)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'F'},
		{"strict", no_argument, NULL, 'S'},       {"help", no_argument, NULL, 'h'},
		{"dry-run", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	bool force = false, strict = false, dry = false;
	int c;
	/* argv[0] is "fengong import".  0 rather than 1: glibc then re-initialises fully,
	 * so options after DOC are found too (main parsed its own with '+'). */
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'F': force = true; break;
		case 'S': strict = true; break;
		case 'n': dry = true; break;
		case 'h': cli_command_usage("import", stdout); return FG_EXIT_OK;
		default: cli_command_usage("import", stderr); return FG_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_error("%s", _("import needs exactly one document, e.g. `fengong import 实施方案.txt -o plan.yaml`"));
		cli_command_usage("import", stderr);
		return FG_EXIT_USAGE;
	}
	const char *doc = argv[optind];
	if (dry && out) {
		cli_error(_("--dry-run writes nothing; leave out -o %s"), out);
		cli_command_usage("import", stderr);
		return FG_EXIT_USAGE;
	}
	if (out && strcmp(out, "-") == 0)
		out = NULL;
	if (out && same_file(out, doc)) {
		cli_error(_("%s is the document being imported; write the plan to another file"), out);
		return FG_EXIT_USAGE;
	}
	if (out && !force && access(out, F_OK) == 0) {
		cli_error(_("%s already exists; pass --force to replace it"), out);
		return FG_EXIT_DATA;
	}

	/* over a signed plan: the coordinator's, before anything is imported */
	struct fg_plan *old = NULL;
	char *oldbytes = NULL;
	size_t oldlen = 0;
	struct fg_actor who = {0};
	struct fg_save_opts so = {0};
	struct cli_signing sg = {0};
	if (out && force && signed_target(g, out, &old, &oldbytes, &oldlen, &who, &so, &sg) == 1)
		return FG_EXIT_DATA;

	struct fg_diag warnings, errors;
	fg_diag_init(&warnings, doc);
	fg_diag_init(&errors, doc);
	int rc = FG_EXIT_DATA;
	char *yaml = NULL;
	struct fg_plan *p = fg_import_file(doc, &warnings, &errors);
	if (dry && p) {
		print_matrix(p, &warnings, doc);
		rc = strict && warnings.n ? FG_EXIT_DATA : FG_EXIT_OK;
		goto done;
	}
	cli_print_diag(&warnings);
	if (!p) {
		cli_print_diag(&errors);
		goto done;
	}
	if (strict && warnings.n) {
		cli_error(ngettext("--strict: %zu warning above, so no plan was written; fix the document or import "
				   "without --strict and check the plan",
				   "--strict: %zu warnings above, so no plan was written; fix the document or import "
				   "without --strict and check the plan",
				   warnings.n),
			  warnings.n);
		goto done;
	}
	if (old && !keep_signed(out, doc, p, old, &who, &so))
		goto done;
	size_t len;
	yaml = fg_plan_emit(p, &len);
	/* what we write must load: check it the way `fengong check` will */
	struct fg_diag back;
	fg_diag_init(&back, out ? out : _("(stdout)"));
	struct fg_plan *again = fg_plan_load_buffer(out ? out : _("(stdout)"), yaml, len, &back);
	if (!again) {
		cli_print_diag(&back);
		cli_error(_("the plan made from %s does not load back (a bug in fengong); nothing was written"), doc);
		fg_diag_free(&back);
		goto done;
	}
	if (old) { /* never write a signed plan that would not verify */
		struct fg_sign_report rep;
		bool verifies = fg_history_verify(again, &back);
		verifies = fg_plan_verify_signed(again, NULL, 0, &rep, &back) && verifies;
		fg_sign_report_free(&rep);
		if (!verifies) {
			cli_print_diag(&back);
			cli_error(_("the plan made from %s would not verify (a bug in fengong); nothing was written"), doc);
			fg_plan_free(again);
			fg_diag_free(&back);
			goto done;
		}
	}
	fg_plan_free(again);
	fg_diag_free(&back);
	if (!out) {
		if (fwrite(yaml, 1, len, stdout) != len || fflush(stdout) != 0) {
			cli_error(_("cannot write the plan to standard output: %s"), strerror(errno));
			goto done;
		}
	} else {
		if (!write_plan(out, yaml, len, force, oldbytes, oldlen))
			goto done;
		fprintf(stderr, _("fengong: wrote %s: %zu measures, %zu units%s\n"), out, p->nmeasures, p->nunits,
			warnings.n ? _("; check the warnings above") : "");
	}
	char shown_by[512];
	if (old)
		fprintf(stderr, _("fengong: %s keeps its %zu history records and %zu signers; the import is recorded, signed by %s\n"),
			out, old->nhistory, old->nsigners, fg_text_show(who.by, shown_by, sizeof shown_by));
	rc = FG_EXIT_OK;
done:
	free(yaml);
	fg_plan_free(p);
	fg_plan_free(old);
	free(oldbytes);
	cli_signing_free(&sg);
	fg_diag_free(&warnings);
	fg_diag_free(&errors);
	return rc;
}
