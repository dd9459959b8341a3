/* Test helper: for each line of standard input that contains MARKER, print
 * the display width (terminal cells) of the text before it, so a test can
 * check that a column starts at the same cell on every row even when the
 * rows hold CJK text.  Lines without the marker print nothing. */
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int width_of(const char *s, size_t len)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	int w = 0;
	size_t i = 0;
	while (i < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, len - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2) {
			w += 1;
			i += 1;
			memset(&st, 0, sizeof st);
			continue;
		}
		if (k == 0)
			k = 1;
		int cw = wcwidth(wc);
		w += cw > 0 ? cw : 0;
		i += k;
	}
	return w;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: dwidth MARKER < text\n");
		return 2;
	}
	if (!setlocale(LC_ALL, "C.UTF-8") && !setlocale(LC_ALL, "C.utf8")) {
		fprintf(stderr, "dwidth: no C.UTF-8 locale\n");
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		char *p = strstr(line, argv[1]);
		if (p)
			printf("%d\n", width_of(line, (size_t)(p - line)));
	}
	free(line);
	return 0;
}
