/* fengong core: the plan's lock, FILE.lock beside the plan.
 *
 * Every writer of a plan (save, import over a plan, merge, recovery) holds
 * it while it reads and replaces the file.  The lock file is created whole:
 * its one line "HOST PID SINCE" is written to a temporary that is then
 * link()ed into place, so a lock is never seen empty.  A lock whose holder
 * is gone (same host, process not running), or an empty lock older than
 * FG_LOCK_EMPTY_STALE_S seconds (left by an older writer killed between
 * creating and filling it), is reported as stale and never taken over:
 * a person removes it.
 *
 * Test hook: FENGONG_ABORT_AT=lockfile aborts after the lock's content is
 * written to its temporary, before it is linked into place.
 */
#ifndef FENGONG_LOCK_H
#define FENGONG_LOCK_H

#include <limits.h>
#include <stdbool.h>

#include "fengong/plan.h"

#define FG_LOCK_EMPTY_STALE_S 5

/* What a lock file says about its holder. */
struct fg_lock_holder {
	char host[256];
	long pid;
	char since[64]; /* ISO-8601, as the holder wrote it */
	bool known;     /* the lock named its holder (host, pid, since) */
};

/* Called once, when the lock is found held by someone and a wait begins:
 * a front end says "waiting for the lock held by … since …". */
typedef void (*fg_lock_wait_fn)(const struct fg_lock_holder *h, const char *lockpath, void *ctx);

struct fg_lock {
	char path[PATH_MAX + 8];
	bool held;
};

/* Take TARGET.lock, waiting up to wait_ms for a holder to finish.  False
 * with FG_ERR_LOCKED (busy, stale) or FG_ERR_IO in d. */
bool fg_lock_take(struct fg_lock *l, const char *target, int wait_ms, fg_lock_wait_fn on_wait, void *ctx,
		  struct fg_diag *d);
/* Release a lock taken by fg_lock_take (no-op when not held). */
void fg_lock_release(struct fg_lock *l);
/* Read what the lock file at lockpath says; false when it cannot be read
 * (h->known tells whether it named a holder). */
bool fg_lock_read(const char *lockpath, struct fg_lock_holder *h);

#endif
