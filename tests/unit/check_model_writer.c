/*
 * check_model_writer.c - model_write: exact documents for hand-built
 * catalogs, shorthands and derived names, serial detection, escaping of
 * awkward text (checked with libxml2), determinism, and reading the output
 * back with the model reader into the same catalog.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "arena.h"
#include "catalog.h"
#include "diag.h"
#include "model.h"
#include "strbuf.h"
#include "testutil.h"

static struct column *add_col(struct catalog *c, struct table *t, const char *name,
			      const char *type, bool not_null)
{
	struct column *col = table_add_column(c, t, name);

	ck_assert_ptr_nonnull(col);
	col->type = type;
	col->not_null = not_null;
	return col;
}

static struct constraint *add_con(struct catalog *c, struct table *t, const char *name,
				  char type, const char *const *cols, size_t n)
{
	struct constraint *con = table_add_constraint(c, t, name, type);

	ck_assert_ptr_nonnull(con);
	con->columns = catalog_strlist(c, cols, n);
	con->ncolumns = n;
	return con;
}

static void set_ref(struct catalog *c, struct constraint *con, const char *schema,
		    const char *table, const char *const *cols, size_t n)
{
	con->ref_schema = schema;
	con->ref_table = table;
	con->ref_columns = catalog_strlist(c, cols, n);
	con->nref_columns = n;
}

/* A serial column as PostgreSQL stores it: the column plus its owned sequence. */
static struct column *add_serial(struct catalog *c, struct table *t, const char *name,
				 const char *type, const char *seqname, const char *deflt)
{
	struct column *col = add_col(c, t, name, type, true);
	struct sequence *s = catalog_add_sequence(c, t->o.schema, seqname);

	col->default_expr = deflt;
	s->type = type;
	sequence_set_defaults(s);
	s->owned_by_table = t->o.name;
	s->owned_by_column = name;
	return col;
}

static char *write_doc(const struct catalog *c)
{
	struct strbuf sb = STRBUF_INIT;

	model_write(c, &sb);
	return strbuf_detach(&sb);
}

START_TEST(users_table_with_shorthands)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct table *t = catalog_add_table(c, "public", "users");
	struct column *col;
	char *doc;

	add_serial(c, t, "id", "bigint", "users_id_seq", "nextval('users_id_seq'::regclass)");
	add_col(c, t, "email", "text", true);
	col = add_col(c, t, "Full Name", "character varying(20)", false);
	col->collation = "C";
	col->o.comment = "a \"q\" <b> & c\nline";
	add_con(c, t, "users_pkey", CON_PRIMARY, (const char *[]){ "id" }, 1);
	add_con(c, t, "users_email_key", CON_UNIQUE, (const char *[]){ "email" }, 1);
	doc = write_doc(c);
	ck_assert_str_eq(doc,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<model xmlns=\"urn:retort:model:1\">\n"
		"  <table name=\"users\">\n"
		"    <column name=\"id\" type=\"bigserial\" primary-key=\"true\"/>\n"
		"    <column name=\"email\" type=\"text\" nullable=\"false\" unique=\"true\"/>\n"
		"    <column name=\"Full Name\" type=\"character varying(20)\" collation=\"C\""
		" comment=\"a &quot;q&quot; &lt;b&gt; &amp; c&#10;line\"/>\n"
		"  </table>\n"
		"</model>\n");
	free(doc);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

/*
 * Long forms where a shorthand would not read back the same: explicit
 * names, multi-column keys, deferrable or MATCH FULL keys, a second unique
 * constraint on the same column.
 */
START_TEST(long_forms_and_names)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct table *crews = catalog_add_table(c, "public", "crews");
	struct table *runs = catalog_add_table(c, "public", "runs");
	struct constraint *con;
	struct index *ix;
	char *doc;

	add_col(c, crews, "id", "integer", true);
	add_col(c, crews, "code", "text", true);
	add_con(c, crews, "crews_pk", CON_PRIMARY, (const char *[]){ "id" }, 1);
	add_con(c, crews, "crews_id_code_key", CON_UNIQUE, (const char *[]){ "id", "code" }, 2);

	add_col(c, runs, "id", "integer", true);
	add_col(c, runs, "crew_id", "integer", false);
	add_col(c, runs, "crew_code", "text", false);
	add_col(c, runs, "cost", "numeric(10,2)", false);
	add_con(c, runs, "runs_pkey", CON_PRIMARY, (const char *[]){ "id" }, 1);
	con = add_con(c, runs, "runs_crew_id_fkey", CON_FOREIGN, (const char *[]){ "crew_id" }, 1);
	set_ref(c, con, "public", "crews", (const char *[]){ "id" }, 1);
	con->on_delete = FK_CASCADE;
	con->on_update = FK_SET_NULL;
	con = add_con(c, runs, "runs_crew", CON_FOREIGN,
		      (const char *[]){ "crew_id", "crew_code" }, 2);
	set_ref(c, con, "public", "crews", (const char *[]){ "id", "code" }, 2);
	con->match = 'f';
	con->deferrable = true;
	con->initially_deferred = true;
	con = add_con(c, runs, "runs_cost_check", CON_CHECK, NULL, 0);
	con->check_expr = "cost >= (0)::numeric";
	con = add_con(c, runs, "positive", CON_CHECK, NULL, 0);
	con->check_expr = "id > 0";
	con->o.comment = "ids start at 1";
	ix = table_add_index(c, runs, "runs_crew_id_cost_idx");
	ix->nelems = 2;
	ix->elems = arena_alloc(&a, 2 * sizeof(*ix->elems));
	ix->elems[0].column = "crew_id";
	ix->elems[1].column = "cost";
	ix->elems[1].desc = true;
	ix->elems[1].nulls = 'l';
	ix->predicate = "cost > (10)::numeric";
	ix = table_add_index(c, runs, "runs_by_code");
	ix->method = "hash";
	ix->nelems = 1;
	ix->elems = arena_alloc(&a, sizeof(*ix->elems));
	ix->elems[0].column = "crew_code";
	ix = table_add_index(c, runs, "runs_lower_idx");
	ix->unique = true;
	ix->nelems = 1;
	ix->elems = arena_alloc(&a, sizeof(*ix->elems));
	ix->elems[0].expr = "lower(crew_code)";
	ix->elems[0].opclass = "text_pattern_ops";
	ix->o.comment = "for LIKE";

	doc = write_doc(c);
	ck_assert_str_eq(doc,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<model xmlns=\"urn:retort:model:1\">\n"
		"  <table name=\"crews\">\n"
		"    <column name=\"id\" type=\"integer\" nullable=\"false\"/>\n"
		"    <column name=\"code\" type=\"text\" nullable=\"false\"/>\n"
		"    <primary-key name=\"crews_pk\" columns=\"id\"/>\n"
		"    <unique columns=\"id, code\"/>\n"
		"  </table>\n"
		"  <table name=\"runs\">\n"
		"    <column name=\"id\" type=\"integer\" primary-key=\"true\"/>\n"
		"    <column name=\"crew_id\" type=\"integer\" references=\"crews(id)\""
		" on-delete=\"cascade\" on-update=\"set null\"/>\n"
		"    <column name=\"crew_code\" type=\"text\"/>\n"
		"    <column name=\"cost\" type=\"numeric(10,2)\"/>\n"
		"    <check name=\"positive\" expression=\"id &gt; 0\" comment=\"ids start at 1\"/>\n"
		"    <check expression=\"cost &gt;= (0)::numeric\"/>\n"
		"    <foreign-key name=\"runs_crew\" columns=\"crew_id, crew_code\""
		" references=\"crews(id, code)\" match=\"full\" deferrable=\"true\""
		" initially-deferred=\"true\"/>\n"
		"    <index name=\"runs_by_code\" columns=\"crew_code\" using=\"hash\"/>\n"
		"    <index columns=\"crew_id, cost DESC NULLS LAST\" where=\"cost &gt; (10)::numeric\"/>\n"
		"    <index unique=\"true\" comment=\"for LIKE\">\n"
		"      <key expression=\"lower(crew_code)\" opclass=\"text_pattern_ops\"/>\n"
		"    </index>\n"
		"  </table>\n"
		"</model>\n");
	free(doc);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

/* Objects of other schemas go into <schema>; references across schemas are qualified. */
START_TEST(schemas_enums_sequences)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct schema *s;
	struct enum_type *e;
	struct sequence *seq;
	struct table *t;
	struct constraint *con;
	struct extension *x;
	char *doc;

	catalog_add_schema(c, "public");
	s = catalog_add_schema(c, "billing");
	s->o.comment = "money";
	catalog_add_schema(c, "empty");
	x = catalog_add_extension(c, "pgcrypto");
	x->version = "1.3";
	x = catalog_add_extension(c, "citext");
	x->o.schema = "billing";
	e = catalog_add_enum(c, "public", "run_status");
	enum_add_value(c, e, "pending");
	enum_add_value(c, e, "a<b & \"c\"");
	catalog_add_enum(c, "billing", "nothing");
	seq = catalog_add_sequence(c, "public", "invoice_no");
	seq->type = "integer";
	seq->increment = -2;
	sequence_set_defaults(seq);
	seq->cache = 20;
	seq->cycle = true;
	seq = catalog_add_sequence(c, "billing", "plain");
	seq->o.comment = "n";
	t = catalog_add_table(c, "billing", "invoices");
	t->o.comment = "bills";
	add_col(c, t, "id", "integer", false);
	add_col(c, t, "status", "run_status", true)->default_expr = "'pending'::run_status";
	con = add_con(c, t, "invoices_id_fkey", CON_FOREIGN, (const char *[]){ "id" }, 1);
	set_ref(c, con, "public", "Crews", (const char *[]){ "My Id" }, 1);
	/* A column-owned sequence with a non-default start is written, not hidden as serial. */
	add_serial(c, t, "n", "integer", "invoices_n_seq", "nextval('billing.invoices_n_seq'::regclass)");
	catalog_find_sequence(c, "billing", "invoices_n_seq")->start = 5;

	doc = write_doc(c);
	ck_assert_str_eq(doc,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<model xmlns=\"urn:retort:model:1\">\n"
		"  <extension name=\"citext\" schema=\"billing\"/>\n"
		"  <extension name=\"pgcrypto\"/>\n"
		"  <enum name=\"run_status\">\n"
		"    <value>pending</value>\n"
		"    <value>a&lt;b &amp; &quot;c&quot;</value>\n"
		"  </enum>\n"
		"  <sequence name=\"invoice_no\" type=\"integer\" increment=\"-2\" cache=\"20\" cycle=\"true\"/>\n"
		"  <schema name=\"billing\" comment=\"money\">\n"
		"    <enum name=\"nothing\"/>\n"
		"    <sequence name=\"invoices_n_seq\" type=\"integer\" start=\"5\" owned-by=\"invoices.n\"/>\n"
		"    <sequence name=\"plain\" comment=\"n\"/>\n"
		"    <table name=\"invoices\" comment=\"bills\">\n"
		"      <column name=\"id\" type=\"integer\" references=\"public.&quot;Crews&quot;(&quot;My Id&quot;)\"/>\n"
		"      <column name=\"status\" type=\"run_status\" nullable=\"false\" default=\"'pending'::run_status\"/>\n"
		"      <column name=\"n\" type=\"integer\" nullable=\"false\" default=\"nextval('billing.invoices_n_seq'::regclass)\"/>\n"
		"    </table>\n"
		"  </schema>\n"
		"  <schema name=\"empty\"/>\n"
		"</model>\n");
	free(doc);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

/* Identity, generated and serial-looking columns that are not serial. */
START_TEST(column_kinds)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct table *t = catalog_add_table(c, "public", "t");
	struct column *col;
	char *doc;

	col = add_col(c, t, "a", "bigint", true);
	col->identity = IDENTITY_ALWAYS;
	col = add_col(c, t, "b", "integer", true);
	col->identity = IDENTITY_BY_DEFAULT;
	col = add_col(c, t, "c", "numeric", false);
	col->generated = "(a * (2)::numeric)";
	/* Default names a sequence owned by another column: not serial. */
	add_serial(c, t, "d", "integer", "t_d_seq", "nextval('other_seq'::regclass)");
	/* Type differs from the sequence's: not serial. */
	add_serial(c, t, "e", "integer", "t_e_seq", "nextval('t_e_seq'::regclass)");
	catalog_find_sequence(c, "public", "t_e_seq")->type = "bigint";
	sequence_set_defaults(catalog_find_sequence(c, "public", "t_e_seq"));
	doc = write_doc(c);
	ck_assert_str_eq(doc,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<model xmlns=\"urn:retort:model:1\">\n"
		"  <sequence name=\"t_d_seq\" type=\"integer\" owned-by=\"t.d\"/>\n"
		"  <sequence name=\"t_e_seq\" owned-by=\"t.e\"/>\n"
		"  <table name=\"t\">\n"
		"    <column name=\"a\" type=\"bigint\" identity=\"always\"/>\n"
		"    <column name=\"b\" type=\"integer\" identity=\"by-default\"/>\n"
		"    <column name=\"c\" type=\"numeric\" generated=\"(a * (2)::numeric)\"/>\n"
		"    <column name=\"d\" type=\"integer\" nullable=\"false\" default=\"nextval('other_seq'::regclass)\"/>\n"
		"    <column name=\"e\" type=\"integer\" nullable=\"false\" default=\"nextval('t_e_seq'::regclass)\"/>\n"
		"  </table>\n"
		"</model>\n");
	free(doc);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

/* Any text gives a well-formed document whose values read back as written. */
START_TEST(awkward_text_is_well_formed)
{
	static const char *const texts[] = {
		"plain", "quote \" apostrophe ' lt < gt > amp &", "tab\tnl\ncr\r end",
		"]]> and <!-- -->", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	};
	struct arena a = ARENA_INIT;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct catalog *c = catalog_new(&a);
		struct table *t = catalog_add_table(c, "public", "t");
		char *doc;
		xmlDocPtr x;
		xmlNodePtr n;
		xmlChar *v;

		t->o.comment = texts[i];
		add_col(c, t, "a", "text", false);
		doc = write_doc(c);
		x = xmlReadMemory(doc, (int)strlen(doc), "t.xml", NULL, XML_PARSE_NONET);
		ck_assert_msg(x != NULL, "not well-formed for text %zu:\n%s", i, doc);
		for (n = xmlDocGetRootElement(x)->children; n && n->type != XML_ELEMENT_NODE; n = n->next)
			;
		ck_assert_ptr_nonnull(n);
		v = xmlGetProp(n, (const xmlChar *)"comment");
		ck_assert_str_eq((const char *)v, texts[i]);
		xmlFree(v);
		xmlFreeDoc(x);
		free(doc);
		catalog_free(c);
	}
	arena_release(&a);
}
END_TEST

/* Characters XML 1.0 cannot carry become U+FFFD instead of breaking the document. */
START_TEST(unrepresentable_text_replaced)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a);
	struct table *t = catalog_add_table(c, "public", "t");
	char *doc;
	xmlDocPtr x;

	t->o.comment = "bell\x07 bad\xff utf8 \xc3(";
	doc = write_doc(c);
	ck_assert(strstr(doc, "comment=\"bell\xef\xbf\xbd bad\xef\xbf\xbd utf8 \xef\xbf\xbd(\"") != NULL);
	x = xmlReadMemory(doc, (int)strlen(doc), "t.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(x);
	xmlFreeDoc(x);
	free(doc);
	catalog_free(c);
	arena_release(&a);
}
END_TEST

/* The same schema built in a different order writes the same bytes. */
START_TEST(deterministic)
{
	struct arena a = ARENA_INIT;
	char *docs[2];
	int pass;

	for (pass = 0; pass < 2; pass++) {
		struct catalog *c = catalog_new(&a);
		const char *names[3] = { "b", "a", "c" };
		int i;

		for (i = 0; i < 3; i++) {
			const char *name = names[pass ? 2 - i : i];
			struct table *t = catalog_add_table(c, i % 2 ? "x" : "public", name);
			struct index *ix;

			add_col(c, t, "id", "integer", true);
			add_col(c, t, "v", "text", false);
			ix = table_add_index(c, t, arena_printf(&a, "%s_v%d", name, pass));
			ix->nelems = 1;
			ix->elems = arena_alloc(&a, sizeof(*ix->elems));
			ix->elems[0].column = "v";
			add_con(c, t, arena_printf(&a, "%s_pkey", name), CON_PRIMARY,
				(const char *[]){ "id" }, 1);
			catalog_add_enum(c, "public", arena_printf(&a, "e%s", name));
		}
		docs[pass] = write_doc(c);
		catalog_free(c);
	}
	/* Index names differ by pass on purpose; compare with them blanked. */
	for (pass = 0; pass < 2; pass++) {
		char *p;
		for (p = docs[pass]; (p = strstr(p, "_v")) != NULL; p++)
			p[2] = '#';
	}
	ck_assert_str_eq(docs[0], docs[1]);
	free(docs[0]);
	free(docs[1]);
	arena_release(&a);
}
END_TEST

/* Writing then reading gives back the same catalog. */
START_TEST(reads_back_identically)
{
	struct arena a = ARENA_INIT;
	struct catalog *c = catalog_new(&a), *back = catalog_new(&a);
	struct diags d = DIAGS_INIT;
	struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
	struct table *crews = catalog_add_table(c, "public", "crews");
	struct table *inv;
	struct constraint *con;
	struct index *ix;
	struct enum_type *e;
	struct column *col;
	char *doc;

	catalog_add_schema(c, "billing");
	e = catalog_add_enum(c, "billing", "state");
	enum_add_value(c, e, "open");
	enum_add_value(c, e, "closed");
	add_serial(c, crews, "id", "integer", "crews_id_seq", "nextval('crews_id_seq'::regclass)");
	add_col(c, crews, "Name", "text", true)->o.comment = "who";
	add_con(c, crews, "crews_pkey", CON_PRIMARY, (const char *[]){ "id" }, 1);
	add_con(c, crews, "crews_Name_key", CON_UNIQUE, (const char *[]){ "Name" }, 1);
	inv = catalog_add_table(c, "billing", "invoices");
	add_col(c, inv, "no", "integer", true);
	add_col(c, inv, "crew", "integer", true);
	/* Identity options: only those that are not the defaults are written. */
	col = add_col(c, inv, "seq", "smallint", true);
	col->identity = IDENTITY_BY_DEFAULT;
	column_identity_defaults(col, "smallint", -3);
	col->identity_max = 900;
	col->identity_start = 800;
	col->identity_cycle = true;
	col = add_col(c, crews, "tag", "bigint", true);
	col->identity = IDENTITY_ALWAYS;
	column_identity_defaults(col, "bigint", 1);
	add_col(c, inv, "state", "billing.state", false)->default_expr = "'open'::billing.state";
	add_con(c, inv, "inv_pk", CON_PRIMARY, (const char *[]){ "no", "crew" }, 2);
	con = add_con(c, inv, "invoices_crew_fkey", CON_FOREIGN, (const char *[]){ "crew" }, 1);
	set_ref(c, con, "public", "crews", (const char *[]){ "id" }, 1);
	con->on_delete = FK_RESTRICT;
	con->o.comment = "a commented key is written in full";
	con = add_con(c, inv, "invoices_no_check", CON_CHECK, NULL, 0);
	con->check_expr = "no > 0";
	ix = table_add_index(c, inv, "invoices_lower_idx");
	ix->nelems = 1;
	ix->elems = arena_alloc(&a, sizeof(*ix->elems));
	ix->elems[0].expr = "lower((state)::text)";
	ix->elems[0].collation = "C";
	ix->predicate = "crew IS NOT NULL";
	ix->ninclude = 1;
	ix->include = catalog_strlist(c, (const char *[]){ "no" }, 1);
	ix->with = "fillfactor=70";

	doc = write_doc(c);
	ck_assert_msg(strstr(doc, "<column name=\"seq\" type=\"smallint\" identity=\"by-default\" "
			      "identity-start=\"800\" identity-increment=\"-3\" identity-max=\"900\" "
			      "identity-cycle=\"true\"/>"), "%s", doc);
	ck_assert_msg(strstr(doc, "<column name=\"tag\" type=\"bigint\" identity=\"always\"/>"),
		      "%s", doc);
	ck_assert_msg(model_parse_buffer(back, doc, strlen(doc), "back.xml", &d) == 0 &&
		      model_check(back, &d) == 0, "reading back failed:\n%s", doc);
	catalog_dump(c, &want);
	catalog_dump(back, &got);
	ck_assert_msg(strcmp(want.buf, got.buf) == 0, "document:\n%s\nwant:\n%s\ngot:\n%s", doc,
		      want.buf, got.buf);
	strbuf_release(&want);
	strbuf_release(&got);
	diag_release(&d);
	free(doc);
	catalog_free(c);
	catalog_free(back);
	arena_release(&a);
}
END_TEST

static Suite *model_writer_suite(void)
{
	Suite *s = suite_create("model_writer");
	TCase *tc = tcase_create("model_writer");

	tcase_add_test(tc, users_table_with_shorthands);
	tcase_add_test(tc, long_forms_and_names);
	tcase_add_test(tc, schemas_enums_sequences);
	tcase_add_test(tc, column_kinds);
	tcase_add_test(tc, awkward_text_is_well_formed);
	tcase_add_test(tc, unrepresentable_text_replaced);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, reads_back_identically);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(model_writer_suite)
