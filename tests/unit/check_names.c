/*
 * check_names.c - derived constraint and index names, checked against the
 * names a real PostgreSQL server chooses.
 *
 * Each case runs some setup SQL in a schema of its own, predicts the name
 * of an unnamed object with names.h (asking the server which names are
 * taken, by the rules in names.h), then creates the object without a name
 * and compares the prediction with what the server picked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "names.h"
#include "testutil.h"

struct name_case {
	const char *setup;	/* SQL run in a fresh schema (search_path set) */
	const char *table;	/* the table the object belongs to */
	char kind;		/* 'p', 'u', 'f', 'c' constraint; 'i' index; 's' serial sequence */
	const char *keys[5];	/* columns; for 'i' a key "(...)" is an expression */
	const char *include[3];	/* index INCLUDE columns */
	const char *check;	/* CHECK expression */
	const char *create;	/* SQL that creates the object without a name */
};

#define LONG_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"	/* 63 */
#define LONG_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"	/* 63 */
/* 31 two-byte characters: 62 bytes */
#define UML "ÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄÖÜäöüÄ"
#define SZ "ßßßßßßßßßßßßßßßßßßßßßßßßßßß"
/* 20 three-byte characters: 60 bytes */
#define CJK "漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字"

static const struct name_case cases[] = {
	{ "create table users (id int)", "users", 'p', { "id" }, { NULL }, NULL,
	  "alter table users add primary key (id)" },
	{ "create table users (email text)", "users", 'u', { "email" }, { NULL }, NULL,
	  "alter table users add unique (email)" },
	/* two unnamed uniques on the same column */
	{ "create table users (email text); alter table users add unique (email)",
	  "users", 'u', { "email" }, { NULL }, NULL, "alter table users add unique (email)" },
	{ "create table users (email text); alter table users add unique (email);"
	  "alter table users add unique (email)",
	  "users", 'u', { "email" }, { NULL }, NULL, "alter table users add unique (email)" },
	{ "create table t (a int, b int)", "t", 'u', { "a", "b" }, { NULL }, NULL,
	  "alter table t add unique (a, b)" },
	/* a relation called t_pkey already exists */
	{ "create table t_pkey (x int); create table t (id int)", "t", 'p', { "id" }, { NULL },
	  NULL, "alter table t add primary key (id)" },
	/* a CHECK constraint has the name a unique key would get */
	{ "create table t (a int); alter table t add constraint t_a_key check (a > 0)",
	  "t", 'u', { "a" }, { NULL }, NULL, "alter table t add unique (a)" },
	/* ... but an index may take a constraint's name when it is no relation */
	{ "create table t (a int); alter table t add constraint t_a_idx check (a > 0)",
	  "t", 'i', { "a" }, { NULL }, NULL, "create index on t (a)" },
	/* an index name the unique constraint's index already took */
	{ "create table t (a int); alter table t add unique (a); create index t_a_idx on t (a)",
	  "t", 'i', { "a" }, { NULL }, NULL, "create index on t (a)" },
	/* foreign keys */
	{ "create table p (id int primary key, k int, unique (id, k)); create table c (p_id int, k int)",
	  "c", 'f', { "p_id" }, { NULL }, NULL,
	  "alter table c add foreign key (p_id) references p" },
	{ "create table p (id int primary key, k int, unique (id, k)); create table c (p_id int, k int)",
	  "c", 'f', { "p_id", "k" }, { NULL }, NULL,
	  "alter table c add foreign key (p_id, k) references p (id, k)" },
	/* FK names are unique among the schema's constraints, not relations */
	{ "create table p (id int primary key); create table c (p_id int);"
	  "create table c_p_id_fkey (x int)",
	  "c", 'f', { "p_id" }, { NULL }, NULL,
	  "alter table c add foreign key (p_id) references p" },
	{ "create table p (id int primary key); create table c (p_id int);"
	  "alter table c add constraint c_p_id_fkey check (p_id > 0)",
	  "c", 'f', { "p_id" }, { NULL }, NULL,
	  "alter table c add foreign key (p_id) references p" },
	/* checks: one column, several, none */
	{ "create table t (a int, b int)", "t", 'c', { NULL }, { NULL }, "a > 0",
	  "alter table t add check (a > 0)" },
	{ "create table t (a int, b int)", "t", 'c', { NULL }, { NULL }, "a > 0 AND a < 10",
	  "alter table t add check (a > 0 AND a < 10)" },
	{ "create table t (a int, b int)", "t", 'c', { NULL }, { NULL }, "a > b",
	  "alter table t add check (a > b)" },
	{ "create table t (a int, b int)", "t", 'c', { NULL }, { NULL }, "true",
	  "alter table t add check (true)" },
	{ "create table t (a int, \"B\" text)", "t", 'c', { NULL }, { NULL },
	  "lower(\"B\") <> 'a > b'::text", "alter table t add check (lower(\"B\") <> 'a > b'::text)" },
	{ "create table t (a int, b text)", "t", 'c', { NULL }, { NULL },
	  "b::character varying <> 'a'", "alter table t add check (b::character varying <> 'a')" },
	{ "create table t (a int, b int); alter table t add check (a > 0)", "t", 'c', { NULL },
	  { NULL }, "a < 100", "alter table t add check (a < 100)" },
	/* check names are unique across the schema's tables */
	{ "create table a (b_c int check (b_c > 0)); create table a_b (c int)", "a_b", 'c',
	  { NULL }, { NULL }, "c > 0", "alter table a_b add check (c > 0)" },
	/* long names are cut to 63 bytes, the longer part first */
	{ "create table " LONG_A " (id int)", LONG_A, 'p', { "id" }, { NULL }, NULL,
	  "alter table " LONG_A " add primary key (id)" },
	{ "create table " LONG_A " (" LONG_B " int)", LONG_A, 'u', { LONG_B }, { NULL }, NULL,
	  "alter table " LONG_A " add unique (" LONG_B ")" },
	{ "create table " LONG_A " (c int)", LONG_A, 'u', { "c" }, { NULL }, NULL,
	  "alter table " LONG_A " add unique (c)" },
	{ "create table " LONG_A " (c int); alter table " LONG_A " add unique (c)", LONG_A, 'u',
	  { "c" }, { NULL }, NULL, "alter table " LONG_A " add unique (c)" },
	{ "create table t (" LONG_A " int, " LONG_B " int, c int)", "t", 'i',
	  { LONG_A, LONG_B, "c" }, { NULL }, NULL,
	  "create index on t (" LONG_A ", " LONG_B ", c)" },
	{ "create table t (" LONG_A " int, " LONG_B " int)", "t", 'c', { NULL }, { NULL },
	  LONG_B " > 0", "alter table t add check (" LONG_B " > 0)" },
	/* multi-byte UTF-8 names are cut on character boundaries */
	{ "create table \"" UML "\" (id int)", UML, 'p', { "id" }, { NULL }, NULL,
	  "alter table \"" UML "\" add primary key (id)" },
	{ "create table \"" UML "\" (\"" SZ "\" int)", UML, 'u', { SZ }, { NULL }, NULL,
	  "alter table \"" UML "\" add unique (\"" SZ "\")" },
	{ "create table " CJK " (" CJK "x int)", CJK, 'i', { CJK "x" }, { NULL }, NULL,
	  "create index on " CJK " (" CJK "x)" },
	{ "create table " CJK " (" CJK "x int)", CJK, 'f', { CJK "x" }, { NULL }, NULL,
	  "alter table " CJK " add unique (" CJK "x);"
	  "alter table " CJK " add foreign key (" CJK "x) references " CJK " (" CJK "x)" },
	/* indexes: unique ones end in _idx too; INCLUDE columns count */
	{ "create table t (a int, b int)", "t", 'i', { "a", "b" }, { NULL }, NULL,
	  "create unique index on t (a, b)" },
	{ "create table t (a int, b int)", "t", 'i', { "a" }, { "b" }, NULL,
	  "create index on t (a) include (b)" },
	{ "create table t (a int, b int)", "t", 'i', { "a", "a" }, { NULL }, NULL,
	  "create index on t (a, a)" },
	{ "create table t (a int); create index on t (a)", "t", 'i', { "a" }, { NULL }, NULL,
	  "create index on t (a)" },
	/* expression keys */
	{ "create table users (email text)", "users", 'i', { "(lower(email))" }, { NULL }, NULL,
	  "create index on users (lower(email))" },
	{ "create table users (email text)", "users", 'i', { "(LOWER(email))", "(upper(email))" },
	  { NULL }, NULL, "create index on users (LOWER(email), upper(email))" },
	{ "create table users (email text)", "users", 'i', { "(lower(email))", "(lower(email))" },
	  { NULL }, NULL, "create index on users (lower(email), lower(email))" },
	{ "create table users (email text)", "users", 'i', { "(pg_catalog.lower(email))" },
	  { NULL }, NULL, "create index on users (pg_catalog.lower(email))" },
	{ "create table t (x int)", "t", 'i', { "(x + 1)" }, { NULL }, NULL,
	  "create index on t ((x + 1))" },
	{ "create table t (x int)", "t", 'i', { "(x IS NULL)" }, { NULL }, NULL,
	  "create index on t ((x IS NULL))" },
	{ "create table t (x int, e text)", "t", 'i', { "(e::character varying)" }, { NULL }, NULL,
	  "create index on t ((e::character varying))" },
	{ "create table t (x int)", "t", 'i', { "('a'::text)" }, { NULL }, NULL,
	  "create index on t (('a'::text))" },
	{ "create table t (x int)", "t", 'i', { "((x + 1)::bigint)" }, { NULL }, NULL,
	  "create index on t (((x + 1)::bigint))" },
	{ "create table t (x int)", "t", 'i', { "((x + 1)::character varying)" }, { NULL }, NULL,
	  "create index on t (((x + 1)::character varying))" },
	{ "create table t (x int)", "t", 'i', { "((x + 1)::double precision)" }, { NULL }, NULL,
	  "create index on t (((x + 1)::double precision))" },
	{ "create table t (x int)", "t", 'i', { "(CASE WHEN x > 0 THEN 1 END)" }, { NULL }, NULL,
	  "create index on t ((CASE WHEN x > 0 THEN 1 END))" },
	{ "create table t (x int)", "t", 'i', { "(COALESCE(x, 0))" }, { NULL }, NULL,
	  "create index on t ((COALESCE(x, 0)))" },
	{ "create table t (x int)", "t", 'i', { "(CAST(x AS text))" }, { NULL }, NULL,
	  "create index on t ((CAST(x AS text)))" },
	{ "create table t (x int, e text)", "t", 'i', { "(e COLLATE \"C\")" }, { NULL }, NULL,
	  "create index on t ((e COLLATE \"C\"))" },
	{ "create table t (x int, d timestamp)", "t", 'i', { "(date_trunc('day', d))" }, { NULL }, NULL,
	  "create index on t ((date_trunc('day', d)))" },
	{ "create table t (x int)", "t", 'i', { "(interval '1 day')" }, { NULL }, NULL,
	  "create index on t ((interval '1 day'))" },
	{ "create table t (x int)", "t", 'i', { "((x))" }, { NULL }, NULL,
	  "create index on t (((x)))" },
	/* the sequence of a serial column: <table>_<column>_seq, a relation name */
	{ "create table t (x int)", "t", 's', { "id" }, { NULL }, NULL,
	  "alter table t add column id serial" },
	{ "create table t (x int); create table t_id_seq (y int)", "t", 's', { "id" }, { NULL },
	  NULL, "alter table t add column id serial" },
	{ "create table " LONG_A " (x int)", LONG_A, 's', { LONG_B }, { NULL }, NULL,
	  "alter table " LONG_A " add column " LONG_B " bigserial" },
};

struct taken_ctx {
	PGconn *conn;
	const char *schema;
	bool relations;		/* relation names count */
	bool constraints;	/* constraint names count */
};

static bool server_has(PGconn *conn, const char *sql, const char *schema, const char *name)
{
	const char *params[2] = { schema, name };
	PGresult *res = PQexecParams(conn, sql, 2, NULL, params, NULL, NULL, 0);
	bool found;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "%s", PQerrorMessage(conn));
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

static bool server_taken(void *arg, const char *name)
{
	struct taken_ctx *t = arg;

	if (t->relations && server_has(t->conn, "select 1 from pg_catalog.pg_class "
				       "where relnamespace = $1::regnamespace and relname = $2",
				       t->schema, name))
		return true;
	return t->constraints && server_has(t->conn, "select 1 from pg_catalog.pg_constraint "
					    "where connamespace = $1::regnamespace and conname = $2",
					    t->schema, name);
}

/* Builds the catalog table from the server, so CHECK naming sees every column. */
static struct table *load_table(struct catalog *c, PGconn *conn, const char *schema,
				const char *name)
{
	const char *params[2] = { schema, name };
	struct table *t = catalog_add_table(c, schema, name);
	PGresult *res = PQexecParams(conn,
		"select attname from pg_catalog.pg_attribute a join pg_catalog.pg_class r "
		"on r.oid = a.attrelid where r.relnamespace = $1::regnamespace and "
		"r.relname = $2 and a.attnum > 0 order by a.attnum", 2, NULL, params, NULL, NULL, 0);
	int i;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0,
		      "table %s not found: %s", name, PQerrorMessage(conn));
	for (i = 0; i < PQntuples(res); i++)
		table_add_column(c, t, PQgetvalue(res, i, 0));
	PQclear(res);
	return t;
}

static size_t count(const char *const *list, size_t max)
{
	size_t n = 0;

	while (n < max && list[n])
		n++;
	return n;
}

static const char *predict(struct catalog *c, struct table *t, const struct name_case *nc,
			   struct taken_ctx *tk)
{
	struct arena *a = c->arena;
	size_t nkeys = count(nc->keys, 5), i;

	if (nc->kind == 's') {
		tk->relations = true;
		tk->constraints = false;
		return names_choose(a, t->o.name, nc->keys[0], "seq", server_taken, tk);
	}
	if (nc->kind == 'i') {
		struct index *ix = arena_alloc(a, sizeof(*ix));

		ix->elems = arena_alloc(a, (nkeys + 1) * sizeof(*ix->elems));
		for (i = 0; i < nkeys; i++) {
			if (nc->keys[i][0] == '(')
				ix->elems[i].expr = nc->keys[i];
			else
				ix->elems[i].column = nc->keys[i];
		}
		ix->nelems = nkeys;
		ix->include = catalog_strlist(c, nc->include, count(nc->include, 3));
		ix->ninclude = count(nc->include, 3);
		tk->relations = true;
		tk->constraints = false;
		return names_for_index(a, t, ix, server_taken, tk);
	} else {
		struct constraint con;

		memset(&con, 0, sizeof(con));
		con.type = nc->kind;
		con.columns = catalog_strlist(c, nc->keys, nkeys);
		con.ncolumns = nkeys;
		con.check_expr = nc->check;
		tk->relations = nc->kind == 'p' || nc->kind == 'u';
		tk->constraints = true;
		return names_for_constraint(a, t, &con, server_taken, tk);
	}
}

static char *newest_name(PGconn *conn, const char *schema, const struct name_case *nc)
{
	const char *params[2] = { schema, nc->table };
	const char *sql = nc->kind == 's'
		? "select s.relname from pg_catalog.pg_class s where s.relkind = 'S' and "
		  "s.relnamespace = $1::regnamespace and $2 <> '' order by s.oid desc limit 1"
		: nc->kind == 'i'
		? "select i.relname from pg_catalog.pg_index x join pg_catalog.pg_class i on "
		  "i.oid = x.indexrelid join pg_catalog.pg_class r on r.oid = x.indrelid "
		  "where r.relnamespace = $1::regnamespace and r.relname = $2 "
		  "order by i.oid desc limit 1"
		: "select conname from pg_catalog.pg_constraint k join pg_catalog.pg_class r on "
		  "r.oid = k.conrelid where r.relnamespace = $1::regnamespace and r.relname = $2 "
		  "order by k.oid desc limit 1";
	PGresult *res = PQexecParams(conn, sql, 2, NULL, params, NULL, NULL, 0);
	char *name;

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1, "%s",
		      PQerrorMessage(conn));
	name = strdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return name;
}

/* Set once by the unchecked fixture, before the forked tests run. */
static char db_conninfo[1024];

static void create_db(void)
{
	snprintf(db_conninfo, sizeof(db_conninfo), "%s", test_db_create("retort_check_names"));
}

START_TEST(names_match_server)
{
	PGconn *conn = test_db_connect(db_conninfo);
	const struct name_case *nc = &cases[_i];
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct taken_ctx tk;
	char schema[32], sql[128];
	const char *predicted;
	char *actual;

	test_db_exec(conn, "set client_min_messages = warning");
	snprintf(schema, sizeof(schema), "case_%d", _i);
	snprintf(sql, sizeof(sql), "create schema %s; set search_path = %s", schema, schema);
	test_db_exec(conn, sql);
	test_db_exec(conn, nc->setup);

	tk.conn = conn;
	tk.schema = schema;
	predicted = predict(c, load_table(c, conn, schema, nc->table), nc, &tk);
	test_db_exec(conn, nc->create);
	actual = newest_name(conn, schema, nc);
	ck_assert_msg(strcmp(predicted, actual) == 0, "case %d (%s): predicted '%s', server chose '%s'",
		      _i, nc->create, predicted, actual);
	ck_assert_uint_le(strlen(predicted), NAMES_MAX_BYTES);
	free(actual);
	PQfinish(conn);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

START_TEST(make_and_clip)
{
	struct arena a = ARENA_INIT;

	ck_assert_str_eq(names_make(&a, "users", "email", "key"), "users_email_key");
	ck_assert_str_eq(names_make(&a, "users", NULL, "pkey"), "users_pkey");
	ck_assert_str_eq(names_make(&a, "t", NULL, NULL), "t");
	/* "é" is two bytes: a cut inside it drops the whole character */
	ck_assert_uint_eq(names_clip("aé", 3, 2), 1);
	ck_assert_uint_eq(names_clip("aé", 3, 3), 3);
	ck_assert_str_eq(names_expr_key(&a, "lower(email)"), "lower");
	ck_assert_str_eq(names_expr_key(&a, "email"), "email");
	ck_assert_str_eq(names_expr_key(&a, "a + b"), "expr");
	ck_assert_str_eq(names_expr_key(&a, ""), "expr");
	ck_assert_str_eq(names_expr_key(&a, "(((("), "expr");
	ck_assert_str_eq(names_expr_key(&a, "'unterminated"), "expr");
	ck_assert_str_eq(names_expr_key(&a, "$x$ a $x$::text"), "text");
	ck_assert_str_eq(names_expr_key(&a, "\"Odd\"\"Name\"(x)"), "Odd\"Name");
	arena_release(&a);
}
END_TEST

static bool taken_first_two(void *arg, const char *name)
{
	(void)arg;
	return strcmp(name, "users_email_key") == 0 || strcmp(name, "users_email_key1") == 0;
}

START_TEST(choose_numbers_labels)
{
	struct arena a = ARENA_INIT;

	ck_assert_str_eq(names_choose(&a, "users", "email", "key", taken_first_two, NULL),
			 "users_email_key2");
	ck_assert_str_eq(names_choose(&a, "users", "email", "key", NULL, NULL), "users_email_key");
	arena_release(&a);
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, make_and_clip);
	tcase_add_test(tc, choose_numbers_labels);
	tcase_add_unchecked_fixture(tc, create_db, NULL);
	tcase_add_loop_test(tc, names_match_server, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(names_suite)
