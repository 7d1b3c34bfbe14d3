/*
 * sqllex.c - statement splitting (see sqllex.h). One forward pass over the
 * bytes: quoted things and comments are skipped as units, words are looked
 * at only to recognise E'' strings and CREATE FUNCTION ... BEGIN ATOMIC.
 */
#include <string.h>

#include "sqllex.h"
#include "banned.h"

/* Where a CREATE [OR REPLACE] FUNCTION/PROCEDURE prefix has got to. */
enum routine_state { RS_START, RS_CREATE, RS_OR, RS_ROUTINE, RS_OTHER };

struct lexer {
	struct arena *a;
	const char *s;
	size_t len, i;
	int line;
	size_t line_start;		/* offset of the current line */
	struct sql_script *out;
	size_t cap;
	/* the statement being collected */
	bool in_stmt;
	size_t stmt_start, stmt_end;	/* stmt_end: after its last token */
	int stmt_line, stmt_col;
	enum routine_state routine;
	int atomic_depth;		/* BEGIN/CASE ... END nesting in a routine */
	int paren_depth;		/* CREATE RULE ... DO (a; b) keeps its ';' */
	bool prev_ident;		/* the byte before i ends a word or number */
};

static bool is_ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static int chars_between(const char *s, size_t from, size_t to)
{
	int n = 0;

	for (; from < to; from++)
		n += ((unsigned char)s[from] & 0xC0) != 0x80;
	return n;
}

static void newline_at(struct lexer *lx, size_t pos)
{
	lx->line++;
	lx->line_start = pos + 1;
}

/* Advances over [lx->i, end), counting the line breaks in it. */
static void skip_to(struct lexer *lx, size_t end)
{
	const char *p = lx->s + lx->i, *e = lx->s + end;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		newline_at(lx, (size_t)(p - lx->s));
		p++;
	}
	lx->i = end;
}

static int fail(struct lexer *lx, int line, const char *what)
{
	lx->out->error = what;
	lx->out->error_line = line;
	return -1;
}

static void begin_stmt(struct lexer *lx)
{
	if (lx->in_stmt)
		return;
	lx->in_stmt = true;
	lx->stmt_start = lx->i;
	lx->stmt_line = lx->line;
	lx->stmt_col = 1 + chars_between(lx->s, lx->line_start, lx->i);
	lx->routine = RS_START;
	lx->atomic_depth = 0;
	lx->paren_depth = 0;
}

static void end_stmt(struct lexer *lx, bool terminated)
{
	struct sql_script *out = lx->out;
	struct sql_stmt *st;

	if (!lx->in_stmt)
		return;
	if (out->n == lx->cap) {
		struct sql_stmt *grown;

		lx->cap = lx->cap ? lx->cap * 2 : 16;
		grown = arena_alloc(lx->a, lx->cap * sizeof(*grown));
		if (out->n)
			memcpy(grown, out->stmts, out->n * sizeof(*grown));
		out->stmts = grown;
	}
	st = &out->stmts[out->n++];
	st->len = lx->stmt_end - lx->stmt_start;
	st->text = arena_strndup(lx->a, lx->s + lx->stmt_start, st->len);
	st->line = lx->stmt_line;
	st->column = lx->stmt_col;
	st->terminated = terminated;
	lx->in_stmt = false;
}

static bool word_is(const char *w, size_t n, const char *kw)
{
	return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

/* Follows CREATE [OR REPLACE] FUNCTION|PROCEDURE and BEGIN/CASE ... END nesting. */
static void note_word(struct lexer *lx, const char *w, size_t n)
{
	switch (lx->routine) {
	case RS_START:
		lx->routine = word_is(w, n, "create") ? RS_CREATE : RS_OTHER;
		break;
	case RS_CREATE:
		if (word_is(w, n, "or"))
			lx->routine = RS_OR;
		else if (word_is(w, n, "function") || word_is(w, n, "procedure"))
			lx->routine = RS_ROUTINE;
		else
			lx->routine = RS_OTHER;
		break;
	case RS_OR:
		lx->routine = word_is(w, n, "replace") ? RS_CREATE : RS_OTHER;
		break;
	case RS_ROUTINE:
		if (word_is(w, n, "begin") || word_is(w, n, "case"))
			lx->atomic_depth++;
		else if (word_is(w, n, "end") && lx->atomic_depth > 0)
			lx->atomic_depth--;
		break;
	case RS_OTHER:
		break;
	}
}

/* A '...' string at lx->i; backslash escapes when escapes is true. */
static int scan_string(struct lexer *lx, bool escapes)
{
	int start_line = lx->line;
	size_t j = lx->i + 1;

	for (;;) {
		const char *q;

		if (j >= lx->len)
			break;
		q = memchr(lx->s + j, escapes ? '\\' : '\'', lx->len - j);
		if (escapes) {
			const char *quote = memchr(lx->s + j, '\'', lx->len - j);

			if (!quote)
				break;
			if (q && q < quote) {
				j = (size_t)(q - lx->s) + 2;	/* the escaped byte is skipped */
				continue;
			}
			q = quote;
		}
		if (!q)
			break;
		j = (size_t)(q - lx->s) + 1;
		if (j < lx->len && lx->s[j] == '\'') {
			j++;			/* '' stands for one quote */
			continue;
		}
		skip_to(lx, j);
		return 0;
	}
	return fail(lx, start_line, escapes ? "unterminated E'' string" : "unterminated quoted string");
}

/* A "..." identifier at lx->i ("" stands for one quote). */
static int scan_quoted_ident(struct lexer *lx)
{
	int start_line = lx->line;
	size_t j = lx->i + 1;

	while (j < lx->len) {
		const char *q = memchr(lx->s + j, '"', lx->len - j);

		if (!q)
			break;
		j = (size_t)(q - lx->s) + 1;
		if (j < lx->len && lx->s[j] == '"') {
			j++;
			continue;
		}
		skip_to(lx, j);
		return 0;
	}
	return fail(lx, start_line, "unterminated quoted identifier");
}

/* A nested block comment at lx->i. */
static int scan_block_comment(struct lexer *lx)
{
	int start_line = lx->line, depth = 0;
	size_t j = lx->i;

	while (j < lx->len) {
		if (lx->s[j] == '/' && j + 1 < lx->len && lx->s[j + 1] == '*') {
			depth++;
			j += 2;
		} else if (lx->s[j] == '*' && j + 1 < lx->len && lx->s[j + 1] == '/') {
			j += 2;
			if (--depth == 0) {
				skip_to(lx, j);
				return 0;
			}
		} else {
			j++;
		}
	}
	return fail(lx, start_line, "unterminated /* comment");
}

/*
 * A '$' at lx->i: a $tag$...$tag$ body, a $1 parameter, or a lone dollar.
 * The tag is letters, digits and '_' not starting with a digit (or empty).
 */
static int scan_dollar(struct lexer *lx)
{
	size_t j = lx->i + 1, tag_len;
	const char *close;
	int start_line = lx->line;

	if (j < lx->len && lx->s[j] >= '0' && lx->s[j] <= '9') {
		while (j < lx->len && lx->s[j] >= '0' && lx->s[j] <= '9')
			j++;
		lx->i = j;
		return 0;
	}
	if (j < lx->len && is_ident_start((unsigned char)lx->s[j]))
		while (j < lx->len && is_ident_char((unsigned char)lx->s[j]) && lx->s[j] != '$')
			j++;
	if (j >= lx->len || lx->s[j] != '$') {
		lx->i++;
		return 0;
	}
	tag_len = j + 1 - lx->i;
	close = memmem(lx->s + j + 1, lx->len - (j + 1), lx->s + lx->i, tag_len);
	if (!close) {
		lx->out->error = arena_printf(lx->a, "unterminated dollar-quoted string %.*s",
					      (int)tag_len, lx->s + lx->i);
		lx->out->error_line = start_line;
		return -1;
	}
	skip_to(lx, (size_t)(close - lx->s) + tag_len);
	return 0;
}

/* A word or number at lx->i, with E'' strings recognised. */
static int scan_word(struct lexer *lx)
{
	size_t j = lx->i;

	while (j < lx->len && is_ident_char((unsigned char)lx->s[j]))
		j++;
	if (j - lx->i == 1 && (lx->s[lx->i] == 'e' || lx->s[lx->i] == 'E') &&
	    j < lx->len && lx->s[j] == '\'') {
		lx->i = j;
		return scan_string(lx, true);
	}
	if (is_ident_start((unsigned char)lx->s[lx->i]))
		note_word(lx, lx->s + lx->i, j - lx->i);
	lx->i = j;
	return 0;
}

/* One token or piece of trivia at lx->i. */
static int lex_step(struct lexer *lx)
{
	const char *s = lx->s;
	unsigned char c = (unsigned char)s[lx->i];
	bool next_is = lx->i + 1 < lx->len, word;
	int rc = 0;

	if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
		if (c == '\n')
			newline_at(lx, lx->i);
		lx->i++;
		lx->prev_ident = false;
		return 0;
	}
	if (c == '-' && next_is && s[lx->i + 1] == '-') {
		const char *nl = memchr(s + lx->i, '\n', lx->len - lx->i);

		lx->i = nl ? (size_t)(nl - s) : lx->len;
		lx->prev_ident = false;
		return 0;
	}
	if (c == '/' && next_is && s[lx->i + 1] == '*') {
		lx->prev_ident = false;
		return scan_block_comment(lx);
	}
	if (c == ';' && lx->atomic_depth == 0 && lx->paren_depth == 0) {
		end_stmt(lx, true);
		lx->i++;
		lx->prev_ident = false;
		return 0;
	}
	begin_stmt(lx);
	/* A '$' right after a word continues it (PostgreSQL allows a$b names). */
	word = is_ident_char(c) && (c != '$' || lx->prev_ident);

	if (c == '\'')
		rc = scan_string(lx, false);
	else if (c == '"')
		rc = scan_quoted_ident(lx);
	else if (word)
		rc = scan_word(lx);
	else if (c == '$')
		rc = scan_dollar(lx);
	else
		lx->i++;
	if (c == '(')
		lx->paren_depth++;
	else if (c == ')' && lx->paren_depth > 0)
		lx->paren_depth--;
	lx->prev_ident = word && lx->s[lx->i - 1] != '\'';
	lx->stmt_end = lx->i;
	return rc;
}

int sqllex_split(struct arena *a, const char *sql, size_t len, int first_line,
		 struct sql_script *script)
{
	struct lexer lx;

	memset(&lx, 0, sizeof(lx));
	memset(script, 0, sizeof(*script));
	lx.a = a;
	lx.s = sql;
	lx.len = len;
	lx.line = first_line;
	lx.out = script;
	while (lx.i < lx.len)
		if (lex_step(&lx) < 0)
			return -1;
	end_stmt(&lx, false);
	return 0;
}

void sqllex_position(const struct sql_stmt *stmt, int position, int *line, int *column)
{
	size_t i;
	int n = 1;

	*line = stmt->line;
	*column = stmt->column;
	for (i = 0; i < stmt->len && n < position; i++) {
		unsigned char c = (unsigned char)stmt->text[i];

		if ((c & 0xC0) == 0x80)
			continue;
		if (c == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
		n++;
	}
}
