/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tables laid out for a terminal's width.  The columns that may give way
 * (paths and sentences that can be cut, lists and sentences that can go on
 * more lines) share what the fixed ones leave: each gets its widest cell
 * if all fit, else the widest are narrowed to one common width first, so a
 * column of short cells stays whole while a long one gives up the most.
 * A list goes on more lines a whole item at a time; a sentence in the last
 * column with too little room beside the row goes on lines under it.
 */
#include "table_fit.h"
#include "formatters.h"
#include "text_escape.h"
#include "text_width.h"
#include "util.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* A sentence under its row starts this far in, to read as part of the row above. */
#define BELOW_INDENT 4

/* The least a column that gives way is narrowed to, while the others can still give. */
#define LEAST_CUT 10
#define LEAST_LIST 16
#define LEAST_WORDS 10 /* words wrapped beside others */
#define LEAST_TEXT 24  /* the last column's: narrower, it goes under the row */

#define GIVES_WAY (FIT_CUT | FIT_CUT_MIDDLE | FIT_LIST | FIT_TEXT)

void fit_table_init(struct fit_table *t, const struct fit_column *columns, size_t ncolumns)
{
	*t = (struct fit_table){ .columns = columns, .ncolumns = ncolumns };
}

size_t fit_table_add_row(struct fit_table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xreallocarray(t->cells, t->cap, t->ncolumns * sizeof(*t->cells));
	}
	memset(t->cells + t->nrows * t->ncolumns, 0, t->ncolumns * sizeof(*t->cells));
	return t->nrows++;
}

void fit_table_set(struct fit_table *t, size_t row, size_t column, const char *text)
{
	char **cell = &t->cells[row * t->ncolumns + column];

	free(*cell);
	*cell = text ? text_escape(text) : xstrdup("-");
}

void fit_table_free(struct fit_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncolumns; i++)
		free(t->cells[i]);
	free(t->cells);
	*t = (struct fit_table){ 0 };
}

static const char *cell_of(const struct fit_table *t, size_t row, size_t c)
{
	const char *s = t->cells[row * t->ncolumns + c];
	return s ? s : "-";
}

/* ---- widths ---- */

struct measure {
	size_t *natural; /* its widest cell, or its heading */
	size_t *usual;   /* wide enough for nine cells in ten (a list's items), or its heading */
	size_t *least;   /* no narrower while others can give */
	size_t *width;   /* what it gets */
	size_t ncolumns; /* beside each other on the row: all, or all but a sentence under it */
	bool below;
};

static size_t widest_item(const char *s)
{
	size_t widest = 0;

	while (*s) {
		size_t n = strcspn(s, ",");
		size_t w = text_width_lenient(s, n);
		if (w > widest)
			widest = w;
		s += n + (s[n] == ',');
	}
	return widest;
}

static size_t at_most(size_t a, size_t b)
{
	return a < b ? a : b;
}

static size_t at_least(size_t a, size_t b)
{
	return a > b ? a : b;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The width nine cells in ten fit in: one long path or a pipe every process holds is no reason to widen a column for all. */
static size_t ninth_decile(size_t *widths, size_t n)
{
	if (!n)
		return 0;
	qsort(widths, n, sizeof(*widths), size_cmp);
	return widths[(n - 1) * 9 / 10];
}

static void measure(const struct fit_table *t, struct measure *m)
{
	size_t *widths = xcalloc(t->nrows ? t->nrows : 1, sizeof(*widths));

	for (size_t c = 0; c < t->ncolumns; c++) {
		const struct fit_column *col = &t->columns[c];
		size_t heading = text_width_lenient(col->heading, strlen(col->heading)), items = 0;
		m->natural[c] = heading;
		size_t known = 0;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = cell_of(t, r, c);
			size_t w = text_width_lenient(s, strlen(s));
			m->natural[c] = at_least(m->natural[c], w);
			if (col->flags & FIT_LIST) /* on more lines, an item is what must fit */
				w = widest_item(s);
			items = at_least(items, w);
			/* Of the cells with a value: most objects have no NAME or PEER at all. */
			if (strcmp(s, "-") != 0)
				widths[known++] = w;
		}
		m->usual[c] = at_most(m->natural[c], at_least(heading, ninth_decile(widths, known)));
		size_t least = m->natural[c];
		if (col->flags & FIT_TEXT)
			least = at_least(heading, c + 1 == t->ncolumns ? LEAST_TEXT : LEAST_WORDS);
		else if (col->flags & FIT_LIST)
			least = at_least(heading, at_most(items, LEAST_LIST));
		else if (col->flags & (FIT_CUT | FIT_CUT_MIDDLE))
			least = at_least(heading, LEAST_CUT);
		if (col->least)
			least = at_least(heading, col->least);
		m->least[c] = at_most(least, m->natural[c]);
		m->usual[c] = at_least(m->usual[c], m->least[c]);
		/* A column with a least of its own (an identifier) widens past it
		 * only once every other has most of its cells whole. */
		if (col->least)
			m->usual[c] = m->least[c];
	}
	free(widths);
}

static bool gives_way(const struct fit_table *t, size_t c)
{
	return t->columns[c].flags & GIVES_WAY;
}

/* What the columns that give way take, each between its floor and its ceiling, none over `cap`. */
static size_t taken(const struct fit_table *t, const struct measure *m, const size_t *floor,
		    const size_t *ceiling, size_t cap)
{
	size_t sum = 0;

	for (size_t c = 0; c < m->ncolumns; c++)
		if (gives_way(t, c))
			sum += at_least(floor[c], at_most(ceiling[c], cap));
	return sum;
}

/*
 * The widths when those that give way have `room` between them: each at
 * least its floor, at most its ceiling, the widest narrowed first.
 */
static void share(const struct fit_table *t, struct measure *m, const size_t *floor,
		  const size_t *ceiling, size_t room)
{
	size_t lo = 0, hi = 0;

	for (size_t c = 0; c < m->ncolumns; c++)
		hi = at_least(hi, ceiling[c]);
	while (lo < hi) { /* the widest cap they all fit under */
		size_t mid = lo + (hi - lo + 1) / 2;
		if (taken(t, m, floor, ceiling, mid) <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t spare = room - at_most(room, taken(t, m, floor, ceiling, lo));
	for (size_t c = 0; c < m->ncolumns; c++) {
		if (!gives_way(t, c)) {
			m->width[c] = m->natural[c];
			continue;
		}
		m->width[c] = at_least(floor[c], at_most(ceiling[c], lo));
		if (spare && m->width[c] < ceiling[c]) {
			m->width[c]++;
			spare--;
		}
	}
}

/*
 * First most cells whole where a column would lose text (a path cut, a
 * list's items cut); then of the sentences, which only take more lines;
 * what is left then widens the columns of the longest cells.
 */
static void share_room(const struct fit_table *t, struct measure *m, size_t room)
{
	size_t *lossy = xcalloc(t->ncolumns, sizeof(*lossy));

	for (size_t c = 0; c < t->ncolumns; c++)
		lossy[c] = t->columns[c].flags & FIT_TEXT ? m->least[c] : m->usual[c];
	if (taken(t, m, lossy, lossy, 0) > room)
		share(t, m, m->least, lossy, room);
	else if (taken(t, m, m->usual, m->usual, 0) > room)
		share(t, m, lossy, m->usual, room);
	else
		share(t, m, m->usual, m->natural, room);
	free(lossy);
}

static void lay_out(const struct fit_table *t, struct measure *m, size_t width)
{
	m->ncolumns = t->ncolumns;
	m->below = false;
	for (;;) {
		size_t fixed = m->ncolumns - 1, natural = 0, least = 0;
		for (size_t c = 0; c < m->ncolumns; c++) {
			if (!gives_way(t, c))
				fixed += m->natural[c];
			else {
				natural += m->natural[c];
				least += m->least[c];
			}
		}
		size_t room = width > fixed ? width - fixed : 0;
		if (natural <= room || least <= room) {
			share_room(t, m, room);
			return;
		}
		bool last_is_text = t->columns[m->ncolumns - 1].flags & FIT_TEXT;
		if (!m->below && last_is_text && m->ncolumns > 1) {
			m->below = true;
			m->ncolumns--;
			continue;
		}
		/* Still too wide: each gives way down to its heading, and what is
		 * left past the edge is the fixed columns' own. */
		size_t *headings = xcalloc(t->ncolumns, sizeof(*headings));
		for (size_t c = 0; c < m->ncolumns; c++)
			headings[c] = at_most(m->natural[c],
					      at_least(1, text_width_lenient(t->columns[c].heading,
									     strlen(t->columns[c].heading))));
		share(t, m, headings, m->natural, room);
		free(headings);
		return;
	}
}

/* ---- lines of a cell ---- */

/* Part of one line of a cell: a span, a mark where text was cut, and a span after it. */
struct piece {
	const char *a, *b;
	size_t an, bn;
	bool mark;
};

struct pieces {
	struct piece *items;
	size_t n, cap;
};

static const char *cut_mark = "~";

static void push(struct pieces *p, struct piece piece)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->items = xreallocarray(p->items, p->cap, sizeof(*p->items));
	}
	p->items[p->n++] = piece;
}

static size_t piece_width(const struct piece *p)
{
	return text_width_lenient(p->a, p->an) + (p->mark ? 1 : 0) + text_width_lenient(p->b, p->bn);
}

/* s[0..n) cut at its end to `width`, the mark the last column. */
static struct piece cut_end(const char *s, size_t n, size_t width)
{
	if (text_width_lenient(s, n) <= width)
		return (struct piece){ .a = s, .an = n, .b = "" };
	return (struct piece){ .a = s, .an = text_start_within(s, n, width ? width - 1 : 0),
			       .b = "", .mark = true };
}

static struct piece cut_middle(const char *s, size_t n, size_t width)
{
	if (text_width_lenient(s, n) <= width || width < 3)
		return cut_end(s, n, width);
	size_t room = width - 1, head = room / 3, tail = room - head;
	size_t from = text_end_within(s, n, tail);
	return (struct piece){ .a = s, .an = text_start_within(s, n, head), .b = s + from,
			       .bn = n - from, .mark = true };
}

static void list_pieces(const char *s, size_t width, struct pieces *out)
{
	size_t n = strlen(s), start = 0, end = 0, used = 0;
	bool open = false;

	for (size_t i = 0; i <= n;) {
		size_t len = strcspn(s + i, ","), w = text_width_lenient(s + i, len);
		if (open && used + 1 + w <= width) {
			end = i + len;
			used += 1 + w;
		} else {
			if (open)
				push(out, (struct piece){ .a = s + start, .an = end - start, .b = "" });
			if (w > width) { /* an item wider than the column: it alone, cut */
				push(out, cut_end(s + i, len, width));
				open = false;
			} else {
				start = i;
				end = i + len;
				used = w;
				open = true;
			}
		}
		if (i + len >= n)
			break;
		i += len + 1;
	}
	if (open)
		push(out, (struct piece){ .a = s + start, .an = end - start, .b = "" });
}

static void text_pieces(const char *s, size_t width, struct pieces *out)
{
	size_t n = strlen(s), at = 0;

	do {
		size_t next, len = text_wrap_line(s + at, n - at, width, &next);
		push(out, (struct piece){ .a = s + at, .an = len, .b = "" });
		at += next;
	} while (at < n);
}

static void cell_pieces(const struct fit_column *col, const char *s, size_t width,
			struct pieces *out)
{
	out->n = 0;
	if (col->flags & FIT_LIST)
		list_pieces(s, width, out);
	else if (col->flags & FIT_TEXT)
		text_pieces(s, width, out);
	else if (col->flags & FIT_CUT_MIDDLE)
		push(out, cut_middle(s, strlen(s), width));
	else if (col->flags & FIT_CUT)
		push(out, cut_end(s, strlen(s), width));
	else
		push(out, (struct piece){ .a = s, .an = strlen(s), .b = "" });
	if (!out->n)
		push(out, (struct piece){ .a = "", .b = "" });
}

/* ---- writing ---- */

static void put_blanks(FILE *out, size_t n)
{
	static const char blanks[] = "                                ";

	while (n) {
		size_t k = at_most(n, sizeof(blanks) - 1);
		fwrite(blanks, 1, k, out);
		n -= k;
	}
}

static bool is_empty(const struct piece *p)
{
	return !p->an && !p->bn && !p->mark;
}

static void put_piece(FILE *out, const struct piece *p)
{
	fwrite(p->a, 1, p->an, out);
	if (p->mark)
		fputs(cut_mark, out);
	fwrite(p->b, 1, p->bn, out);
}

/* One row's lines: line k of each column side by side, blanks trailing none. */
static void put_lines(FILE *out, const struct fit_table *t, const struct measure *m,
		      struct pieces *cols)
{
	size_t nlines = 0;

	for (size_t c = 0; c < m->ncolumns; c++)
		nlines = at_least(nlines, cols[c].n);
	for (size_t k = 0; k < nlines; k++) {
		size_t last = 0;
		for (size_t c = 0; c < m->ncolumns; c++)
			if (k < cols[c].n && !is_empty(&cols[c].items[k]))
				last = c;
		for (size_t c = 0; c <= last; c++) {
			const struct piece *p = k < cols[c].n ? &cols[c].items[k] : NULL;
			size_t w = p ? piece_width(p) : 0, pad = m->width[c] > w ? m->width[c] - w : 0;
			bool right = t->columns[c].flags & FIT_RIGHT;
			if (c)
				fputc(' ', out);
			if (right)
				put_blanks(out, pad);
			if (p)
				put_piece(out, p);
			if (!right && c < last)
				put_blanks(out, pad);
		}
		fputc('\n', out);
	}
}

/* The sentence of a row that has no room beside it, on lines of its own. */
static void put_below(FILE *out, const char *s, size_t width, struct pieces *scratch)
{
	if (strcmp(s, "-") == 0)
		return;
	scratch->n = 0;
	text_pieces(s, width > BELOW_INDENT + 10 ? width - BELOW_INDENT : 10, scratch);
	for (size_t k = 0; k < scratch->n; k++) {
		put_blanks(out, BELOW_INDENT);
		put_piece(out, &scratch->items[k]);
		fputc('\n', out);
	}
}

static void put_headings(FILE *out, const struct fit_table *t, const struct measure *m,
			 size_t width, struct pieces *cols)
{
	struct measure shown = *m;
	size_t used = 0;

	for (size_t c = 0; c < m->ncolumns; c++) {
		const char *h = t->columns[c].heading;
		cols[c].n = 0;
		push(&cols[c], cut_end(h, strlen(h), m->width[c]));
		used += m->width[c] + (c ? 1 : 0);
	}
	/* The heading of the sentences under the rows, at the end of the line where it fits. */
	if (m->below) {
		const char *h = t->columns[m->ncolumns].heading;
		size_t w = text_width_lenient(h, strlen(h));
		if (used + 1 + w <= width) {
			cols[m->ncolumns].n = 0;
			push(&cols[m->ncolumns], cut_end(h, strlen(h), w));
			shown.width[m->ncolumns] = w;
			shown.ncolumns++;
		}
	}
	put_lines(out, t, &shown, cols);
}

int fit_table_print(const struct fit_table *t, size_t width, FILE *out)
{
	size_t nc = t->ncolumns;
	struct measure m = { .natural = xcalloc(nc, sizeof(size_t)),
			     .usual = xcalloc(nc, sizeof(size_t)),
			     .least = xcalloc(nc, sizeof(size_t)),
			     .width = xcalloc(nc, sizeof(size_t)) };
	struct pieces *cols = xcalloc(nc + 1, sizeof(*cols));

	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		cut_mark = "\u2026";
	measure(t, &m);
	lay_out(t, &m, width);
	if (!t->noheadings)
		put_headings(out, t, &m, width, cols);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < m.ncolumns; c++)
			cell_pieces(&t->columns[c], cell_of(t, r, c), m.width[c], &cols[c]);
		put_lines(out, t, &m, cols);
		if (m.below)
			put_below(out, cell_of(t, r, m.ncolumns), width, &cols[nc]);
	}
	for (size_t c = 0; c <= nc; c++)
		free(cols[c].items);
	free(cols);
	free(m.natural);
	free(m.usual);
	free(m.least);
	free(m.width);
	return ferror(out) ? -1 : 0;
}

bool table_fits_terminal(const struct output_options *opts, FILE *out)
{
	return !opts->raw && (opts->width || isatty(fileno(out)));
}

size_t table_terminal_width(const struct output_options *opts, FILE *out)
{
	struct winsize ws;

	if (opts && opts->width > 0)
		return (size_t)opts->width;
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *env = getenv("COLUMNS");
	long cols = env ? strtol(env, NULL, 10) : 0;
	return cols > 0 && cols < 100000 ? (size_t)cols : 80;
}
