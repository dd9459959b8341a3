/* fengong app layer: the trusted coordinator keys from a config file.
 *
 * $FENGONG_TRUST_FILE, else $XDG_CONFIG_HOME/fengong/trust (default
 * ~/.config/fengong/trust): one SHA256:... fingerprint a line (as
 * `ssh-keygen -l -E sha256` and `fengong signers list` print it), blank
 * lines and `#` comments allowed. */
#include "app.h"

#include <errno.h>
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fengong/fileio.h"
#include "fengong/text.h"

#define _(s) gettext(s)

bool app_trust_path(char *buf, size_t len)
{
	const char *f = getenv("FENGONG_TRUST_FILE");
	if (f && *f)
		return (size_t)snprintf(buf, len, "%s", f) < len;
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return (size_t)snprintf(buf, len, "%s/fengong/trust", x) < len;
	const char *home = getenv("HOME");
	if (!home || !*home)
		return false;
	return (size_t)snprintf(buf, len, "%s/.config/fengong/trust", home) < len;
}

/* A fingerprint as OpenSSH prints it: SHA256: and 43 characters of
 * unpadded base64. */
static size_t fingerprint_len(const char *s)
{
	if (strncmp(s, "SHA256:", 7) != 0)
		return 0;
	size_t n = 7;
	while (s[n] && (('A' <= s[n] && s[n] <= 'Z') || ('a' <= s[n] && s[n] <= 'z') || ('0' <= s[n] && s[n] <= '9') ||
			s[n] == '+' || s[n] == '/'))
		n++;
	return n == 7 + 43 ? n : 0;
}

bool app_fingerprint_ok(const char *s)
{
	size_t n = fingerprint_len(s);
	return n && !s[n];
}

static void add_pin(struct app_trust *t, const char *s, size_t n)
{
	char **more = realloc(t->pins, (t->n + 1) * sizeof *t->pins);
	if (!more)
		app_oom();
	t->pins = more;
	char *c = app_xcalloc(n + 1, 1);
	memcpy(c, s, n);
	t->pins[t->n++] = c;
}

int app_trust_read(struct app_trust *t)
{
	memset(t, 0, sizeof *t);
	char path[4096];
	if (!app_trust_path(path, sizeof path))
		return 0; /* no home: no file */
	struct fg_diag d;
	fg_diag_init(&d, path);
	char *buf;
	size_t len;
	FILE *probe = fopen(path, "r");
	if (!probe && errno == ENOENT) {
		fg_diag_free(&d);
		return 0;
	}
	if (probe)
		fclose(probe);
	if (!fg_read_file(path, &buf, &len, &d)) {
		app_print_diag(&d);
		app_error(_("%s: the trust file cannot be read; nothing was checked or changed"), path);
		fg_diag_free(&d);
		return -1;
	}
	unsigned line = 1;
	const char *s = buf, *end = buf + len;
	while (s < end) {
		const char *e = memchr(s, '\n', (size_t)(end - s));
		if (!e)
			e = end;
		const char *a = s, *b = e;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		for (const char *h = a; h < b; h++)
			if (*h == '#') {
				b = h;
				break;
			}
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r'))
			b--;
		if (a < b) {
			size_t n = fingerprint_len(a);
			if (n != (size_t)(b - a) && n) { /* something after the fingerprint */
				const char *x = a + n;
				while (x < b && (*x == ' ' || *x == '\t'))
					x++;
				fg_diag_add(&d, FG_ERR_INVALID, line, (unsigned)(x - s) + 1,
					    _("one fingerprint a line: after %.*s comes more text (a comment starts with #)"),
					    (int)n, a);
			} else if (!n) {
				fg_diag_add(&d, FG_ERR_INVALID, line, (unsigned)(a - s) + 1,
					    _("not a key fingerprint: write it as `ssh-keygen -l -E sha256 -f KEY.pub` prints it, "
					      "SHA256: and 43 characters"));
			} else {
				add_pin(t, a, n);
			}
		}
		s = e + 1;
		line++;
	}
	free(buf);
	if (d.n) {
		app_print_diag(&d);
		app_error(_("%s: the trust file is malformed (above); nothing was checked or changed"), path);
		fg_diag_free(&d);
		app_trust_free(t);
		return -1;
	}
	fg_diag_free(&d);
	if (t->n)
		t->from = strdup(path);
	return 0;
}

void app_trust_free(struct app_trust *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->pins[i]);
	free(t->pins);
	free(t->from);
	memset(t, 0, sizeof *t);
}

int app_pins_gather(struct app_pins *t)
{
	memset(t, 0, sizeof *t);
	const char *e = getenv("FENGONG_TRUST");
	if (e && *e) {
		t->from = "$FENGONG_TRUST";
		t->store = strdup(e);
		if (!t->store)
			app_oom();
		for (char *s = strtok(t->store, " \t\n,"); s; s = strtok(NULL, " \t\n,")) {
			if (!app_fingerprint_ok(s)) {
				char shown[200];
				app_error(_("$FENGONG_TRUST: %s is not a key fingerprint; write it as `ssh-keygen -l -E sha256 -f "
					    "KEY.pub` prints it, SHA256: and 43 characters"),
					  fg_text_show(s, shown, sizeof shown));
				app_pins_free(t);
				return -1;
			}
			const char **more = realloc(t->v, (t->n + 1) * sizeof *t->v);
			if (!more)
				app_oom();
			t->v = more;
			t->v[t->n++] = s;
		}
		return 0;
	}
	if (app_trust_read(&t->file) != 0)
		return -1;
	if (t->file.n) {
		t->from = t->file.from;
		t->v = app_xcalloc(t->file.n, sizeof *t->v);
		for (size_t i = 0; i < t->file.n; i++)
			t->v[i] = t->file.pins[i];
		t->n = t->file.n;
	}
	return 0;
}

void app_pins_free(struct app_pins *t)
{
	free(t->v);
	free(t->store);
	app_trust_free(&t->file);
	memset(t, 0, sizeof *t);
}
