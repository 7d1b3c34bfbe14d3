/*
 * check_normalize.c - the normalizer: the pure-C tables for types and
 * expressions (including that canonical text passes unchanged), and the
 * server pass against a real database: a model differing only in spelling
 * normalizes to exactly the database's text, real changes still differ, a
 * bad expression spoils nothing else, round trips do not grow with the
 * number of mismatches, texts the database already printed in the same
 * context are not sent (and are what applying them really gives), and only
 * the columns a sent text needs are mirrored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "diag.h"
#include "introspect.h"
#include "model.h"
#include "normalize.h"
#include "strbuf.h"
#include "testutil.h"

struct pair {
	const char *in, *out;
};

START_TEST(type_names)
{
	static const struct pair cases[] = {
		{ "int", "integer" }, { "INT4", "integer" }, { "integer", "integer" },
		{ "int8", "bigint" }, { "int2", "smallint" }, { "smallint", "smallint" },
		{ "bool", "boolean" }, { "Boolean", "boolean" },
		{ "varchar(20)", "character varying(20)" },
		{ "VARCHAR ( 20 )", "character varying(20)" },
		{ "varchar", "character varying" },
		{ "character varying(5)", "character varying(5)" },
		{ "char(3)", "character(3)" }, { "char", "character(1)" },
		{ "character(5)", "character(5)" }, { "bpchar", "bpchar" },
		{ "bpchar(4)", "character(4)" },
		{ "nchar(3)", "character(3)" }, { "nchar", "character(1)" },
		{ "national character varying(5)", "character varying(5)" },
		{ "NCHAR VARYING", "character varying" },
		{ "timestamptz", "timestamp with time zone" },
		{ "timestamp", "timestamp without time zone" },
		{ "timestamp(3) with time zone", "timestamp(3) with time zone" },
		{ "timestamptz(3)", "timestamp(3) with time zone" },
		{ "TIMESTAMP  WITHOUT  TIME ZONE", "timestamp without time zone" },
		{ "timetz", "time with time zone" }, { "time", "time without time zone" },
		{ "time(2)", "time(2) without time zone" },
		{ "float8", "double precision" }, { "double", "double precision" },
		{ "double   precision", "double precision" }, { "float", "double precision" },
		{ "float(10)", "real" }, { "float(30)", "double precision" }, { "float4", "real" },
		{ "decimal(10,2)", "numeric(10,2)" }, { "decimal(10, 2)", "numeric(10,2)" },
		{ "numeric(10)", "numeric(10,0)" }, { "numeric", "numeric" },
		{ "int[]", "integer[]" }, { "int[3][4]", "integer[]" },
		{ "integer array", "integer[]" }, { "text ARRAY[2]", "text[]" },
		{ "varchar(10)[]", "character varying(10)[]" },
		{ "public.run_status", "run_status" }, { "pg_catalog.int4", "integer" },
		{ "BILLING.Status", "billing.status" },
		{ "\"Sales\".\"Order Status\"", "\"Sales\".\"Order Status\"" },
		{ "\"run_status\"", "run_status" }, { "\"char\"", "\"char\"" },
		{ "public.\"My Type\"[]", "\"My Type\"[]" },
		{ "billing.int", "billing.\"int\"" },
		{ "uuid", "uuid" }, { "jsonb[]", "jsonb[]" }, { "citext", "citext" },
		{ "bit", "bit(1)" }, { "varbit", "bit varying" }, { "bit varying(5)", "bit varying(5)" },
		{ "interval", "interval" }, { "interval day to second(3)", "interval day to second(3)" },
		/* What cannot be parsed is only tidied. */
		{ "int(", "int(" }, { "  weird   thing ) ", "weird thing )" },
	};
	struct arena a = ARENA_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(normalize_type(&a, cases[i].in), cases[i].out) == 0,
			      "normalize_type(\"%s\") = \"%s\", want \"%s\"", cases[i].in,
			      normalize_type(&a, cases[i].in), cases[i].out);
	ck_assert_ptr_null(normalize_type(&a, NULL));
	arena_release(&a);
}
END_TEST

/* Texts as pg_get_expr prints them must pass through untouched. */
START_TEST(canonical_expressions_unchanged)
{
	static const char *const canonical[] = {
		"now()", "CURRENT_TIMESTAMP", "'x'::text", "'pending'::run_status",
		"(e >= 1) AND (e <= 5)", "f ~~ 'a%'::text", "j = ANY (ARRAY[1, 2])",
		"lower('X'::text)", "'{}'::text[]", "'-1'::integer",
		"nextval('s_id_seq'::regclass)", "(price * (2)::numeric)", "length((x)::text) < 5",
		"CASE WHEN (a > 0) THEN 'p'::text ELSE 'n'::text END", "COALESCE(a, 0)",
		"(a IS NOT NULL)", "(x IS TRUE)", "EXTRACT(year FROM created)",
		"('2020-01-01 00:00:00'::timestamp without time zone AT TIME ZONE 'UTC'::text)",
		"(data ->> 'k'::text)", "gen_random_uuid()", "true", "\"Mixed\" > 0",
		"'a b  c'::text", "(x)::character varying(10)", "date_trunc('day'::text, created)",
		"((a)::text || 'x'::text)", "(- x)", "'new'::\"Sales\".\"Order Status\"",
		"NOT (a AND b)", "cost >= (0)::numeric", "'it''s'::text", "NULL::text",
		"ROW(a, b)", "CURRENT_TIMESTAMP(3)", "JSON_OBJECT('a' : 1)",
		"SUBSTRING(x FROM 1 FOR 2)", "(a IS DISTINCT FROM b)",
	};
	struct arena a = ARENA_INIT;
	size_t i;

	for (i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++)
		ck_assert_msg(strcmp(normalize_expr(&a, canonical[i]), canonical[i]) == 0,
			      "normalize_expr changed canonical \"%s\" into \"%s\"", canonical[i],
			      normalize_expr(&a, canonical[i]));
	arena_release(&a);
}
END_TEST

START_TEST(expression_rewrites)
{
	static const struct pair cases[] = {
		{ "NOW()", "now()" }, { "current_timestamp", "CURRENT_TIMESTAMP" },
		{ "a>0 and b<5", "a > 0 AND b < 5" }, { "lower( Email )", "lower(email)" },
		{ "x in (1,2)", "x IN (1, 2)" }, { "f(a,b)", "f(a, b)" },
		{ "x::TEXT", "x::text" }, { "Email is not null", "email IS NOT NULL" },
		{ "TRUE", "true" }, { "  'A  B'  ", "'A  B'" },
		{ "coalesce (a, 0)", "COALESCE(a, 0)" }, { "-1", "- 1" },
		{ "current_timestamp(3)", "CURRENT_TIMESTAMP(3)" }, { "row(a,b)", "row(a, b)" },
		{ "x::timestamp with time zone and y", "x::timestamp with time zone AND y" },
		{ "E'a\\'b' || c", "E'a\\'b' || c" }, { "$$x  y$$ || Z", "$$x  y$$ || Z" },
		/* Left alone: comments, prefixed literals, unterminated quotes. */
		{ "a -- note", "a -- note" }, { "B'101' = x", "B'101' = x" },
		{ "1 .5", "1 .5" }, { "t. col", "t. col" }, { "T.Col", "T.col" }, { "Tab.Col", "tab.col" },
		{ "'open", "'open" }, { "A /* c */ > 0", "A /* c */ > 0" },
	};
	struct arena a = ARENA_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(strcmp(normalize_expr(&a, cases[i].in), cases[i].out) == 0,
			      "normalize_expr(\"%s\") = \"%s\", want \"%s\"", cases[i].in,
			      normalize_expr(&a, cases[i].in), cases[i].out);
	ck_assert_str_eq(normalize_collation(&a, "\"C\""), "C");
	ck_assert_str_eq(normalize_collation(&a, "pg_catalog.\"en_US\""), "en_US");
	ck_assert_str_eq(normalize_collation(&a, "C"), "C");
	ck_assert_ptr_null(normalize_expr(&a, NULL));
	arena_release(&a);
}
END_TEST

/*
 * Random token soup: the pure-C pass never crashes and is idempotent
 * (normalizing a normalized text changes nothing), whatever it is fed.
 */
START_TEST(random_text_idempotent)
{
	static const char *const pieces[] = {
		"a", "B", "Cc", "and", "OR", "not", "null", "IS", "true", "FALSE", "(", ")", "[",
		"]", ",", "::", "int", "text", "'x'", "'it''s'", "\"Q\"", "E'\\''", "$$z$$", " ",
		"\n", "\t", "+", "-", "*", "/", "<", ">=", "||", "~~", "1", "2.5", "1e5", ".",
		"current_timestamp", "coalesce", "ROW", "json_object", "now", "varchar(3)", "CASE",
		"WHEN", "then", "else", "END", "in", "any", "array", "--", "/*", "'open", "\"", "&",
		"B'1'", "$1", "x$y", "\xc3\xa9", "time", "zone", "with", "at", "[]", "public.",
	};
	struct arena a = ARENA_INIT;
	unsigned long seed = 12345;
	int it;

	for (it = 0; it < 50000; it++) {
		struct strbuf in = STRBUF_INIT;
		const char *e1, *e2, *t1, *t2;
		int n, k;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		n = (int)((seed >> 33) % 12);
		for (k = 0; k < n; k++) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			strbuf_addstr(&in, pieces[(seed >> 33) % (sizeof(pieces) / sizeof(pieces[0]))]);
			if ((seed >> 20) & 1)
				strbuf_addch(&in, ' ');
		}
		e1 = normalize_expr(&a, in.buf);
		e2 = normalize_expr(&a, e1);
		ck_assert_msg(strcmp(e1, e2) == 0, "expr [%s] -> [%s] -> [%s]", in.buf, e1, e2);
		t1 = normalize_type(&a, in.buf);
		t2 = normalize_type(&a, t1);
		ck_assert_msg(strcmp(t1, t2) == 0, "type [%s] -> [%s] -> [%s]", in.buf, t1, t2);
		strbuf_release(&in);
		if (it % 1000 == 999) {
			arena_release(&a);
		}
	}
	arena_release(&a);
}
END_TEST

/* --- the server pass -------------------------------------------------- */

static const char runs_sql[] =
	"CREATE TYPE run_status AS ENUM ('pending', 'done');\n"
	"CREATE TABLE runs (id integer PRIMARY KEY, status run_status NOT NULL DEFAULT 'pending',\n"
	"  cost numeric(10,2) CHECK (cost >= 0), email text, created timestamptz DEFAULT now(),\n"
	"  label varchar(20) DEFAULT 'x', n integer DEFAULT 5,\n"
	"  total numeric GENERATED ALWAYS AS (cost * 2) STORED);\n"
	"CREATE INDEX runs_lower_idx ON runs (lower(email));\n"
	"CREATE INDEX runs_partial ON runs (created) WHERE cost > 10;\n";

/* The same schema, spelled the way people write models. */
static const char runs_model[] =
	"<model xmlns=\"urn:retort:model:1\">\n"
	"  <enum name=\"run_status\"><value>pending</value><value>done</value></enum>\n"
	"  <table name=\"runs\">\n"
	"    <column name=\"id\" type=\"int\" primary-key=\"true\"/>\n"
	"    <column name=\"status\" type=\"run_status\" nullable=\"false\" default=\"'pending'\"/>\n"
	"    <column name=\"cost\" type=\"decimal(10, 2)\"/>\n"
	"    <column name=\"email\" type=\"text\"/>\n"
	"    <column name=\"created\" type=\"timestamptz\" default=\"NOW()\"/>\n"
	"    <column name=\"label\" type=\"varchar(20)\" default=\"'x'\"/>\n"
	"    <column name=\"n\" type=\"int4\" default=\"5\"/>\n"
	"    <column name=\"total\" type=\"numeric\" generated=\"cost*2\"/>\n"
	"    <check expression=\"cost &gt;= 0\"/>\n"
	"    <index><key expression=\"lower( email )\"/></index>\n"
	"    <index name=\"runs_partial\" columns=\"created\" where=\"cost &gt; 10\"/>\n"
	"  </table>\n"
	"</model>\n";

static struct catalog *parse_model(struct arena *a, const char *xml)
{
	struct catalog *c = catalog_new(a);
	struct diags d = DIAGS_INIT;

	if (model_parse_buffer(c, xml, strlen(xml), "model.xml", &d) < 0 || model_check(c, &d) < 0) {
		diag_print(&d);
		ck_abort_msg("model did not parse:\n%s", xml);
	}
	diag_release(&d);
	return c;
}

static struct catalog *read_db(PGconn *conn, struct arena *a)
{
	struct catalog *c = NULL;

	ck_assert_int_eq(introspect(conn, a, NULL, &c), EXIT_OK);
	return c;
}

/* catalog_dump without the implicit public schema, which models never list. */
static char *dump(const struct catalog *c)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	char *line, *next;

	catalog_dump(c, &sb);
	for (line = sb.buf; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (strncmp(line, "schema public:", 14) != 0)
			strbuf_add(&out, line, (size_t)(next - line));
	}
	strbuf_release(&sb);
	return strbuf_detach(&out);
}

START_TEST(spelling_differences_vanish)
{
	const char *conninfo = test_db_create("retort_norm_spelling");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	char *want, *got;

	test_db_exec(conn, runs_sql);
	db = read_db(conn, &a);
	model = parse_model(&a, runs_model);
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	want = dump(db);
	got = dump(model);
	ck_assert_msg(strcmp(want, got) == 0, "want:\n%s\ngot:\n%s", want, got);
	/* The pure-C pass settles the types and NOW(); the rest needs the server. */
	ck_assert_uint_eq(st.mismatches, 5);	/* 2 defaults, generated, check, predicate */
	ck_assert_uint_eq(st.canonical, 0);
	ck_assert_uint_eq(st.tables, 1);
	/* A generation expression needs its table: one mirror with every column. */
	ck_assert_uint_eq(st.mirrors, 1);
	ck_assert_uint_eq(st.columns, catalog_find_table(db, "public", "runs")->columns.len);
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_int_eq(st.round_trips, 7);
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
	free(want);
	free(got);

	/* Normalizing the normalized model again costs nothing. */
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 0);
	ck_assert_int_eq(st.round_trips, 0);
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

static const struct column *column_of(const struct catalog *c, const char *table, const char *col)
{
	const struct table *t = catalog_find_table(c, "public", table);

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_nonnull(table_find_column(t, col));
	return table_find_column(t, col);
}

/* Real changes survive; an expression the server rejects is left as written. */
START_TEST(real_changes_and_bad_expressions)
{
	const char *conninfo = test_db_create("retort_norm_changes");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	const struct table *t;

	test_db_exec(conn, runs_sql);
	db = read_db(conn, &a);
	model = parse_model(&a,
		"<model xmlns=\"urn:retort:model:1\">\n"
		"  <enum name=\"run_status\"><value>pending</value><value>done</value></enum>\n"
		"  <table name=\"runs\">\n"
		"    <column name=\"id\" type=\"bigint\" primary-key=\"true\"/>\n"
		"    <column name=\"status\" type=\"run_status\" nullable=\"false\" default=\"'done'\"/>\n"
		"    <column name=\"cost\" type=\"numeric(12,2)\"/>\n"
		"    <column name=\"email\" type=\"text\"/>\n"
		"    <column name=\"created\" type=\"timestamptz\" default=\"no_such_function()\"/>\n"
		"    <column name=\"label\" type=\"varchar(20)\" default=\"'x'\"/>\n"
		"    <column name=\"n\" type=\"int4\" default=\"6\"/>\n"
		"    <column name=\"total\" type=\"numeric\" generated=\"cost * 3\"/>\n"
		"    <check name=\"runs_cost_check\" expression=\"no_such_column &gt; 0\"/>\n"
		"    <index name=\"runs_lower_idx\"><key expression=\"upper(email)\"/></index>\n"
		"    <index name=\"runs_partial\" columns=\"created\" where=\"cost &gt; 10 +\"/>\n"
		"  </table>\n"
		"</model>\n");
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_gt(st.failed, 0);
	ck_assert_str_eq(column_of(model, "runs", "id")->type, "bigint");
	ck_assert_str_eq(column_of(model, "runs", "cost")->type, "numeric(12,2)");
	ck_assert_str_eq(column_of(model, "runs", "status")->default_expr, "'done'::run_status");
	ck_assert_str_eq(column_of(model, "runs", "created")->default_expr, "no_such_function()");
	ck_assert_str_eq(column_of(model, "runs", "label")->default_expr,
			 "'x'::character varying");
	ck_assert_str_eq(column_of(model, "runs", "n")->default_expr, "6");
	ck_assert_str_eq(column_of(model, "runs", "total")->generated, "(cost * (3)::numeric)");
	t = catalog_find_table(model, "public", "runs");
	ck_assert_str_eq(table_find_constraint(t, "runs_cost_check")->check_expr,
			 "no_such_column > 0");
	ck_assert_str_eq(catalog_find_index(model, "public", "runs_lower_idx")->elems[0].expr,
			 "upper(email)");
	ck_assert_str_eq(catalog_find_index(model, "public", "runs_partial")->predicate,
			 "cost > 10 +");
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* Inside the caller's transaction the pass uses a savepoint and leaves it open. */
START_TEST(inside_a_transaction_and_renames)
{
	const char *conninfo = test_db_create("retort_norm_tx");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	char *n;

	test_db_exec(conn, runs_sql);
	db = read_db(conn, &a);
	model = parse_model(&a,
		"<model xmlns=\"urn:retort:model:1\">\n"
		"  <enum name=\"run_status\"><value>pending</value><value>done</value></enum>\n"
		"  <table name=\"jobs\" renamed-from=\"runs\">\n"
		"    <column name=\"id\" type=\"int\" primary-key=\"true\"/>\n"
		"    <column name=\"state\" renamed-from=\"status\" type=\"run_status\" default=\"'pending'\"/>\n"
		"  </table>\n"
		"</model>\n");
	test_db_exec(conn, "BEGIN; CREATE TABLE mine (x int)");
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INTRANS);
	ck_assert_str_eq(column_of(model, "jobs", "state")->default_expr, "'pending'::run_status");
	n = test_db_value(conn, "SELECT count(*) FROM pg_class WHERE relname LIKE 'retort_norm%' "
				"OR relname = 'mine'");
	ck_assert_str_eq(n, "1");	/* ours is still there, the mirrors are gone */
	free(n);
	test_db_exec(conn, "ROLLBACK");
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/*
 * Whatever the server prints, the pure-C pass leaves alone: defaults, checks
 * and index expressions of many shapes, printed by pg_get_expr itself.
 */
static const char printed_sql[] =
	"CREATE TYPE mood AS ENUM ('ok', 'meh');\n"
	"CREATE TABLE p (a int, b text, c numeric, d timestamptz, e jsonb, f int[], g boolean,\n"
	"  h varchar(10), i interval, m mood,\n"
	"  d1 text DEFAULT 'x', d2 int DEFAULT -1, d3 numeric DEFAULT 1.5, d4 timestamptz DEFAULT now(),\n"
	"  d5 date DEFAULT CURRENT_DATE, d6 text DEFAULT CURRENT_USER, d7 int[] DEFAULT '{1,2}',\n"
	"  d8 varchar(5) DEFAULT 'ab', d9 interval DEFAULT '1 day', d10 mood DEFAULT 'ok',\n"
	"  d11 timestamptz DEFAULT CURRENT_TIMESTAMP(3), d12 jsonb DEFAULT '{}', d13 boolean DEFAULT false,\n"
	"  d14 numeric DEFAULT -2.5, d15 text DEFAULT 'it''s', d16 bigint DEFAULT 2147483648,\n"
	"  d17 text DEFAULT lower('ABC' || 'd'), d18 timestamp DEFAULT (now() AT TIME ZONE 'utc'),\n"
	"  d19 double precision DEFAULT 1e10, d20 text DEFAULT NULL,\n"
	"  CHECK (a BETWEEN 1 AND 10), CHECK (b LIKE 'x%'), CHECK (b ILIKE '%y'), CHECK (b ~ '^z'),\n"
	"  CHECK (a IN (1, 2, 3)), CHECK (b NOT IN ('p', 'q')), CHECK (c > 0 OR c IS NULL),\n"
	"  CHECK (coalesce(a, 0) >= 0), CHECK (nullif(b, '') IS NOT NULL),\n"
	"  CHECK (greatest(a, 1) < 100), CHECK (CASE WHEN a > 5 THEN b IS NOT NULL ELSE true END),\n"
	"  CHECK (e ? 'k'), CHECK ((e ->> 'k') <> ''), CHECK (e @> '{\"a\": 1}'),\n"
	"  CHECK (f && ARRAY[1, 2]), CHECK (a = ANY (f)), CHECK (array_length(f, 1) < 5),\n"
	"  CHECK (d > '2020-01-01'), CHECK (extract(year FROM d) > 2000), CHECK (g IS NOT TRUE),\n"
	"  CHECK (date_trunc('day', d) = d), CHECK (length(h) > 1), CHECK (h::text <> 'n'),\n"
	"  CHECK (i < interval '1 hour'), CHECK (a IS DISTINCT FROM 3), CHECK (NOT (a = 4 AND b = 'x')),\n"
	"  CHECK (substring(b FROM 1 FOR 2) <> 'zz'), CHECK (position('a' IN b) > 0),\n"
	"  CHECK (trim(both ' ' FROM b) <> ''), CHECK (b SIMILAR TO 'a%'), CHECK (-a < 5),\n"
	"  CHECK (m <> 'meh'), CHECK (c::int % 2 = 0), CHECK ((a, b) <> (0, 'x')),\n"
	"  CHECK (b COLLATE \"C\" > 'a'), CHECK (ROW(a, b) IS NOT NULL), CHECK (a::text ~~ '1%'));\n"
	"CREATE INDEX ON p (lower(b)); CREATE INDEX ON p ((a + 1)); CREATE INDEX ON p ((e ->> 'k'));\n"
	"CREATE INDEX ON p (date_trunc('day', d AT TIME ZONE 'UTC'));\n"
	"CREATE INDEX ON p (a) WHERE b IS NOT NULL AND c > 1.5;\n"
	"CREATE INDEX ON p (coalesce(b, '')); CREATE INDEX ON p ((b || h));\n";

static void assert_unchanged(struct arena *a, const char *text, bool type)
{
	const char *out;

	if (!text)
		return;
	out = type ? normalize_type(a, text) : normalize_expr(a, text);
	ck_assert_msg(strcmp(out, text) == 0, "the pure-C pass changed \"%s\" into \"%s\"", text, out);
}

START_TEST(server_printed_text_unchanged)
{
	const char *conninfo = test_db_create("retort_norm_printed");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db;
	const struct table *t;
	size_t i, k, n = 0;

	test_db_exec(conn, printed_sql);
	db = read_db(conn, &a);
	t = catalog_find_table(db, "public", "p");
	ck_assert_ptr_nonnull(t);
	for (i = 0; i < t->columns.len; i++) {
		const struct column *col = t->columns.items[i];

		assert_unchanged(&a, col->type, true);
		assert_unchanged(&a, col->default_expr, false);
		n += col->default_expr != NULL;
	}
	for (i = 0; i < t->constraints.len; i++) {
		assert_unchanged(&a, ((const struct constraint *)t->constraints.items[i])->check_expr,
				 false);
		n++;
	}
	for (i = 0; i < t->indexes.len; i++) {
		const struct index *ix = t->indexes.items[i];

		for (k = 0; k < ix->nelems; k++)
			assert_unchanged(&a, ix->elems[k].expr, false);
		assert_unchanged(&a, ix->predicate, false);
		n++;
	}
	ck_assert_uint_ge(n, 60);	/* the corpus really was read */
	catalog_free(db);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* Collation names with dots are names, not schema-qualified. */
START_TEST(dotted_collation_names)
{
	const char *conninfo = test_db_create("retort_norm_collations");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	char *have = test_db_value(conn, "SELECT count(*) FROM pg_collation WHERE collname = 'C.utf8'");
	const char *coll = strcmp(have, "1") == 0 ? "C.utf8" : "C";
	struct strbuf sql = STRBUF_INIT, xml = STRBUF_INIT;
	const struct table *t;

	strbuf_addf(&sql, "CREATE TABLE coll (a text COLLATE \"%s\", b text COLLATE \"C\","
		    " CONSTRAINT a_check CHECK (a <> 'x'))", coll);
	test_db_exec(conn, sql.buf);
	strbuf_addf(&xml, "<model xmlns=\"urn:retort:model:1\"><table name=\"coll\">"
		    "<column name=\"a\" type=\"text\" collation=\"%s\"/>"
		    "<column name=\"b\" type=\"text\" collation=\"C\"/>"
		    "<check name=\"a_check\" expression=\"a &lt;&gt; 'x'\"/>"
		    "</table></model>", coll);
	db = read_db(conn, &a);
	model = parse_model(&a, xml.buf);
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 1);
	ck_assert_uint_eq(st.failed, 0);	/* the one-statement mirror was accepted */
	t = catalog_find_table(model, "public", "coll");
	ck_assert_str_eq(table_find_constraint(t, "a_check")->check_expr, "a <> 'x'::text");
	ck_assert_str_eq(column_of(model, "coll", "a")->collation, coll);
	ck_assert_str_eq(column_of(model, "coll", "b")->collation, "C");
	free(have);
	strbuf_release(&sql);
	strbuf_release(&xml);
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* Offline (no connection): only the pure-C pass. */
START_TEST(offline_pass)
{
	struct arena a = ARENA_INIT;
	struct catalog *model = parse_model(&a, runs_model);
	const struct table *t;

	ck_assert_int_eq(normalize_model(model, NULL, NULL), EXIT_OK);
	ck_assert_str_eq(column_of(model, "runs", "id")->type, "integer");
	ck_assert_str_eq(column_of(model, "runs", "cost")->type, "numeric(10,2)");
	ck_assert_str_eq(column_of(model, "runs", "created")->type, "timestamp with time zone");
	ck_assert_str_eq(column_of(model, "runs", "created")->default_expr, "now()");
	ck_assert_str_eq(column_of(model, "runs", "status")->default_expr, "'pending'");
	ck_assert_str_eq(column_of(model, "runs", "total")->generated, "cost * 2");
	t = catalog_find_table(model, "public", "runs");
	ck_assert_str_eq(table_find_constraint(t, "runs_cost_check")->check_expr, "cost >= 0");
	ck_assert_str_eq(catalog_find_index(model, "public", "runs_lower_idx")->elems[0].expr,
			 "lower(email)");
	catalog_free(model);
	arena_release(&a);
}
END_TEST

/* n tables t0..t(n-1), each with one default the model spells differently. */
static void make_tables(PGconn *conn, struct strbuf *model, int n)
{
	struct strbuf sql = STRBUF_INIT;
	int i;

	strbuf_addstr(model, "<model xmlns=\"urn:retort:model:1\">\n");
	for (i = 0; i < n; i++) {
		strbuf_addf(&sql, "CREATE TABLE t%d (id integer PRIMARY KEY, v text DEFAULT 'v%d');\n",
			    i, i);
		strbuf_addf(model, "<table name=\"t%d\"><column name=\"id\" type=\"int\" "
			    "primary-key=\"true\"/><column name=\"v\" type=\"text\" "
			    "default=\"'v%d'\"/></table>\n", i, i);
	}
	strbuf_addstr(model, "</model>\n");
	if (n)
		test_db_exec(conn, sql.buf);
	strbuf_release(&sql);
}

static int round_trips_for(const char *dbname, int n)
{
	const char *conninfo = test_db_create(dbname);
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct strbuf xml = STRBUF_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	char *want, *got;

	make_tables(conn, &xml, n);
	db = read_db(conn, &a);
	model = parse_model(&a, xml.buf);
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, (size_t)n);
	/* Only the column with the default is mirrored, and tables share mirrors. */
	ck_assert_uint_eq(st.columns, (size_t)n);
	ck_assert_uint_eq(st.tables, (size_t)n);
	ck_assert_uint_le(st.mirrors * 4, (size_t)n);
	want = dump(db);
	got = dump(model);
	ck_assert_msg(strcmp(want, got) == 0, "n=%d: want:\n%s\ngot:\n%s", n, want, got);
	free(want);
	free(got);
	strbuf_release(&xml);
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
	return st.round_trips;
}

START_TEST(round_trips_do_not_grow)
{
	int none = round_trips_for("retort_norm_rt0", 0);
	int ten = round_trips_for("retort_norm_rt10", 10);
	int many = round_trips_for("retort_norm_rt300", 300);

	ck_assert_int_eq(none, 0);
	ck_assert_int_eq(ten, 7);
	ck_assert_int_eq(many, ten);
}
END_TEST

/* --- texts the database proves canonical ------------------------------ */

/*
 * Column types, each with two defaults: one for table p, another for table
 * q. A model that gives q's columns p's defaults changes every default, but
 * each new text is one the database printed for a column of the same type
 * (and collation), so none needs the server.
 */
static const struct {
	const char *type, *collation, *p, *q;
} default_pairs[] = {
	{ "text", NULL, "'x'", "'y'" },
	{ "text", "C", "'c'", "'d'" },
	{ "integer", NULL, "-1", "7" },
	{ "numeric", NULL, "1.5", "2" },
	{ "numeric(10,2)", NULL, "0", "1.25" },
	{ "bigint", NULL, "2147483648", "nextval('q_seq')" },
	{ "double precision", NULL, "1e10", "0.1" },
	{ "boolean", NULL, "false", "true" },
	{ "timestamp with time zone", NULL, "now()", "'2020-01-01 00:00:00+00'" },
	{ "timestamp(3) with time zone", NULL, "CURRENT_TIMESTAMP(3)", "now()" },
	{ "timestamp without time zone", NULL, "(now() AT TIME ZONE 'utc')", "LOCALTIMESTAMP" },
	{ "date", NULL, "CURRENT_DATE", "'2020-01-01'" },
	{ "interval", NULL, "'1 day'", "'2 days'" },
	{ "character varying(5)", NULL, "'ab'", "'cd'" },
	{ "character(3)", NULL, "'abc'", "'x'" },
	{ "integer[]", NULL, "'{1,2}'", "ARRAY[3]" },
	{ "jsonb", NULL, "'{}'", "'[]'" },
	{ "mood", NULL, "'ok'", "'meh'" },
	{ "posint", NULL, "1", "2" },
	{ "posint[]", NULL, "'{1}'", "'{}'" },
	{ "\"Sales\".kind", NULL, "'a'", "'b'" },
};

#define NPAIRS (sizeof(default_pairs) / sizeof(default_pairs[0]))

/* p and q as above, and r: v takes p's text of another type, w and n change type. */
static void make_default_tables(PGconn *conn)
{
	struct strbuf sql = STRBUF_INIT;
	size_t i;
	int t;

	strbuf_addstr(&sql, "CREATE TYPE mood AS ENUM ('ok', 'meh');\n"
			    "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\n"
			    "CREATE SCHEMA \"Sales\"; CREATE TYPE \"Sales\".kind AS ENUM ('a', 'b');\n"
			    "CREATE SEQUENCE q_seq;\n"
			    "CREATE TABLE r (v character varying(20) DEFAULT 'z', w integer,\n"
			    "  n character(3));\n");
	for (t = 0; t < 2; t++) {
		strbuf_addf(&sql, "CREATE TABLE %c (", t ? 'q' : 'p');
		for (i = 0; i < NPAIRS; i++) {
			strbuf_addf(&sql, "%sc%zu %s", i ? ", " : "", i, default_pairs[i].type);
			if (default_pairs[i].collation)
				strbuf_addf(&sql, " COLLATE \"%s\"", default_pairs[i].collation);
			strbuf_addf(&sql, " DEFAULT %s", t ? default_pairs[i].q : default_pairs[i].p);
		}
		strbuf_addstr(&sql, ");\n");
	}
	test_db_exec(conn, sql.buf);
	strbuf_release(&sql);
}

/* The model retort inspect would write for db: canonical texts throughout. */
static struct catalog *inspected_model(struct arena *a, const struct catalog *db)
{
	struct strbuf doc = STRBUF_INIT;
	struct catalog *model;

	model_write(db, &doc);
	model = parse_model(a, doc.buf);
	strbuf_release(&doc);
	return model;
}

static struct column *model_column(struct catalog *c, const char *table, const char *col)
{
	return (struct column *)column_of(c, table, col);
}

/* Gives q's columns in the model the defaults the database printed for p's. */
static void take_p_defaults(struct catalog *model, const struct catalog *db)
{
	char name[32];
	size_t i;

	for (i = 0; i < NPAIRS; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		model_column(model, "q", name)->default_expr = column_of(db, "p", name)->default_expr;
	}
}

/*
 * What the database prints once the model's texts are really applied must
 * be exactly the model's texts after normalization: for canonical texts
 * that were not sent as much as for the ones the server printed.
 */
static void assert_applied_texts_equal(PGconn *conn, struct arena *a, const struct catalog *model)
{
	struct strbuf sql = STRBUF_INIT;
	struct catalog *after;
	char name[32];
	size_t i;

	for (i = 0; i < NPAIRS; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		strbuf_addf(&sql, "ALTER TABLE q ALTER COLUMN %s SET DEFAULT %s;\n", name,
			    column_of(model, "q", name)->default_expr);
	}
	strbuf_addf(&sql, "ALTER TABLE r ALTER COLUMN v SET DEFAULT %s;\n"
		    "ALTER TABLE r ALTER COLUMN n TYPE %s;\n",
		    column_of(model, "r", "v")->default_expr, column_of(model, "r", "n")->type);
	test_db_exec(conn, sql.buf);
	after = read_db(conn, a);
	for (i = 0; i < NPAIRS; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		ck_assert_str_eq(column_of(after, "q", name)->default_expr,
				 column_of(model, "q", name)->default_expr);
	}
	ck_assert_str_eq(column_of(after, "r", "v")->default_expr,
			 column_of(model, "r", "v")->default_expr);
	ck_assert_str_eq(column_of(after, "r", "n")->type, column_of(model, "r", "n")->type);
	catalog_free(after);
	strbuf_release(&sql);
}

START_TEST(canonical_texts_are_not_sent)
{
	const char *conninfo = test_db_create("retort_norm_canonical");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	const char *r_v_default;
	char name[32];
	size_t i;

	make_default_tables(conn);
	db = read_db(conn, &a);

	/* Every changed default is canonical: nothing goes to the server. */
	model = inspected_model(&a, db);
	take_p_defaults(model, db);
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 0);
	ck_assert_uint_eq(st.canonical, NPAIRS);
	ck_assert_int_eq(st.round_trips, 0);
	for (i = 0; i < NPAIRS; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		ck_assert_str_eq(column_of(model, "q", name)->default_expr,
				 column_of(db, "p", name)->default_expr);
	}
	catalog_free(model);

	/*
	 * The same text on a column of another type is sent (its text depends
	 * on the type); a type some column has is not, one no column has is.
	 */
	model = inspected_model(&a, db);
	take_p_defaults(model, db);
	r_v_default = column_of(db, "p", "c0")->default_expr;	/* 'x'::text */
	model_column(model, "r", "v")->default_expr = r_v_default;
	model_column(model, "r", "w")->type = "bigint";
	model_column(model, "r", "n")->type = "character(4)";	/* no column has it */
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 2);		/* r.v's default, r.n's type */
	ck_assert_uint_eq(st.canonical, NPAIRS + 1);	/* and r.w's type */
	ck_assert_uint_eq(st.tables, 1);
	ck_assert_uint_eq(st.columns, 2);		/* only v and n are mirrored */
	ck_assert_uint_eq(st.failed, 0);
	ck_assert_int_eq(st.round_trips, 7);
	ck_assert_str_eq(column_of(model, "r", "w")->type, "bigint");
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);

	assert_applied_texts_equal(conn, &a, model);
	catalog_free(model);
	catalog_free(db);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/*
 * A changed type changes the context of an unchanged default: unless a
 * column of the new type has that very default, it is sent, and comes back
 * as the server prints it for the new type.
 */
START_TEST(default_follows_a_changed_type)
{
	const char *conninfo = test_db_create("retort_norm_retype");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model, *after;
	struct normalize_stats st;
	struct column *c;

	test_db_exec(conn, "CREATE TABLE t (a character varying(10) DEFAULT 'x', b text)");
	db = read_db(conn, &a);
	model = inspected_model(&a, db);
	c = model_column(model, "t", "a");
	c->type = "text";	/* canonical: b has it; 'x'::character varying is not, on text */
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 1);
	ck_assert_uint_eq(st.canonical, 1);
	ck_assert_uint_eq(st.columns, 1);
	test_db_exec(conn, "ALTER TABLE t ALTER COLUMN a TYPE text");
	after = read_db(conn, &a);
	ck_assert_str_eq(c->default_expr, column_of(after, "t", "a")->default_expr);
	catalog_free(after);
	catalog_free(model);
	catalog_free(db);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/*
 * Columns sent for their own texts share mirrors; a rejected text sends
 * only its own mirror down the slow path, and the other texts there still
 * come back normalized.
 */
START_TEST(shared_mirror_with_rejected_texts)
{
	const char *conninfo = test_db_create("retort_norm_shared");
	PGconn *conn = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct strbuf xml = STRBUF_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	char *want, *got;

	make_tables(conn, &xml, 6);
	db = read_db(conn, &a);
	model = parse_model(&a, xml.buf);
	model_column(model, "t2", "v")->default_expr = "no_such_function()";
	model_column(model, "t4", "v")->type = "no_such_type";
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 7);	/* six defaults and a type */
	ck_assert_uint_eq(st.tables, 6);
	ck_assert_uint_eq(st.mirrors, 1);
	ck_assert_uint_eq(st.columns, 6);
	ck_assert_uint_gt(st.failed, 0);
	ck_assert_str_eq(column_of(model, "t2", "v")->default_expr, "no_such_function()");
	ck_assert_str_eq(column_of(model, "t4", "v")->type, "no_such_type");
	ck_assert_str_eq(column_of(model, "t4", "v")->default_expr, "'v4'");
	/* Put those two back as the database has them: the rest must now agree. */
	model_column(model, "t2", "v")->default_expr = column_of(db, "t2", "v")->default_expr;
	model_column(model, "t4", "v")->type = column_of(db, "t4", "v")->type;
	model_column(model, "t4", "v")->default_expr = column_of(db, "t4", "v")->default_expr;
	want = dump(db);
	got = dump(model);
	ck_assert_msg(strcmp(want, got) == 0, "want:\n%s\ngot:\n%s", want, got);
	free(want);
	free(got);
	strbuf_release(&xml);
	catalog_free(model);
	catalog_free(db);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* Without the TEMP privilege the pass is skipped with a warning, not an error. */
START_TEST(no_temp_privilege)
{
	const char *conninfo = test_db_create("retort_norm_notemp");
	PGconn *admin = test_db_connect(conninfo), *conn;
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	struct normalize_stats st;
	char limited[1200];

	test_db_exec(admin, runs_sql);
	test_db_exec(admin, "DROP ROLE IF EXISTS retort_notemp;\n"
			    "CREATE ROLE retort_notemp LOGIN;\n"
			    "REVOKE TEMP ON DATABASE retort_norm_notemp FROM PUBLIC");
	snprintf(limited, sizeof(limited), "%s user=retort_notemp", conninfo);
	conn = test_db_connect(limited);
	db = read_db(conn, &a);
	model = parse_model(&a, runs_model);
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_uint_eq(st.mismatches, 5);
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
	/* The pure-C texts stay. */
	ck_assert_str_eq(column_of(model, "runs", "id")->type, "integer");
	ck_assert_str_eq(column_of(model, "runs", "status")->default_expr, "'pending'");
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
	test_db_exec(admin, "GRANT TEMP ON DATABASE retort_norm_notemp TO PUBLIC");
	PQfinish(admin);
}
END_TEST

/* A lost connection is a database error, not a crash. */
START_TEST(connection_lost)
{
	const char *conninfo = test_db_create("retort_norm_lost");
	PGconn *conn = test_db_connect(conninfo), *admin = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *db, *model;
	char sql[128];

	test_db_exec(conn, runs_sql);
	db = read_db(conn, &a);
	model = parse_model(&a, runs_model);
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d)", PQbackendPID(conn));
	test_db_exec(admin, sql);
	ck_assert_int_eq(normalize_model(model, db, conn), EXIT_DATABASE);
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
	PQfinish(conn);
	PQfinish(admin);
}
END_TEST

static Suite *normalize_suite(void)
{
	Suite *s = suite_create("normalize");
	TCase *pure = tcase_create("pure");
	TCase *server = tcase_create("server");

	tcase_add_test(pure, type_names);
	tcase_add_test(pure, canonical_expressions_unchanged);
	tcase_add_test(pure, expression_rewrites);
	tcase_add_test(pure, offline_pass);
	tcase_add_test(pure, random_text_idempotent);
	tcase_set_timeout(server, 120);
	tcase_add_test(server, spelling_differences_vanish);
	tcase_add_test(server, real_changes_and_bad_expressions);
	tcase_add_test(server, inside_a_transaction_and_renames);
	tcase_add_test(server, round_trips_do_not_grow);
	tcase_add_test(server, canonical_texts_are_not_sent);
	tcase_add_test(server, default_follows_a_changed_type);
	tcase_add_test(server, shared_mirror_with_rejected_texts);
	tcase_add_test(server, connection_lost);
	tcase_add_test(server, no_temp_privilege);
	tcase_add_test(server, dotted_collation_names);
	tcase_add_test(server, server_printed_text_unchanged);
	suite_add_tcase(s, pure);
	suite_add_tcase(s, server);
	return s;
}

TEST_MAIN(normalize_suite)
