/*
 * check_model.c - the model reader: every feature into exact catalog
 * content, every error path with its FILE:LINE, hostile input, multi-file
 * merge and filtering.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "catalog.h"
#include "filter.h"
#include "model.h"
#include "strbuf.h"
#include "testutil.h"

#define HEAD "<?xml version=\"1.0\"?>\n<model xmlns=\"urn:retort:model:1\">\n"
#define TAIL "</model>\n"

/* A parsed and checked model plus everything it reported. */
struct result {
	struct arena arena;
	struct diags d;
	struct catalog *c;
	int rc;
	struct strbuf messages;	/* "t.xml:3: error: text\n" per diagnostic */
};

static void collect_messages(struct result *r)
{
	size_t i;

	for (i = 0; i < r->d.len; i++) {
		const struct diag_item *it = &r->d.items[i];

		strbuf_addf(&r->messages, "%s:%d: %s: %s\n", it->file ? it->file : "-", it->line,
			    it->is_error ? "error" : "warning", it->text);
	}
}

static void parse_len(struct result *r, const char *xml, size_t len)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	strbuf_init(&r->messages);
	r->c = catalog_new(&r->arena);
	r->rc = model_parse_buffer(r->c, xml, len, "t.xml", &r->d);
	if (r->rc == 0)
		r->rc = model_check(r->c, &r->d);
	collect_messages(r);
}

static void parse(struct result *r, const char *xml)
{
	parse_len(r, xml, strlen(xml));
}

/* Appends n one-line tables t0, t1, ... */
static void add_tables(struct strbuf *sb, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "  <table name=\"t%zu\"><column name=\"x\" type=\"int\"/></table>\n", i);
}

static void done(struct result *r)
{
	catalog_free(r->c);
	diag_release(&r->d);
	strbuf_release(&r->messages);
	arena_release(&r->arena);
}

/* Parses xml, which must be valid; fails the test with the messages otherwise. */
static void parse_ok(struct result *r, const char *xml)
{
	parse(r, xml);
	ck_assert_msg(r->rc == 0 && r->d.nerrors == 0, "unexpected errors:\n%s", r->messages.buf);
}

/* Parses xml, which must fail with a message containing want. */
static void expect_error(const char *xml, const char *want)
{
	struct result r;

	parse(&r, xml);
	ck_assert_msg(r.rc < 0, "no error for:\n%s", xml);
	ck_assert_msg(strstr(r.messages.buf, want) != NULL, "expected '%s' in:\n%s", want,
		      r.messages.buf);
	done(&r);
}

/* Like expect_error, and want must be the only error. */
static void expect_one_error(const char *xml, const char *want)
{
	struct result r;

	parse(&r, xml);
	ck_assert_msg(r.d.nerrors == 1, "expected exactly one error, got:\n%s", r.messages.buf);
	ck_assert_msg(strstr(r.messages.buf, want) != NULL, "expected '%s' in:\n%s", want,
		      r.messages.buf);
	done(&r);
}

static struct table *table(struct result *r, const char *schema, const char *name)
{
	struct table *t = catalog_find_table(r->c, schema, name);

	ck_assert_msg(t != NULL, "no table %s.%s", schema, name);
	return t;
}

static struct column *column(struct table *t, const char *name)
{
	struct column *col = table_find_column(t, name);

	ck_assert_msg(col != NULL, "no column %s", name);
	return col;
}

static struct constraint *constraint(struct table *t, const char *name)
{
	struct constraint *con = table_find_constraint(t, name);

	ck_assert_msg(con != NULL, "no constraint %s", name);
	return con;
}

static void assert_list(const char *const *items, size_t n, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", items[i]);
	ck_assert_str_eq(sb.buf, want);
	strbuf_release(&sb);
}

/* --- features ------------------------------------------------------------ */

START_TEST(columns_and_tables)
{
	struct result r;
	struct table *t;
	struct column *col;

	parse_ok(&r, HEAD
		 "  <extension name=\"pgcrypto\" schema=\"ext\" version=\"1.3\"/>\n"
		 "  <extension name=\"citext\"/>\n"
		 "  <table name=\"runs\" comment=\"one run\" renamed-from=\"jobs\">\n"
		 "    <column name=\"id\" type=\" bigint \" identity=\"always\"/>\n"
		 "    <column name=\"n\" type=\"integer\" identity=\"by-default\"/>\n"
		 "    <column name=\"name\" type=\"varchar(20)\" nullable=\"false\" collation=\"C\"\n"
		 "            default=\"'x'\" comment=\"what\" renamed-from=\"title\"/>\n"
		 "    <column name=\"total\" type=\"numeric\" generated=\"n * 2\"/>\n"
		 "    <column name=\"note\" type=\"text\" nullable=\"true\" comment=\"\"/>\n"
		 "  </table>\n" TAIL);
	ck_assert_uint_eq(r.c->extensions.len, 2);
	ck_assert_str_eq(catalog_find_extension(r.c, "pgcrypto")->o.schema, "ext");
	ck_assert_str_eq(catalog_find_extension(r.c, "pgcrypto")->version, "1.3");
	ck_assert_ptr_null(catalog_find_extension(r.c, "citext")->version);
	ck_assert_ptr_null(catalog_find_extension(r.c, "citext")->o.schema);

	t = table(&r, "public", "runs");
	ck_assert_str_eq(t->o.comment, "one run");
	ck_assert_str_eq(t->renamed_from, "jobs");
	ck_assert_str_eq(t->o.file, "t.xml");
	ck_assert_int_eq(t->o.line, 5);
	ck_assert_uint_eq(t->columns.len, 5);
	ck_assert_str_eq(((struct column *)t->columns.items[0])->o.name, "id");
	ck_assert_str_eq(((struct column *)t->columns.items[4])->o.name, "note");

	col = column(t, "id");
	ck_assert_str_eq(col->type, "bigint");
	ck_assert_int_eq(col->identity, IDENTITY_ALWAYS);
	ck_assert(col->not_null);
	ck_assert_int_eq(col->o.line, 6);
	ck_assert_int_eq(column(t, "n")->identity, IDENTITY_BY_DEFAULT);

	col = column(t, "name");
	ck_assert_str_eq(col->type, "varchar(20)");
	ck_assert(col->not_null);
	ck_assert_str_eq(col->collation, "C");
	ck_assert_str_eq(col->default_expr, "'x'");
	ck_assert_str_eq(col->o.comment, "what");
	ck_assert_str_eq(col->renamed_from, "title");
	ck_assert_int_eq(col->identity, IDENTITY_NONE);

	col = column(t, "total");
	ck_assert_str_eq(col->generated, "n * 2");
	ck_assert(!col->not_null);
	ck_assert_ptr_null(col->default_expr);
	ck_assert(!column(t, "note")->not_null);
	ck_assert_ptr_null(column(t, "note")->o.comment);	/* empty: no comment */
	ck_assert_uint_eq(t->constraints.len, 0);
	ck_assert_uint_eq(t->indexes.len, 0);
	done(&r);
}
END_TEST

START_TEST(enums_and_sequences)
{
	struct result r;
	struct enum_type *e;
	struct sequence *s;

	parse_ok(&r, HEAD
		 "  <enum name=\"run_status\" comment=\"states\">\n"
		 "    <value>pending</value><value>running</value><value> spaced </value>\n"
		 "  </enum>\n"
		 "  <enum name=\"empty\"/>\n"
		 "  <sequence name=\"plain\"/>\n"
		 "  <sequence name=\"inv\" type=\"integer\" start=\"100\" increment=\"5\" min=\"10\"\n"
		 "            max=\"1000\" cache=\"20\" cycle=\"true\" owned-by=\"t.id\" comment=\"c\"/>\n"
		 "  <sequence name=\"down\" type=\"smallint\" increment=\"-1\"/>\n"
		 "  <sequence name=\"from_min\" min=\"50\"/>\n"
		 "  <table name=\"t\"><column name=\"id\" type=\"integer\"/></table>\n" TAIL);
	e = catalog_find_enum(r.c, "public", "run_status");
	ck_assert_ptr_nonnull(e);
	assert_list(e->values, e->nvalues, "pending,running, spaced ");
	ck_assert_str_eq(e->o.comment, "states");
	ck_assert_uint_eq(catalog_find_enum(r.c, "public", "empty")->nvalues, 0);

	s = catalog_find_sequence(r.c, "public", "plain");
	ck_assert_str_eq(s->type, "bigint");
	ck_assert_int_eq(s->start, 1);
	ck_assert_int_eq(s->increment, 1);
	ck_assert_int_eq(s->min_value, 1);
	ck_assert_int_eq(s->max_value, 9223372036854775807LL);
	ck_assert_int_eq(s->cache, 1);
	ck_assert(!s->cycle);
	ck_assert_ptr_null(s->owned_by_table);

	s = catalog_find_sequence(r.c, "public", "inv");
	ck_assert_str_eq(s->type, "integer");
	ck_assert_int_eq(s->start, 100);
	ck_assert_int_eq(s->increment, 5);
	ck_assert_int_eq(s->min_value, 10);
	ck_assert_int_eq(s->max_value, 1000);
	ck_assert_int_eq(s->cache, 20);
	ck_assert(s->cycle);
	ck_assert_str_eq(s->owned_by_table, "t");
	ck_assert_str_eq(s->owned_by_column, "id");
	ck_assert_str_eq(s->o.comment, "c");

	/* PostgreSQL's defaults for a descending smallint sequence */
	s = catalog_find_sequence(r.c, "public", "down");
	ck_assert_int_eq(s->increment, -1);
	ck_assert_int_eq(s->min_value, -32768);
	ck_assert_int_eq(s->max_value, -1);
	ck_assert_int_eq(s->start, -1);
	/* start defaults to min */
	ck_assert_int_eq(catalog_find_sequence(r.c, "public", "from_min")->start, 50);
	done(&r);
}
END_TEST

START_TEST(column_shorthand)
{
	struct result r;
	struct table *t;
	struct constraint *con;

	parse_ok(&r, HEAD
		 "  <table name=\"crews\">\n"
		 "    <column name=\"id\" type=\"uuid\" primary-key=\"true\"/>\n"
		 "  </table>\n"
		 "  <table name=\"members\">\n"
		 "    <column name=\"crew_id\" type=\"uuid\" primary-key=\"true\" references=\"crews\"\n"
		 "            on-delete=\"cascade\" on-update=\"set null\" comment=\"col\"/>\n"
		 "    <column name=\"email\" type=\"text\" unique=\"true\"/>\n"
		 "    <column name=\"user_no\" type=\"int\" primary-key=\"true\"/>\n"
		 "    <column name=\"other\" type=\"uuid\" references=\"crews(id)\"/>\n"
		 "  </table>\n" TAIL);
	t = table(&r, "public", "members");
	con = constraint(t, "members_pkey");
	ck_assert_int_eq(con->type, CON_PRIMARY);
	ck_assert(con->name_derived);
	assert_list(con->columns, con->ncolumns, "crew_id,user_no");
	ck_assert_int_eq(con->o.line, 7);	/* where the first primary-key column starts */
	ck_assert(column(t, "crew_id")->not_null);
	ck_assert(column(t, "user_no")->not_null);

	con = constraint(t, "members_email_key");
	ck_assert_int_eq(con->type, CON_UNIQUE);
	assert_list(con->columns, con->ncolumns, "email");
	ck_assert_int_eq(con->o.line, 9);
	ck_assert(!column(t, "email")->not_null);

	con = constraint(t, "members_crew_id_fkey");
	ck_assert_int_eq(con->type, CON_FOREIGN);
	assert_list(con->columns, con->ncolumns, "crew_id");
	ck_assert_str_eq(con->ref_schema, "public");
	ck_assert_str_eq(con->ref_table, "crews");
	assert_list(con->ref_columns, con->nref_columns, "id");	/* the target's primary key */
	ck_assert_int_eq(con->on_delete, FK_CASCADE);
	ck_assert_int_eq(con->on_update, FK_SET_NULL);
	ck_assert_ptr_null(con->o.comment);	/* the column's comment is not the key's */
	ck_assert_int_eq(con->match, 's');
	ck_assert(!con->deferrable);

	con = constraint(t, "members_other_fkey");
	ck_assert_int_eq(con->on_delete, FK_NO_ACTION);
	ck_assert_int_eq(con->on_update, FK_NO_ACTION);
	assert_list(con->ref_columns, con->nref_columns, "id");
	ck_assert_uint_eq(t->constraints.len, 4);
	done(&r);
}
END_TEST

START_TEST(explicit_constraints)
{
	struct result r;
	struct table *t;
	struct constraint *con;

	parse_ok(&r, HEAD
		 "  <table name=\"p\">\n"
		 "    <column name=\"a\" type=\"int\"/>\n"
		 "    <column name=\"My Col\" type=\"int\"/>\n"
		 "    <primary-key name=\"p_main\" columns=\" a , &quot;My Col&quot; \" comment=\"pk\"/>\n"
		 "  </table>\n"
		 "  <table name=\"c\">\n"
		 "    <column name=\"x\" type=\"int\"/>\n"
		 "    <column name=\"y\" type=\"int\"/>\n"
		 "    <unique columns=\"x, y\" nulls-not-distinct=\"true\"/>\n"
		 "    <unique name=\"c_y_only\" columns=\"Y\"/>\n"
		 "    <check expression=\" x > 0 \"/>\n"
		 "    <check name=\"ordered\" expression=\"x &lt; y\" comment=\"in order\"/>\n"
		 "    <foreign-key columns=\"x, y\" references=\"p(a, &quot;My Col&quot;)\"\n"
		 "        on-delete=\"restrict\" on-update=\"set default\" match=\"full\"\n"
		 "        initially-deferred=\"true\"/>\n"
		 "    <foreign-key name=\"c_fk2\" columns=\"y, x\" references=\"p\" deferrable=\"true\"/>\n"
		 "  </table>\n" TAIL);
	con = constraint(table(&r, "public", "p"), "p_main");
	ck_assert(!con->name_derived);
	/* primary key columns are NOT NULL, as in PostgreSQL */
	ck_assert(column(table(&r, "public", "p"), "a")->not_null);
	ck_assert(column(table(&r, "public", "p"), "My Col")->not_null);
	ck_assert(!column(table(&r, "public", "c"), "x")->not_null);
	assert_list(con->columns, con->ncolumns, "a,My Col");
	ck_assert_str_eq(con->o.comment, "pk");
	ck_assert_int_eq(column(table(&r, "public", "p"), "My Col")->o.line, 5);

	t = table(&r, "public", "c");
	con = constraint(t, "c_x_y_key");
	ck_assert(con->nulls_not_distinct);
	ck_assert(con->name_derived);
	con = constraint(t, "c_y_only");
	assert_list(con->columns, con->ncolumns, "y");	/* bare names fold to lower case */
	con = constraint(t, "c_x_check");
	ck_assert_str_eq(con->check_expr, "x > 0");
	ck_assert_int_eq(con->o.line, 13);
	ck_assert_str_eq(constraint(t, "ordered")->check_expr, "x < y");
	ck_assert_str_eq(constraint(t, "ordered")->o.comment, "in order");
	ck_assert_ptr_null(constraint(t, "c_x_check")->o.comment);

	con = constraint(t, "c_x_y_fkey");
	ck_assert_str_eq(con->ref_table, "p");
	assert_list(con->ref_columns, con->nref_columns, "a,My Col");
	ck_assert_int_eq(con->on_delete, FK_RESTRICT);
	ck_assert_int_eq(con->on_update, FK_SET_DEFAULT);
	ck_assert_int_eq(con->match, 'f');
	ck_assert(con->initially_deferred);
	ck_assert(con->deferrable);	/* implied, as in PostgreSQL */
	con = constraint(t, "c_fk2");
	ck_assert(con->deferrable);
	ck_assert(!con->initially_deferred);
	assert_list(con->ref_columns, con->nref_columns, "a,My Col");
	done(&r);
}
END_TEST

START_TEST(indexes)
{
	struct result r;
	struct table *t;
	struct index *ix;

	parse_ok(&r, HEAD
		 "  <table name=\"users\">\n"
		 "    <column name=\"id\" type=\"int\"/>\n"
		 "    <column name=\"email\" type=\"text\"/>\n"
		 "    <column name=\"at\" type=\"timestamptz\"/>\n"
		 "    <index columns=\"id, at DESC NULLS LAST, email nulls first\"/>\n"
		 "    <index name=\"users_email_lower\" unique=\"true\" using=\"btree\"\n"
		 "           where=\"id > 0\" include=\"at\" nulls-not-distinct=\"true\"\n"
		 "           with=\"fillfactor=70\" comment=\"lookups\">\n"
		 "      <key expression=\"lower(email)\" order=\"desc\" nulls=\"last\"\n"
		 "           opclass=\"text_pattern_ops\" collation=\"C\"/>\n"
		 "      <key column=\"id\"/>\n"
		 "    </index>\n"
		 "    <index using=\"gin\"><key expression=\"to_tsvector('simple', email)\"/></index>\n"
		 "  </table>\n" TAIL);
	t = table(&r, "public", "users");
	ck_assert_uint_eq(t->indexes.len, 3);

	ix = catalog_find_index(r.c, "public", "users_id_at_email_idx");
	ck_assert_ptr_nonnull(ix);
	ck_assert(ix->name_derived);
	ck_assert_ptr_eq(ix->table, t);
	ck_assert_int_eq(ix->o.line, 7);
	ck_assert_str_eq(ix->method, "btree");
	ck_assert_uint_eq(ix->nelems, 3);
	ck_assert_str_eq(ix->elems[0].column, "id");
	ck_assert(!ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 0);
	ck_assert_str_eq(ix->elems[1].column, "at");
	ck_assert(ix->elems[1].desc);
	ck_assert_int_eq(ix->elems[1].nulls, 'l');
	ck_assert_int_eq(ix->elems[2].nulls, 'f');
	ck_assert(!ix->unique);

	ix = catalog_find_index(r.c, "public", "users_email_lower");
	ck_assert_ptr_nonnull(ix);
	ck_assert(!ix->name_derived);
	ck_assert(ix->unique);
	ck_assert_str_eq(ix->predicate, "id > 0");
	assert_list(ix->include, ix->ninclude, "at");
	ck_assert(ix->nulls_not_distinct);
	ck_assert_str_eq(ix->with, "fillfactor=70");
	ck_assert_str_eq(ix->o.comment, "lookups");
	ck_assert_uint_eq(ix->nelems, 2);
	ck_assert_ptr_null(ix->elems[0].column);
	ck_assert_str_eq(ix->elems[0].expr, "lower(email)");
	ck_assert(ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 'l');
	ck_assert_str_eq(ix->elems[0].opclass, "text_pattern_ops");
	ck_assert_str_eq(ix->elems[0].collation, "C");
	ck_assert_str_eq(ix->elems[1].column, "id");

	ix = catalog_find_index(r.c, "public", "users_to_tsvector_idx");
	ck_assert_ptr_nonnull(ix);
	ck_assert_str_eq(ix->method, "gin");
	done(&r);
}
END_TEST

START_TEST(serial_columns)
{
	struct result r;
	struct column *col;
	struct sequence *s;

	parse_ok(&r, HEAD
		 "  <table name=\"t\">\n"
		 "    <column name=\"id\" type=\"serial\" primary-key=\"true\"/>\n"
		 "    <column name=\"big\" type=\"BIGSERIAL\"/>\n"
		 "  </table>\n"
		 "  <schema name=\"billing\">\n"
		 "    <table name=\"Inv\"><column name=\"n\" type=\"smallserial\"/></table>\n"
		 "  </schema>\n" TAIL);
	col = column(table(&r, "public", "t"), "id");
	ck_assert_str_eq(col->type, "integer");
	ck_assert(col->not_null);
	ck_assert_str_eq(col->default_expr, "nextval('t_id_seq'::regclass)");
	s = catalog_find_sequence(r.c, "public", "t_id_seq");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->type, "integer");
	ck_assert_int_eq(s->max_value, 2147483647);
	ck_assert_str_eq(s->owned_by_table, "t");
	ck_assert_str_eq(s->owned_by_column, "id");

	col = column(table(&r, "public", "t"), "big");
	ck_assert_str_eq(col->type, "bigint");
	ck_assert_str_eq(catalog_find_sequence(r.c, "public", "t_big_seq")->type, "bigint");

	col = column(table(&r, "billing", "Inv"), "n");
	ck_assert_str_eq(col->type, "smallint");
	ck_assert_str_eq(col->default_expr, "nextval('billing.\"Inv_n_seq\"'::regclass)");
	ck_assert_ptr_nonnull(catalog_find_sequence(r.c, "billing", "Inv_n_seq"));
	done(&r);
}
END_TEST

START_TEST(schemas_and_references)
{
	struct result r;
	struct constraint *con;
	struct table *t;

	parse_ok(&r, HEAD
		 "  <table name=\"users\"><column name=\"id\" type=\"int\" primary-key=\"true\"/></table>\n"
		 "  <table name=\"plans\"><column name=\"id\" type=\"int\" primary-key=\"true\"/></table>\n"
		 "  <schema name=\"billing\" comment=\"money\">\n"
		 "    <enum name=\"status\"><value>open</value></enum>\n"
		 "    <table name=\"plans\"><column name=\"id\" type=\"int\" primary-key=\"true\"/></table>\n"
		 "    <table name=\"invoices\">\n"
		 "      <column name=\"user_id\" type=\"int\" references=\"users\"/>\n"
		 "      <column name=\"plan_id\" type=\"int\" references=\"plans\"/>\n"
		 "      <column name=\"pub_plan\" type=\"int\" references=\"public.plans(id)\"/>\n"
		 "      <column name=\"st\" type=\"billing.status\" default=\"'open'::billing.status\"/>\n"
		 "    </table>\n"
		 "  </schema>\n"
		 "  <schema name=\"billing\"/>\n"
		 "  <schema name=\"public\"/>\n" TAIL);
	ck_assert_uint_eq(r.c->schemas.len, 1);	/* public is implicit */
	ck_assert_str_eq(catalog_find_schema(r.c, "billing")->o.comment, "money");
	ck_assert_ptr_nonnull(catalog_find_enum(r.c, "billing", "status"));
	t = table(&r, "billing", "invoices");
	ck_assert_str_eq(t->o.schema, "billing");
	ck_assert_str_eq(column(t, "user_id")->o.schema, "billing");
	/* unqualified: the referencing table's schema when it has such a table */
	con = constraint(t, "invoices_plan_id_fkey");
	ck_assert_str_eq(con->ref_schema, "billing");
	ck_assert_str_eq(con->o.schema, "billing");
	/* ... else public */
	ck_assert_str_eq(constraint(t, "invoices_user_id_fkey")->ref_schema, "public");
	ck_assert_str_eq(constraint(t, "invoices_pub_plan_fkey")->ref_schema, "public");
	ck_assert_ptr_nonnull(constraint(table(&r, "billing", "plans"), "plans_pkey"));
	done(&r);
}
END_TEST

START_TEST(derived_names_avoid_taken_ones)
{
	struct result r;
	struct table *t;

	parse_ok(&r, HEAD
		 "  <table name=\"t_pkey\"><column name=\"x\" type=\"int\"/></table>\n"
		 "  <table name=\"t\">\n"
		 "    <column name=\"a\" type=\"int\" primary-key=\"true\"/>\n"
		 "    <column name=\"b\" type=\"int\"/>\n"
		 "    <column name=\"c\" type=\"int\"/>\n"
		 "    <unique columns=\"a, b\"/>\n"
		 "    <unique name=\"t_b_key\" columns=\"c\"/>\n"
		 "    <unique columns=\"b\"/>\n"
		 "    <check expression=\"b > 0\"/>\n"
		 "    <check expression=\"b &lt; 10\"/>\n"
		 "    <check expression=\"a > b\"/>\n"
		 "    <index columns=\"b\"/>\n"
		 "    <index columns=\"b\"/>\n"
		 "    <index name=\"t_a_idx\" columns=\"a\"/>\n"
		 "    <index columns=\"a\"/>\n"
		 "  </table>\n"
		 "  <table name=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
		 "    <column name=\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\""
		 " type=\"int\" unique=\"true\"/>\n"
		 "  </table>\n" TAIL);
	t = table(&r, "public", "t");
	ck_assert_ptr_nonnull(table_find_constraint(t, "t_pkey1"));
	ck_assert_ptr_nonnull(table_find_constraint(t, "t_a_b_key"));
	/* only plain defaults count as derived; numbered names are spelled out */
	ck_assert(!table_find_constraint(t, "t_pkey1")->name_derived);
	ck_assert(table_find_constraint(t, "t_a_b_key")->name_derived);
	ck_assert(!table_find_constraint(t, "t_b_key")->name_derived);
	ck_assert(!table_find_constraint(t, "t_b_key1")->name_derived);
	ck_assert(table_find_constraint(t, "t_b_check")->name_derived);
	ck_assert(!table_find_constraint(t, "t_b_check1")->name_derived);
	ck_assert(catalog_find_index(r.c, "public", "t_b_idx")->name_derived);
	ck_assert(!catalog_find_index(r.c, "public", "t_b_idx1")->name_derived);
	ck_assert_ptr_nonnull(table_find_constraint(t, "t_b_key1"));
	ck_assert_ptr_nonnull(table_find_constraint(t, "t_b_check"));
	ck_assert_ptr_nonnull(table_find_constraint(t, "t_b_check1"));
	ck_assert_ptr_nonnull(table_find_constraint(t, "t_check"));
	ck_assert_ptr_nonnull(catalog_find_index(r.c, "public", "t_b_idx"));
	ck_assert_ptr_nonnull(catalog_find_index(r.c, "public", "t_b_idx1"));
	ck_assert_ptr_nonnull(catalog_find_index(r.c, "public", "t_a_idx1"));
	ck_assert(!catalog_find_index(r.c, "public", "t_a_idx")->name_derived);
	t = table(&r, "public", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	ck_assert_ptr_nonnull(table_find_constraint(t,
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key"));
	done(&r);
}
END_TEST

/* --- errors, each at its line -------------------------------------------- */

/* identity-* options resolve against PostgreSQL's defaults for the column's type. */
START_TEST(identity_options)
{
	struct result r;
	const struct column *c;

	parse_ok(&r, HEAD "  <table name=\"t\">\n"
		 "    <column name=\"a\" type=\"int\" identity=\"always\"/>\n"
		 "    <column name=\"b\" type=\"bigint\" identity=\"by-default\" identity-start=\"1000\"\n"
		 "            identity-increment=\"10\" identity-cache=\"20\" identity-cycle=\"true\"/>\n"
		 "    <column name=\"c\" type=\"int2\" identity=\"always\" identity-increment=\"-1\"/>\n"
		 "    <column name=\"d\" type=\"integer\" identity=\"always\" identity-min=\"5\"/>\n"
		 "  </table>\n" TAIL);
	c = column(table(&r, "public", "t"), "a");
	ck_assert(c->identity_start == 1 && c->identity_increment == 1 && c->identity_min == 1 &&
		  c->identity_max == 2147483647LL && c->identity_cache == 1 && !c->identity_cycle);
	c = column(table(&r, "public", "t"), "b");
	ck_assert(c->identity_start == 1000 && c->identity_increment == 10 && c->identity_min == 1 &&
		  c->identity_max == 9223372036854775807LL && c->identity_cache == 20 &&
		  c->identity_cycle);
	c = column(table(&r, "public", "t"), "c");
	ck_assert(c->identity_start == -1 && c->identity_min == -32768 && c->identity_max == -1);
	c = column(table(&r, "public", "t"), "d");
	ck_assert(c->identity_start == 5 && c->identity_min == 5);
	ck_assert(column(table(&r, "public", "t"), "d")->identity == IDENTITY_ALWAYS);
	done(&r);

	expect_error(HEAD "  <table name=\"t\">\n"
		     "    <column name=\"a\" type=\"int\" identity-start=\"5\"/>\n  </table>\n" TAIL,
		     "t.xml:4: error: column 'a' has identity-start but no identity");
	expect_error(HEAD "  <table name=\"t\">\n"
		     "    <column name=\"a\" type=\"int\" identity=\"always\" identity-increment=\"0\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: identity column 'a': increment must not be zero");
	expect_error(HEAD "  <table name=\"t\">\n"
		     "    <column name=\"a\" type=\"smallint\" identity=\"always\" identity-max=\"40000\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:4: error: identity column 'a': min and max must fit type smallint");
	expect_error(HEAD "  <table name=\"t\">\n"
		     "    <column name=\"a\" type=\"int\" identity=\"always\" identity-start=\"0\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:4: error: identity column 'a': start (0) must lie between min and max");
	expect_error(HEAD "  <table name=\"t\">\n"
		     "    <column name=\"a\" type=\"int\" identity=\"always\" identity-cache=\"x\"/>\n"
		     "  </table>\n" TAIL, "identity-cache");
}
END_TEST

/* A rename may leave its old name to a new object, and renames may chain or swap. */
START_TEST(renames_reuse_and_swap)
{
	struct result r;

	parse_ok(&r, HEAD "  <table name=\"accounts\" renamed-from=\"users\">\n"
		 "    <column name=\"id\" type=\"int\" primary-key=\"true\"/>\n  </table>\n"
		 "  <table name=\"users\">\n"
		 "    <column name=\"id\" type=\"int\" primary-key=\"true\"/>\n"
		 "    <column name=\"y\" type=\"int\" renamed-from=\"x\"/>\n"
		 "    <column name=\"x\" type=\"int\" renamed-from=\"y\"/>\n"
		 "    <column name=\"b\" type=\"int\" renamed-from=\"a\"/>\n"
		 "    <column name=\"c\" type=\"int\" renamed-from=\"b\"/>\n  </table>\n" TAIL);
	ck_assert_str_eq(table(&r, "public", "accounts")->renamed_from, "users");
	ck_assert_ptr_null(table(&r, "public", "users")->renamed_from);
	ck_assert_str_eq(column(table(&r, "public", "users"), "y")->renamed_from, "x");
	ck_assert_str_eq(column(table(&r, "public", "users"), "x")->renamed_from, "y");
	ck_assert_ptr_nonnull(constraint(table(&r, "public", "accounts"), "accounts_pkey"));
	ck_assert_ptr_nonnull(constraint(table(&r, "public", "users"), "users_pkey"));
	done(&r);
}
END_TEST

START_TEST(semantic_errors)
{
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" references=\"b\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: foreign key references unknown table 'b'");
	expect_error(HEAD "  <table name=\"users\"><column name=\"id\" type=\"int\" primary-key=\"true\"/>"
		     "</table>\n  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"int\" references=\"user(id)\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: foreign key references unknown table 'user'\n"
		     "hint: Did you mean 'users'?");
	expect_error(HEAD "  <table name=\"p\"><column name=\"id\" type=\"int\" primary-key=\"true\"/>"
		     "</table>\n  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <foreign-key columns=\"x\" references=\"p(idd)\"/>\n  </table>\n" TAIL,
		     "t.xml:6: error: foreign key target names column 'idd', which table 'p' does "
		     "not have\nhint: Did you mean 'id'?");
	expect_error(HEAD "  <table name=\"p\"><column name=\"id\" type=\"int\" primary-key=\"true\"/>"
		     "</table>\n  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <foreign-key columns=\"x, y\" references=\"p\"/>\n  </table>\n" TAIL,
		     "t.xml:6: error: foreign key has 2 columns but references 1");
	expect_error(HEAD "  <table name=\"p\"><column name=\"id\" type=\"int\"/></table>\n"
		     "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" references=\"p\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:5: error: foreign key references table 'p' without naming columns, "
		     "but that table has no primary key");
	expect_error(HEAD "  <table name=\"p\"><column name=\"id\" type=\"int\"/></table>\n"
		     "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" references=\"p(id)\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:5: error: foreign key references (id) of table 'p', which is neither");
	/* a unique index can be the target, a partial one cannot */
	expect_one_error(HEAD "  <table name=\"p\"><column name=\"a\" type=\"int\"/><column name=\"b\" "
		     "type=\"int\"/>\n    <index unique=\"true\" columns=\"b, a\"/>\n"
		     "    <index unique=\"true\" columns=\"b\" where=\"b > 0\"/></table>\n"
		     "  <table name=\"c\"><column name=\"x\" type=\"int\"/><column name=\"y\" type=\"int\"/>\n"
		     "    <foreign-key columns=\"x, y\" references=\"p(a, b)\"/>\n"
		     "    <foreign-key columns=\"y\" references=\"p(b)\"/></table>\n" TAIL,
		     "t.xml:8: error: foreign key references (b) of table 'p', which is neither "
		     "its primary key nor unique\nhint: PostgreSQL requires a primary key, unique "
		     "constraint or unique index over exactly the referenced columns.\n");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <index columns=\"y\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: index names column 'y', which table 'a' does not have");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <index columns=\"x\" include=\"z\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: index include names column 'z'");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <index><key column=\"q\"/></index>\n  </table>\n" TAIL,
		     "t.xml:5: error: index names column 'q'");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <primary-key columns=\"x, w\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: primary key names column 'w'");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <unique columns=\"x, x\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: unique constraint lists column 'x' twice");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\"/></table>\n"
		     "  <sequence name=\"s\" owned-by=\"b.x\"/>\n" TAIL,
		     "t.xml:4: error: sequence 's' is owned by unknown table 'b'");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\"/></table>\n"
		     "  <sequence name=\"s\" owned-by=\"a.y\"/>\n" TAIL,
		     "t.xml:4: error: sequence 's' is owned by 'a.y', which is no column");
	/* duplicates */
	expect_error(HEAD "  <table name=\"a\"/>\n  <table name=\"a\"/>\n" TAIL,
		     "t.xml:4: error: relation name 'public.a' is already taken; table 'a' has that "
		     "name (first defined at t.xml:3)");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <column name=\"x\" type=\"text\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: column 'x' is defined twice in table 'a' (first defined at t.xml:4)");
	expect_error(HEAD "  <enum name=\"e\"><value>a</value></enum>\n"
		     "  <enum name=\"e\"><value>b</value></enum>\n" TAIL,
		     "t.xml:4: error: enum 'public.e' is defined twice (first defined at t.xml:3)");
	expect_error(HEAD "  <enum name=\"e\">\n    <value>a</value>\n    <value>a</value>\n  </enum>\n" TAIL,
		     "t.xml:5: error: enum 'e' lists value 'a' twice");
	expect_error(HEAD "  <sequence name=\"s\"/>\n  <sequence name=\"s\"/>\n" TAIL,
		     "t.xml:4: error: relation name 'public.s' is already taken; sequence 's'");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <check name=\"c\" expression=\"x > 0\"/>\n"
		     "    <check name=\"c\" expression=\"x > 1\"/>\n  </table>\n" TAIL,
		     "t.xml:6: error: constraint 'c' is defined twice in table 'a' (first defined at t.xml:5)");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <index name=\"a\" columns=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: relation name 'public.a' is already taken; table 'a' has that name");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <unique name=\"ix\" columns=\"x\"/>\n"
		     "    <index name=\"ix\" columns=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: constraint name 'ix' is already taken by index 'ix' (t.xml:6)");
	expect_error(HEAD "  <extension name=\"x\"/>\n  <extension name=\"x\"/>\n" TAIL,
		     "t.xml:4: error: extension 'x' is declared twice");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <unique columns=\"x\"/>\n    <unique columns=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:6: error: unique constraint repeats the unique constraint at t.xml:5");
	expect_error(HEAD "  <table name=\"p\"><column name=\"id\" type=\"int\" primary-key=\"true\"/>"
		     "</table>\n  <table name=\"a\">\n    <column name=\"x\" type=\"int\" references=\"p\"/>\n"
		     "    <foreign-key columns=\"x\" references=\"p(id)\" on-delete=\"cascade\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:6: error: foreign key repeats the foreign key at t.xml:5 over the same columns");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" primary-key=\"true\"/>\n"
		     "    <unique columns=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: unique constraint repeats the primary key at t.xml:4");
	/* enum defaults */
	expect_error(HEAD "  <enum name=\"st\"><value>pending</value><value>done</value></enum>\n"
		     "  <table name=\"a\">\n"
		     "    <column name=\"s\" type=\"st\" default=\"'pendng'::st\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: default 'pendng' of column 's' is not a value of enum 'st'\n"
		     "hint: Did you mean 'pending'?");
	/* shorthand conflicts */
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" primary-key=\"true\"/>\n"
		     "    <primary-key columns=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: table 'a' has two primary keys: <primary-key> and "
		     "primary-key=\"true\" on column 'x' (line 4)");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <primary-key columns=\"x\"/>\n    <primary-key columns=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:6: error: table 'a' has a second <primary-key> (the first is at line 5)");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"int\" primary-key=\"true\" unique=\"true\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: column 'x' is both primary-key and unique");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"int\" primary-key=\"true\" nullable=\"true\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:4: error: column 'x' is a primary key and so cannot be nullable");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"int\" identity=\"always\" default=\"1\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: column 'x' has both identity and a default");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"int\" identity=\"always\" generated=\"1\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: column 'x' has both identity and generated");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"int\" default=\"2\" generated=\"1\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: column 'x' has both generated and a default");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"numeric\" identity=\"always\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: identity column 'x' has type 'numeric'; "
		     "it must be smallint, integer or bigint");
	expect_error(HEAD "  <table name=\"a\">\n"
		     "    <column name=\"x\" type=\"serial\" default=\"2\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: column 'x' is serial");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" on-delete=\"cascade\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:4: error: column 'x' has on-delete/on-update but no references");
	expect_error(HEAD "  <table name=\"p\"><column name=\"id\" type=\"int\" primary-key=\"true\"/>"
		     "</table>\n  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <foreign-key columns=\"x\" references=\"p\" deferrable=\"false\"\n"
		     "                 initially-deferred=\"true\"/>\n  </table>\n" TAIL,
		     "t.xml:6: error: a constraint that is initially-deferred must be deferrable");
	/* renames */
	expect_error(HEAD "  <table name=\"b\" renamed-from=\"x\"/>\n  <table name=\"a\" renamed-from=\"x\"/>\n" TAIL,
		     "t.xml:4: error: tables 'b' and 'a' are both renamed from 'x' (t.xml:3)");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" renamed-from=\"z\"/>\n"
		     "    <column name=\"y\" type=\"int\" renamed-from=\"z\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: columns 'x' and 'y' of table 'a' are both renamed from 'z'");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" renamed-from=\"x\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: column 'x' is renamed from itself");
	expect_error(HEAD "  <table name=\"a\" renamed-from=\"a\"/>\n" TAIL,
		     "t.xml:3: error: table 'a' is renamed from itself");
	/* names and lists */
	expect_error(HEAD "  <table name=\"   \"/>\n" TAIL, "t.xml:3: error: table name is empty");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"  \"/></table>\n" TAIL,
		     "t.xml:3: error: attribute 'type' of <column> is empty");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\" default=\" \"/>\n"
		     "    <check expression=\"&#10;\"/>\n"
		     "    <index where=\" \"><key expression=\"  \"/></index></table>\n" TAIL,
		     "t.xml:3: error: attribute 'default' of <column> is empty\n"
		     "t.xml:4: error: attribute 'expression' of <check> is empty\n"
		     "t.xml:5: error: attribute 'where' of <index> is empty\n"
		     "t.xml:5: error: attribute 'expression' of <key> is empty\n");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\" references=\" \"/>\n"
		     "    <foreign-key columns=\"x\" references=\"  \"/></table>\n" TAIL,
		     "t.xml:3: error: attribute 'references' of <column> is empty\n"
		     "t.xml:4: error: attribute 'references' of <foreign-key> is empty\n");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\" nullable=\""
		     "falsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalse"
		     "falsefalsefalsefalse\"/></table>\n" TAIL,
		     "invalid value 'falsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefalsefa...' "
		     "for attribute 'nullable' of <column>");
	expect_error(HEAD "  <table name=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"/>\n"
		     TAIL, "t.xml:3: error: table name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' "
		     "is longer than 63 bytes");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <unique columns=\"x,\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: invalid columns=\"x,\": a name is missing");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <unique columns=\"&quot;x\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: invalid columns=\"\"x\": unterminated quoted name");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <index columns=\"x nulls sometimes\"/>\n  </table>\n" TAIL,
		     "t.xml:5: error: invalid columns=\"x nulls sometimes\": NULLS must be followed by FIRST or LAST");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" references=\"p(id\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: invalid references=\"p(id\": missing ')'");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" references=\"p q\"/>\n"
		     "  </table>\n" TAIL, "t.xml:4: error: invalid references=\"p q\"");
	expect_error(HEAD "  <sequence name=\"s\" increment=\"0\"/>\n" TAIL,
		     "t.xml:3: error: sequence 's': increment must not be zero");
	expect_error(HEAD "  <sequence name=\"s\" min=\"10\" max=\"5\"/>\n" TAIL,
		     "t.xml:3: error: sequence 's': min (10) must be less than max (5)");
	expect_error(HEAD "  <sequence name=\"s\" type=\"smallint\" max=\"40000\"/>\n" TAIL,
		     "t.xml:3: error: sequence 's': min and max must fit type smallint");
	expect_error(HEAD "  <sequence name=\"s\" start=\"0\"/>\n" TAIL,
		     "t.xml:3: error: sequence 's': start (0) must lie between min and max");
	expect_error(HEAD "  <sequence name=\"s\" owned-by=\"nodot\"/>\n" TAIL,
		     "t.xml:3: error: invalid owned-by=\"nodot\": expected table.column");
}
END_TEST

START_TEST(schema_errors)
{
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" nulable=\"false\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:4: error: unknown attribute 'nulable' on <column>\nhint: Did you mean 'nullable'?");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\" nullable=\"yes\"/>\n"
		     "  </table>\n" TAIL,
		     "t.xml:4: error: invalid value 'yes' for attribute 'nullable' of <column>: "
		     "expected true or false");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\"/>\n  </table>\n" TAIL,
		     "t.xml:4: error: <column> needs attribute 'type'");
	expect_error(HEAD "  <tabel name=\"a\"/>\n" TAIL,
		     "t.xml:3: error: unknown element <tabel>\nhint: Did you mean <table>?");
	expect_error(HEAD "  <table name=\"a\">\n    <index/>\n  </table>\n" TAIL,
		     "t.xml:4: error: <index> needs columns= or at least one <key> element");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n"
		     "    <index columns=\"x\"><key column=\"x\"/></index>\n  </table>\n" TAIL,
		     "t.xml:5: error: <index> takes either columns= or <key> elements, not both");
	expect_error(HEAD "  <sequence name=\"s\" start=\"abc\"/>\n" TAIL,
		     "t.xml:3: error: invalid value 'abc' for attribute 'start' of <sequence>: "
		     "expected an integer");
	expect_error(HEAD "  <sequence name=\"s\" type=\"numeric\"/>\n" TAIL,
		     "expected bigint, integer or smallint");
	expect_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\" identity=\"sometimes\"/>"
		     "</table>\n" TAIL, "expected always or by-default");
	expect_error("<model><table name=\"a\"/></model>",
		     "t.xml:1: error: root element is not <model xmlns=\"urn:retort:model:1\">");
	expect_error("<?xml version=\"1.0\"?>\n<schema xmlns=\"urn:retort:model:1\"/>\n",
		     "t.xml:2: error: root element is not");
}
END_TEST

START_TEST(warnings_do_not_fail)
{
	struct result r;

	parse(&r, HEAD
	      "  <table name=\"p\"><column name=\"id\" type=\"int\" primary-key=\"true\"/></table>\n"
	      "  <table name=\"c\">\n"
	      "    <column name=\"a\" type=\"int\" nullable=\"false\" references=\"p\"\n"
	      "            on-delete=\"set null\"/>\n"
	      "    <column name=\"b\" type=\"int\" nullable=\"false\" references=\"p\"\n"
	      "            on-update=\"set default\"/>\n"
	      "    <column name=\"d\" type=\"int\" nullable=\"false\" default=\"0\"\n"
	      "            references=\"p\" on-delete=\"set default\"/>\n"
	      "    <column name=\"e\" type=\"int\" references=\"p\" on-delete=\"set null\"/>\n"
	      "  </table>\n" TAIL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_uint_eq(r.d.nerrors, 0);
	ck_assert_uint_eq(r.d.len, 2);
	ck_assert_str_eq(r.messages.buf,
		"t.xml:5: warning: on-delete=\"set null\" of this foreign key will fail: column 'a' "
		"is NOT NULL\n"
		"t.xml:7: warning: on-update=\"set default\" of this foreign key will fail: column "
		"'b' is NOT NULL and has no default\n");
	done(&r);
}
END_TEST

/* Fixed values compare as RELAX NG tokens, as the schema accepted them. */
START_TEST(token_values_are_normalized)
{
	struct result r;
	struct constraint *con;
	struct sequence *s;
	struct index *ix;

	parse_ok(&r, HEAD
		 "  <table name=\"p\"><column name=\"id\" type=\"int\" primary-key=\" true \"/></table>\n"
		 "  <table name=\"t\">\n"
		 "    <column name=\"a\" type=\"int\" identity=\" always \" nullable=\"false \"/>\n"
		 "    <column name=\"b\" type=\"int\" references=\"p\" on-delete=\" set   null \"\n"
		 "            on-update=\"no\taction\"/>\n"
		 "    <foreign-key columns=\"a\" references=\"p\" match=\" full\" deferrable=\" true\"/>\n"
		 "    <index><key column=\"a\" order=\" desc \" nulls=\" first\"/></index>\n"
		 "  </table>\n"
		 "  <sequence name=\"s\" type=\" integer \" cycle=\"  true\"/>\n" TAIL);
	ck_assert_ptr_nonnull(table_primary_key(table(&r, "public", "p")));
	ck_assert_int_eq(column(table(&r, "public", "t"), "a")->identity, IDENTITY_ALWAYS);
	con = constraint(table(&r, "public", "t"), "t_b_fkey");
	ck_assert_int_eq(con->on_delete, FK_SET_NULL);
	ck_assert_int_eq(con->on_update, FK_NO_ACTION);
	con = constraint(table(&r, "public", "t"), "t_a_fkey");
	ck_assert_int_eq(con->match, 'f');
	ck_assert(con->deferrable);
	ix = catalog_find_index(r.c, "public", "t_a_idx");
	ck_assert(ix->elems[0].desc);
	ck_assert_int_eq(ix->elems[0].nulls, 'f');
	s = catalog_find_sequence(r.c, "public", "s");
	ck_assert_str_eq(s->type, "integer");
	ck_assert_int_eq(s->max_value, 2147483647);
	ck_assert(s->cycle);
	done(&r);
}
END_TEST

#if LIBXML_VERSION >= 21200
static void callers_handler(void *ctx, const xmlError *e)
#else
static void callers_handler(void *ctx, xmlErrorPtr e)
#endif
{
	(void)e;
	++*(int *)ctx;
}

/* The reader borrows libxml2's global handlers and gives them back. */
START_TEST(libxml2_state_is_restored)
{
	xmlExternalEntityLoader loader = xmlGetExternalEntityLoader();
	struct result r;
	int calls = 0;

	xmlSetStructuredErrorFunc(&calls, callers_handler);
	parse(&r, HEAD "<tabel/>" TAIL);
	ck_assert_int_lt(r.rc, 0);
	done(&r);
	ck_assert_int_eq(calls, 0);	/* our errors did not reach the caller's handler */
	ck_assert_ptr_eq(xmlGetExternalEntityLoader(), loader);
	xmlFreeDoc(xmlReadMemory("<a>", 3, "x.xml", NULL, 0));
	ck_assert_int_gt(calls, 0);	/* ... and the caller's handler is back */
	xmlSetStructuredErrorFunc(NULL, NULL);
}
END_TEST

START_TEST(schema_comments)
{
	struct result r;

	expect_error(HEAD "  <schema name=\"s\" comment=\"one\"/>\n"
		     "  <schema name=\"s\" comment=\"two\"/>\n" TAIL,
		     "t.xml:4: error: schema 's' has two different comments (first defined at t.xml:3)");
	parse(&r, HEAD "  <schema name=\"s\" comment=\"one\"/>\n  <schema name=\"s\"/>\n"
	      "  <schema name=\"s\" comment=\"one\"/>\n"
	      "  <schema name=\"public\" comment=\"x\"/>\n" TAIL);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(catalog_find_schema(r.c, "s")->o.comment, "one");
	ck_assert_str_eq(r.messages.buf, "t.xml:6: warning: the comment on schema 'public' is "
			 "ignored: retort does not manage schema public\n");
	done(&r);
}
END_TEST

START_TEST(several_errors_in_one_run)
{
	struct result r;

	parse(&r, HEAD
	      "  <table name=\"a\">\n"
	      "    <column name=\"x\" type=\"int\"/>\n"
	      "    <index columns=\"y\"/>\n"
	      "    <unique columns=\"z\"/>\n"
	      "  </table>\n"
	      "  <table name=\"b\"><column name=\"q\" type=\"int\" references=\"c\"/></table>\n" TAIL);
	ck_assert_int_lt(r.rc, 0);
	ck_assert_uint_eq(r.d.nerrors, 3);
	/* reported in line order */
	ck_assert_int_eq(r.d.items[0].line, 5);
	ck_assert_int_eq(r.d.items[1].line, 6);
	ck_assert_int_eq(r.d.items[2].line, 8);
	done(&r);
}
END_TEST

/* --- hostile input --------------------------------------------------------- */

/*
 * Files are read as a stream, one object at a time: validation must still
 * reach every part of the document, wherever it is.
 */
START_TEST(every_object_is_validated)
{
	struct result r;

	/* a bad value deep inside a table between two good ones */
	parse(&r, HEAD
	      "  <table name=\"a\"><column name=\"x\" type=\"int\"/></table>\n"
	      "  <table name=\"b\">\n"
	      "    <column name=\"x\" type=\"int\"/>\n"
	      "    <index>\n"
	      "      <key column=\"x\" order=\"sideways\"/>\n"
	      "    </index>\n"
	      "  </table>\n"
	      "  <table name=\"c\"><column name=\"x\" type=\"int\"/></table>\n" TAIL);
	ck_assert_int_lt(r.rc, 0);
	ck_assert_str_eq(r.messages.buf, "t.xml:7: error: invalid value 'sideways' for attribute "
			 "'order' of <key>: expected asc or desc\n");
	done(&r);
	/* the same inside a <schema> */
	expect_one_error(HEAD "  <schema name=\"s\">\n"
			 "    <table name=\"a\"><column name=\"x\" type=\"int\"/></table>\n"
			 "    <table name=\"b\"><column name=\"x\" type=\"int\"/>\n"
			 "      <index><key column=\"x\" nulls=\"never\"/></index></table>\n"
			 "  </schema>\n" TAIL,
			 "t.xml:6: error: invalid value 'never' for attribute 'nulls' of <key>");
	/* in the last object, and on <model> itself after good objects */
	expect_one_error(HEAD "  <table name=\"a\"/>\n  <sequence name=\"s\" cycle=\"often\"/>\n" TAIL,
			 "t.xml:4: error: invalid value 'often' for attribute 'cycle' of <sequence>");
	expect_one_error("<?xml version=\"1.0\"?>\n<model xmlns=\"urn:retort:model:1\"\n"
			 "       version=\"2\">\n  <table name=\"a\"/>\n</model>\n",
			 "t.xml:2: error: unknown attribute 'version' on <model>");
	/* text between objects */
	expect_one_error(HEAD "  <table name=\"a\"/>\n  stray words\n  <table name=\"b\"/>\n" TAIL,
			 "t.xml:2: error:");
	/* a file that is not well-formed reports only that, even after a schema error */
	parse(&r, HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\" nulable=\"true\"/></table>\n"
	      "  <table name=\"b\">\n");
	ck_assert_int_lt(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(r.messages.buf, "premature end of data"));
	ck_assert_ptr_null(strstr(r.messages.buf, "nulable"));
	done(&r);
	/* ... and a file that is not valid only its schema errors, even after a reader error */
	expect_one_error(HEAD "  <table name=\"a\"><column name=\"x\" type=\"int\"/>"
			 "<column name=\"x\" type=\"int\"/></table>\n"
			 "  <table name=\"b\"><column name=\"x\" type=\"int\" nulable=\"true\"/></table>\n"
			 TAIL, "t.xml:4: error: unknown attribute 'nulable' on <column>");
}
END_TEST

START_TEST(errors_in_several_tables_reported_together)
{
	struct result r;

	parse(&r, HEAD
	      "  <table name=\"a\"><column name=\"x\" type=\"int\" nullable=\"no\"/></table>\n"
	      "  <table name=\"b\"><column name=\"x\"/></table>\n"
	      "  <schema name=\"s\">\n"
	      "    <table name=\"c\"><colum name=\"x\" type=\"int\"/></table>\n"
	      "  </schema>\n"
	      "  <table name=\"d\"><index columns=\"x\"><key column=\"x\"/></index></table>\n" TAIL);
	ck_assert_int_lt(r.rc, 0);
	ck_assert_str_eq(r.messages.buf,
		"t.xml:3: error: invalid value 'no' for attribute 'nullable' of <column>: "
		"expected true or false\n"
		"t.xml:4: error: <column> needs attribute 'type'\n"
		"t.xml:6: error: unknown element <colum>\nhint: Did you mean <column>?\n"
		"t.xml:8: error: <index> takes either columns= or <key> elements, not both\n");
	done(&r);
	/* also after an unknown element directly under <model> */
	parse(&r, HEAD "  <tabel name=\"a\"/>\n"
	      "  <table name=\"b\"><column name=\"x\" type=\"int\" nulable=\"true\"/></table>\n" TAIL);
	ck_assert_uint_eq(r.d.nerrors, 2);
	ck_assert_int_eq(r.d.items[0].line, 3);
	ck_assert_int_eq(r.d.items[1].line, 4);
	ck_assert_ptr_nonnull(strstr(r.d.items[1].text, "unknown attribute 'nulable'"));
	done(&r);
	/*
	 * A <schema>'s bad attribute values come before the objects inside it,
	 * an unknown attribute after them, each once.
	 */
	parse(&r, HEAD "  <schema name=\"\">\n"
	      "    <table name=\"a\"><column name=\"x\" type=\"int\" nulable=\"true\"/></table>\n"
	      "    <table name=\"b\"/>\n"
	      "  </schema>\n" TAIL);
	ck_assert_uint_eq(r.d.nerrors, 2);
	ck_assert_int_eq(r.d.items[0].line, 3);
	ck_assert_ptr_nonnull(strstr(r.d.items[0].text, "schema"));
	ck_assert_int_eq(r.d.items[1].line, 4);
	done(&r);
	parse(&r, HEAD "  <schema name=\"s\" owner=\"me\">\n"
	      "    <table name=\"a\"><column name=\"x\" type=\"int\" nulable=\"true\"/></table>\n"
	      "    <table name=\"b\"/>\n"
	      "  </schema>\n" TAIL);
	ck_assert_str_eq(r.messages.buf,
		"t.xml:4: error: unknown attribute 'nulable' on <column>\n"
		"hint: Did you mean 'nullable'?\n"
		"t.xml:3: error: unknown attribute 'owner' on <schema>\n");
	done(&r);
}
END_TEST

/* Where a start tag spreads over lines, messages name the line of its '<'. */
START_TEST(start_tag_lines)
{
	struct strbuf sb = STRBUF_INIT;
	struct result r;

	parse(&r, HEAD
	      "  <table\n"
	      "      name=\"a\">\n"
	      "    <column name=\"x\" type=\"int\"/>\n"
	      "    <column\n"
	      "        name=\"y\"\n"
	      "        type=\"int\"\n"
	      "        nullable=\"perhaps\"/>\n"
	      "  </table>\n" TAIL);
	ck_assert_uint_eq(r.d.nerrors, 1);
	ck_assert_int_eq(r.d.items[0].line, 6);
	done(&r);
	parse(&r, HEAD
	      "  <table name=\"a\"/>\n"
	      "  <table\n"
	      "      comment=\"again\"\n"
	      "      name=\"a\"/>\n" TAIL);
	ck_assert_uint_eq(r.d.nerrors, 1);
	ck_assert_int_eq(r.d.items[0].line, 4);
	ck_assert_ptr_nonnull(strstr(r.d.items[0].text, "already taken"));
	done(&r);

	/*
	 * Past line 65535, where libxml2's own line field ends: a reader error
	 * on an element without children, one on a multi-line start tag, and
	 * a schema error.
	 */
	strbuf_addstr(&sb, HEAD);	/* 2 lines */
	add_tables(&sb, 70000);
	strbuf_addstr(&sb,
		      "  <sequence name=\"s\"\n     increment=\"0\"/>\n"			/* 70003 */
		      "  <table name=\"u\">\n    <column\n       name=\"x\" type=\"int\"\n"	/* 70006 */
		      "       identity=\"always\" default=\"1\"/>\n  </table>\n" TAIL);
	parse_len(&r, sb.buf, sb.len);
	ck_assert_str_eq(r.messages.buf,
		"t.xml:70003: error: sequence 's': increment must not be zero\n"
		"t.xml:70006: error: column 'x' has both identity and a default\n");
	done(&r);
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD);
	add_tables(&sb, 70000);
	strbuf_addstr(&sb, "  <table name=\"u\">\n    <column\n       name=\"x\" type=\"int\"\n"
		      "       nullable=\"never\"/>\n  </table>\n" TAIL);
	parse_len(&r, sb.buf, sb.len);
	ck_assert_uint_eq(r.d.nerrors, 1);
	ck_assert_int_eq(r.d.items[0].line, 70004);
	done(&r);
	strbuf_release(&sb);
}
END_TEST

/*
 * Objects are read in document order, but the result is that of reading
 * <extension> and <schema> elements first: the same names, the same
 * messages in the same order.
 */
START_TEST(schemas_are_read_before_top_level_objects)
{
	struct result r;

	/* "a_b"."c" and "a"."b_c" both want a_b_c_key; the table in <schema> comes first */
	parse_ok(&r, HEAD
		 "  <table name=\"a_b\"><column name=\"c\" type=\"int\" unique=\"true\"/></table>\n"
		 "  <schema name=\"public\">\n"
		 "    <table name=\"a\"><column name=\"b_c\" type=\"int\" unique=\"true\"/></table>\n"
		 "  </schema>\n" TAIL);
	ck_assert(constraint(table(&r, "public", "a"), "a_b_c_key")->name_derived);
	ck_assert(!constraint(table(&r, "public", "a_b"), "a_b_c_key1")->name_derived);
	done(&r);
	parse(&r, HEAD
	      "  <table name=\"a\"><column name=\"x\" type=\"int\"/><column name=\"x\" type=\"int\"/>"
	      "</table>\n"
	      "  <schema name=\"s\">\n"
	      "    <table name=\"b\"><column name=\"y\" type=\"int\"/><column name=\"y\" type=\"int\"/>"
	      "</table>\n"
	      "  </schema>\n" TAIL);
	ck_assert_uint_eq(r.d.nerrors, 2);
	ck_assert_int_eq(r.d.items[0].line, 5);
	ck_assert_int_eq(r.d.items[1].line, 3);
	done(&r);
}
END_TEST

START_TEST(hostile_input)
{
	static const unsigned char utf16[] = { 0xff, 0xfe, '<', 0, 'm', 0 };
	static const char with_nul[] = HEAD "<table name=\"a\0\"/>" TAIL;
	size_t huge_len = ((size_t)16 << 20) + 1;
	char *huge = malloc(huge_len);
	struct result r;

	expect_error("", "t.xml:1: error: file is empty");
	parse_len(&r, (const char *)utf16, sizeof(utf16));
	ck_assert_int_lt(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(r.messages.buf, "file is not UTF-8 text"));
	done(&r);
	parse_len(&r, with_nul, sizeof(with_nul) - 1);
	ck_assert_int_lt(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(r.messages.buf, "NUL bytes"));
	done(&r);

	memset(huge, ' ', huge_len);
	parse_len(&r, huge, huge_len);
	ck_assert_ptr_nonnull(strstr(r.messages.buf, "file is larger than 16 MiB"));
	done(&r);
	free(huge);

	expect_error("\x89PNG\r\n\x1a\n garbage \x01\x02\x03", "t.xml:1: error:");
	expect_error("just some text", "t.xml:1: error: start tag expected");
	expect_error(HEAD "  <table name=\"a\">\n    <column name=\"x\" type=\"int\"/>\n",
		     "t.xml:5: error: premature end of data in tag table line 3");
	expect_error(HEAD "  <table name=\"a\"></tabel>\n" TAIL,
		     "t.xml:3: error: opening and ending tag mismatch");
	expect_error("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		     "<model xmlns=\"urn:retort:model:1\">\n<table name=\"caf\xe9\"/>\n</model>\n",
		     "t.xml:3: error: input is not proper UTF-8");
	expect_error(HEAD "<table name=\"\xc3\x28\"/>" TAIL, "Model files must be UTF-8 encoded");
	/* billion laughs */
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE model [\n <!ENTITY a \"aaaaaaaaaa\">\n"
		     " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
		     " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n]>\n"
		     "<model xmlns=\"urn:retort:model:1\"><table name=\"&c;\"/></model>\n",
		     "t.xml:2: error: DOCTYPE and ENTITY declarations are not allowed");
	/* external entities: a local file and the network */
	expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE model [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
		     "<model xmlns=\"urn:retort:model:1\"><table name=\"&x;\"/></model>\n",
		     "t.xml:2: error: DOCTYPE and ENTITY declarations are not allowed");
	expect_error("<?xml version=\"1.0\"?>\n\n<!DOCTYPE model SYSTEM \"http://127.0.0.1:9/x.dtd\">\n"
		     "<model xmlns=\"urn:retort:model:1\"/>\n",
		     "t.xml:3: error: DOCTYPE and ENTITY declarations are not allowed");
	/* an undeclared entity is an error, not an expansion */
	expect_error(HEAD "  <table name=\"&x;\"/>\n" TAIL, "t.xml:3: error: entity 'x' not defined");
	/* XInclude is not processed: it is just an unknown element */
	expect_error(HEAD "  <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"/etc/passwd\"/>\n"
		     TAIL, "t.xml:3: error:");
	/* DOCTYPE text inside a comment or CDATA is harmless */
	parse_ok(&r, "<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE x> -->\n"
		 "<model xmlns=\"urn:retort:model:1\"><table name=\"a\" comment=\"x\"/></model>\n");
	done(&r);
	/* CRLF line ends count lines as LF does; a UTF-8 byte order mark is fine */
	expect_error("\xef\xbb\xbf<?xml version=\"1.0\"?>\r\n<model xmlns=\"urn:retort:model:1\">\r\n"
		     "  <table name=\"a\">\r\n    <column name=\"x\"\r\n type=\"int\" references=\"b\"/>\r\n"
		     "  </table>\r\n</model>\r\n",
		     "t.xml:4: error: foreign key references unknown table 'b'");
	/* an encoding declaration other than UTF-8 does not change how bytes are read */
	parse_ok(&r, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
		 "<model xmlns=\"urn:retort:model:1\"><table name=\"caf\xc3\xa9\"/></model>\n");
	ck_assert_ptr_nonnull(catalog_find_table(r.c, "public", "caf\xc3\xa9"));
	done(&r);
}
END_TEST

START_TEST(deep_nesting_is_refused)
{
	struct strbuf sb = STRBUF_INIT;
	struct result r;
	int i;

	strbuf_addstr(&sb, HEAD);
	for (i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "<a>");
	parse_len(&r, sb.buf, sb.len);
	ck_assert_int_lt(r.rc, 0);
	ck_assert_uint_gt(r.d.nerrors, 0);
	ck_assert_uint_le(r.d.len, 25);	/* capped, not one message per element */
	done(&r);
	strbuf_release(&sb);
}
END_TEST

/*
 * Big hostile models must fail (or pass) quickly: each of these once took
 * quadratic time somewhere (enum values, hints over thousands of tables,
 * nested or chained expressions, huge column lists). The test's timeout is
 * the assertion that matters.
 */
static void repeat(struct strbuf *sb, const char *s, size_t n)
{
	while (n--)
		strbuf_addstr(sb, s);
}

START_TEST(huge_models_stay_fast)
{
	struct strbuf sb = STRBUF_INIT;
	struct result r;
	size_t i;

	/* 200,000 enum values */
	strbuf_addstr(&sb, HEAD "<enum name=\"e\">");
	for (i = 0; i < 200000; i++)
		strbuf_addf(&sb, "<value>v%zu</value>", i);
	strbuf_addstr(&sb, "<value>v7</value></enum>" TAIL);
	parse_len(&r, sb.buf, sb.len);
	ck_assert_uint_eq(r.d.nerrors, 1);
	ck_assert_ptr_nonnull(strstr(r.messages.buf, "lists value 'v7' twice"));
	ck_assert_uint_eq(catalog_find_enum(r.c, "public", "e")->nvalues, 200000);
	done(&r);

	/* 30,000 tables, each referencing a table that does not exist */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD);
	for (i = 0; i < 30000; i++)
		strbuf_addf(&sb, "<table name=\"t%zu\"><column name=\"a\" type=\"int\" "
			    "references=\"nope%zu\"/></table>\n", i, i);
	strbuf_addstr(&sb, TAIL);
	parse_len(&r, sb.buf, sb.len);
	ck_assert_uint_eq(r.d.nerrors, 201);	/* 200, then "too many errors" */
	ck_assert_ptr_nonnull(strstr(r.messages.buf, "too many errors; fix these first"));
	done(&r);

	/* an index expression of 300,000 casts and one of 300,000 nested parentheses */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD "<table name=\"t\"><column name=\"a\" type=\"int\"/>"
		      "<index><key expression=\"a");
	repeat(&sb, "::int", 300000);
	strbuf_addstr(&sb, "\"/></index><index><key expression=\"");
	repeat(&sb, "(", 300000);
	strbuf_addch(&sb, 'a');
	repeat(&sb, ")", 300000);
	strbuf_addstr(&sb, "\"/></index><check expression=\"a");
	repeat(&sb, "::int", 300000);
	strbuf_addstr(&sb, " > 0\"/></table>" TAIL);
	parse_len(&r, sb.buf, sb.len);
	ck_assert_msg(r.rc == 0, "%s", r.messages.buf);
	ck_assert_ptr_nonnull(table_find_constraint(table(&r, "public", "t"), "t_a_check"));
	done(&r);

	/* a 100,000-column list, 2,000 columns, 1,001 checks */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD "<table name=\"t\"><column name=\"a\" type=\"int\"/><index columns=\"a");
	repeat(&sb, ", a", 100000);
	strbuf_addstr(&sb, "\"/></table>" TAIL);
	expect_error(sb.buf, "t.xml:3: error: index has 100001 columns; PostgreSQL allows at most 32");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD "<table name=\"t\">\n");
	for (i = 0; i < 2000; i++)
		strbuf_addf(&sb, "<column name=\"c%zu\" type=\"int\"/>\n", i);
	strbuf_addstr(&sb, "</table>" TAIL);
	expect_error(sb.buf, "t.xml:1604: error: table 't' has more than 1600 columns");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, HEAD "<table name=\"t\"><column name=\"a\" type=\"int\"/>\n");
	repeat(&sb, "<check expression=\"a > 0\"/>\n", 1001);
	strbuf_addstr(&sb, "</table>" TAIL);
	expect_error(sb.buf, "t.xml:1004: error: table 't' has more than 1000 keys, checks and indexes");
	strbuf_release(&sb);
}
END_TEST

/* --- files, folders, merge, filter ----------------------------------------- */

static char *make_dir(void)
{
	char tmpl[] = "/tmp/retort-model-XXXXXX";

	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return strdup(tmpl);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static void remove_dir(char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	free(dir);
}

START_TEST(folder_merge)
{
	char *dir = make_dir();
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct catalog *c;
	struct constraint *con;
	char path[600];

	/* b.xml refers to a table in c.xml: references resolve after the merge */
	write_file(dir, "b.xml", HEAD "  <table name=\"orders\">\n"
		   "    <column name=\"user_id\" type=\"int\" references=\"users\"/>\n  </table>\n" TAIL);
	write_file(dir, "c.xml", HEAD "  <table name=\"users\">\n"
		   "    <column name=\"id\" type=\"int\" primary-key=\"true\"/>\n  </table>\n" TAIL);
	write_file(dir, "a.xml", HEAD "  <extension name=\"pgcrypto\"/>\n" TAIL);
	write_file(dir, ".hidden.xml", "garbage");
	write_file(dir, "notes.txt", "garbage");
	snprintf(path, sizeof(path), "%s/sub.xml", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	c = model_load(&a, dir, NULL, &d);
	diag_print(&d);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_uint_eq(c->tables.len, 2);
	/* files are read in name order */
	ck_assert_str_eq(((struct table *)c->tables.items[0])->o.name, "orders");
	ck_assert_ptr_nonnull(catalog_find_extension(c, "pgcrypto"));
	con = table_find_constraint(catalog_find_table(c, "public", "orders"), "orders_user_id_fkey");
	ck_assert_ptr_nonnull(con);
	assert_list(con->ref_columns, con->nref_columns, "id");
	snprintf(path, sizeof(path), "%s/b.xml", dir);
	ck_assert_str_eq(con->o.file, path);
	catalog_free(c);
	diag_release(&d);
	arena_release(&a);
	remove_dir(dir);
}
END_TEST

START_TEST(folder_errors_from_every_file)
{
	char *dir = make_dir();
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	char want[600];

	write_file(dir, "1.xml", HEAD "  <table name=\"t\"/>\n" TAIL);
	write_file(dir, "2.xml", HEAD "\n  <table name=\"t\"/>\n" TAIL);
	write_file(dir, "3.xml", HEAD "  <tabel/>\n" TAIL);
	write_file(dir, "4.xml", "");
	ck_assert_ptr_null(model_load(&a, dir, NULL, &d));
	ck_assert_uint_eq(d.nerrors, 3);
	snprintf(want, sizeof(want), "%s/2.xml", dir);
	ck_assert_str_eq(d.items[0].file, want);
	ck_assert_int_eq(d.items[0].line, 4);
	snprintf(want, sizeof(want), "relation name 'public.t' is already taken; table 't' has "
		 "that name (first defined at %s/1.xml:3)", dir);
	ck_assert_str_eq(d.items[0].text, want);
	ck_assert_int_eq(d.items[1].line, 3);
	ck_assert_ptr_nonnull(strstr(d.items[1].text, "unknown element <tabel>"));
	ck_assert_ptr_nonnull(strstr(d.items[2].text, "file is empty"));
	diag_release(&d);

	/* a folder without models, a missing path */
	remove_dir(dir);
	dir = make_dir();
	memset(&d, 0, sizeof(d));
	ck_assert_ptr_null(model_load(&a, dir, NULL, &d));
	ck_assert_ptr_nonnull(strstr(d.items[0].text, "no *.xml model files"));
	diag_release(&d);
	memset(&d, 0, sizeof(d));
	ck_assert_ptr_null(model_load(&a, "/nonexistent/models", NULL, &d));
	ck_assert_str_eq(d.items[0].text, "cannot read models: No such file or directory");
	diag_release(&d);

	/* a named pipe among the models is reported by name, never opened */
	snprintf(want, sizeof(want), "%s/pipe.xml", dir);
	ck_assert_int_eq(mkfifo(want, 0600), 0);
	memset(&d, 0, sizeof(d));
	ck_assert_ptr_null(model_load(&a, dir, NULL, &d));
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_str_eq(d.items[0].file, want);
	ck_assert_str_eq(d.items[0].text, "cannot read model file: not a regular file");
	diag_release(&d);
	write_file(dir, "ok.xml", HEAD "  <table name=\"t\"/>\n" TAIL);
	memset(&d, 0, sizeof(d));
	ck_assert_ptr_null(model_load(&a, dir, NULL, &d));
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_str_eq(d.items[0].file, want);
	diag_release(&d);
	unlink(want);
	arena_release(&a);
	remove_dir(dir);
}
END_TEST

/*
 * A file found invalid only after some of its objects were read must not
 * change what the other files are told: it counts as never read.
 */
START_TEST(bad_file_contributes_nothing)
{
	char *dir = make_dir();
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	size_t i;

	write_file(dir, "a.xml", HEAD "  <table name=\"t\"><column name=\"x\" type=\"int\"/></table>\n"
		   "  <table name=\"u\"><column name=\"x\" type=\"int\" nulable=\"true\"/></table>\n" TAIL);
	write_file(dir, "b.xml", HEAD "  <table name=\"t\"><column name=\"x\" type=\"int\"/></table>\n"
		   "  <table name=\"v\"><column name=\"x\" type=\"int\"/>"
		   "<column name=\"x\" type=\"int\"/></table>\n" TAIL);
	write_file(dir, "c.xml", HEAD "  <table name=\"t\"/>\n</model" TAIL);
	ck_assert_ptr_null(model_load(&a, dir, NULL, &d));
	ck_assert_uint_ge(d.nerrors, 3);
	ck_assert_ptr_nonnull(strstr(d.items[0].file, "/a.xml"));
	ck_assert_ptr_nonnull(strstr(d.items[0].text, "unknown attribute 'nulable'"));
	ck_assert_ptr_nonnull(strstr(d.items[1].file, "/b.xml"));
	ck_assert_int_eq(d.items[1].line, 4);
	ck_assert_ptr_nonnull(strstr(d.items[1].text, "column 'x' is defined twice in table 'v'"));
	ck_assert_ptr_nonnull(strstr(d.items[2].file, "/c.xml"));
	for (i = 0; i < d.len; i++)
		ck_assert_ptr_null(strstr(d.items[i].text, "already taken"));
	diag_release(&d);
	arena_release(&a);
	remove_dir(dir);
}
END_TEST

START_TEST(single_file_and_filter)
{
	char *path = test_write_temp("app.xml", HEAD
		"  <enum name=\"tmp_kind\"><value>a</value></enum>\n"
		"  <enum name=\"kind\"><value>a</value></enum>\n"
		"  <sequence name=\"tmp_seq\"/>\n"
		"  <table name=\"tmp_scratch\"><column name=\"id\" type=\"int\"/>\n"
		"    <index columns=\"id\"/></table>\n"
		"  <table name=\"users\"><column name=\"id\" type=\"serial\" primary-key=\"true\"/>\n"
		"    <index name=\"users_by_id\" columns=\"id\"/></table>\n" TAIL);
	const char *exclude[] = { "\\.tmp_" };
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct filter *f = filter_new(NULL, 0, exclude, 1, "test", &d);
	struct catalog *c;
	struct table *t;

	ck_assert_ptr_nonnull(f);
	c = model_load(&a, path, f, &d);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_uint_eq(c->tables.len, 1);
	ck_assert_uint_eq(c->enums.len, 1);
	ck_assert_uint_eq(c->sequences.len, 1);	/* users_id_seq */
	ck_assert_ptr_null(catalog_find_table(c, "public", "tmp_scratch"));
	ck_assert_ptr_null(catalog_find_index(c, "public", "tmp_scratch_id_idx"));
	ck_assert_ptr_null(catalog_find_enum(c, "public", "tmp_kind"));
	t = catalog_find_table(c, "public", "users");
	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_eq(((struct column *)t->columns.items[0])->table, t);
	ck_assert_ptr_eq(catalog_find_index(c, "public", "users_by_id")->table, t);
	ck_assert_ptr_eq(table_primary_key(t)->table, t);
	catalog_free(c);
	filter_free(f);
	diag_release(&d);
	arena_release(&a);
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	free(path);
}
END_TEST

START_TEST(example_models_are_valid)
{
	static const char *const tables[] = {
		"users", "wallets", "crews", "agents", "runs", "audits", "evalcases",
		"user_wallets", "token_balances", "token_transactions", "crew_rentals",
		"crew_portfolios", "crew_xp", "crew_ratings",
	};
	const char *root = getenv("RETORT_ROOT");
	struct arena a = ARENA_INIT;
	struct diags d = DIAGS_INIT;
	struct catalog *c;
	char path[1024];
	size_t i;

	snprintf(path, sizeof(path), "%s/models", root ? root : ".");
	c = model_load(&a, path, NULL, &d);
	diag_print(&d);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(d.len, 0);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct table *t = catalog_find_table(c, "public", tables[i]);

		ck_assert_msg(t != NULL, "example table %s is missing", tables[i]);
		ck_assert_msg(table_primary_key(t) != NULL, "example table %s has no primary key",
			      tables[i]);
	}
	ck_assert_ptr_nonnull(catalog_find_enum(c, "public", "run_status"));
	ck_assert_ptr_nonnull(catalog_find_enum(c, "public", "chain_type"));
	ck_assert_ptr_nonnull(catalog_find_enum(c, "public", "transaction_direction"));
	catalog_free(c);
	diag_release(&d);
	arena_release(&a);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, columns_and_tables);
	tcase_add_test(tc, enums_and_sequences);
	tcase_add_test(tc, column_shorthand);
	tcase_add_test(tc, explicit_constraints);
	tcase_add_test(tc, indexes);
	tcase_add_test(tc, serial_columns);
	tcase_add_test(tc, schemas_and_references);
	tcase_add_test(tc, derived_names_avoid_taken_ones);
	tcase_add_test(tc, semantic_errors);
	tcase_add_test(tc, renames_reuse_and_swap);
	tcase_add_test(tc, identity_options);
	tcase_add_test(tc, schema_errors);
	tcase_add_test(tc, warnings_do_not_fail);
	tcase_add_test(tc, schema_comments);
	tcase_add_test(tc, libxml2_state_is_restored);
	tcase_add_test(tc, token_values_are_normalized);
	tcase_add_test(tc, several_errors_in_one_run);
	tcase_add_test(tc, every_object_is_validated);
	tcase_add_test(tc, errors_in_several_tables_reported_together);
	tcase_add_test(tc, start_tag_lines);
	tcase_add_test(tc, schemas_are_read_before_top_level_objects);
	tcase_add_test(tc, hostile_input);
	tcase_add_test(tc, deep_nesting_is_refused);
	tcase_add_test(tc, folder_merge);
	tcase_add_test(tc, folder_errors_from_every_file);
	tcase_add_test(tc, bad_file_contributes_nothing);
	tcase_add_test(tc, single_file_and_filter);
	tcase_add_test(tc, example_models_are_valid);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	tc = tcase_create("huge");
	tcase_add_test(tc, huge_models_stay_fast);
	tcase_set_timeout(tc, 120);	/* generous: sanitizer builds are slow too */
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(model_suite)
