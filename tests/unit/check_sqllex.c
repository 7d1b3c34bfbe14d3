/*
 * check_sqllex.c - statement splitting: every quoting form, comments,
 * line numbers, dropped empty statements, unterminated constructs and the
 * error-position mapping.
 */
#include <string.h>

#include "arena.h"
#include "sqllex.h"
#include "testutil.h"

/* Splits sql starting at line 1 and checks the statement count. */
static struct sql_script split_ok(struct arena *a, const char *sql, size_t want)
{
	struct sql_script sc;

	ck_assert_msg(sqllex_split(a, sql, strlen(sql), 1, &sc) == 0, "split failed: %s (line %d)",
		      sc.error ? sc.error : "?", sc.error_line);
	ck_assert_msg(sc.n == want, "expected %zu statements, got %zu in: %s", want, sc.n, sql);
	return sc;
}

START_TEST(simple_statements_and_lines)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc = split_ok(&a, "CREATE TABLE t (a int);\n\n  INSERT INTO t VALUES (1);\nSELECT 2", 3);

	ck_assert_str_eq(sc.stmts[0].text, "CREATE TABLE t (a int)");
	ck_assert_int_eq(sc.stmts[0].line, 1);
	ck_assert_int_eq(sc.stmts[0].column, 1);
	ck_assert(sc.stmts[0].terminated);
	ck_assert_str_eq(sc.stmts[1].text, "INSERT INTO t VALUES (1)");
	ck_assert_int_eq(sc.stmts[1].line, 3);
	ck_assert_int_eq(sc.stmts[1].column, 3);
	ck_assert_str_eq(sc.stmts[2].text, "SELECT 2");
	ck_assert_int_eq(sc.stmts[2].line, 4);
	ck_assert(!sc.stmts[2].terminated);
	arena_release(&a);
}
END_TEST

START_TEST(first_line_offset)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;
	const char *sql = "\nSELECT 1;\n-- note\nSELECT\n 2;";

	ck_assert_int_eq(sqllex_split(&a, sql, strlen(sql), 10, &sc), 0);
	ck_assert_uint_eq(sc.n, 2);
	ck_assert_int_eq(sc.stmts[0].line, 11);
	ck_assert_int_eq(sc.stmts[1].line, 13);
	ck_assert_str_eq(sc.stmts[1].text, "SELECT\n 2");
	arena_release(&a);
}
END_TEST

START_TEST(single_quotes)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc = split_ok(&a, "SELECT 'a;b', 'it''s;'; SELECT ';'';'", 2);

	ck_assert_str_eq(sc.stmts[0].text, "SELECT 'a;b', 'it''s;'");
	ck_assert_str_eq(sc.stmts[1].text, "SELECT ';'';'");
	/* A backslash is an ordinary character in a standard string. */
	sc = split_ok(&a, "SELECT 'a\\'; SELECT 1", 2);
	ck_assert_str_eq(sc.stmts[0].text, "SELECT 'a\\'");
	arena_release(&a);
}
END_TEST

START_TEST(escape_strings)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc = split_ok(&a, "SELECT E'a\\';b'; SELECT e'\\\\'; SELECT E'x''y;'", 3);

	ck_assert_str_eq(sc.stmts[0].text, "SELECT E'a\\';b'");
	ck_assert_str_eq(sc.stmts[1].text, "SELECT e'\\\\'");
	ck_assert_str_eq(sc.stmts[2].text, "SELECT E'x''y;'");
	/* A word ending in e is not an E prefix. */
	sc = split_ok(&a, "SELECT some'a\\'; SELECT 2", 2);
	arena_release(&a);
}
END_TEST

START_TEST(dollar_quotes)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;

	sc = split_ok(&a, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2", 2);
	ck_assert_str_eq(sc.stmts[0].text, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql");
	sc = split_ok(&a, "DO $fn$ BEGIN PERFORM '$$;'; END $fn$; SELECT 3", 2);
	ck_assert_str_eq(sc.stmts[0].text, "DO $fn$ BEGIN PERFORM '$$;'; END $fn$");
	/* $1 is a parameter, not a tag; a$b$ is a name. */
	sc = split_ok(&a, "PREPARE p AS SELECT $1; SELECT a$b$; SELECT 4", 3);
	ck_assert_str_eq(sc.stmts[0].text, "PREPARE p AS SELECT $1");
	ck_assert_str_eq(sc.stmts[1].text, "SELECT a$b$");
	/* Nested tags: the inner $$ does not close $outer$. */
	sc = split_ok(&a, "SELECT $outer$ $$ ; $$ $outer$; SELECT 5", 2);
	arena_release(&a);
}
END_TEST

START_TEST(quoted_identifiers)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc = split_ok(&a, "CREATE TABLE \"a;b\" (\"x\"\";\" int); SELECT 1", 2);

	ck_assert_str_eq(sc.stmts[0].text, "CREATE TABLE \"a;b\" (\"x\"\";\" int)");
	arena_release(&a);
}
END_TEST

START_TEST(comments)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;

	sc = split_ok(&a, "-- a; b\nSELECT 1 -- c; d\n; /* e; /* nested; */ f; */ SELECT 2;", 2);
	ck_assert_str_eq(sc.stmts[0].text, "SELECT 1");
	ck_assert_int_eq(sc.stmts[0].line, 2);
	ck_assert_str_eq(sc.stmts[1].text, "SELECT 2");
	/* Comment-only and empty statements are dropped. */
	split_ok(&a, "-- nothing\n;;  ; /* x */ ;\n", 0);
	split_ok(&a, "", 0);
	arena_release(&a);
}
END_TEST

START_TEST(begin_atomic_bodies)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;

	sc = split_ok(&a, "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql\n"
			  "BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\nSELECT 3;", 2);
	ck_assert_int_eq(sc.stmts[1].line, 3);
	sc = split_ok(&a, "CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END; SELECT 1", 2);
	/* Outside a routine, BEGIN is a transaction statement. */
	split_ok(&a, "BEGIN; SELECT 1; END;", 3);
	arena_release(&a);
}
END_TEST

START_TEST(parentheses)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;

	sc = split_ok(&a, "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); NOTIFY t);\n"
			  "SELECT (1);", 2);
	ck_assert_str_eq(sc.stmts[1].text, "SELECT (1)");
	/* A stray ')' does not make the depth negative. */
	split_ok(&a, "SELECT 1); SELECT 2", 2);
	arena_release(&a);
}
END_TEST

START_TEST(unterminated)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;
	static const struct {
		const char *sql;
		int line;
		const char *what;
	} cases[] = {
		{ "SELECT 1;\nSELECT 'abc", 2, "quoted string" },
		{ "SELECT 1;\n\nSELECT E'ab\\'", 3, "E''" },
		{ "SELECT \"x", 1, "identifier" },
		{ "\nDO $fn$ BEGIN END $$;", 2, "$fn$" },
		{ "SELECT 1; /* a /* b */\n", 1, "comment" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(sqllex_split(&a, cases[i].sql, strlen(cases[i].sql), 1, &sc), -1);
		ck_assert_int_eq(sc.error_line, cases[i].line);
		ck_assert_msg(strstr(sc.error, cases[i].what), "'%s' lacks '%s'", sc.error, cases[i].what);
	}
	arena_release(&a);
}
END_TEST

START_TEST(positions)
{
	struct arena a = ARENA_INIT;
	struct sql_script sc;
	const char *sql = "SELECT 1;\n  SELECT x,\n    \xc3\xa9t\xc3\xa9, nope FROM t;";
	int line, col;

	ck_assert_int_eq(sqllex_split(&a, sql, strlen(sql), 5, &sc), 0);
	ck_assert_uint_eq(sc.n, 2);
	/* "SELECT x,\n    été, nope": the n of nope is character 20. */
	sqllex_position(&sc.stmts[1], 1, &line, &col);
	ck_assert_int_eq(line, 6);
	ck_assert_int_eq(col, 3);
	sqllex_position(&sc.stmts[1], 20, &line, &col);
	ck_assert_int_eq(line, 7);
	ck_assert_int_eq(col, 10);
	arena_release(&a);
}
END_TEST

static Suite *sqllex_suite(void)
{
	Suite *s = suite_create("sqllex");
	TCase *tc = tcase_create("split");

	tcase_add_test(tc, simple_statements_and_lines);
	tcase_add_test(tc, first_line_offset);
	tcase_add_test(tc, single_quotes);
	tcase_add_test(tc, escape_strings);
	tcase_add_test(tc, dollar_quotes);
	tcase_add_test(tc, quoted_identifiers);
	tcase_add_test(tc, comments);
	tcase_add_test(tc, begin_atomic_bodies);
	tcase_add_test(tc, parentheses);
	tcase_add_test(tc, unterminated);
	tcase_add_test(tc, positions);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(sqllex_suite)
