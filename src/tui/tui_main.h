/* fengong TUI: what a front end (main.c), a test or the benchmark calls.
 *
 *   struct tui *t = tui_init(app, plan, opts, &rc);   // no terminal yet
 *   rc = tui_run(t);                                   // screen on stdin/stdout
 *   tui_free(t);                                       // the plan stays the caller's
 *
 * A benchmark drives it on its own screen: tui_init, newterm + set_term,
 * tui_start (layout, rows), then tui_key / tui_draw_all, tui_free.
 */
#ifndef FENGONG_TUI_MAIN_H
#define FENGONG_TUI_MAIN_H

#include "app.h"

struct tui;
struct tui_opts {
	const char *unit;   /* --unit U: start filtered */
	const char *view;   /* --view NAME: start on a saved view */
};

/* The state for plan p (not owned): liaison set-up, the start filter,
 * today.  NULL with *rc set (message printed) when refused. */
struct tui *tui_init(const struct app *g, struct fg_plan *p, const struct tui_opts *o, int *rc);
/* Open the terminal, offer recovery, run until quit; an exit code. */
int tui_run(struct tui *t);
/* On a screen already set up (curses mode): colours, layout, rows. */
void tui_start(struct tui *t);
/* One key as the main loop handles it (without the redraw). */
void tui_key(struct tui *t, int key);
/* Free the state (not the plan). */
void tui_free(struct tui *t);

/* Load g->file and run the TUI on it: an exit code. */
int tui_main(const struct app *g, const struct tui_opts *o);

#endif
