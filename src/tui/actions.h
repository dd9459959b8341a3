/* fengong TUI: the key → action table.
 *
 * One X-macro lists every action with its flags, its help text and up to
 * three keys.  The dispatcher (tui.c) and the help screen (popup.c) are both
 * generated from it, so they cannot drift apart.  Keys are characters or
 * TUI_FN(KEY_...) for curses function keys.
 */
#ifndef FENGONG_TUI_ACTIONS_H
#define FENGONG_TUI_ACTIONS_H

/* flags */
#define TUI_ACT_EDIT 1 /* changes the plan: off in read-only mode */
#define TUI_ACT_NAV 2  /* listed under "Moving" in the help */

#define TUI_ACTIONS(X) \
	X(UP,            TUI_ACT_NAV,  N_("Move up"),                                   'k', TUI_FN(KEY_UP), 0) \
	X(DOWN,          TUI_ACT_NAV,  N_("Move down"),                                 'j', TUI_FN(KEY_DOWN), 0) \
	X(LEFT,          TUI_ACT_NAV,  N_("Move left (matrix: previous unit)"),         'h', TUI_FN(KEY_LEFT), 0) \
	X(RIGHT,         TUI_ACT_NAV,  N_("Move right (matrix: next unit)"),            'l', TUI_FN(KEY_RIGHT), 0) \
	X(PAGE_UP,       TUI_ACT_NAV,  N_("Page up"),                                   TUI_FN(KEY_PPAGE), TUI_CTRL('b'), 0) \
	X(PAGE_DOWN,     TUI_ACT_NAV,  N_("Page down"),                                 TUI_FN(KEY_NPAGE), TUI_CTRL('f'), 0) \
	X(FIRST,         TUI_ACT_NAV,  N_("Go to the first line"),                      'g', TUI_FN(KEY_HOME), 0) \
	X(LAST,          TUI_ACT_NAV,  N_("Go to the last line"),                       'G', TUI_FN(KEY_END), 0) \
	X(ENTER,         0,            N_("Open the measure (units view: the unit's chase list, whose first item filters by the unit)"), '\n', '\r', TUI_FN(KEY_ENTER)) \
	X(NEXT_VIEW,     0,            N_("Next view: measures, matrix, units, history"),        '\t', 0, 0) \
	X(PREV_VIEW,     0,            N_("Previous view"),                             TUI_FN(KEY_BTAB), 0, 0) \
	X(FILTER_UNIT,   0,            N_("Filter by unit (type to narrow; Space picks several)"),           'f', 0, 0) \
	X(FILTER_ROLE,   0,            N_("Filter by role: any, lead, co"),             'r', 0, 0) \
	X(FILTER_STATUS, 0,            N_("Filter by status (Space in the menu picks several)"),                          'S', 0, 0) \
	X(FILTER_SECTION,0,            N_("Filter by section"),                         'c', 0, 0) \
	X(SEARCH,        0,            N_("Search text and notes; a number or label jumps to it"), '/', 0, 0) \
	X(SEARCH_NEXT,   0,            N_("Next match"),                                'n', 0, 0) \
	X(SEARCH_PREV,   0,            N_("Previous match"),                            'N', 0, 0) \
	X(SET_STATUS,    TUI_ACT_EDIT, N_("Set the status of the selected assignment"), 's', 0, 0) \
	X(EDIT_NOTE,     TUI_ACT_EDIT, N_("Edit the progress note"),                    'e', 0, 0) \
	X(DECIDE,        TUI_ACT_EDIT, N_("Decide the merge conflict of the selected assignment"), 'd', 0, 0) \
	X(CONFLICTS,     0,            N_("List the merge conflicts"),                  'C', 0, 0) \
	X(UNDO,          TUI_ACT_EDIT, N_("Undo"),                                      'u', 0, 0) \
	X(REDO,          TUI_ACT_EDIT, N_("Redo"),                                      TUI_CTRL('r'), 0, 0) \
	X(SAVE,          TUI_ACT_EDIT, N_("Save"),                                      'w', 0, 0) \
	X(ESCAPE,        0,            N_("Close a popup / clear the marks, then the filters"),         TUI_ESC, 0, 0) \
	X(REDRAW,        0,            N_("Redraw the screen"),                         TUI_CTRL('l'), 0, 0) \
	X(HELP,          0,            N_("Help"),                                      '?', TUI_FN(KEY_F(1)), 0) \
	X(QUIT,          0,            N_("Quit (asks when there are unsaved edits)"),  'q', TUI_CTRL('c'), 0) \
	X(FILTER_OVERDUE,0,            N_("Filter: only overdue work (past due, not done); again: off"), '!', 0, 0) \
	X(JUMP,          0,            N_("Go to a measure by its number or label"),    ':', 0, 0) \
	X(SORT,          0,            N_("Order the rows (number, due date, severity, last update, unit); again: reverse"), 'o', 0, 0) \
	X(FILTER_RECORDS,0,            N_("History view: filter the records by measure, person or dates"), 'F', 0, 0) \
	X(VIEWS,         0,            N_("Saved views: save the filters, order and view under a name; load or delete one"), 'v', 0, 0) \
	X(MARK,          0,            N_("Mark or unmark the selected assignment (s and e then act on all marked)"), ' ', 0, 0) \
	X(MARK_ALL,      0,            N_("Mark every visible assignment (units view: the unit's rows; Esc clears the marks)"), '*', 'V', 0) \
	/* the supervision cycle (issue 15) */ \
	X(FILTER_UNREPORTED, 0,        N_("Show only work not reported this period (again: all)"), 'M', 0, 0) \
	X(FILTER_PENDING, 0,           N_("Show only work awaiting the coordinator: submissions (待销号) and extension requests (again: all)"), 'R', 0, 0) \
	X(REPORT,        TUI_ACT_EDIT, N_("Write this period's progress report: progress, problems, next steps, percent complete"), 'p', 0, 0) \
	X(EXTEND,        TUI_ACT_EDIT, N_("Request an extension (延期申请): a later due date and the reason"), 'E', 0, 0) \
	X(APPROVE,       TUI_ACT_EDIT, N_("Approve a submission or an extension request (coordinator)"), 'a', 0, 0) \
	X(RETURN,        TUI_ACT_EDIT, N_("Return a submission or refuse an extension, with a reason (coordinator)"), 'x', 0, 0) \
	/* umbrella units in the matrix (issue 15) */ \
	X(FOLD,          0,            N_("Matrix: fold an umbrella unit's member columns into its roll-up column; again: unfold"), 'z', 0, 0)

enum tui_action {
#define TUI_X_ENUM(id, flags, help, k1, k2, k3) TUI_ACTION_##id,
	TUI_ACTIONS(TUI_X_ENUM)
#undef TUI_X_ENUM
	TUI_ACTION_COUNT,
	TUI_ACTION_NONE = -1
};

struct tui_action_def {
	enum tui_action action;
	int flags;
	const char *help; /* untranslated msgid */
	int keys[3];
};

extern const struct tui_action_def tui_actions[TUI_ACTION_COUNT];

/* The action bound to key, TUI_ACTION_NONE if none. */
enum tui_action tui_action_for_key(int key);

#endif
