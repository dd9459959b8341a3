/* fengong TUI: shared state of the terminal interface.
 *
 * The TUI is a thin layer over the core (fengong/plan.h): it reads the model,
 * changes it only through fg_plan_set / fg_plan_undo / fg_plan_redo and writes
 * it only through fg_plan_save.  Every string reaches the screen through
 * tui_text() (draw.c), which measures display width with fg_text_fit.
 *
 * Views are small tables of operations (struct tui_view_ops); keys map to
 * actions through the X-macro table in actions.h, which also generates the
 * help screen.
 */
#ifndef FENGONG_TUI_H
#define FENGONG_TUI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <libintl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <wchar.h>

#include "fengong/plan.h"
#include "fengong/merge.h"
#include "fengong/text.h"
#include "app.h"
#include "tui_main.h"
#include "actions.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Smallest terminal we lay out; below it we say "terminal too small". */
#define TUI_MIN_COLS 32
#define TUI_MIN_LINES 8

/* ------------------------------------------------------------------ keys */

/* A key: a character (Unicode code point) or a curses function key with
 * TUI_FN set, so both fit one int without colliding. */
#define TUI_FN(k) ((int)(k) | 0x10000000)
#define TUI_IS_FN(k) (((k) & 0x10000000) != 0)
#define TUI_CTRL(c) ((c) & 0x1f)
#define TUI_ESC 27
#define TUI_KEY_NONE (-1)

/* ------------------------------------------------------------------ views */

/* The orders of the rows (sort.c). */
enum tui_sort { TUI_SORT_NUMBER, TUI_SORT_DUE, TUI_SORT_SEVERITY, TUI_SORT_UPDATED, TUI_SORT_UNIT, TUI_SORT_COUNT };

enum tui_view_id {
	TUI_VIEW_MEASURES,
	TUI_VIEW_MATRIX,
	TUI_VIEW_UNITS,
	TUI_VIEW_HISTORY,
	TUI_VIEW_DETAIL,
	TUI_VIEW_COUNT
};

/* What a view's request handler did (htop-style flags). */
enum {
	TUI_UNHANDLED = 0,
	TUI_HANDLED = 1,
	TUI_REBUILD = 2, /* filters or model changed: rebuild the row index */
};

struct tui;

/* Which assignment the user means: a measure (index into p->measures) and
 * an assignment index in it, or SIZE_MAX when the view does not say. */
struct tui_target {
	size_t measure;
	size_t asg;  /* SIZE_MAX: not given (or, with exact, the cell is empty) */
	bool exact;  /* the view names the assignment or its absence (a matrix cell) */
	bool rollup; /* a folded umbrella's roll-up cell: the row is one of its members' */
	size_t umbrella; /* with rollup: the umbrella's unit index */
};

/* A view: a table of operations, registered in tui_views[] (tui.c), the
 * one array of views; tui_switch_view is the one way to change view. */
struct tui_view_ops {
	const char *name; /* N_() */
	bool in_tabs;     /* a tab of the title bar, cycled by Tab (in tui_views[] order) */
	/* The rows were rebuilt (filter or model changed) or the view is
	 * entered: rebuild derived state, place the cursor on t->focus. */
	void (*reload)(struct tui *t);
	void (*draw)(struct tui *t, int top, int height);
	int (*request)(struct tui *t, enum tui_action a);
	/* The measure/assignment under the cursor; false when none. */
	bool (*target)(struct tui *t, struct tui_target *out);
	void (*click)(struct tui *t, int y, int x, bool twice);
	/* Move the cursor to row index r of t->rows (search). */
	void (*goto_row)(struct tui *t, size_t r);
	/* The row index of the cursor, SIZE_MAX when none. */
	size_t (*cur_row)(struct tui *t);
	/* The view's own state (a struct view_NAME_state defined in its file
	 * and read only there), made by tui_init into t->view_state[id] and
	 * freed by tui_free; NULL: the view keeps none. */
	void *(*state_new)(void);
	void (*state_free)(void *state);
};

extern const struct tui_view_ops tui_view_measures, tui_view_matrix, tui_view_units, tui_view_history,
	tui_view_detail;
/* The registry, indexed by enum tui_view_id. */
extern const struct tui_view_ops *const tui_views[TUI_VIEW_COUNT];
/* The tab step tabs away from `from` (a tab, or the tab the detail view was
 * opened from), wrapping. */
enum tui_view_id tui_view_tab(enum tui_view_id from, int step);

/* An assignment edited since the last save, with its value at that save,
 * so the recovery file holds exactly the unsaved changes. */
struct tui_touched {
	int measure;
	char *unit;
	enum fg_status orig_status;
	char *orig_note;
	time_t at;
};

/* A merge conflict (fengong/merge.h) decided in this session: the edit that
 * decided it is the edit_no-th of the core's journal, so an undo past it
 * opens the conflict again and a save (which removes the entry) ends it. */
struct tui_decided {
	int measure;
	char *unit;
	size_t edit_no; /* fg_plan_dirty() right after the deciding edit */
};

struct tui {
	const struct app *g;
	struct fg_plan *p;
	struct fg_actor who;
	bool *as_set;       /* units the liaison speaks for (p->nunits), NULL */
	char *as_name;      /* canonical name shown in the status bar */
	bool read_only;
	bool colour;
	char today[16];

	/* filters */
	char *f_unit;       /* query (name, alias or member; several: one a line), NULL: any */
	char *f_unit_label; /* f_unit as shown: the names joined by 、 */
	bool *f_units;      /* fg_plan_unit_match of f_unit */
	int f_role;         /* -1 any, else enum fg_role */
	unsigned f_statuses; /* 0 any, else bit (1u << status) */
	bool f_overdue;     /* only past due and not done (fg_assignment_overdue) */
	long f_section;     /* -1 any */
	char *search;       /* / text, NULL none */
	enum tui_sort sort; /* the rows' order (TUI_SORT_NUMBER, not reversed: file order) */
	bool sort_rev;

	/* filtered index: measure indices in file order */
	size_t *rows;
	size_t nrows, rows_cap;
	size_t *row_of;     /* measure index -> row index or SIZE_MAX (p->nmeasures) */

	/* focus shared by the views: measure number and unit name */
	int focus_measure;
	char focus_unit[256];

	enum tui_view_id view, prev_view;
	/* each view's own state (its state_new), indexed by enum tui_view_id;
	 * only the view's file reads it, others ask through its functions */
	void *view_state[TUI_VIEW_COUNT];

	/* the measure-label column of the views: the widest label, at most 12
	 * cells, measured once per loaded plan (on label_w_of) */
	int label_w;
	const struct fg_measure *label_w_of;

	/* layout */
	int body_top, body_height;
	bool too_small;

	/* edits since the last save */
	struct tui_touched *touched;
	size_t ntouched, touched_cap;
	bool recover_applied;
	char *recover_path;
	char *recover_kept; /* recovery file lines not re-applied (others' edits, failures): written back */
	bool recover_refused; /* a refused save wrote the edits to the recovery file (signing.c) */

	/* merge conflicts decided since the last save */
	struct tui_decided *decided;
	size_t ndecided, decided_cap;

	/* marks (marks.c): one byte per assignment, offsets per measure */
	unsigned char *mk;
	size_t *mk_off;
	const struct fg_measure *mk_of; /* the measures array they follow */
	size_t mk_nmeasures, nmarked;

	char *start_view; /* --view: the saved line applied by tui_start */
	/* the reporting cycle (cycle.c, issue 15) */
	bool f_unreported;        /* filter: measures with an assignment not reported this period */
	bool f_pending;           /* filter: measures with an assignment awaiting review (fg_asg_pending) */
	char cyc_period[16];
	bool cyc_valid;
	size_t cyc_nhist;         /* p->nhistory the cache was computed at */
	const void *cyc_measures; /* p->measures then (a reload replaces it) */
	bool *cyc_reported;       /* per assignment in plan order */
	size_t *cyc_off;          /* per measure: its first assignment's index */

	/* signing (signing.c, issue 14): the save signs every record it
	 * appends with sign's key; who.by is then the signer (by_name) */
	struct app_signing *sign;     /* NULL: the saves do not sign */
	enum fg_signer_role sign_role;
	char *by_name;                /* the signer's name (who.by), owned: a save replaces the plan's strings */
	char *sign_refusal;           /* why this session cannot save on a signed plan (no key...), NULL */
	bool sign_key_refused;        /* a key was given, and refused (an auditor's, another unit's...) */
	char *sign_start_msg;         /* said in the message line at start, NULL */

	/* message line */
	char msg[1024];
	bool msg_error;
	bool quit;
};

/* ------------------------------------------------------------------ draw.c */

enum tui_tone { TUI_TONE_NONE, TUI_TONE_GREEN, TUI_TONE_YELLOW, TUI_TONE_RED };

/* attributes, resolved against colour availability */
enum {
	TUI_ATTR_NORMAL = 0,
	TUI_ATTR_HEADING = 1,
	TUI_ATTR_DIM = 2,
	TUI_ATTR_ERROR = 3,
	TUI_ATTR_BAR = 4,
	TUI_ATTR_SELECT = 5,
	TUI_ATTR_GREEN = 6,
	TUI_ATTR_YELLOW = 7,
	TUI_ATTR_RED = 8,
	TUI_ATTR_KEY = 9,
};

enum { TUI_PAD = 1, TUI_RIGHT = 2 };

void tui_colours_init(struct tui *t);
int tui_attr(const struct tui *t, int which);
int tui_tone_attr(const struct tui *t, enum tui_tone tone);
/* The one text-drawing path: s fitted to width cells at (y, x), control
 * characters escaped, "…" on truncation.  Returns the cells used. */
int tui_text(int y, int x, int width, const char *s, int attr, int flags);
/* printf into a buffer then tui_text. */
int tui_textf(int y, int x, int width, int attr, int flags, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void tui_fill(int y, int x, int width, int attr);
void tui_box(int y, int x, int h, int w, int attr);

const char *tui_status_glyph(enum fg_status s);
const char *tui_status_label(enum fg_status s); /* translated */
const char *tui_role_label(enum fg_role r);     /* translated */
const char *tui_role_glyph(enum fg_role r);
int tui_status_label_width(void);
enum tui_tone tui_tone_measure(const struct tui *t, const struct fg_measure *m);
enum tui_tone tui_tone_asg(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a);
void tui_key_label(int key, char *buf, size_t len);

/* ------------------------------------------------------------------ tui.c */

void tui_draw_all(struct tui *t);
void tui_relayout(struct tui *t);
/* Wait for a key (a character, or TUI_FN(KEY_...)); on SIGTERM/SIGHUP or a
 * lost terminal it writes the recovery file and ends the process. */
int tui_getkey(struct tui *t);
void tui_message(struct tui *t, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void tui_message_diag(struct tui *t, const struct fg_diag *d);
void tui_rows_rebuild(struct tui *t);
void tui_set_focus(struct tui *t, const struct fg_measure *m, const char *unit);
void tui_switch_view(struct tui *t, enum tui_view_id v);
void tui_open_detail(struct tui *t, size_t measure, long asg);
void tui_set_unit_filter(struct tui *t, const char *query);
/* fg_plan_unit_match over each line of query (several units); set is
 * p->nunits long; returns how many units matched. */
size_t tui_unit_match(const struct tui *t, const char *query, bool *set);
bool tui_asg_unsaved(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a);
bool tui_measure_unsaved(const struct tui *t, const struct fg_measure *m);
/* Unit of a filter/liaison set: true when unit index u is in the filter. */
bool tui_unit_filtered(const struct tui *t, size_t u);
/* Scroll helper: keep cur visible within [top, top+h). */
void tui_scroll_to(size_t cur, size_t *top, size_t h, size_t n);

/* What code outside a view asks of it (the views' state is their own). */
/* view_matrix.c: the unit of the matrix's cursor column, SIZE_MAX when none. */
size_t tui_matrix_unit(const struct tui *t);
/* view_matrix.c: umbrellas folded into one roll-up column each (z); set
 * takes effect at the view's next reload (a saved view's). */
bool tui_matrix_folded(const struct tui *t);
void tui_matrix_set_folded(struct tui *t, bool folded);
/* view_measures.c: the unit filter changed; with the liaison's own units
 * the measures view groups the rows by role (lead, then co). */
void tui_measures_filter_changed(struct tui *t);
/* view_detail.c: show measure index `measure` and assignment asg (-1: the
 * first), scrolled to the top; tui_open_detail switches to it. */
void tui_detail_set(struct tui *t, size_t measure, long asg);
/* view_detail.c: after a model change, show the focused measure and unit
 * again; false when the measure is gone. */
bool tui_detail_refocus(struct tui *t);
/* Whether any filter (not the search) is on. */
bool tui_filtered(const struct tui *t);
bool tui_asg_matches_filter(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a);

/* ------------------------------------------------------------------ popup.c */

/* A menu of n items; returns the chosen index or -1 (Esc).  With
 * digit_base >= 0, the digit digit_base + i picks item i directly. */
long tui_menu(struct tui *t, const char *title, const char *const *items, size_t n, size_t initial,
	      int digit_base);
/* The same with check boxes: Space checks or unchecks an item; Enter with
 * any item checked returns TUI_MENU_CHECKED (the set is in checked[n]). */
#define TUI_MENU_CHECKED (-2)
long tui_menu_checks(struct tui *t, const char *title, const char *const *items, size_t n, size_t initial,
		     int digit_base, bool *checked);
/* Ask a question in a box: body (wrapped), then the prompt naming the keys;
 * returns one of the keys in `keys` (ASCII, lower case); Esc gives 0. */
int tui_ask(struct tui *t, const char *body, const char *prompt, const char *keys);
/* Edit a line at the bottom of the screen; returns a malloc'd UTF-8 string,
 * NULL when cancelled. */
char *tui_prompt(struct tui *t, const char *label, const char *initial);
/* A form's field opened again after its value was refused: why is shown in
 * a box above the status bar while it is open (initial: the refused text). */
char *tui_prompt_refused(struct tui *t, const char *why, const char *label, const char *initial);
/* The same, starting empty; ↑ brings back recall (the previous query). */
char *tui_prompt_recall(struct tui *t, const char *label, const char *recall);
/* The note editor: the prompt line, keeping pasted line breaks (pasted or
 * burst text is never run as keys); Esc asks before discarding a change. */
char *tui_note_editor(struct tui *t, const char *label, const char *initial);
/* The unit picker: returns a malloc'd query (unit name; units marked with
 * Space: their names one a line), "" for all units, NULL when cancelled. */
char *tui_pick_unit(struct tui *t);
void tui_help(struct tui *t);
/* A message wider than the screen: drawn wrapped in a box above the status
 * bar (closed by the next key, like the message line); false when the
 * message fits the message line. */
bool tui_message_box(struct tui *t);
/* "terminal too small (…)", wrapped to the screen's width. */
void tui_draw_too_small(struct tui *t);

/* ------------------------------------------------------------------ lineedit.c */

struct tui_lineedit {
	wchar_t *buf;
	size_t len, cap, cur;
	size_t scroll; /* first character shown */
};

void tui_le_init(struct tui_lineedit *le, const char *initial);
void tui_le_free(struct tui_lineedit *le);
/* Apply a key; returns true when the key was an editing key. */
bool tui_le_key(struct tui_lineedit *le, int key);
/* Draw in width cells at (y, x) and place the cursor. */
void tui_le_draw(struct tui_lineedit *le, int y, int x, int width, int attr);
char *tui_le_utf8(const struct tui_lineedit *le);
/* Insert UTF-8 text at the cursor (a paste): control characters dropped;
 * line breaks and tabs kept when multiline, else spaces. */
void tui_le_insert_text(struct tui_lineedit *le, const char *s, bool multiline);
/* Replace the whole text (cursor at the end). */
void tui_le_set(struct tui_lineedit *le, const char *s);

/* ------------------------------------------------------------------ edit.c */

void tui_edit_status(struct tui *t);
void tui_edit_note(struct tui *t);
/* cycle.c: this period's reports (false/0 when the plan has no cycle) */
bool tui_cycle_refresh(struct tui *t);
bool tui_cycle_unreported(const struct tui *t, size_t measure_index, size_t asg_index);
size_t tui_cycle_missing(struct tui *t);
/* Per registry unit, its assignments not reported this period (freed by
 * the caller); NULL when the plan has no reporting cycle. */
size_t *tui_cycle_unit_missing(struct tui *t);
bool tui_cycle_measure_unreported(struct tui *t, size_t measure_index);
/* Whether the measure has an assignment the viewer cares about that awaits
 * the coordinator: a submission or an extension request (fg_asg_pending). */
bool tui_cycle_measure_pending(const struct tui *t, size_t measure_index);
void tui_cycle_free(struct tui *t);
/* The coordinator's approve (a) / return (x) of what awaits review (issue 15). */
void tui_review(struct tui *t, bool approve);
/* p: the selected assignment's progress report for this period (issue 15). */
void tui_report(struct tui *t);
/* E: the selected assignment's extension request (延期申请): a later due
 * date and the reason, recorded as `fengong extend` records it (issue 15). */
void tui_extend(struct tui *t);
void tui_undo(struct tui *t, bool redo);
bool tui_save(struct tui *t);
/* q: ask when there are unsaved edits; true when the TUI should end. */
bool tui_confirm_quit(struct tui *t);
/* After a model change (edit, undo, save) keep selection and derived state. */
void tui_model_changed(struct tui *t);
void tui_touch(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a,
	       enum fg_status old_status, const char *old_note, time_t at);
void tui_touched_clear(struct tui *t);
size_t tui_unsaved_count(const struct tui *t);

/* Merge conflicts recorded in the plan by `fengong merge`.  A conflict is
 * open until a person decides it (an edit of its assignment, kept in the
 * journal) and saves; decided-but-unsaved conflicts are not open. */
const struct fg_conflict *tui_conflict_open(const struct tui *t, const struct fg_measure *m,
					    const struct fg_assignment *a);
bool tui_conflict_decided(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a);
bool tui_measure_conflicted(const struct tui *t, const struct fg_measure *m);
/* Open assignment conflicts and text conflicts (measure == 0). */
void tui_conflict_counts(const struct tui *t, size_t *asg, size_t *text);
/* After a successful fg_plan_set on a: record the decision when it created
 * an edit on an assignment with a conflict (dirty_before: fg_plan_dirty
 * before the set). */
void tui_conflict_track(struct tui *t, const struct fg_measure *m, const struct fg_assignment *a,
			size_t dirty_before);
void tui_decided_clear(struct tui *t);
/* "✓ done · “note” · 2026-11-27T10:00:00+08:00 li": one side of a conflict. */
void tui_side_text(char *buf, size_t len, enum fg_status st, const char *note, const char *updated,
		   const char *by);
/* d: decide the selected assignment's conflict; C: list all conflicts. */
void tui_decide_conflict(struct tui *t);
void tui_conflicts_list(struct tui *t);

/* ------------------------------------------------------------------ signing.c */

/* After the actor is set up (tui_init, no screen yet): on a plan with
 * signers or that requires signing, find the key and take the person and
 * unit from it (t->who, t->as_set, t->as_name); without a usable key,
 * t->sign_refusal says why saves are refused (and t->sign_start_msg is
 * said at start). */
void tui_signing_init(struct tui *t);
/* Before a save: the history on disk verifies, and this session may sign
 * (or the plan does not need it); else a message, the edits kept.  Fills
 * so's signing. */
bool tui_signing_save_ok(struct tui *t, struct fg_save_opts *so);
/* "signing as li" for the status bar, "" when the saves do not sign. */
void tui_signing_label(const struct tui *t, char *buf, size_t len);
void tui_signing_free(struct tui *t);

/* ------------------------------------------------------------------ marks.c */

bool tui_marked(const struct tui *t, const struct fg_measure *m, const struct fg_assignment *a);
bool tui_measure_marked(const struct tui *t, const struct fg_measure *m);
void tui_mark_toggle(struct tui *t);
void tui_mark_all(struct tui *t);
void tui_mark_unit(struct tui *t, size_t u);
/* Space on a matrix roll-up cell: umbrella u's member rows in m, together. */
void tui_mark_members(struct tui *t, const struct fg_measure *m, size_t u);
/* Esc: false when there were no marks. */
bool tui_marks_clear(struct tui *t);
/* After a model change: drop marks of a plan that was replaced. */
void tui_marks_check(struct tui *t);
void tui_marks_free(struct tui *t);
/* s / e with marks: every marked assignment the user may change, one undo step. */
void tui_bulk_status(struct tui *t);
/* The same without asking: status st (or each one's own when keep_status)
 * and note (NULL: kept) on every marked assignment. */
void tui_bulk_apply(struct tui *t, enum fg_status st, bool keep_status, const char *note);
void tui_bulk_note(struct tui *t);

/* ------------------------------------------------------------------ sort.c */

/* Sort t->rows by t->sort (ties in file order); called by tui_rows_rebuild. */
void tui_sort_rows(struct tui *t);
/* o: the choice of order; the order in force again reverses it. */
void tui_sort_menu(struct tui *t);
/* "due date ↑" */
void tui_sort_label(const struct tui *t, char *buf, size_t len);
const char *tui_sort_key_name(enum tui_sort s);
bool tui_sort_key_parse(const char *s, enum tui_sort *out);
/* Sorted rows are shown without section headings. */
#define TUI_SORTED(t) ((t)->sort != TUI_SORT_NUMBER || (t)->sort_rev)

/* ------------------------------------------------------------------ views.c */

/* $XDG_CONFIG_HOME/fengong/views (else ~/.config/…); NULL when neither is set. */
char *tui_views_path(void);
/* v: save the current view, load or delete a saved one. */
void tui_views_menu(struct tui *t);
/* The saved line of view name, checked against the plan; NULL with a
 * message in err when there is none or it cannot be used. */
char *tui_views_find(struct tui *t, const char *name, char *err, size_t errlen);
/* Apply a line tui_views_find returned: filters, order and view. */
void tui_views_apply(struct tui *t, const char *line);

/* ------------------------------------------------------------------ input.c */

/* How long the rest of an escape sequence may take to arrive after ESC
 * (a slow SSH link splits sequences); $ESCDELAY overrides it. */
#define TUI_ESCDELAY_MS 200
/* The main loop's read timeout (signals are looked at in between). */
#define TUI_KEY_TIMEOUT_MS 250
/* Keys closer together than this are a paste, not typing. */
#define TUI_BURST_MS 15
/* A bracketed paste: tui_paste_text() holds its text. */
#define TUI_KEY_PASTE TUI_FN(KEY_MAX + 3)

/* Key definitions (paste markers, PuTTY Home/End), ESCDELAY, and bracketed
 * paste on; tui_input_end turns it off again (async-signal-safe). */
void tui_input_init(void);
void tui_input_end(void);
void tui_input_free(void);
/* The text of the last TUI_KEY_PASTE: UTF-8, line breaks as \n. */
const char *tui_paste_text(void);
/* Whether the key tui_getkey just returned was already waiting when it was
 * asked for: it came in a burst with the keys before it. */
bool tui_key_was_waiting(void);
/* The next key if one comes within ms milliseconds, else TUI_KEY_NONE. */
int tui_getkey_within(struct tui *t, int ms);

/* ------------------------------------------------------------------ search.c */

/* / : the search line (empty, ↑ recalls); a measure number or label jumps
 * to it, other text searches.  n / N: next, previous match, with "match k
 * of n".  v is the current view's operations. */
void tui_search_prompt(struct tui *t, const struct tui_view_ops *v);
void tui_search_step(struct tui *t, const struct tui_view_ops *v, bool forward);
/* Measure index mi's label, title, text or an assignment's note holds q. */
bool tui_search_matches(const struct tui *t, size_t mi, const char *q);
/* The measure a query names by its number or label, NULL when none. */
const struct fg_measure *tui_named_measure(const struct tui *t, const char *q);
/* : — go to a measure by number or label. */
void tui_jump_prompt(struct tui *t);
void tui_search_forget(void);

/* ------------------------------------------------------------------ recover.c */

char *tui_recover_path(const char *plan);
/* Write the unsaved edits to t->recover_path; false and errno on failure.
 * Writes nothing (and returns true) when there are none. */
bool tui_recover_write(struct tui *t, size_t *written);
/* Offer to re-apply a recovery file left by an earlier session. */
void tui_recover_offer(struct tui *t);
/* Remove the recovery file after a successful save of its edits. */
void tui_recover_done(struct tui *t);

/* Signals: terminating ones set a flag read by tui_getkey; crashes restore
 * the terminal and re-raise. */
void tui_signals_install(void);
extern volatile sig_atomic_t tui_got_signal;
extern volatile sig_atomic_t tui_screen_active;
/* Restore the terminal, write the recovery file, report, and end the
 * process with signal sig (terminal lost when sig is SIGHUP). */
void tui_terminate(struct tui *t, int sig) __attribute__((noreturn));

/* ------------------------------------------------------------------ util */

/* Out of memory: app_oom (the TUI's hook restores the terminal and writes
 * the recovery file first). */
void *tui_xmalloc(size_t n);
void *tui_xrealloc(void *p, size_t n);
char *tui_xstrdup(const char *s);
/* snprintf that, when the text does not fit, cuts it between characters
 * (never inside a UTF-8 sequence) and ends it in "…" when there is room.
 * Returns what snprintf returns (the length the whole text would have). */
int tui_snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));


#endif
