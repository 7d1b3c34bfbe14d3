/*
 * sqllex.h - splitting SQL text into statements.
 *
 * The runner sends a migration's statements one at a time, so that a
 * failure names the file line of the statement that failed and the error
 * position can be turned into line:column. Splitting happens at top-level
 * semicolons only: never inside '...' strings ('' escapes), E'...' strings
 * (backslash escapes), $tag$...$tag$ bodies ($1 is a parameter, not a tag),
 * "..." identifiers, -- comments or nested block comments, nor inside
 * parentheses (CREATE RULE ... DO ALSO (a; b)) or the BEGIN ATOMIC ... END
 * body of a CREATE FUNCTION/PROCEDURE (both as psql does).
 */
#ifndef RETORT_SQLLEX_H
#define RETORT_SQLLEX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "strbuf.h"

struct sql_stmt {
	const char *text;	/* from the first token to before the ';', trailing blanks trimmed */
	size_t len;
	int line;		/* file line of the first token */
	int column;		/* 1-based column (in characters) of the first token */
	bool terminated;	/* ended with a ';' (false only for the last one) */
};

struct sql_script {
	struct sql_stmt *stmts;	/* in the arena */
	size_t n;
	int error_line;		/* 0, or the line where an unterminated construct starts */
	const char *error;	/* NULL, or e.g. "unterminated dollar-quoted string $fn$" */
};

/*
 * Splits len bytes of sql, whose first line is line first_line of its file,
 * into statements (allocated in a). Statements that hold nothing but blanks
 * and comments are dropped. Returns 0, or -1 when a quote or comment is
 * still open at the end (script->error and error_line say which and where;
 * the statements before it are still in script).
 */
int sqllex_split(struct arena *a, const char *sql, size_t len, int first_line,
		 struct sql_script *script);

/*
 * Turns a 1-based character position inside stmt->text (PostgreSQL's error
 * position) into a file line and 1-based column. Positions beyond the text
 * map to its end.
 */
void sqllex_position(const struct sql_stmt *stmt, int position, int *line, int *column);

#endif
