/*
 * check_introspect.c - the introspector against a real server: every
 * object kind with its exact catalog fields, what is left out (system
 * schemas, extension members, the version table, filtered objects), the
 * unmanaged list, failures, and the round trip: introspect, write the
 * model, read it back, normalize: the same catalog again.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "diag.h"
#include "filter.h"
#include "introspect.h"
#include "model.h"
#include "normalize.h"
#include "strbuf.h"
#include "testutil.h"

static struct catalog *inspect(PGconn *conn, struct arena *a, const struct introspect_opts *o)
{
	struct catalog *c = NULL;

	ck_assert_int_eq(introspect(conn, a, o, &c), EXIT_OK);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_IDLE);
	return c;
}

static const struct table *table_of(const struct catalog *c, const char *schema, const char *name)
{
	const struct table *t = catalog_find_table(c, schema, name);

	ck_assert_msg(t != NULL, "no table %s.%s", schema, name);
	return t;
}

static const struct column *column_of(const struct catalog *c, const char *schema,
				      const char *table, const char *name)
{
	const struct column *col = table_find_column(table_of(c, schema, table), name);

	ck_assert_msg(col != NULL, "no column %s.%s.%s", schema, table, name);
	return col;
}

static const struct constraint *constraint_of(const struct catalog *c, const char *schema,
					      const char *table, const char *name)
{
	const struct constraint *con = table_find_constraint(table_of(c, schema, table), name);

	ck_assert_msg(con != NULL, "no constraint %s on %s.%s", name, schema, table);
	return con;
}

static const struct index *index_of(const struct catalog *c, const char *schema, const char *name)
{
	const struct index *ix = catalog_find_index(c, schema, name);

	ck_assert_msg(ix != NULL, "no index %s.%s", schema, name);
	return ix;
}

/* NULL-safe string equality with a readable failure. */
#define ck_assert_text(got, want) ck_assert_pstr_eq((got), (want))

static void assert_list(const char *const *got, size_t n, const char *const *want, size_t nwant)
{
	size_t i;

	ck_assert_uint_eq(n, nwant);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(got[i], want[i]);
}

#define LIST(...) (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)

/* catalog_dump less what a model does not carry: public, extension versions and comments. */
static char *comparable_dump(struct catalog *c)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	char *line, *next;
	size_t i;

	for (i = 0; i < c->extensions.len; i++) {
		struct extension *e = c->extensions.items[i];
		e->version = NULL;
		e->o.comment = NULL;
	}
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

/*
 * The round trip: the model inspect writes for the database reads back,
 * after normalization against the database, as exactly the database's
 * catalog; and the texts were already canonical, so nothing differed.
 */
static void assert_round_trip(PGconn *conn)
{
	struct arena a = ARENA_INIT;
	struct catalog *db = inspect(conn, &a, NULL), *model = catalog_new(&a);
	struct strbuf doc = STRBUF_INIT;
	struct diags d = DIAGS_INIT;
	struct normalize_stats st;
	char *want, *got;

	model_write(db, &doc);
	if (model_parse_buffer(model, doc.buf, doc.len, "inspected.xml", &d) < 0 ||
	    model_check(model, &d) < 0) {
		diag_print(&d);
		ck_abort_msg("the inspected model does not read back:\n%s", doc.buf);
	}
	ck_assert_int_eq(normalize_model_stats(model, db, conn, &st), EXIT_OK);
	ck_assert_msg(st.mismatches == 0, "%zu texts differed after the pure-C pass:\n%s",
		      st.mismatches, doc.buf);
	want = comparable_dump(db);
	got = comparable_dump(model);
	ck_assert_msg(strcmp(want, got) == 0, "round trip differs.\nmodel:\n%s\nwant:\n%s\ngot:\n%s",
		      doc.buf, want, got);
	free(want);
	free(got);
	diag_release(&d);
	strbuf_release(&doc);
	catalog_free(db);
	catalog_free(model);
	arena_release(&a);
}

/* --- columns, names, types -------------------------------------------- */

static const char columns_sql[] =
	"CREATE SCHEMA \"Sales\";\n"
	"COMMENT ON SCHEMA \"Sales\" IS 'the shop';\n"
	"CREATE TYPE \"Sales\".\"Order Status\" AS ENUM ('new', 'paid');\n"
	"CREATE TABLE \"Order\" (\"select\" integer NOT NULL, \"my col\" text COLLATE \"C\" DEFAULT 'x',\n"
	"  tags text[], matrix integer[][], amount numeric(12,2) DEFAULT 0,\n"
	"  at timestamptz DEFAULT now(), st \"Sales\".\"Order Status\" DEFAULT 'new',\n"
	"  flag boolean DEFAULT true, code char(3), ts timestamp(3));\n"
	"CREATE TABLE \"Sales\".items (id bigint GENERATED ALWAYS AS IDENTITY,\n"
	"  n integer GENERATED BY DEFAULT AS IDENTITY, price numeric,\n"
	"  total numeric GENERATED ALWAYS AS (price * 2) STORED, note varchar(20));\n"
	"COMMENT ON TABLE \"Order\" IS 'orders';\n"
	"COMMENT ON COLUMN \"Order\".\"my col\" IS 'it''s \"quoted\" <b> & more';\n"
	"ALTER TABLE \"Order\" ADD COLUMN dropped int;\n"
	"ALTER TABLE \"Order\" DROP COLUMN dropped;\n";

START_TEST(columns_and_identifiers)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_columns"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct table *t;
	const struct column *col;
	const struct enum_type *e;
	static const char *const order_cols[] = {
		"select", "my col", "tags", "matrix", "amount", "at", "st", "flag", "code", "ts",
	};
	size_t i;

	test_db_exec(conn, columns_sql);
	c = inspect(conn, &a, NULL);

	ck_assert_uint_eq(c->schemas.len, 2);
	ck_assert_text(catalog_find_schema(c, "Sales")->o.comment, "the shop");
	ck_assert_ptr_nonnull(catalog_find_schema(c, "public"));
	e = catalog_find_enum(c, "Sales", "Order Status");
	ck_assert_ptr_nonnull(e);
	assert_list(e->values, e->nvalues, LIST("new", "paid"));

	t = table_of(c, "public", "Order");
	ck_assert_text(t->o.comment, "orders");
	ck_assert_uint_eq(t->columns.len, sizeof(order_cols) / sizeof(order_cols[0]));
	for (i = 0; i < t->columns.len; i++)
		ck_assert_str_eq(((const struct column *)t->columns.items[i])->o.name, order_cols[i]);

	col = column_of(c, "public", "Order", "select");
	ck_assert_text(col->type, "integer");
	ck_assert(col->not_null);
	ck_assert_ptr_null(col->default_expr);
	ck_assert_ptr_null(col->collation);
	col = column_of(c, "public", "Order", "my col");
	ck_assert_text(col->type, "text");
	ck_assert(!col->not_null);
	ck_assert_text(col->collation, "C");
	ck_assert_text(col->default_expr, "'x'::text");
	ck_assert_text(col->o.comment, "it's \"quoted\" <b> & more");
	ck_assert_text(column_of(c, "public", "Order", "tags")->type, "text[]");
	ck_assert_text(column_of(c, "public", "Order", "matrix")->type, "integer[]");
	col = column_of(c, "public", "Order", "amount");
	ck_assert_text(col->type, "numeric(12,2)");
	ck_assert_text(col->default_expr, "0");
	col = column_of(c, "public", "Order", "at");
	ck_assert_text(col->type, "timestamp with time zone");
	ck_assert_text(col->default_expr, "now()");
	col = column_of(c, "public", "Order", "st");
	ck_assert_text(col->type, "\"Sales\".\"Order Status\"");
	ck_assert_text(col->default_expr, "'new'::\"Sales\".\"Order Status\"");
	ck_assert_text(column_of(c, "public", "Order", "flag")->default_expr, "true");
	ck_assert_text(column_of(c, "public", "Order", "code")->type, "character(3)");
	ck_assert_text(column_of(c, "public", "Order", "ts")->type, "timestamp(3) without time zone");

	col = column_of(c, "Sales", "items", "id");
	ck_assert_text(col->type, "bigint");
	ck_assert_int_eq(col->identity, IDENTITY_ALWAYS);
	ck_assert(col->not_null);
	ck_assert_ptr_null(col->default_expr);
	ck_assert_int_eq(column_of(c, "Sales", "items", "n")->identity, IDENTITY_BY_DEFAULT);
	col = column_of(c, "Sales", "items", "total");
	ck_assert_text(col->generated, "(price * (2)::numeric)");
	ck_assert_ptr_null(col->default_expr);
	ck_assert_int_eq(col->identity, IDENTITY_NONE);
	ck_assert_text(column_of(c, "Sales", "items", "note")->type, "character varying(20)");
	/* Identity sequences belong to their columns. */
	ck_assert_uint_eq(c->sequences.len, 0);
	ck_assert_uint_eq(c->unmanaged.len, 0);
	catalog_free(c);
	arena_release(&a);

	assert_round_trip(conn);
	PQfinish(conn);
}
END_TEST

/* --- constraints ------------------------------------------------------ */

static const char constraints_sql[] =
	"CREATE TABLE parent (a int, b int, u text UNIQUE NULLS NOT DISTINCT, PRIMARY KEY (a, b));\n"
	"CREATE TABLE child (id int PRIMARY KEY, pa int, pb int, cost numeric CHECK (cost >= 0),\n"
	"  CONSTRAINT both_pos CHECK (pa > 0 AND pb > 0),\n"
	"  CONSTRAINT fk_parent FOREIGN KEY (pa, pb) REFERENCES parent (a, b) MATCH FULL\n"
	"    ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED);\n"
	"CREATE SCHEMA other;\n"
	"CREATE TABLE other.ref (x int REFERENCES child (id) ON DELETE RESTRICT,\n"
	"  y int, CONSTRAINT fn_check CHECK (length(x::text) < 5));\n"
	"COMMENT ON CONSTRAINT fk_parent ON child IS 'to the parent';\n"
	"COMMENT ON CONSTRAINT parent_pkey ON parent IS 'pk';\n"
	"CREATE TABLE p (id int PRIMARY KEY) PARTITION BY RANGE (id);\n"
	"CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"
	"CREATE TABLE refp (pid int REFERENCES p (id));\n";

/* Identity columns carry their sequence's options; other columns none; no extra sequences. */
START_TEST(identity_options)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_identity"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct column *col;

	test_db_exec(conn,
		     "CREATE TABLE t (a integer GENERATED ALWAYS AS IDENTITY,"
		     " b bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 INCREMENT BY 10"
		     "   MINVALUE 7 MAXVALUE 99999 CACHE 20 CYCLE),"
		     " c smallint GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1), d serial);"
		     "ALTER TABLE t ALTER COLUMN a SET START WITH 3;");
	c = inspect(conn, &a, NULL);
	col = column_of(c, "public", "t", "a");
	ck_assert(col->identity == IDENTITY_ALWAYS);
	ck_assert(col->identity_start == 3 && col->identity_increment == 1 &&
		  col->identity_min == 1 && col->identity_max == 2147483647LL &&
		  col->identity_cache == 1 && !col->identity_cycle);
	col = column_of(c, "public", "t", "b");
	ck_assert(col->identity_start == 1000 && col->identity_increment == 10 &&
		  col->identity_min == 7 && col->identity_max == 99999 && col->identity_cache == 20 &&
		  col->identity_cycle);
	col = column_of(c, "public", "t", "c");
	ck_assert(col->identity_start == -1 && col->identity_increment == -1 &&
		  col->identity_min == -32768 && col->identity_max == -1);
	col = column_of(c, "public", "t", "d");
	ck_assert(!col->identity && col->identity_increment == 0 && col->identity_start == 0);
	ck_assert_uint_eq(((const struct table *)catalog_find_table(c, "public", "t"))->columns.len, 4);
	ck_assert_uint_eq(c->sequences.len, 1);	/* t_d_seq only */
	catalog_free(c);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

START_TEST(constraints)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_constraints"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct constraint *con;

	test_db_exec(conn, constraints_sql);
	c = inspect(conn, &a, NULL);

	con = constraint_of(c, "public", "parent", "parent_pkey");
	ck_assert_int_eq(con->type, CON_PRIMARY);
	assert_list(con->columns, con->ncolumns, LIST("a", "b"));
	ck_assert(column_of(c, "public", "parent", "a")->not_null);
	ck_assert(column_of(c, "public", "parent", "b")->not_null);
	con = constraint_of(c, "public", "parent", "parent_u_key");
	ck_assert_int_eq(con->type, CON_UNIQUE);
	assert_list(con->columns, con->ncolumns, LIST("u"));
	ck_assert_int_eq(con->nulls_not_distinct, PQserverVersion(conn) >= 150000);
	/* Indexes backing constraints are the constraints' business. */
	ck_assert_uint_eq(table_of(c, "public", "parent")->indexes.len, 0);

	con = constraint_of(c, "public", "child", "child_cost_check");
	ck_assert_int_eq(con->type, CON_CHECK);
	ck_assert_text(con->check_expr, "cost >= (0)::numeric");
	ck_assert_uint_eq(con->ncolumns, 0);
	ck_assert_text(constraint_of(c, "public", "child", "both_pos")->check_expr,
		       "(pa > 0) AND (pb > 0)");
	con = constraint_of(c, "public", "child", "fk_parent");
	ck_assert_int_eq(con->type, CON_FOREIGN);
	assert_list(con->columns, con->ncolumns, LIST("pa", "pb"));
	ck_assert_text(con->ref_schema, "public");
	ck_assert_text(con->ref_table, "parent");
	assert_list(con->ref_columns, con->nref_columns, LIST("a", "b"));
	ck_assert_int_eq(con->match, 'f');
	ck_assert_int_eq(con->on_delete, FK_CASCADE);
	ck_assert_int_eq(con->on_update, FK_SET_NULL);
	ck_assert(con->deferrable);
	ck_assert(con->initially_deferred);
	ck_assert_text(con->o.comment, "to the parent");
	ck_assert_text(constraint_of(c, "public", "parent", "parent_pkey")->o.comment, "pk");

	con = constraint_of(c, "other", "ref", "ref_x_fkey");
	ck_assert_text(con->o.schema, "other");
	ck_assert_text(con->ref_schema, "public");
	ck_assert_text(con->ref_table, "child");
	assert_list(con->ref_columns, con->nref_columns, LIST("id"));
	ck_assert_int_eq(con->on_delete, FK_RESTRICT);
	ck_assert_int_eq(con->on_update, FK_NO_ACTION);
	ck_assert_int_eq(con->match, 's');
	ck_assert(!con->deferrable);
	ck_assert_text(constraint_of(c, "other", "ref", "fn_check")->check_expr,
		       "length((x)::text) < 5");

	/* The FK to a partitioned table is one constraint, not one per partition. */
	ck_assert_uint_eq(table_of(c, "public", "refp")->constraints.len, 1);
	ck_assert_ptr_nonnull(catalog_find_table(c, "public", "p"));
	ck_assert_ptr_null(catalog_find_table(c, "public", "p1"));
	ck_assert_uint_eq(c->unmanaged.len, 2);
	ck_assert_str_eq(c->unmanaged.items[0], "partition public.p1");
	ck_assert_str_eq(c->unmanaged.items[1], "partitioning of table public.p");
	catalog_free(c);
	arena_release(&a);

	assert_round_trip(conn);
	PQfinish(conn);
}
END_TEST

/* --- indexes ---------------------------------------------------------- */

static const char indexes_sql[] =
	"CREATE EXTENSION pg_trgm;\n"
	"CREATE TABLE docs (id int PRIMARY KEY, title text, body text, tags text[],\n"
	"  created timestamptz, score int, email text, \"Mixed\" int);\n"
	"CREATE INDEX docs_partial ON docs (created DESC NULLS LAST, score) INCLUDE (title)\n"
	"  WHERE score > 0;\n"
	"CREATE INDEX docs_lower ON docs (lower(email));\n"
	"CREATE INDEX docs_expr ON docs ((score + 1) DESC);\n"
	"CREATE INDEX docs_nf ON docs (score NULLS FIRST);\n"
	"CREATE INDEX docs_desc_default ON docs (score DESC NULLS FIRST);\n"
	"CREATE INDEX docs_pattern ON docs (title text_pattern_ops);\n"
	"CREATE INDEX docs_coll ON docs (title COLLATE \"C\");\n"
	"CREATE INDEX docs_gin ON docs USING gin (tags);\n"
	"CREATE INDEX docs_trgm ON docs USING gist (body gist_trgm_ops);\n"
	"CREATE INDEX docs_brin ON docs USING brin (created) WITH (pages_per_range = 16);\n"
	"CREATE INDEX docs_hash ON docs USING hash (email);\n"
	"CREATE UNIQUE INDEX docs_uniq ON docs (\"Mixed\") WITH (fillfactor = 70, deduplicate_items = off);\n"
	"COMMENT ON INDEX docs_hash IS 'by email';\n";

START_TEST(indexes)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_indexes"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct index *ix;

	test_db_exec(conn, indexes_sql);
	c = inspect(conn, &a, NULL);
	ck_assert_uint_eq(table_of(c, "public", "docs")->indexes.len, 12);
	ck_assert_ptr_null(catalog_find_index(c, "public", "docs_pkey"));

	ix = index_of(c, "public", "docs_partial");
	ck_assert_text(ix->method, "btree");
	ck_assert(!ix->unique);
	ck_assert_uint_eq(ix->nelems, 2);
	ck_assert_text(ix->elems[0].column, "created");
	ck_assert(ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 'l');
	ck_assert_text(ix->elems[1].column, "score");
	ck_assert(!ix->elems[1].desc);
	ck_assert_int_eq(ix->elems[1].nulls, 0);
	assert_list(ix->include, ix->ninclude, LIST("title"));
	ck_assert_text(ix->predicate, "score > 0");
	ck_assert_ptr_null(ix->with);

	ix = index_of(c, "public", "docs_lower");
	ck_assert_uint_eq(ix->nelems, 1);
	ck_assert_ptr_null(ix->elems[0].column);
	ck_assert_text(ix->elems[0].expr, "lower(email)");
	ix = index_of(c, "public", "docs_expr");
	ck_assert_text(ix->elems[0].expr, "score + 1");
	ck_assert(ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 0);
	ix = index_of(c, "public", "docs_nf");
	ck_assert(!ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 'f');
	ix = index_of(c, "public", "docs_desc_default");
	ck_assert(ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 0);
	ix = index_of(c, "public", "docs_pattern");
	ck_assert_text(ix->elems[0].opclass, "text_pattern_ops");
	ck_assert_ptr_null(ix->elems[0].collation);
	ix = index_of(c, "public", "docs_coll");
	ck_assert_text(ix->elems[0].collation, "C");
	ck_assert_ptr_null(ix->elems[0].opclass);
	ix = index_of(c, "public", "docs_gin");
	ck_assert_text(ix->method, "gin");
	ck_assert_text(ix->elems[0].column, "tags");
	ck_assert_ptr_null(ix->elems[0].opclass);
	ix = index_of(c, "public", "docs_trgm");
	ck_assert_text(ix->method, "gist");
	ck_assert_text(ix->elems[0].opclass, "gist_trgm_ops");
	ix = index_of(c, "public", "docs_brin");
	ck_assert_text(ix->method, "brin");
	ck_assert_text(ix->with, "pages_per_range=16");
	ix = index_of(c, "public", "docs_hash");
	ck_assert_text(ix->method, "hash");
	ck_assert_text(ix->o.comment, "by email");
	ix = index_of(c, "public", "docs_uniq");
	ck_assert(ix->unique);
	ck_assert_text(ix->elems[0].column, "Mixed");
	ck_assert_text(ix->with, "fillfactor=70, deduplicate_items=off");
	/* pg_trgm's functions, operators and classes are the extension's. */
	ck_assert_uint_eq(c->unmanaged.len, 0);
	ck_assert_uint_eq(c->extensions.len, 1);
	catalog_free(c);
	arena_release(&a);

	assert_round_trip(conn);
	PQfinish(conn);
}
END_TEST

/* --- enums, sequences, extensions ------------------------------------- */

static const char sequences_sql[] =
	"CREATE EXTENSION citext;\n"
	"CREATE SCHEMA ext;\n"
	"CREATE EXTENSION pg_trgm SCHEMA ext;\n"
	"CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
	"ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n"
	"ALTER TYPE mood ADD VALUE 'meh' AFTER 'sad';\n"
	"CREATE TYPE empty_enum AS ENUM ();\n"
	"COMMENT ON TYPE mood IS 'feelings';\n"
	"CREATE TABLE s (id serial PRIMARY KEY, n bigint, name citext);\n"
	"CREATE SEQUENCE counter AS integer INCREMENT BY -3 MINVALUE -100 MAXVALUE -1\n"
	"  START -10 CACHE 5 CYCLE;\n"
	"CREATE SEQUENCE owned_seq OWNED BY s.n;\n"
	"COMMENT ON SEQUENCE counter IS 'counts down';\n";

START_TEST(enums_sequences_extensions)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_sequences"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct enum_type *e;
	const struct sequence *s;
	const struct extension *x;

	test_db_exec(conn, sequences_sql);
	c = inspect(conn, &a, NULL);

	e = catalog_find_enum(c, "public", "mood");
	ck_assert_ptr_nonnull(e);
	assert_list(e->values, e->nvalues, LIST("sad", "meh", "ok", "happy"));
	ck_assert_text(e->o.comment, "feelings");
	e = catalog_find_enum(c, "public", "empty_enum");
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->nvalues, 0);
	/* citext is a type, but the extension's. */
	ck_assert_uint_eq(c->enums.len, 2);

	ck_assert_uint_eq(c->sequences.len, 3);
	s = catalog_find_sequence(c, "public", "s_id_seq");
	ck_assert_ptr_nonnull(s);
	ck_assert_text(s->type, "integer");
	ck_assert_int_eq(s->start, 1);
	ck_assert_int_eq(s->increment, 1);
	ck_assert_int_eq(s->min_value, 1);
	ck_assert_int_eq(s->max_value, 2147483647);
	ck_assert_int_eq(s->cache, 1);
	ck_assert(!s->cycle);
	ck_assert_text(s->owned_by_table, "s");
	ck_assert_text(s->owned_by_column, "id");
	ck_assert_text(column_of(c, "public", "s", "id")->default_expr,
		       "nextval('s_id_seq'::regclass)");
	s = catalog_find_sequence(c, "public", "counter");
	ck_assert_ptr_nonnull(s);
	ck_assert_text(s->type, "integer");
	ck_assert_int_eq(s->start, -10);
	ck_assert_int_eq(s->increment, -3);
	ck_assert_int_eq(s->min_value, -100);
	ck_assert_int_eq(s->max_value, -1);
	ck_assert_int_eq(s->cache, 5);
	ck_assert(s->cycle);
	ck_assert_ptr_null(s->owned_by_table);
	ck_assert_text(s->o.comment, "counts down");
	s = catalog_find_sequence(c, "public", "owned_seq");
	ck_assert_ptr_nonnull(s);
	ck_assert_text(s->type, "bigint");
	ck_assert_text(s->owned_by_table, "s");
	ck_assert_text(s->owned_by_column, "n");

	ck_assert_uint_eq(c->extensions.len, 2);
	x = catalog_find_extension(c, "citext");
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_null(x->o.schema);	/* public: the default */
	ck_assert_ptr_nonnull(x->version);
	x = catalog_find_extension(c, "pg_trgm");
	ck_assert_ptr_nonnull(x);
	ck_assert_text(x->o.schema, "ext");
	ck_assert_ptr_null(catalog_find_extension(c, "plpgsql"));
	ck_assert_text(column_of(c, "public", "s", "name")->type, "citext");
	ck_assert_uint_eq(c->unmanaged.len, 0);
	catalog_free(c);
	arena_release(&a);

	assert_round_trip(conn);
	PQfinish(conn);
}
END_TEST

/* --- what retort does not manage -------------------------------------- */

static const char unmanaged_sql[] =
	"CREATE EXTENSION citext;\n"
	"CREATE TABLE tt (c citext, n int);\n"
	"CREATE VIEW v AS SELECT 1 AS x;\n"
	"CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x;\n"
	"CREATE FUNCTION f(a integer, b text) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
	"CREATE PROCEDURE pr() LANGUAGE sql AS 'SELECT 1';\n"
	"CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';\n"
	"CREATE TRIGGER t_trg BEFORE INSERT ON tt FOR EACH ROW EXECUTE FUNCTION trg();\n"
	"CREATE DOMAIN posint AS integer CHECK (VALUE > 0);\n"
	"CREATE TYPE pair AS (a int, b int);\n"
	"CREATE TYPE rng AS RANGE (subtype = int4);\n"
	"ALTER TABLE tt ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY pol ON tt USING (true);\n"
	"CREATE RULE r AS ON UPDATE TO tt DO INSTEAD NOTHING;\n"
	"CREATE TABLE base (id int);\n"
	"CREATE TABLE derived (extra int) INHERITS (base);\n"
	"CREATE TABLE ex (r int4range, EXCLUDE USING gist (r WITH &&),\n"
	"  y int CONSTRAINT y_deferrable UNIQUE DEFERRABLE);\n";

START_TEST(unmanaged_objects)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_unmanaged"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct constraint *con;
	static const char *const want[] = {
		"domain public.posint",
		"exclusion constraint ex_r_excl on public.ex",
		"function public.f(a integer, b text)",
		"function public.trg()",
		"inheritance of table public.derived",
		"materialized view public.mv",
		"policy pol on public.tt",
		"procedure public.pr()",
		"rule r on public.tt",
		"trigger t_trg on public.tt",
		"type public.pair",
		"type public.rng",
		"view public.v",
	};
	size_t i;

	test_db_exec(conn, unmanaged_sql);
	c = inspect(conn, &a, NULL);
	for (i = 0; i < c->unmanaged.len && i < sizeof(want) / sizeof(want[0]); i++)
		ck_assert_str_eq(c->unmanaged.items[i], want[i]);
	ck_assert_uint_eq(c->unmanaged.len, sizeof(want) / sizeof(want[0]));
	/* The tables themselves are still read. */
	ck_assert_text(column_of(c, "public", "tt", "c")->type, "citext");
	ck_assert_uint_eq(c->tables.len, 4);
	con = constraint_of(c, "public", "ex", "y_deferrable");
	ck_assert(con->deferrable && !con->initially_deferred);
	ck_assert_uint_eq(table_of(c, "public", "ex")->constraints.len, 1);
	catalog_free(c);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* --- what is left out on request -------------------------------------- */

static const char leave_out_sql[] =
	"CREATE TABLE retort_version (rev text PRIMARY KEY);\n"
	"CREATE SCHEMA ops;\n"
	"CREATE TABLE ops.my_versions (rev text);\n"
	"CREATE TABLE keep_me (id int);\n"
	"CREATE TABLE tmp_junk (id serial);\n"
	"CREATE VIEW tmp_view AS SELECT 1 AS x;\n"
	"CREATE TYPE tmp_enum AS ENUM ('a');\n"
	"CREATE SEQUENCE tmp_seq;\n"
	"CREATE SCHEMA b;\n"
	"CREATE TABLE b.t (id int);\n";

START_TEST(version_table_filter_and_schemas)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_leave_out"));
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct introspect_opts o = { NULL, 0, NULL, NULL, false };
	struct filter *f;
	struct catalog *c;
	const char *only_b[] = { "b" };

	test_db_exec(conn, leave_out_sql);
	c = inspect(conn, &a, NULL);
	ck_assert_ptr_null(catalog_find_table(c, "public", "retort_version"));
	ck_assert_ptr_nonnull(catalog_find_table(c, "ops", "my_versions"));
	ck_assert_ptr_nonnull(catalog_find_table(c, "public", "tmp_junk"));
	ck_assert_uint_eq(c->tables.len, 4);
	catalog_free(c);

	o.version_table = "ops.my_versions";
	c = inspect(conn, &a, &o);
	ck_assert_ptr_nonnull(catalog_find_table(c, "public", "retort_version"));
	ck_assert_ptr_null(catalog_find_table(c, "ops", "my_versions"));
	catalog_free(c);

	/* An exact table pattern: its serial's sequence goes with it. */
	o.version_table = NULL;
	f = filter_new(NULL, 0, (const char *[]){ "^public\\.tmp_junk$" }, 1, "test", &d);
	ck_assert_ptr_nonnull(f);
	o.filter = f;
	c = inspect(conn, &a, &o);
	ck_assert_ptr_null(catalog_find_table(c, "public", "tmp_junk"));
	ck_assert_ptr_null(catalog_find_sequence(c, "public", "tmp_junk_id_seq"));
	ck_assert_ptr_nonnull(catalog_find_sequence(c, "public", "tmp_seq"));
	ck_assert_ptr_nonnull(catalog_find_enum(c, "public", "tmp_enum"));
	ck_assert_ptr_nonnull(catalog_find_table(c, "public", "keep_me"));
	catalog_free(c);
	filter_free(f);

	/* A prefix pattern leaves out tables, enums, sequences and views alike. */
	f = filter_new(NULL, 0, (const char *[]){ "^public\\.tmp_" }, 1, "test", &d);
	o.filter = f;
	c = inspect(conn, &a, &o);
	ck_assert_ptr_null(catalog_find_enum(c, "public", "tmp_enum"));
	ck_assert_ptr_null(catalog_find_sequence(c, "public", "tmp_seq"));
	ck_assert_ptr_nonnull(catalog_find_table(c, "public", "keep_me"));
	ck_assert_uint_eq(c->unmanaged.len, 0);
	catalog_free(c);
	filter_free(f);

	o.filter = NULL;
	o.schemas = only_b;
	o.nschemas = 1;
	c = inspect(conn, &a, &o);
	ck_assert_uint_eq(c->schemas.len, 1);
	ck_assert_ptr_nonnull(catalog_find_schema(c, "b"));
	ck_assert_uint_eq(c->tables.len, 1);
	ck_assert_ptr_nonnull(catalog_find_table(c, "b", "t"));
	ck_assert_uint_eq(c->sequences.len + c->enums.len + c->unmanaged.len, 0);
	catalog_free(c);

	/* A schema that does not exist gives an empty catalog, not an error. */
	only_b[0] = "no such \"schema\"";
	c = inspect(conn, &a, &o);
	ck_assert_uint_eq(c->schemas.len + c->tables.len, 0);
	catalog_free(c);
	diag_release(&d);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* --- awkward names -------------------------------------------------- */

static const char names_sql[] =
	"CREATE SCHEMA \"Odd Schema\";\n"
	"CREATE TABLE \"we\"\"ird\" (id serial PRIMARY KEY, \"a,b\" int, \"x y\" text UNIQUE);\n"
	"CREATE TABLE \"dot.name\" (\"Ref\" int REFERENCES \"we\"\"ird\" (id),\n"
	"  \"select\" int, \"(paren\" int, CONSTRAINT \"Check Me\" CHECK (\"select\" > 0));\n"
	"CREATE INDEX \"Idx\" ON \"dot.name\" (\"select\" DESC, \"(paren\");\n"
	"CREATE UNIQUE INDEX ON \"dot.name\" (\"(paren\");\n"
	"CREATE TABLE \"Odd Schema\".\"T\" (\"K\" int PRIMARY KEY,\n"
	"  r int REFERENCES \"dot.name\" (\"(paren\") );\n"
	"CREATE SEQUENCE \"Odd Schema\".\"s.q\" OWNED BY \"Odd Schema\".\"T\".r;\n"
	"CREATE TYPE \"Odd Schema\".\"E\" AS ENUM ('a''b', 'c\"d', ' spaced ', '<&>');\n"
	"COMMENT ON TABLE \"we\"\"ird\" IS E'tab\\there\\nnewline';\n";

START_TEST(awkward_names_round_trip)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_names"));
	struct arena a = ARENA_INIT;
	struct catalog *c;
	const struct enum_type *e;
	const struct constraint *con;

	test_db_exec(conn, names_sql);
	c = inspect(conn, &a, NULL);
	ck_assert_text(column_of(c, "public", "we\"ird", "id")->default_expr,
		       "nextval('\"we\"\"ird_id_seq\"'::regclass)");
	con = constraint_of(c, "Odd Schema", "T", "T_r_fkey");
	ck_assert_text(con->ref_table, "dot.name");
	assert_list(con->ref_columns, con->nref_columns, LIST("(paren"));
	ck_assert_text(constraint_of(c, "public", "dot.name", "Check Me")->check_expr,
		       "\"select\" > 0");
	e = catalog_find_enum(c, "Odd Schema", "E");
	ck_assert_ptr_nonnull(e);
	assert_list(e->values, e->nvalues, LIST("a'b", "c\"d", " spaced ", "<&>"));
	ck_assert_text(table_of(c, "public", "we\"ird")->o.comment, "tab\there\nnewline");
	ck_assert_text(catalog_find_sequence(c, "Odd Schema", "s.q")->owned_by_table, "T");
	catalog_free(c);
	arena_release(&a);

	assert_round_trip(conn);
	PQfinish(conn);
}
END_TEST

/* Inside the caller's transaction: its work and settings survive. */
START_TEST(inside_a_transaction)
{
	PGconn *conn = test_db_connect(test_db_create("retort_intro_tx"));
	struct arena a = ARENA_INIT;
	struct catalog *c = NULL;
	char *v;

	test_db_exec(conn, "BEGIN; CREATE TABLE mine (x int); SET LOCAL search_path = nowhere");
	ck_assert_int_eq(introspect(conn, &a, NULL, &c), EXIT_OK);
	ck_assert_int_eq(PQtransactionStatus(conn), PQTRANS_INTRANS);
	/* The uncommitted table is seen, and the caller's search_path is back. */
	ck_assert_ptr_nonnull(catalog_find_table(c, "public", "mine"));
	v = test_db_value(conn, "SHOW search_path");
	ck_assert_str_eq(v, "nowhere");
	free(v);
	test_db_exec(conn, "ROLLBACK");
	catalog_free(c);
	arena_release(&a);
	PQfinish(conn);
}
END_TEST

/* --- failures --------------------------------------------------------- */

START_TEST(lost_connection)
{
	const char *conninfo = test_db_create("retort_intro_lost");
	PGconn *conn = test_db_connect(conninfo), *admin = test_db_connect(conninfo);
	struct arena a = ARENA_INIT;
	struct catalog *c = NULL;
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d)", PQbackendPID(conn));
	test_db_exec(admin, sql);
	ck_assert_int_eq(introspect(conn, &a, NULL, &c), EXIT_DATABASE);
	ck_assert_ptr_null(c);
	arena_release(&a);
	PQfinish(conn);
	PQfinish(admin);
}
END_TEST

START_TEST(strip_parens)
{
	static const char *const cases[][2] = {
		{ "(a > 0)", "a > 0" }, { "(a) OR (b)", "(a) OR (b)" }, { "f(x)", "f(x)" },
		{ "((a))", "(a)" }, { "(')(')", "')('" }, { "(\"a)\" > 0)", "\"a)\" > 0" },
		{ "(E'\\')' = x)", "E'\\')' = x" }, { "(a", "(a" }, { "()", "" }, { "x", "x" },
		{ "(\nCASE\n    WHEN a THEN b\nEND)", "CASE\n    WHEN a THEN b\nEND" }, { "( )", "" },
	};
	struct arena a = ARENA_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(strip_outer_parens(&a, cases[i][0]), cases[i][1]);
	ck_assert_ptr_null(strip_outer_parens(&a, NULL));
	arena_release(&a);
}
END_TEST

/*
 * Queries sent on conn while introspecting, counted from libpq's protocol
 * trace (frontend Parse and Query messages); *constraints_here (when not
 * NULL) says whether the constraint query was one of them, that is, was
 * not read on a second connection.
 */
static int count_queries_opts(PGconn *conn, const struct introspect_opts *o,
			      bool *constraints_here)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = NULL;
	FILE *f = tmpfile();
	char line[65536];
	int n = 0;

	ck_assert_ptr_nonnull(f);
	if (constraints_here)
		*constraints_here = false;
	PQtrace(conn, f);
	ck_assert_int_eq(introspect(conn, &a, o, &c), EXIT_OK);
	PQuntrace(conn);
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "\tF\t") || !(strstr(line, "\tParse\t") || strstr(line, "\tQuery\t")))
			continue;
		n++;
		if (constraints_here && strstr(line, "SELECT con.oid, con.conrelid"))
			*constraints_here = true;
	}
	fclose(f);
	catalog_free(c);
	arena_release(&a);
	return n;
}

static int count_queries(PGconn *conn)
{
	return count_queries_opts(conn, NULL, NULL);
}

/* The canonical listing of what introspect reads through conn. */
static char *dump_of(PGconn *conn, const struct introspect_opts *o)
{
	struct arena a = ARENA_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct catalog *c = inspect(conn, &a, o);

	catalog_dump(c, &sb);
	catalog_free(c);
	arena_release(&a);
	return strbuf_detach(&sb);
}

/*
 * Introspecting through conn (with o) sends `queries` statements, the
 * constraint query among them (so all was read on this one connection),
 * and reads what expected lists.
 */
static void assert_read_on_one(PGconn *conn, const struct introspect_opts *o, int queries,
			       const char *expected)
{
	bool here;
	char *got;

	ck_assert_int_eq(count_queries_opts(conn, o, &here), queries);
	ck_assert(here);
	got = dump_of(conn, o);
	ck_assert_str_eq(got, expected);
	free(got);
}

/*
 * Many tables: the result is complete and the read stays fast. From 100
 * tables the constraints and indexes are read on a second connection in
 * the same snapshot; without one (a role limited to one connection) the
 * read is the same, on one.
 */
START_TEST(many_tables)
{
	const char *info = test_db_create("retort_intro_many");
	PGconn *conn = test_db_connect(info), *one;
	struct introspect_opts one_conn = { NULL, 0, NULL, NULL, true };
	struct arena a = ARENA_INIT;
	struct catalog *c;
	char *n, *both, one_info[1024];
	bool here;
	int few;

	test_db_exec(conn, "CREATE TABLE t0 (id int PRIMARY KEY, b text CHECK (b <> ''))");
	few = count_queries(conn);
	test_db_exec(conn,
		"DO $$ BEGIN FOR i IN 1..400 LOOP\n"
		"  EXECUTE format('CREATE TABLE t%s (id serial PRIMARY KEY, a int CHECK (a > 0),\n"
		"    b text DEFAULT ''x'', parent int REFERENCES t%s (id))', i, greatest(i - 1, 1));\n"
		"  EXECUTE format('CREATE INDEX ON t%s (lower(b)) WHERE a > 1', i);\n"
		"  EXECUTE format('COMMENT ON COLUMN t%s.a IS ''col %s''', i, i);\n"
		"END LOOP; END $$");
	/*
	 * One query per kind of object, whatever the number of objects. Here
	 * two of them go to the second connection, and two more ask whether the
	 * snapshot may be exported and export it.
	 */
	ck_assert_int_eq(count_queries_opts(conn, NULL, &here), few);
	ck_assert(!here);
	ck_assert_int_ge(few, 9);	/* the trace is really counted */
	ck_assert_int_le(few, 12);
	both = dump_of(conn, NULL);
	ck_assert_ptr_nonnull(strstr(both, "t399"));

	/* Told to use one connection, it uses one. */
	assert_read_on_one(conn, &one_conn, few, both);

	/* A role limited to one connection: tried, then all on one. */
	snprintf(one_info, sizeof(one_info), "%s user=retort_one_conn", info);
	test_db_exec(conn, "DROP ROLE IF EXISTS retort_one_conn;"
			   "CREATE ROLE retort_one_conn LOGIN CONNECTION LIMIT 1");
	one = test_db_connect(one_info);
	assert_read_on_one(one, NULL, few + 2, both);
	PQfinish(one);

	/*
	 * No right to export the snapshot (hardened servers revoke it): asked
	 * first, so the read is not spoiled; all on one.
	 */
	test_db_exec(conn, "ALTER ROLE retort_one_conn CONNECTION LIMIT -1;"
			   "REVOKE EXECUTE ON FUNCTION pg_export_snapshot() FROM PUBLIC");
	one = test_db_connect(one_info);
	assert_read_on_one(one, NULL, few + 1, both);
	PQfinish(one);
	test_db_exec(conn, "GRANT EXECUTE ON FUNCTION pg_export_snapshot() TO PUBLIC;"
			   "DROP ROLE retort_one_conn");
	free(both);

	c = inspect(conn, &a, NULL);
	ck_assert_uint_eq(c->tables.len, 401);
	ck_assert_uint_eq(c->sequences.len, 400);	/* t0 has no serial */
	ck_assert_text(column_of(c, "public", "t250", "a")->o.comment, "col 250");
	ck_assert_text(index_of(c, "public", "t17_lower_idx")->predicate, "a > 1");
	ck_assert_text(constraint_of(c, "public", "t300", "t300_parent_fkey")->ref_table, "t299");
	n = test_db_value(conn, "SELECT count(*) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'n'");
	ck_assert_str_eq(n, "1202");
	free(n);
	catalog_free(c);
	arena_release(&a);

	assert_round_trip(conn);
	PQfinish(conn);
}
END_TEST

/*
 * Waits until the constraint query waits on the lock, ends that session,
 * then the one holding the lock. arg: an open connection (a new one might
 * itself wait on the lock while its backend starts).
 */
static char *ended_side;	/* how many sessions end_side_then_locker ended */

static void *end_side_then_locker(void *arg)
{
	PGconn *admin = arg;
	int i;

	for (i = 0; i < 200; i++) {
		char *n = test_db_value(admin, "SELECT count(*) FROM pg_stat_activity "
					       "WHERE query LIKE 'SELECT con.oid%' "
					       "AND wait_event_type = 'Lock'");
		bool waiting = strcmp(n, "0") != 0;

		free(n);
		if (waiting)
			break;
		PQclear(PQexec(admin, "SELECT pg_sleep(0.05)"));
	}
	ended_side = test_db_value(admin, "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
					  "FROM pg_stat_activity WHERE query LIKE 'SELECT con.oid%' "
					  "AND wait_event_type = 'Lock'");
	PQclear(PQexec(admin, "SELECT pg_sleep(0.3)"));
	PQclear(PQexec(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
			      "WHERE application_name = 'retort_locker'"));
	return NULL;
}

/*
 * The second connection dies in the middle of the read (here: it waits on
 * a lock and is terminated): the read goes on, complete, on the first.
 */
START_TEST(second_connection_dies)
{
	const char *info = test_db_create("retort_intro_side_dies");
	PGconn *conn = test_db_connect(info), *locker, *admin;
	static const struct introspect_opts one_conn = { NULL, 0, NULL, NULL, true };
	char locker_info[1024], *before, *after;
	pthread_t killer;

	test_db_exec(conn,
		"DO $$ BEGIN FOR i IN 1..150 LOOP\n"
		"  EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, a int CHECK (a > 0))', i);\n"
		"END LOOP; END $$");
	before = dump_of(conn, &one_conn);
	admin = test_db_connect(info);
	snprintf(locker_info, sizeof(locker_info), "%s application_name=retort_locker", info);
	locker = test_db_connect(locker_info);
	/* The constraint query (second connection) needs pg_constraint; the column query does not. */
	test_db_exec(locker, "BEGIN; LOCK TABLE pg_constraint IN ACCESS EXCLUSIVE MODE");
	ck_assert_int_eq(pthread_create(&killer, NULL, end_side_then_locker, admin), 0);
	after = dump_of(conn, NULL);
	pthread_join(killer, NULL);
	ck_assert_str_eq(ended_side, "1");	/* the second connection really died */
	free(ended_side);
	ck_assert_str_eq(before, after);
	ck_assert_ptr_nonnull(strstr(after, "t150_a_check"));
	free(before);
	free(after);
	PQfinish(admin);
	PQfinish(locker);
	PQfinish(conn);
}
END_TEST

static Suite *introspect_suite(void)
{
	Suite *s = suite_create("introspect");
	TCase *tc = tcase_create("introspect");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, strip_parens);
	tcase_add_test(tc, columns_and_identifiers);
	tcase_add_test(tc, identity_options);
	tcase_add_test(tc, constraints);
	tcase_add_test(tc, indexes);
	tcase_add_test(tc, enums_sequences_extensions);
	tcase_add_test(tc, unmanaged_objects);
	tcase_add_test(tc, awkward_names_round_trip);
	tcase_add_test(tc, version_table_filter_and_schemas);
	tcase_add_test(tc, lost_connection);
	tcase_add_test(tc, inside_a_transaction);
	tcase_add_test(tc, many_tables);
	tcase_add_test(tc, second_connection_dies);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(introspect_suite)
