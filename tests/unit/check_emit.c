/*
 * check_emit.c - the emitted SQL, run against a real server.
 *
 * Each test creates a "before" and an "after" database from SQL,
 * introspects both, diffs (after as desired, before as current), applies
 * the emitted upgrade to the before database and requires its catalog
 * listing to equal the after database's (convergence, and a second diff
 * must find nothing); then applies the downgrade and requires the
 * original listing back. Rows inserted first must survive renames,
 * widening type changes, enum value additions and NOT NULL with defaults.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diff.h"
#include "emit.h"
#include "introspect.h"
#include "order.h"
#include "testutil.h"

struct case_spec {
	const char *name;		/* database name prefix */
	const char *before, *after;	/* SQL building each side */
	const char *data;		/* rows inserted into before, or NULL */
	const char *check_sql;		/* one-value query run after the upgrade */
	const char *check_expect;
	const char *hint_table_from;	/* "new=old ...": renamed-from hints for tables */
	const char *hint_column;	/* "table.new=old ...": renamed-from hints for columns */
	const char *expect_in_up;	/* text the upgrade must contain, or NULL */
	const char *expect_not_in_up;	/* text the upgrade must not contain, or NULL */
};

static struct catalog *read_db(PGconn *conn, struct arena *a)
{
	struct introspect_opts o;
	struct catalog *c = NULL;

	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(introspect(conn, a, &o, &c), 0);
	ck_assert_ptr_nonnull(c);
	return c;
}

static char *dump(const struct catalog *c)
{
	struct strbuf sb = STRBUF_INIT;

	catalog_dump(c, &sb);
	return strbuf_detach(&sb);
}

/* Sets one "new=old" (table) or "table.new=old" (column) hint. */
static void apply_hint(struct catalog *want, const char *spec, bool column)
{
	char buf[256], *eq, *dot = NULL;
	struct table *t;

	snprintf(buf, sizeof(buf), "%s", spec);
	eq = strchr(buf, '=');
	ck_assert_ptr_nonnull(eq);
	*eq = '\0';
	if (column) {
		dot = strchr(buf, '.');
		ck_assert_ptr_nonnull(dot);
		*dot = '\0';
	}
	t = catalog_find_table(want, "public", buf);
	ck_assert_ptr_nonnull(t);
	if (!column) {
		t->renamed_from = arena_strdup(want->arena, eq + 1);
		return;
	}
	ck_assert_ptr_nonnull(table_find_column(t, dot + 1));
	table_find_column(t, dot + 1)->renamed_from = arena_strdup(want->arena, eq + 1);
}

/* Sets the renamed-from hints a model would carry (space-separated lists). */
static void apply_hints(struct catalog *want, const struct case_spec *cs)
{
	const char *lists[2] = { cs->hint_table_from, cs->hint_column };

	for (int k = 0; k < 2; k++) {
		char buf[512], *save = NULL, *tok;

		if (!lists[k])
			continue;
		snprintf(buf, sizeof(buf), "%s", lists[k]);
		for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			apply_hint(want, tok, k == 1);
	}
}

static void plan(struct arena *a, const struct catalog *want, const struct catalog *have,
		 struct strbuf *up, struct strbuf *down, size_t *nup)
{
	struct change_list lu, ld;

	memset(&lu, 0, sizeof(lu));
	memset(&ld, 0, sizeof(ld));
	diff_both(a, want, have, &lu, &ld);
	ck_assert_int_eq(order_changes(a, &lu), 0);
	ck_assert_int_eq(order_changes(a, &ld), 0);
	if (up)
		emit_sql(&lu, up);
	if (down)
		emit_sql(&ld, down);
	*nup = lu.items.len;
}

static void run_sql_in_transaction(PGconn *conn, const char *sql)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "BEGIN;\n%s\nCOMMIT;", sql);
	test_db_exec(conn, sb.buf);
	strbuf_release(&sb);
}

static void converge(const struct case_spec *cs)
{
	struct arena a = ARENA_INIT;
	struct strbuf up = STRBUF_INIT, down = STRBUF_INIT;
	char name[64];
	PGconn *before, *after;
	struct catalog *cb, *ca, *cu, *cd;
	char *dump_before, *dump_after, *dump_up, *dump_down;
	size_t n;

	snprintf(name, sizeof(name), "%s_after", cs->name);
	after = test_db_connect(test_db_create(name));
	snprintf(name, sizeof(name), "%s_before", cs->name);
	before = test_db_connect(test_db_create(name));
	if (*cs->before)
		test_db_exec(before, cs->before);
	if (*cs->after)
		test_db_exec(after, cs->after);
	if (cs->data)
		test_db_exec(before, cs->data);

	cb = read_db(before, &a);
	ca = read_db(after, &a);
	apply_hints(ca, cs);
	dump_before = dump(cb);
	dump_after = dump(ca);
	plan(&a, ca, cb, &up, &down, &n);
	if (getenv("EMIT_SHOW"))	/* for reviewing the SQL by eye */
		fprintf(stderr, "== %s upgrade:\n%s== %s downgrade:\n%s", cs->name, up.buf,
			cs->name, down.buf);
	ck_assert_msg(n > 0, "%s: no changes found", cs->name);
	if (cs->expect_in_up)
		ck_assert_msg(strstr(up.buf, cs->expect_in_up), "%s: upgrade lacks '%s':\n%s",
			      cs->name, cs->expect_in_up, up.buf);
	if (cs->expect_not_in_up)
		ck_assert_msg(!strstr(up.buf, cs->expect_not_in_up), "%s: upgrade has '%s':\n%s",
			      cs->name, cs->expect_not_in_up, up.buf);

	run_sql_in_transaction(before, up.buf);
	cu = read_db(before, &a);
	dump_up = dump(cu);
	ck_assert_msg(strcmp(dump_up, dump_after) == 0,
		      "%s: upgrade did not converge\n--- upgrade:\n%s\n--- got:\n%s\n--- want:\n%s",
		      cs->name, up.buf, dump_up, dump_after);
	plan(&a, ca, cu, NULL, NULL, &n);
	ck_assert_msg(n == 0, "%s: a second diff still finds %zu changes", cs->name, n);
	if (cs->check_sql) {
		char *v = test_db_value(before, cs->check_sql);
		ck_assert_str_eq(v, cs->check_expect);
		free(v);
	}

	run_sql_in_transaction(before, down.buf);
	cd = read_db(before, &a);
	dump_down = dump(cd);
	ck_assert_msg(strcmp(dump_down, dump_before) == 0,
		      "%s: downgrade did not restore\n--- downgrade:\n%s\n--- got:\n%s\n--- want:\n%s",
		      cs->name, down.buf, dump_down, dump_before);

	free(dump_before);
	free(dump_after);
	free(dump_up);
	free(dump_down);
	catalog_free(cb);
	catalog_free(ca);
	catalog_free(cu);
	catalog_free(cd);
	strbuf_release(&up);
	strbuf_release(&down);
	PQfinish(before);
	PQfinish(after);
	arena_release(&a);
}

static const struct case_spec cases[] = {
	{ .name = "em_table",
	  .before = "",
	  .after = "CREATE TABLE t (id integer PRIMARY KEY, name text NOT NULL DEFAULT 'x', "
		   "created timestamptz DEFAULT now());"
		   "COMMENT ON TABLE t IS 'things'; COMMENT ON COLUMN t.name IS 'what it''s called';" },
	{ .name = "em_columns",
	  .before = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b varchar(10), c text, "
		    "gone integer, code text);",
	  .after = "CREATE TABLE t (id integer PRIMARY KEY, a bigint NOT NULL DEFAULT 7, "
		   "b varchar(40), c text COLLATE \"C\", code integer, added boolean NOT NULL DEFAULT false);"
		   "COMMENT ON COLUMN t.c IS 'sorted bytewise';",
	  .data = "INSERT INTO t (id, a, b, c, code) VALUES (1, NULL, 'hello', 'x', '42'), "
		  "(2, 5, 'world', 'y', '7');",
	  .check_sql = "SELECT string_agg(id || ':' || a || ':' || b || ':' || code || ':' || added, ',' "
		       "ORDER BY id) FROM t",
	  .check_expect = "1:7:hello:42:false,2:5:world:7:false",
	  .expect_in_up = "UPDATE public.t SET a = DEFAULT WHERE a IS NULL;" },
	{ .name = "em_identity",
	  .before = "CREATE TABLE t (id integer NOT NULL, k integer GENERATED ALWAYS AS IDENTITY, "
		    "g integer GENERATED ALWAYS AS (id * 2) STORED, h integer GENERATED ALWAYS AS (id + 1) STORED);",
	  .after = "CREATE TABLE t (id integer GENERATED BY DEFAULT AS IDENTITY, k integer NOT NULL, "
		   "g integer GENERATED ALWAYS AS (id * 3) STORED, h integer);",
	  .data = "INSERT INTO t (id) VALUES (5), (7);",
	  /* The new identity continues after the existing rows. */
	  .check_sql = "INSERT INTO t (k) VALUES (0) RETURNING id",
	  .check_expect = "8" },
	{ .name = "em_constraints",
	  .before = "CREATE TABLE p (id integer PRIMARY KEY, a integer, b integer);"
		    "CREATE TABLE c (id integer, pa integer, pb integer, CHECK (id > 0));",
	  .after = "CREATE TABLE p (id integer PRIMARY KEY, a integer, b integer, UNIQUE (a, b));"
		   "CREATE TABLE c (id integer PRIMARY KEY, pa integer, pb integer, "
		   "CONSTRAINT c_id_check CHECK (id > 10), "
		   "FOREIGN KEY (pa, pb) REFERENCES p (a, b) MATCH FULL ON DELETE SET NULL ON UPDATE CASCADE "
		   "DEFERRABLE INITIALLY DEFERRED,"
		   "CONSTRAINT c_self FOREIGN KEY (pa) REFERENCES c (id));"
		   "COMMENT ON CONSTRAINT c_self ON c IS 'points home';"
		   "CREATE TABLE x (id integer PRIMARY KEY, y_id integer);"
		   "CREATE TABLE y (id integer PRIMARY KEY, x_id integer REFERENCES x);"
		   "ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y;"
		   "CREATE TABLE u (id integer, e text, UNIQUE NULLS NOT DISTINCT (e));" },
	{ .name = "em_indexes",
	  .before = "CREATE TABLE t (id integer, e text, tags text[], ts timestamptz, n numeric);"
		    "CREATE INDEX t_old ON t (id);",
	  .after = "CREATE TABLE t (id integer, e text, tags text[], ts timestamptz, n numeric);"
		   "CREATE UNIQUE INDEX t_e_key ON t (lower(e)) WHERE id > 0;"
		   "CREATE INDEX t_inc ON t (id DESC NULLS LAST) INCLUDE (e);"
		   "CREATE INDEX t_gin ON t USING gin (tags);"
		   "CREATE INDEX t_brin ON t USING brin (ts);"
		   "CREATE INDEX t_hash ON t USING hash (e);"
		   "CREATE INDEX t_pat ON t (e text_pattern_ops, n) WITH (fillfactor=70);"
		   "CREATE INDEX t_coll ON t (e COLLATE \"C\" NULLS FIRST);"
		   "COMMENT ON INDEX t_gin IS 'tag search';" },
	{ .name = "em_enum_add",
	  .before = "CREATE TYPE s AS ENUM ('b', 'd'); CREATE TABLE t (id int, v s DEFAULT 'b');",
	  .after = "CREATE TYPE s AS ENUM ('a', 'b', 'c', 'd', 'e'); CREATE TABLE t (id int, v s DEFAULT 'b');",
	  .data = "INSERT INTO t VALUES (1, 'b'), (2, 'd');",
	  .check_sql = "SELECT string_agg(v::text, ',' ORDER BY id) FROM t",
	  .check_expect = "b,d",
	  .expect_in_up = "ADD VALUE 'a' BEFORE 'b'" },
	{ .name = "em_enum_rebuild",
	  .before = "CREATE TYPE s AS ENUM ('a', 'b', 'c'); COMMENT ON TYPE s IS 'states';"
		    "CREATE TABLE t (id int, v s NOT NULL DEFAULT 'a', vs s[], CHECK (v <> 'c'));"
		    "CREATE INDEX t_live ON t (id) WHERE v IN ('a', 'b'); COMMENT ON INDEX t_live IS 'live';"
		    "CREATE INDEX t_gone ON t (id) WHERE v = 'b';",
	  .after = "CREATE TYPE s AS ENUM ('c', 'a'); COMMENT ON TYPE s IS 'states';"
		   "CREATE TABLE t (id int, v s NOT NULL DEFAULT 'a', vs s[], CHECK (v <> 'c'));"
		   "CREATE INDEX t_live ON t (id) WHERE v IN ('a'); COMMENT ON INDEX t_live IS 'live';"
		   "CREATE INDEX t_other ON t (id, v) WHERE v <> 'c';",
	  .data = "INSERT INTO t VALUES (1, 'a', '{a,c}'), (2, 'a', NULL);",
	  .check_sql = "SELECT string_agg(v::text || coalesce(vs::text, '-'), ',' ORDER BY id) FROM t",
	  .check_expect = "a{a,c},a-" },
	{ .name = "em_sequences",
	  .before = "CREATE SEQUENCE s1; CREATE SEQUENCE gone; CREATE TABLE t (id serial, x int);",
	  .after = "CREATE SEQUENCE s1 AS integer INCREMENT BY 5 MAXVALUE 1000 START 10 CACHE 3 CYCLE;"
		   "CREATE SEQUENCE s2 START 100; CREATE TABLE t (id serial, x int);"
		   "CREATE SEQUENCE down INCREMENT BY -1; CREATE SEQUENCE tens INCREMENT 10 START 40;"
		   "CREATE TABLE w (id bigserial PRIMARY KEY, n int DEFAULT nextval('s2'));"
		   "ALTER SEQUENCE s2 OWNED BY w.n; COMMENT ON SEQUENCE s1 IS 'counter';" },
	{ .name = "em_schemas_ext",
	  .before = "CREATE SCHEMA old; CREATE EXTENSION pg_trgm;",
	  .after = "CREATE SCHEMA billing; COMMENT ON SCHEMA billing IS 'money';"
		   "CREATE EXTENSION citext;"
		   "CREATE TYPE billing.status AS ENUM ('open', 'paid');"
		   "CREATE TABLE billing.invoices (id int PRIMARY KEY, email citext, st billing.status);"
		   "CREATE INDEX ON billing.invoices (st);" },
	{ .name = "em_quoted",
	  .before = "CREATE TABLE \"Order\" (\"select\" int);",
	  .after = "CREATE SCHEMA \"Sales Data\";"
		   "CREATE TABLE \"Order\" (\"select\" bigint, \"Mixed Case\" text, \"with space\" int);"
		   "CREATE TABLE \"Sales Data\".\"Line Item\" (\"Order Id\" int PRIMARY KEY, \"user\" text);"
		   "CREATE INDEX \"Idx One\" ON \"Sales Data\".\"Line Item\" (\"user\");"
		   "CREATE TYPE \"Sales Data\".\"Kind\" AS ENUM ('it''s', 'B');"
		   "ALTER TABLE \"Order\" ADD COLUMN k \"Sales Data\".\"Kind\";" },
	{ .name = "em_rename",
	  .before = "CREATE TABLE people (id int PRIMARY KEY, name text CONSTRAINT named CHECK (name <> 'x'), "
		    "shout text GENERATED ALWAYS AS (upper(name)) STORED);"
		    "CREATE INDEX people_name_idx ON people (name);"
		    "CREATE INDEX people_lower ON people (lower(name)) WHERE name IS NOT NULL;"
		    "CREATE TABLE pets (owner int REFERENCES people);",
	  .after = "CREATE TABLE members (id int PRIMARY KEY, full_name text CONSTRAINT named CHECK (full_name <> 'x'), "
		   "shout text GENERATED ALWAYS AS (upper(full_name)) STORED);"
		   "CREATE INDEX members_full_name_idx ON members (full_name);"
		   "CREATE INDEX people_lower ON members (lower(full_name)) WHERE full_name IS NOT NULL;"
		   "CREATE TABLE pets (owner int REFERENCES members);",
	  .data = "INSERT INTO people VALUES (1, 'ann'), (2, 'bob'); INSERT INTO pets VALUES (2);",
	  .hint_table_from = "members=people",
	  .hint_column = "members.full_name=name",
	  .check_sql = "SELECT string_agg(full_name, ',' ORDER BY id) FROM members JOIN pets ON owner = id",
	  .check_expect = "bob",
	  .expect_not_in_up = "DROP" },
	{ .name = "em_narrow",
	  .before = "CREATE TABLE t (a bigint, b varchar(50), c text, d numeric(10,2));",
	  .after = "CREATE TABLE t (a integer, b varchar(20), c varchar(5), d numeric(8,1));",
	  .data = "INSERT INTO t VALUES (1, 'x', 'y', 1.5);",
	  .check_sql = "SELECT a || b || c || d FROM t",
	  .check_expect = "1xy1.5",
	  .expect_in_up = "-- destroys data: narrows column public.t.a from bigint to integer" },
	{ .name = "em_retype",
	  .before = "CREATE TYPE mood AS ENUM ('up', 'down');"
		    "CREATE TABLE t (id int PRIMARY KEY, m text DEFAULT 'up', u varchar(36), n int);"
		    "CREATE TABLE c (t_id int REFERENCES t ON DELETE CASCADE, note text);"
		    "COMMENT ON TABLE c IS 'children';",
	  .after = "CREATE TYPE mood AS ENUM ('up', 'down');"
		   "CREATE TABLE t (id bigint PRIMARY KEY, m mood DEFAULT 'down', u uuid, n serial);"
		   "CREATE TABLE c (t_id bigint REFERENCES t ON DELETE SET NULL, note text NOT NULL DEFAULT '');",
	  .data = "INSERT INTO t VALUES (1, 'down', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 5);"
		  "INSERT INTO c VALUES (1, NULL);",
	  .check_sql = "SELECT m || ' ' || u || ' ' || n || ' ' || note || '|' FROM t JOIN c ON t_id = id",
	  .check_expect = "down a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 5 |",
	  .expect_in_up = "TYPE mood USING m::mood" },
	{ .name = "em_rekey",
	  .before = "CREATE TABLE p (id int PRIMARY KEY, code text UNIQUE);"
		    "CREATE TABLE c (p_id int REFERENCES p, p_code text REFERENCES p (code));",
	  .after = "CREATE TABLE p (id int, code text, CONSTRAINT p_pkey PRIMARY KEY (id),"
		   " CONSTRAINT p_code_key UNIQUE NULLS NOT DISTINCT (code));"
		   "CREATE TABLE c (p_id int REFERENCES p, p_code text REFERENCES p (code));",
	  .data = "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (1, 'a');",
	  .check_sql = "SELECT count(*) FROM c JOIN p ON p.id = c.p_id AND p.code = c.p_code",
	  .check_expect = "1" },
	{ .name = "em_mixed_drops",
	  .before = "CREATE SCHEMA app; CREATE TYPE app.kind AS ENUM ('x', 'y');"
		    "CREATE TABLE app.things (id serial PRIMARY KEY, k app.kind);"
		    "CREATE TABLE keep (id int PRIMARY KEY, code int UNIQUE, k2 int, gone serial);"
		    "CREATE TABLE refs (c int REFERENCES keep (code) ON DELETE RESTRICT);"
		    "CREATE INDEX keep_k2 ON keep (k2);"
		    "COMMENT ON COLUMN keep.k2 IS 'two'; COMMENT ON CONSTRAINT keep_code_key ON keep IS 'codes';",
	  .after = "CREATE TABLE keep (id int PRIMARY KEY, renamed_code int UNIQUE, k2 int CHECK (k2 > 0));"
		   "CREATE TABLE refs (c int REFERENCES keep (renamed_code) ON DELETE SET DEFAULT);"
		   "CREATE INDEX keep_k2 ON keep USING hash (k2);"
		   "ALTER TABLE keep RENAME CONSTRAINT keep_renamed_code_key TO keep_code_key;",
	  .hint_column = "keep.renamed_code=code",
	  .data = "INSERT INTO keep VALUES (1, 10, 5); INSERT INTO refs VALUES (10);",
	  .check_sql = "SELECT renamed_code FROM keep JOIN refs ON c = renamed_code",
	  .check_expect = "10" },
	{ .name = "em_collations",
	  .before = "CREATE SCHEMA app; CREATE COLLATION app.bytes FROM \"C\";"
		    "CREATE TABLE w (a text, b text COLLATE \"C.utf8\", c text);",
	  .after = "CREATE SCHEMA app; CREATE COLLATION app.bytes FROM \"C\";"
		   "CREATE TABLE w (a text COLLATE \"C.utf8\", b text COLLATE app.bytes, c text COLLATE \"POSIX\");"
		   "CREATE INDEX w_c ON w (c COLLATE app.bytes);" },
	{ .name = "em_expr_deps",
	  .before = "CREATE TABLE regions (code text PRIMARY KEY);"
		    "CREATE TABLE shops (id integer PRIMARY KEY, name text NOT NULL);",
	  .after = "CREATE TABLE regions (code text PRIMARY KEY);"
		   "CREATE TABLE shops (id integer PRIMARY KEY, name text NOT NULL,"
		   " region text REFERENCES regions (code), size integer CHECK (size > 0), slug text,"
		   " zsize integer GENERATED ALWAYS AS (size * 2) STORED,"
		   " CONSTRAINT shops_region_slug_key UNIQUE (region, slug),"
		   " CONSTRAINT shops_size_name CHECK (size < 1000 OR name <> ''));"
		   "CREATE INDEX shops_region_idx ON shops (region) WHERE size > 10;"
		   "CREATE INDEX shops_lower_slug_idx ON shops (lower(slug));",
	  .data = "INSERT INTO regions VALUES ('north'); INSERT INTO shops VALUES (1, 'Corner');" },
	{ .name = "em_generated_retype",
	  .before = "CREATE TABLE items (id int PRIMARY KEY, price integer, qty integer,"
		    " total bigint GENERATED ALWAYS AS (price * qty) STORED);",
	  .after = "CREATE TABLE items (id int PRIMARY KEY, price bigint, qty integer,"
		   " total bigint GENERATED ALWAYS AS (price * qty) STORED);",
	  .data = "INSERT INTO items VALUES (1, 3, 4);",
	  .check_sql = "SELECT price || 'x' || qty || '=' || total FROM items",
	  .check_expect = "3x4=12",
	  .expect_not_in_up = "destroys data" },
	{ .name = "em_pk_moves",
	  .before = "CREATE TABLE parents (id integer PRIMARY KEY, code text NOT NULL);"
		    "CREATE TABLE children (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id),"
		    " parent_code text);",
	  .after = "CREATE TABLE parents (id integer NOT NULL UNIQUE, code text PRIMARY KEY);"
		   "CREATE TABLE children (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id),"
		   " parent_code text REFERENCES parents (code));",
	  .data = "INSERT INTO parents VALUES (1, 'a'); INSERT INTO children VALUES (1, 1, NULL);" },
	{ .name = "em_drop_cycle",
	  .before = "CREATE TABLE x (id integer PRIMARY KEY, y_id integer);"
		    "CREATE TABLE y (id integer PRIMARY KEY, x_id integer REFERENCES x);"
		    "ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y;",
	  .after = "CREATE TABLE z (id integer);" },
	/* A rename, then a new table under the old name; derived names follow the rename. */
	{ .name = "em_rename_reuse",
	  .before = "CREATE TABLE users (id integer PRIMARY KEY, login text NOT NULL UNIQUE,"
		    " CONSTRAINT users_login_check CHECK (login <> ''));"
		    "CREATE INDEX ON users (lower(login));",
	  .after = "CREATE TABLE accounts (id integer PRIMARY KEY, login text NOT NULL UNIQUE,"
		   " CONSTRAINT accounts_login_check CHECK (login <> ''));"
		   "CREATE INDEX ON accounts (lower(login));"
		   "CREATE TABLE users (id integer PRIMARY KEY, account_id integer REFERENCES accounts (id),"
		   " login text UNIQUE CHECK (login <> ''));"
		   "CREATE INDEX ON users (lower(login));",
	  .data = "INSERT INTO users VALUES (1, 'root'), (2, 'guest');",
	  .check_sql = "SELECT string_agg(login, ',' ORDER BY id) || (SELECT count(*) FROM users)"
		       " FROM accounts",
	  .check_expect = "root,guest0",
	  .hint_table_from = "accounts=users",
	  .expect_in_up = "ALTER TABLE public.users RENAME TO accounts;\n"
			  "ALTER TABLE public.accounts RENAME CONSTRAINT users_login_check TO accounts_login_check;\n"
			  "ALTER TABLE public.accounts RENAME CONSTRAINT users_login_key TO accounts_login_key;\n"
			  "ALTER TABLE public.accounts RENAME CONSTRAINT users_pkey TO accounts_pkey;\n"
			  "ALTER INDEX public.users_lower_idx RENAME TO accounts_lower_idx;\n",
	  .expect_not_in_up = "DROP" },
	/* The same with serial columns: the sequence follows its table and keeps counting. */
	{ .name = "em_rename_reuse_serial",
	  .before = "CREATE TABLE users (id serial PRIMARY KEY, login text);",
	  .after = "CREATE TABLE accounts (id serial PRIMARY KEY, login text);"
		   "CREATE TABLE users (id serial PRIMARY KEY, account_id integer REFERENCES accounts);",
	  .data = "INSERT INTO users (login) VALUES ('root'), ('guest');",
	  .check_sql = "WITH a AS (INSERT INTO accounts (login) VALUES ('new') RETURNING id),"
		       " u AS (INSERT INTO users (account_id) VALUES (1) RETURNING id)"
		       " SELECT a.id || ',' || u.id FROM a, u",
	  .check_expect = "3,1",
	  .hint_table_from = "accounts=users",
	  .expect_in_up = "ALTER SEQUENCE public.users_id_seq RENAME TO accounts_id_seq;\n",
	  .expect_not_in_up = "SET DEFAULT" },
	/* Two columns swap names: through a temporary name, data kept. */
	{ .name = "em_column_swap",
	  .before = "CREATE TABLE points (id integer PRIMARY KEY, x integer NOT NULL UNIQUE,"
		    " y integer NOT NULL UNIQUE, CHECK (x > y));"
		    "CREATE INDEX ON points (x, y);",
	  .after = "CREATE TABLE points (id integer PRIMARY KEY, y integer NOT NULL UNIQUE,"
		   " x integer NOT NULL UNIQUE, CHECK (y > x));"
		   "CREATE INDEX ON points (y, x);",
	  .data = "INSERT INTO points VALUES (1, 20, 10);",
	  .check_sql = "SELECT x || ',' || y FROM points",
	  .check_expect = "10,20",
	  .hint_column = "points.y=x points.x=y",
	  .expect_in_up = "ALTER TABLE public.points RENAME COLUMN x TO x_swap0;\n"
			  "ALTER TABLE public.points RENAME COLUMN y TO x;\n"
			  "ALTER TABLE public.points RENAME COLUMN x_swap0 TO y;\n",
	  .expect_not_in_up = "DROP" },
	/* A chain: b becomes c, then a becomes b. */
	{ .name = "em_column_chain",
	  .before = "CREATE TABLE t (id integer PRIMARY KEY, a integer, b text);",
	  .after = "CREATE TABLE t (id integer PRIMARY KEY, b integer, c text);",
	  .data = "INSERT INTO t VALUES (1, 5, 'x');",
	  .check_sql = "SELECT b || c FROM t",
	  .check_expect = "5x",
	  .hint_column = "t.b=a t.c=b",
	  .expect_in_up = "ALTER TABLE public.t RENAME COLUMN b TO c;\n"
			  "ALTER TABLE public.t RENAME COLUMN a TO b;\n" },
	/* Two tables swap names; their derived constraint and index names swap too. */
	{ .name = "em_table_swap",
	  .before = "CREATE TABLE l (id integer PRIMARY KEY, lv text UNIQUE);"
		    "CREATE TABLE r (id integer PRIMARY KEY, rv integer UNIQUE);",
	  .after = "CREATE TABLE r (id integer PRIMARY KEY, lv text UNIQUE);"
		   "CREATE TABLE l (id integer PRIMARY KEY, rv integer UNIQUE);",
	  .data = "INSERT INTO l VALUES (1, 'one'); INSERT INTO r VALUES (2, 22);",
	  .check_sql = "SELECT (SELECT lv FROM r) || (SELECT rv FROM l)",
	  .check_expect = "one22",
	  .hint_table_from = "r=l l=r",
	  .expect_not_in_up = "DROP" },
	/*
	 * A label added while a column of the type becomes NOT NULL: the
	 * downgrade rebuilds the enum and drops NOT NULL, which must not be
	 * ordered as depending on each other.
	 */
	{ .name = "em_enum_label_and_not_null",
	  .before = "CREATE TYPE mood AS ENUM ('calm', 'busy');"
		    "CREATE TABLE people (id integer PRIMARY KEY, m mood DEFAULT 'calm');",
	  .after = "CREATE TYPE mood AS ENUM ('asleep', 'calm', 'busy');"
		   "CREATE TABLE people (id integer PRIMARY KEY, m mood NOT NULL DEFAULT 'calm');",
	  .data = "INSERT INTO people VALUES (1, 'busy'), (2, NULL);",
	  .check_sql = "SELECT string_agg(id || m::text, ',' ORDER BY id) FROM people",
	  .check_expect = "1busy,2calm",
	  .expect_in_up = "ALTER TYPE public.mood ADD VALUE 'asleep' BEFORE 'calm';\n" },
	/* Two new labels first: the first is anchored on a label that exists. */
	{ .name = "em_enum_new_labels_first",
	  .before = "CREATE TYPE phase AS ENUM ('live', 'retired');"
		    "CREATE TABLE docs (id integer PRIMARY KEY, p phase NOT NULL DEFAULT 'live');",
	  .after = "CREATE TYPE phase AS ENUM ('draft', 'review', 'live', 'retired', 'gone');"
		   "CREATE TABLE docs (id integer PRIMARY KEY, p phase NOT NULL DEFAULT 'live');",
	  .data = "INSERT INTO docs VALUES (1, 'retired'), (2, 'live');",
	  .check_sql = "SELECT string_agg(v::text, ',' ORDER BY v) FROM unnest(enum_range(NULL::phase)) v",
	  .check_expect = "draft,review,live,retired,gone",
	  .expect_in_up = "ALTER TYPE public.phase ADD VALUE 'draft' BEFORE 'live';\n"
			  "ALTER TYPE public.phase ADD VALUE 'review' AFTER 'draft';\n" },
	/* Identity sequence options: changed, added to a filled column, and in CREATE TABLE. */
	{ .name = "em_identity_options",
	  .before = "CREATE TABLE tickets (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
		    " t text, n integer);",
	  .after = "CREATE TABLE tickets (id integer GENERATED BY DEFAULT AS IDENTITY"
		   " (START WITH 1000 INCREMENT BY 10) PRIMARY KEY, t text,"
		   " n integer GENERATED ALWAYS AS IDENTITY (MINVALUE 50 CACHE 5));"
		   "CREATE TABLE other (id bigint GENERATED ALWAYS AS IDENTITY (MINVALUE 5 CACHE 10 CYCLE),"
		   " down smallint GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY -2 MAXVALUE 100));",
	  .data = "INSERT INTO tickets (t, n) VALUES ('a', 70), ('b', NULL);"
		  "UPDATE tickets SET n = 60 WHERE n IS NULL;",
	  .check_sql = "WITH i AS (INSERT INTO tickets (t) VALUES ('c') RETURNING id, n),"
		       " o AS (INSERT INTO other DEFAULT VALUES RETURNING id, down)"
		       " SELECT i.id || ',' || i.n || ',' || o.id || ',' || o.down FROM i, o",
	  .check_expect = "12,71,5,100",
	  .expect_in_up = "ALTER TABLE public.tickets ALTER COLUMN id SET INCREMENT BY 10 SET START WITH 1000;\n"
			  "ALTER TABLE public.tickets ALTER COLUMN n SET NOT NULL;\n"
			  "ALTER TABLE public.tickets ALTER COLUMN n ADD GENERATED ALWAYS AS IDENTITY"
			  " (MINVALUE 50 CACHE 5);\n" },
};

START_TEST(converges_both_ways)
{
	converge(&cases[_i]);
}
END_TEST

static Suite *emit_suite(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("converge");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, converges_both_ways, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(emit_suite)
