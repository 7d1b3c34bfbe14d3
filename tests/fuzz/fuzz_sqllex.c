/*
 * fuzz_sqllex.c - libFuzzer target for the statement splitter.
 *
 * Splits arbitrary bytes and checks what must hold whatever the input:
 * statements are non-empty, start with neither a blank nor a comment,
 * come in input order with non-decreasing line numbers, and every error
 * position maps inside the statement's lines. Any crash, hang, sanitizer
 * report or trap is a bug. `make fuzz FUZZ=sqllex FUZZ_SECONDS=300`.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "sqllex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;
	const char *text = (const char *)data;
	int rc = sqllex_split(&a, text, size, 7, &sc);
	int prev_line = 7;
	size_t i;

	check(rc == 0 || (sc.error && sc.error_line >= 7));
	for (i = 0; i < sc.n; i++) {
		const struct sql_stmt *st = &sc.stmts[i];
		int line, col, last_line;

		check(st->len > 0 && st->text[0] != ' ' && st->text[0] != '\n' && st->text[0] != '\t');
		check(strncmp(st->text, "--", 2) != 0 && strncmp(st->text, "/*", 2) != 0);
		check(st->line >= prev_line && st->column >= 1);
		check(st->terminated || i + 1 == sc.n);
		prev_line = st->line;
		sqllex_position(st, 1, &line, &col);
		check(line == st->line && col == st->column);
		sqllex_position(st, 1 << 30, &last_line, &col);
		check(last_line >= st->line && col >= 1);
		sqllex_position(st, (int)(size % 50) + 1, &line, &col);
		check(line >= st->line && line <= last_line);
	}
	arena_release(&a);
	return 0;
}
