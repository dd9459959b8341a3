/* Signed plans: replay the history's signers, verify every signature. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/sign.h"
#include "fengong/structure.h"
#include "internal.h"

static const char *const role_names[FG_SIGNER_ROLE_COUNT] = { "liaison", "coordinator", "auditor" };

const char *fg_signer_role_name(enum fg_signer_role r)
{
	return (unsigned)r < FG_SIGNER_ROLE_COUNT ? role_names[r] : NULL;
}

bool fg_signer_role_parse(const char *s, enum fg_signer_role *out)
{
	for (int i = 0; i < FG_SIGNER_ROLE_COUNT; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum fg_signer_role)i;
			return true;
		}
	return false;
}

/* ------------------------------------------------------------ the signers list */

const struct fg_signer *fg_plan_signer(const struct fg_plan *p, const char *name)
{
	for (size_t i = 0; i < p->nsigners; i++)
		if (strcmp(p->signers[i].name, name) == 0)
			return &p->signers[i];
	return NULL;
}

const struct fg_signer *fg_plan_signer_by_key(const struct fg_plan *p, const char *fp)
{
	for (size_t i = 0; i < p->nsigners; i++) {
		struct fg_sshkey *k = fg_sshkey_parse(p->signers[i].key, NULL, 0);
		bool same = k && strcmp(fg_sshkey_fingerprint(k), fp) == 0;
		fg_sshkey_free(k);
		if (same)
			return &p->signers[i];
	}
	return NULL;
}

void fg_plan_put_signer(struct fg_plan *p, const struct fg_signer *g)
{
	struct fg_signer c = *g;
	c.name = fg_plan_strdup(p, g->name);
	c.key = fg_plan_strdup(p, g->key);
	c.units = fg_arena_alloc(p->arena, (g->nunits + 1) * sizeof *c.units);
	for (size_t i = 0; i < g->nunits; i++)
		c.units[i] = fg_plan_strdup(p, g->units[i]);
	for (size_t i = 0; i < p->nsigners; i++)
		if (strcmp(p->signers[i].name, g->name) == 0) {
			p->signers[i] = c;
			return;
		}
	size_t n = p->nsigners;
	p->signers = fg_arena_grow(p->arena, p->signers, n, n + 1, sizeof *p->signers);
	p->signers[p->nsigners++] = c;
}

bool fg_plan_remove_signer(struct fg_plan *p, const char *name)
{
	for (size_t i = 0; i < p->nsigners; i++)
		if (strcmp(p->signers[i].name, name) == 0) {
			memmove(&p->signers[i], &p->signers[i + 1], (p->nsigners - i - 1) * sizeof *p->signers);
			p->nsigners--;
			return true;
		}
	return false;
}

char *fg_signer_note(const struct fg_signer *g)
{
	struct fg_buf b = {0};
	fg_buf_printf(&b, "role=%s\nkey=%s", fg_signer_role_name(g->role), g->key);
	for (size_t i = 0; i < g->nunits; i++)
		fg_buf_printf(&b, "\nunit=%s", g->units[i]);
	return b.data;
}

/* ------------------------------------------------------------ replay */

/* A signer as the history establishes it. */
struct who {
	char *name;
	enum fg_signer_role role;
	struct fg_sshkey *key;
	char **units;
	size_t nunits;
	bool trusted;
	bool active;
	size_t added_at; /* record index + 1 */
};

struct state {
	struct who *w;
	size_t n;
};

static void who_free(struct who *w)
{
	free(w->name);
	fg_sshkey_free(w->key);
	for (size_t i = 0; i < w->nunits; i++)
		free(w->units[i]);
	free(w->units);
}

static struct who *state_find_key(struct state *s, const char *fp)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->w[i].active && strcmp(fg_sshkey_fingerprint(s->w[i].key), fp) == 0)
			return &s->w[i];
	return NULL;
}

static struct who *state_find_name(struct state *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->w[i].active && strcmp(s->w[i].name, name) == 0)
			return &s->w[i];
	return NULL;
}

/* Parse a signer-add note; false when it is not one. */
static bool parse_note(const char *note, const char *name, struct who *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	bool have_role = false;
	const char *s = note;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *line = fg_xmalloc(n + 1);
		memcpy(line, s, n);
		line[n] = 0;
		if (strncmp(line, "role=", 5) == 0) {
			have_role = fg_signer_role_parse(line + 5, &out->role);
		} else if (strncmp(line, "key=", 4) == 0) {
			fg_sshkey_free(out->key);
			out->key = fg_sshkey_parse(line + 4, why, whylen);
		} else if (strncmp(line, "unit=", 5) == 0) {
			out->units = fg_xrealloc(out->units, (out->nunits + 1) * sizeof *out->units);
			out->units[out->nunits++] = fg_xstrdup(line + 5);
		}
		free(line);
		if (!e)
			break;
		s = e + 1;
	}
	out->name = fg_xstrdup(name);
	if (!have_role || !out->key) {
		if (!have_role)
			snprintf(why, whylen, "its note names no role");
		else if (!*why)
			snprintf(why, whylen, "its note names no key");
		who_free(out);
		return false;
	}
	return true;
}

/* Whether a liaison speaking for `units` may act as `as` on `unit`. */
static bool speaks_for(const struct fg_plan *p, const struct who *w, const char *as, const char *unit)
{
	if (w->role == FG_SIGNER_COORDINATOR)
		return true;
	if (w->role != FG_SIGNER_LIAISON)
		return false;
	long ai = fg_plan_unit_index(p, as);
	bool as_ok = false;
	for (size_t i = 0; i < w->nunits && !as_ok; i++) {
		long ui = fg_plan_unit_index(p, w->units[i]);
		as_ok = ui >= 0 ? ui == ai : strcmp(w->units[i], as) == 0;
	}
	if (!as_ok)
		return false;
	if (!*unit)
		return false; /* a record about the plan as a whole */
	bool *set = calloc(p->nunits + 1, sizeof *set);
	if (!set)
		abort();
	fg_plan_unit_match(p, as, set);
	long ui = fg_plan_unit_index(p, unit);
	bool ok = ui >= 0 && set[ui];
	free(set);
	return ok;
}

static bool looks_like_time(const char *s)
{
	int y, mo, d, h, mi, se;
	char sign;
	int oh, om;
	return sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d", &y, &mo, &d, &h, &mi, &se, &sign, &oh, &om) == 9 &&
	       mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 61 && (sign == '+' || sign == '-');
}

static bool pinned(const char *fp, const char *const *pins, size_t npins)
{
	for (size_t i = 0; i < npins; i++)
		if (strcmp(pins[i], fp) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------ signatures */

/* Every record's signature checked against the key it names (from the
 * signer-add notes: the replay decides what a good signature is worth).
 *
 * A record signs "prev=" + the hash its predecessor had when *that* record
 * was signed (its original hash: the SHA-256 of exactly the bytes its own
 * signature covers; an unsigned record's is its present hash).  Without
 * merges that is the predecessor's present hash, and all records verify in
 * one parallel pass.  A merge re-chains the records one side appended, so
 * their present hashes change but the original ones do not: a record that
 * fails over its present predecessor is tried, in order, over the original
 * hashes of the records before it (up to MERGE_REACH back), then "".  A
 * deleted or later-moved predecessor still fails; a record replayed
 * elsewhere is caught as a repeated signature. */
struct sigwork {
	size_t n;
	struct fg_sshkey **keys; /* per record, borrowed from pool; NULL when unknown */
	struct fg_sshsig_job *jobs;
	struct fg_sshkey **pool;
	size_t npool;
	char (*orig)[65];        /* per record: its original hash */
};

enum { MERGE_REACH = 512, BROKEN_SEARCHES = 8 };

static bool verify_over(const struct fg_record *r, const struct fg_sshkey *k, const char *prev, char out[65])
{
	size_t len;
	char *m = fg_record_canonical(r, prev, &len);
	bool ok = fg_sshsig_verify(r->sig, strlen(r->sig), m, len, FG_SSHSIG_NS, k, NULL, 0) == FG_SSHSIG_OK;
	if (ok)
		fg_sha256_hex(m, len, out);
	free(m);
	return ok;
}

static void sigwork_run(const struct fg_plan *p, struct sigwork *w)
{
	size_t n = p->nhistory;
	memset(w, 0, sizeof *w);
	w->n = n;
	w->keys = calloc(n + 1, sizeof *w->keys);
	w->jobs = calloc(n + 1, sizeof *w->jobs);
	w->orig = calloc(n + 1, sizeof *w->orig);
	char **msgs = calloc(n + 1, sizeof *msgs);
	if (!w->keys || !w->jobs || !w->orig || !msgs)
		abort();
	for (size_t i = 0; i < n; i++) {
		const struct fg_record *r = &p->history[i];
		if (r->kind != FG_KIND_SIGNER_ADD)
			continue;
		struct who x;
		char why[200] = "";
		if (parse_note(r->note ? r->note : "", r->subject ? r->subject : "", &x, why, sizeof why)) {
			w->pool = fg_xrealloc(w->pool, (w->npool + 1) * sizeof *w->pool);
			w->pool[w->npool++] = x.key;
			x.key = NULL;
			who_free(&x);
		}
	}
	/* first pass, in parallel: over the present predecessor */
	struct fg_sshsig_job *todo = calloc(n + 1, sizeof *todo);
	size_t *where = calloc(n + 1, sizeof *where), ntodo = 0;
	if (!todo || !where)
		abort();
	for (size_t i = 0; i < n; i++) {
		const struct fg_record *r = &p->history[i];
		w->jobs[i].result = FG_SSHSIG_BAD;
		if (!r->sig || !*r->sig || !r->key || !*r->key)
			continue;
		for (size_t k = 0; k < w->npool && !w->keys[i]; k++)
			if (strcmp(fg_sshkey_fingerprint(w->pool[k]), r->key) == 0)
				w->keys[i] = w->pool[k];
		if (!w->keys[i])
			continue;
		size_t len;
		msgs[i] = fg_record_canonical(r, i ? p->history[i - 1].hash : "", &len);
		where[ntodo] = i;
		todo[ntodo++] = (struct fg_sshsig_job){ r->sig, strlen(r->sig), msgs[i], len, w->keys[i], FG_SSHSIG_BAD };
	}
	fg_sshsig_verify_many(todo, ntodo, FG_SSHSIG_NS, 0);
	for (size_t t = 0; t < ntodo; t++)
		w->jobs[where[t]].result = todo[t].result;
	free(todo);
	free(where);

	/* second pass, in order: original hashes.  A record whose own
	 * signature is bad has no known original hash, so it is no candidate.
	 * Once BROKEN_SEARCHES records found no predecessor at all, the chain
	 * is broken (a record changed or removed, and every later one fails
	 * over it): later records are not searched again until a verified
	 * correction, so a tampered history costs a bounded number of
	 * signature checks, not MERGE_REACH for every record after the change. */
	size_t broken = 0;
	for (size_t i = 0; i < n; i++) {
		const struct fg_record *r = &p->history[i];
		snprintf(w->orig[i], sizeof w->orig[i], "%s", r->hash ? r->hash : "");
		if (!w->keys[i])
			continue;
		if (w->jobs[i].result == FG_SSHSIG_OK) {
			fg_sha256_hex(msgs[i], strlen(msgs[i]), w->orig[i]);
		} else if (w->jobs[i].result == FG_SSHSIG_BAD && i > 0 && broken < BROKEN_SEARCHES) {
			size_t stop = i > MERGE_REACH ? i - MERGE_REACH : 0;
			bool found = false;
			for (size_t k = i; k-- > stop && !found;) {
				if (w->keys[k] && w->jobs[k].result != FG_SSHSIG_OK)
					continue;
				if (k + 1 != i || strcmp(w->orig[k], p->history[k].hash) != 0)
					found = verify_over(r, w->keys[i], w->orig[k], w->orig[i]);
			}
			if (!found)
				found = verify_over(r, w->keys[i], "", w->orig[i]);
			if (found)
				w->jobs[i].result = FG_SSHSIG_OK;
			else
				broken++;
		}
		if (r->kind == FG_KIND_CORRECTION && w->jobs[i].result == FG_SSHSIG_OK)
			broken = 0;
	}
	for (size_t i = 0; i < n; i++)
		free(msgs[i]);
	free(msgs);
}

static void sigwork_free(struct sigwork *w)
{
	for (size_t i = 0; i < w->npool; i++)
		fg_sshkey_free(w->pool[i]);
	free(w->pool);
	free(w->keys);
	free(w->jobs);
	free(w->orig);
}

void fg_history_rechain(struct fg_plan *p)
{
	const char *prev = "";
	for (size_t i = 0; i < p->nhistory; i++) {
		char h[65];
		fg_history_hash(&p->history[i], prev, h);
		if (strcmp(h, p->history[i].hash ? p->history[i].hash : "") != 0)
			p->history[i].hash = fg_plan_strdup(p, h);
		prev = p->history[i].hash;
	}
}

void fg_history_signing_prev(const struct fg_plan *p, char out[65])
{
	size_t n = p->nhistory;
	out[0] = 0;
	if (!n)
		return;
	const struct fg_record *last = &p->history[n - 1];
	snprintf(out, 65, "%s", last->hash ? last->hash : "");
	if (!last->sig || !*last->sig)
		return;
	/* the common case: nothing re-chained, the last record verifies over
	 * its present predecessor (any key: the check proper is check's job) */
	size_t len;
	char *m = fg_record_canonical(last, n > 1 ? p->history[n - 2].hash : "", &len);
	bool ok = fg_sshsig_verify(last->sig, strlen(last->sig), m, len, FG_SSHSIG_NS, NULL, NULL, 0) == FG_SSHSIG_OK;
	free(m);
	if (ok)
		return;
	struct sigwork w;
	sigwork_run(p, &w);
	snprintf(out, 65, "%s", w.orig[n - 1]);
	sigwork_free(&w);
}

/* What makes two signed records the same: for a good signature, the hash
 * of the bytes it signs (sw.orig), since one signature has several texts
 * (blanks inside the base64, ECDSA's s or n - s, RSA's leading zeros) that
 * all verify; otherwise the signature's text. */
struct same_key {
	bool signed_bytes;
	const char *s;
};

static const struct same_key *sort_keys;

static int by_same(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct same_key *kx = &sort_keys[x], *ky = &sort_keys[y];
	int c = (int)kx->signed_bytes - (int)ky->signed_bytes;
	if (!c)
		c = strcmp(kx->s, ky->s);
	return c ? c : (x > y) - (x < y);
}

/* first[i] = 1 + the index of an earlier record that is the same signed
 * record (see same_key). */
static size_t *repeated_sigs(const struct fg_plan *p, const struct sigwork *sw)
{
	size_t n = p->nhistory, m = 0;
	size_t *idx = fg_xmalloc((n + 1) * sizeof *idx), *first = calloc(n + 1, sizeof *first);
	struct same_key *keys = fg_xmalloc((n + 1) * sizeof *keys);
	if (!first)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (!p->history[i].sig || !*p->history[i].sig)
			continue;
		bool good = sw->keys[i] && sw->jobs[i].result == FG_SSHSIG_OK;
		keys[i] = (struct same_key){ good, good ? sw->orig[i] : p->history[i].sig };
		idx[m++] = i;
	}
	sort_keys = keys;
	qsort(idx, m, sizeof *idx, by_same);
	for (size_t k = 1; k < m; k++)
		if (keys[idx[k]].signed_bytes == keys[idx[k - 1]].signed_bytes &&
		    strcmp(keys[idx[k]].s, keys[idx[k - 1]].s) == 0)
			first[idx[k]] = (first[idx[k - 1]] ? first[idx[k - 1]] : idx[k - 1] + 1);
	free(keys);
	free(idx);
	return first;
}

/* Problems with a record go to rd first, with the record's index in pidx:
 * a coordinator's later correction acknowledges them. */
static void pidx_put(size_t **pidx, size_t *cap, size_t k, size_t i)
{
	if (k >= *cap) {
		*cap = (k + 1) * 2;
		*pidx = fg_xrealloc(*pidx, *cap * sizeof **pidx);
	}
	(*pidx)[k] = i;
}

/* The plan's structure against the last verified structure record
 * (fengong/structure.h): when signing is required, or once any signed
 * structure record exists (unsigned ones, from before the plan had
 * signers, do not start it). */
static void structure_check(const struct fg_plan *p, struct fg_sign_report *rep, bool required, struct fg_diag *d)
{
	size_t n = p->nhistory, last = 0;
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const struct fg_record *r = &p->history[i];
		if (r->kind != FG_KIND_STRUCTURE)
			continue;
		any |= r->sig && *r->sig;
		if (rep->mark[i] == FG_MARK_VERIFIED && r->subject && strncmp(r->subject, FG_STRUCTURE_PENDING, 7) == 0)
			last = i + 1;
	}
	rep->structure = last;
	if (!required && !any)
		return;
	size_t before = d->n;
	if (!last) {
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("no verified structure record covers the plan's measures, units and due dates; a coordinator "
				  "signs them with `fengong structure`"));
		rep->nstructure = d->n - before;
		return;
	}
	const struct fg_record *lr = &p->history[last - 1];
	char now[FG_STRUCTURE_DIGEST_LEN];
	fg_structure_digest(p, now);
	if (strcmp(now, lr->subject) == 0)
		return;
	/* what changed, where it can be said cheaply: the parts the record's
	 * note keeps digests of (a measure, the units registry, the plan's
	 * settings)... */
	fg_structure_locate(p, lr->note, d);
	/* ...an assignment's own due date against the last verified record
	 * that set it... */
	/* the verified `due` records (few) since the last verified structure
	 * record about the plan as a whole (which may have signed a date
	 * edited by hand) */
	size_t *dues = fg_xmalloc((last + 1) * sizeof *dues), ndues = 0;
	for (size_t i = 0; i < last; i++) {
		const struct fg_record *r = &p->history[i];
		if (r->kind != FG_KIND_STRUCTURE || rep->mark[i] != FG_MARK_VERIFIED)
			continue;
		if (r->measure > 0)
			dues[ndues++] = i;
		else
			ndues = 0;
	}
	for (size_t mi = 0; mi < p->nmeasures && ndues; mi++) {
		const struct fg_measure *m = &p->measures[mi];
		for (size_t k = 0; k < m->nasg; k++) {
			const struct fg_assignment *a = &m->asg[k];
			for (size_t j = ndues; j-- > 0;) {
				size_t i = dues[j];
				const struct fg_record *r = &p->history[i];
				if (r->measure != m->number || strcmp(r->unit, a->unit) != 0)
					continue;
				if (strcmp(r->due ? r->due : "", a->due ? a->due : "") != 0)
					fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
						    FG_N_("measure %d's assignment of %s is due \"%s\", but the last signed record of its "
							  "due date (history record %zu) says \"%s\": it was changed by hand"),
						    m->number, a->unit, a->due, i + 1, r->due);
				break;
			}
		}
	}
	free(dues);
	/* ...and the counts the record's note keeps */
	struct fg_structure_counts was, is;
	char what[400] = "";
	if (fg_structure_summary_parse(lr->note, &was)) {
		fg_structure_count(p, &is);
		struct {
			const char *name;
			size_t was, is;
		} c[] = {
			{FG_N_("measures"), was.measures, is.measures},
			{FG_N_("assignments"), was.assignments, is.assignments},
			{FG_N_("units"), was.units, is.units},
			{FG_N_("aliases"), was.aliases, is.aliases},
			{FG_N_("members of umbrella units"), was.members, is.members},
			{FG_N_("due dates"), was.dues, is.dues},
		};
		for (size_t i = 0; i < sizeof c / sizeof *c; i++)
			if (c[i].was != c[i].is) {
				size_t at = strlen(what);
				snprintf(what + at, sizeof what - at, fg_tr(FG_N_("%s%s %zu, signed %zu")), *what ? "; " : "",
					 fg_tr(c[i].name), c[i].is, c[i].was);
			}
	}
	if (*what)
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("the plan's measures, units or due dates were changed with no signed record (now %s) (last "
				  "signed structure: history record %zu, line %u)"),
			    what, last, lr->line);
	else
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("the plan's measures, units or due dates were changed with no signed record (last signed "
				  "structure: history record %zu, line %u)"),
			    last, lr->line);
	rep->nstructure = d->n - before;
}

#define PROBLEM(r, ...)                                                                        \
	(fg_diag_add(&rd, FG_ERR_INVALID, (r)->line, (r)->col, __VA_ARGS__), pidx_put(&pidx, &pcap, rd.n - 1, i), \
	 bad = true)

bool fg_plan_verify_signed(const struct fg_plan *p, const char *const *pins, size_t npins,
			   struct fg_sign_report *rep, struct fg_diag *d)
{
	size_t before = d->n;
	memset(rep, 0, sizeof *rep);
	size_t n = p->nhistory;
	rep->mark = calloc(n + 1, sizeof *rep->mark);
	rep->signer = calloc(n + 1, sizeof *rep->signer);
	if (!rep->mark || !rep->signer)
		abort();

	struct sigwork sw;
	sigwork_run(p, &sw);
	struct fg_sshkey **keys = sw.keys;
	struct fg_sshsig_job *jobs = sw.jobs;

	size_t *repeat = repeated_sigs(p, &sw);
	struct fg_diag rd;
	fg_diag_init(&rd, d->file);
	size_t *pidx = NULL, pcap = 0;
	struct state st = {0};
	bool required = false, any_trusted_root = false;
	for (size_t i = 0; i < n; i++) {
		const struct fg_record *r = &p->history[i];
		bool bad = false;
		bool has_sig = r->sig && *r->sig;
		const char *by = r->by ? r->by : "";
		const char *what = r->measure > 0 ? "" : fg_tr(FG_N_(" (about the plan)"));
		if (!looks_like_time(r->at ? r->at : ""))
			PROBLEM(r, FG_N_("history record %zu has the time \"%s\", which is not a date and time: the record was forged "
				   "or edited by hand"), i + 1, r->at ? r->at : "");
		if (r->measure > 0) {
			const struct fg_measure *m = fg_plan_measure(p, r->measure);
			long ui = m ? fg_plan_unit_index(p, r->unit) : -1;
			if (!m)
				PROBLEM(r, FG_N_("history record %zu is about measure %d, which the plan does not have: the measure was "
					   "deleted or the record forged"), i + 1, r->measure);
			else if (ui < 0 || !fg_measure_assignment(m, (size_t)ui))
				PROBLEM(r, FG_N_("history record %zu is about %s's assignment of measure %d, which the plan does not have: "
					   "the assignment was deleted or the record forged"), i + 1, r->unit, r->measure);
		}
		if (!has_sig) {
			rep->mark[i] = FG_MARK_UNSIGNED;
			if (required)
				PROBLEM(r, FG_N_("history record %zu (%s%s, by %s) is not signed, but the plan required signing from "
					   "record %s on"), i + 1, r->measure > 0 ? r->unit : fg_tr(FG_N_("plan")), what, by,
				   fg_tr(FG_N_("the signing record")));
			if (bad)
				rep->mark[i] = FG_MARK_BAD;
			rep->nunsigned += !bad;
			rep->nbad += bad;
			continue;
		}
		/* the signature itself */
		struct who *w = r->key ? state_find_key(&st, r->key) : NULL;
		bool self_add = false;
		struct who added;
		bool have_added = false;
		if (r->kind == FG_KIND_SIGNER_ADD) {
			char why[200] = "";
			have_added = parse_note(r->note ? r->note : "", r->subject ? r->subject : "", &added, why, sizeof why);
			if (!have_added)
				PROBLEM(r, FG_N_("history record %zu adds the signer %s but does not describe them: %s"), i + 1,
					r->subject ? r->subject : "", why);
			else if (!w && st.n == 0 && added.role == FG_SIGNER_COORDINATOR &&
				 strcmp(fg_sshkey_fingerprint(added.key), r->key) == 0)
				self_add = true; /* the first coordinator starts the trust */
		}
		if (repeat[i])
			PROBLEM(r, FG_N_("history record %zu repeats history record %zu (the same signature): a record was "
				   "replayed"), i + 1, repeat[i]);
		else if (!keys[i])
			PROBLEM(r, FG_N_("history record %zu is signed with the key %s, which no signer of this plan has"),
				i + 1, r->key && *r->key ? r->key : "(none named)");
		else if (jobs[i].result != FG_SSHSIG_OK)
			PROBLEM(r, FG_N_("history record %zu (%s, by %s) has a bad signature (%s): the record was changed after it "
				   "was signed, or a record before it was changed or removed"),
				i + 1, r->measure > 0 ? r->unit : "plan", by, fg_sshsig_result_text(jobs[i].result));
		else if (!w && !self_add)
			PROBLEM(r, FG_N_("history record %zu is signed by the key %s, which was not a signer of this plan at that "
				   "time"), i + 1, r->key);
		else if (w && strcmp(w->name, by) != 0)
			PROBLEM(r, FG_N_("history record %zu says it is by %s, but it is signed by %s's key"), i + 1, by, w->name);
		if (!bad && w && !w->trusted)
			PROBLEM(r, FG_N_("history record %zu is signed by %s, whose key is not trusted: no trusted coordinator "
				   "(check --trust) added them"), i + 1, w->name);
		if (!bad && w) {
			rep->signer[i] = p->history[i].by;
			switch (r->kind) {
			case FG_KIND_SIGNER_ADD:
			case FG_KIND_SIGNER_REMOVE:
			case FG_KIND_SIGNING:
			case FG_KIND_STRUCTURE:
			case FG_KIND_CORRECTION:
			case FG_KIND_APPROVE:
			case FG_KIND_RETURN:
				if (w->role != FG_SIGNER_COORDINATOR)
					PROBLEM(r, FG_N_("history record %zu (%s) is signed by %s, a %s; only a coordinator may make it"),
						i + 1, fg_record_kind_name(r->kind), w->name, fg_signer_role_name(w->role));
				break;
			default:
				if (!speaks_for(p, w, r->as ? r->as : "", r->unit ? r->unit : ""))
					PROBLEM(r, FG_N_("history record %zu changes %s's assignment of measure %d acting as %s, but it is "
						   "signed by %s (%s), whose key does not speak for that unit"),
						i + 1, r->unit, r->measure, r->as && *r->as ? r->as : "coordinator", w->name,
						fg_signer_role_name(w->role));
			}
		}
		if (self_add && !bad) {
			rep->signer[i] = p->history[i].by;
			snprintf(rep->root, sizeof rep->root, "%s", r->key);
			snprintf(rep->root_name, sizeof rep->root_name, "%s", r->subject ? r->subject : "");
		}
		/* what a good record establishes */
		if (!bad) {
			bool trusted_signer = self_add ? (npins == 0 || pinned(r->key, pins, npins)) : w->trusted;
			if (self_add && trusted_signer && npins)
				rep->pinned = true;
			any_trusted_root |= self_add && trusted_signer;
			if (r->kind == FG_KIND_SIGNER_ADD && have_added) {
				struct who *old = state_find_name(&st, added.name);
				if (old)
					old->active = false;
				st.w = fg_xrealloc(st.w, (st.n + 1) * sizeof *st.w);
				added.active = true;
				added.trusted = trusted_signer || pinned(fg_sshkey_fingerprint(added.key), pins, npins);
				if (added.trusted && npins && pinned(fg_sshkey_fingerprint(added.key), pins, npins))
					rep->pinned = true;
				added.added_at = i + 1;
				st.w[st.n++] = added;
				have_added = false;
			} else if (r->kind == FG_KIND_SIGNER_REMOVE) {
				struct who *old = state_find_name(&st, r->subject ? r->subject : "");
				if (!old)
					PROBLEM(r, FG_N_("history record %zu removes the signer %s, who is not a signer"), i + 1,
						r->subject ? r->subject : "");
				else
					old->active = false;
			} else if (r->kind == FG_KIND_SIGNING) {
				required = r->subject && strcmp(r->subject, "required") == 0;
			}
		}
		if (have_added)
			who_free(&added);
		rep->mark[i] = bad ? FG_MARK_BAD : FG_MARK_VERIFIED;
		rep->nverified += !bad;
		rep->nbad += bad;
	}
	rep->required = required;
	(void)any_trusted_root;

	/* A verified correction (only a trusted coordinator's verifies: see the
	 * kinds above) acknowledges every problem with the records before it. */
	size_t c = 0;
	for (size_t i = n; i-- > 0 && !c;)
		if (p->history[i].kind == FG_KIND_CORRECTION && rep->mark[i] == FG_MARK_VERIFIED)
			c = i + 1;
	for (size_t k = 0; k < rd.n; k++) {
		if (pidx[k] + 1 < c) {
			rep->nacknowledged++;
			continue;
		}
		const struct fg_problem *pr = &rd.items[k];
		fg_diag_add(d, FG_ERR_INVALID, pr->line, pr->col, "%s", pr->msg);
	}
	if (c) {
		rep->correction = c;
		rep->correction_line = p->history[c - 1].line;
	}
	fg_diag_free(&rd);
	free(pidx);

	structure_check(p, rep, required, d);

	/* the file's signing and signers: must be what the history says */
	if (required && p->signing != FG_SIGNING_REQUIRED)
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("the history turned signing on (required) but the file's plan.signing says otherwise: it was "
			    "edited by hand; restore `signing: required`"));
	if (!required && p->signing == FG_SIGNING_REQUIRED)
		fg_diag_add(d, FG_ERR_INVALID, 0, 0,
			    FG_N_("plan.signing is required but no coordinator's signed record turned it on; run `fengong signers "
			    "require` as a coordinator"));
	for (size_t i = 0; i < p->nsigners; i++) {
		const struct fg_signer *g = &p->signers[i];
		struct who *w = state_find_name(&st, g->name);
		struct fg_sshkey *k = fg_sshkey_parse(g->key, NULL, 0);
		bool same = w && k && fg_sshkey_equal(w->key, k) && w->role == g->role && w->nunits == g->nunits;
		for (size_t u = 0; same && u < g->nunits; u++)
			same = strcmp(w->units[u], g->units[u]) == 0;
		fg_sshkey_free(k);
		if (!w)
			fg_diag_add(d, FG_ERR_INVALID, g->line, g->col,
				    FG_N_("the signer %s is in the signers list, but no signed record added them: the list was "
				    "edited by hand"), g->name);
		else if (!same)
			fg_diag_add(d, FG_ERR_INVALID, g->line, g->col,
				    FG_N_("the signer %s in the signers list differs (role, units or key) from the signed record "
				    "that added them (history record %zu): the list was edited by hand"), g->name, w->added_at);
	}
	for (size_t i = 0; i < st.n; i++)
		if (st.w[i].active && !fg_plan_signer(p, st.w[i].name))
			fg_diag_add(d, FG_ERR_INVALID, 0, 0,
				    FG_N_("the signer %s (added by history record %zu) is missing from the signers list: it was "
				    "removed by hand"), st.w[i].name, st.w[i].added_at);

	/* with signing, an assignment that moved needs a verified record */
	if (required) {
		for (size_t mi = 0; mi < p->nmeasures; mi++) {
			const struct fg_measure *m = &p->measures[mi];
			for (size_t k = 0; k < m->nasg; k++) {
				const struct fg_assignment *a = &m->asg[k];
				if (a->status == FG_STATUS_NOT_STARTED && !*a->note)
					continue;
				bool found = false;
				for (size_t i = n; i-- > 0 && !found;) {
					const struct fg_record *r = &p->history[i];
					if (r->measure == m->number && strcmp(r->unit, a->unit) == 0 && fg_record_has_status(r))
						found = true;
				}
				if (!found)
					fg_diag_add(d, FG_ERR_INVALID, a->line, a->col,
						    FG_N_("measure %d's assignment of %s is %s but no record changed it: it was "
						    "changed by hand"), m->number, a->unit, fg_status_name(a->status));
			}
		}
	}

	for (size_t i = 0; i < st.n; i++)
		who_free(&st.w[i]);
	free(st.w);
	sigwork_free(&sw);
	free(repeat);
	return d->n == before;
}

void fg_sign_report_free(struct fg_sign_report *rep)
{
	free(rep->mark);
	free(rep->signer);
	memset(rep, 0, sizeof *rep);
}
