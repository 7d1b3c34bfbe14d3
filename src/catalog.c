/*
 * catalog.c - building, finding and listing catalog objects (see catalog.h).
 *
 * Schema-level objects are found through one hash map keyed by
 * "<kind>\x1f<schema>\x1f<name>"; columns and constraints by a scan of their
 * table, which is short and keeps memory proportional to the schema.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "banned.h"

const char *const obj_kind_names[OBJ_KIND_COUNT] = {
	[OBJ_SCHEMA] = "schema",
	[OBJ_EXTENSION] = "extension",
	[OBJ_ENUM] = "enum",
	[OBJ_SEQUENCE] = "sequence",
	[OBJ_TABLE] = "table",
	[OBJ_COLUMN] = "column",
	[OBJ_CONSTRAINT] = "constraint",
	[OBJ_INDEX] = "index",
};
_Static_assert(sizeof(obj_kind_names) / sizeof(obj_kind_names[0]) == OBJ_KIND_COUNT,
	       "obj_kind_names must name every kind");

/* Tables, sequences and indexes share one namespace per schema, as relations. */
static char lookup_kind(enum obj_kind kind)
{
	switch (kind) {
	case OBJ_TABLE:
	case OBJ_SEQUENCE:
	case OBJ_INDEX:
		return 'r';
	default:
		return (char)('a' + kind);
	}
}

static const char *lookup_key(struct strbuf *sb, enum obj_kind kind,
			      const char *schema, const char *name)
{
	strbuf_reset(sb);
	strbuf_addch(sb, lookup_kind(kind));
	strbuf_addch(sb, '\x1f');
	strbuf_addstr(sb, schema ? schema : "");
	strbuf_addch(sb, '\x1f');
	strbuf_addstr(sb, name);
	return sb->buf;
}

static struct obj *find_obj(const struct catalog *c, enum obj_kind kind,
			    const char *schema, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	struct obj *o = strmap_get(&c->names, lookup_key(&sb, kind, schema, name));

	strbuf_release(&sb);
	return o && o->kind == kind ? o : NULL;
}

/* Registers o under its name; false when the name is taken. */
static bool register_obj(struct catalog *c, struct obj *o)
{
	struct strbuf sb = STRBUF_INIT;
	const char *key = lookup_key(&sb, o->kind, o->schema, o->name);
	bool ok = !strmap_get(&c->names, key);

	if (ok)
		strmap_put(&c->names, arena_strdup(c->arena, key), o);
	strbuf_release(&sb);
	return ok;
}

static void *new_obj(struct catalog *c, size_t size, enum obj_kind kind,
		     const char *schema, const char *name)
{
	struct obj *o = arena_alloc(c->arena, size);

	o->kind = kind;
	o->schema = arena_strdup(c->arena, schema);
	o->name = arena_strdup(c->arena, name);
	return o;
}

struct catalog *catalog_new(struct arena *a)
{
	struct catalog *c = arena_alloc(a, sizeof(*c));

	c->arena = a;
	return c;
}

void catalog_free(struct catalog *c)
{
	if (c)
		strmap_release(&c->names);
}

static void *add_registered(struct catalog *c, struct ptrvec *list, size_t size,
			    enum obj_kind kind, const char *schema, const char *name)
{
	struct obj *o = new_obj(c, size, kind, schema, name);

	if (!register_obj(c, o))
		return NULL;
	ptrvec_push(c->arena, list, o);
	return o;
}

struct schema *catalog_add_schema(struct catalog *c, const char *name)
{
	return add_registered(c, &c->schemas, sizeof(struct schema), OBJ_SCHEMA, NULL, name);
}

struct extension *catalog_add_extension(struct catalog *c, const char *name)
{
	/* Extension names are database-wide: register without a schema. */
	return add_registered(c, &c->extensions, sizeof(struct extension),
			      OBJ_EXTENSION, NULL, name);
}

struct enum_type *catalog_add_enum(struct catalog *c, const char *schema, const char *name)
{
	return add_registered(c, &c->enums, sizeof(struct enum_type), OBJ_ENUM, schema, name);
}

void enum_add_value(struct catalog *c, struct enum_type *e, const char *value)
{
	const char **values = arena_alloc(c->arena, (e->nvalues + 1) * sizeof(*values));

	if (e->nvalues)
		memcpy(values, e->values, e->nvalues * sizeof(*values));
	values[e->nvalues++] = arena_strdup(c->arena, value);
	e->values = values;
}

struct sequence *catalog_add_sequence(struct catalog *c, const char *schema, const char *name)
{
	struct sequence *s = add_registered(c, &c->sequences, sizeof(struct sequence),
					    OBJ_SEQUENCE, schema, name);
	if (s) {
		s->type = "bigint";
		s->increment = 1;
		sequence_set_defaults(s);
	}
	return s;
}

struct table *catalog_add_table(struct catalog *c, const char *schema, const char *name)
{
	return add_registered(c, &c->tables, sizeof(struct table), OBJ_TABLE, schema, name);
}

struct column *table_add_column(struct catalog *c, struct table *t, const char *name)
{
	struct column *col;

	if (table_find_column(t, name))
		return NULL;
	col = new_obj(c, sizeof(*col), OBJ_COLUMN, t->o.schema, name);
	col->table = t;
	ptrvec_push(c->arena, &t->columns, col);
	return col;
}

struct constraint *table_add_constraint(struct catalog *c, struct table *t,
					const char *name, char type)
{
	struct constraint *con;

	if (table_find_constraint(t, name))
		return NULL;
	con = new_obj(c, sizeof(*con), OBJ_CONSTRAINT, t->o.schema, name);
	con->table = t;
	con->type = type;
	con->on_delete = FK_NO_ACTION;
	con->on_update = FK_NO_ACTION;
	con->match = 's';
	ptrvec_push(c->arena, &t->constraints, con);
	return con;
}

struct index *table_add_index(struct catalog *c, struct table *t, const char *name)
{
	struct index *ix = new_obj(c, sizeof(*ix), OBJ_INDEX, t->o.schema, name);

	if (!register_obj(c, &ix->o))
		return NULL;
	ix->table = t;
	ix->method = "btree";
	ptrvec_push(c->arena, &t->indexes, ix);
	return ix;
}

struct schema *catalog_find_schema(const struct catalog *c, const char *name)
{
	return (struct schema *)find_obj(c, OBJ_SCHEMA, NULL, name);
}

struct extension *catalog_find_extension(const struct catalog *c, const char *name)
{
	return (struct extension *)find_obj(c, OBJ_EXTENSION, NULL, name);
}

struct enum_type *catalog_find_enum(const struct catalog *c, const char *schema, const char *name)
{
	return (struct enum_type *)find_obj(c, OBJ_ENUM, schema, name);
}

struct sequence *catalog_find_sequence(const struct catalog *c, const char *schema, const char *name)
{
	return (struct sequence *)find_obj(c, OBJ_SEQUENCE, schema, name);
}

struct table *catalog_find_table(const struct catalog *c, const char *schema, const char *name)
{
	return (struct table *)find_obj(c, OBJ_TABLE, schema, name);
}

struct index *catalog_find_index(const struct catalog *c, const char *schema, const char *name)
{
	return (struct index *)find_obj(c, OBJ_INDEX, schema, name);
}

struct column *table_find_column(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->columns.len; i++) {
		struct column *col = t->columns.items[i];
		if (strcmp(col->o.name, name) == 0)
			return col;
	}
	return NULL;
}

struct constraint *table_find_constraint(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->constraints.len; i++) {
		struct constraint *con = t->constraints.items[i];
		if (strcmp(con->o.name, name) == 0)
			return con;
	}
	return NULL;
}

struct constraint *table_primary_key(const struct table *t)
{
	size_t i;

	for (i = 0; i < t->constraints.len; i++) {
		struct constraint *con = t->constraints.items[i];
		if (con->type == CON_PRIMARY)
			return con;
	}
	return NULL;
}

int enum_value_index(const struct enum_type *e, const char *value)
{
	size_t i;

	for (i = 0; i < e->nvalues; i++)
		if (strcmp(e->values[i], value) == 0)
			return (int)i;
	return -1;
}

void sequence_set_defaults(struct sequence *s)
{
	long long max = INT64_MAX;

	if (strcmp(s->type, "integer") == 0)
		max = INT32_MAX;
	else if (strcmp(s->type, "smallint") == 0)
		max = INT16_MAX;
	if (s->increment == 0)
		s->increment = 1;
	if (s->increment > 0) {
		s->min_value = 1;
		s->max_value = max;
		s->start = s->min_value;
	} else {
		s->min_value = -max - 1;
		s->max_value = -1;
		s->start = s->max_value;
	}
	s->cache = 1;
	s->cycle = false;
}

void column_identity_from(struct column *col, const struct sequence *s)
{
	col->identity_start = s->start;
	col->identity_increment = s->increment;
	col->identity_min = s->min_value;
	col->identity_max = s->max_value;
	col->identity_cache = s->cache;
	col->identity_cycle = s->cycle;
}

void column_identity_defaults(struct column *col, const char *seqtype, long long increment)
{
	struct sequence s;

	memset(&s, 0, sizeof(s));
	s.type = seqtype;
	s.increment = increment;
	sequence_set_defaults(&s);
	column_identity_from(col, &s);
}

const char **catalog_strlist(struct catalog *c, const char *const *items, size_t n)
{
	const char **list = arena_alloc(c->arena, (n ? n : 1) * sizeof(*list));
	size_t i;

	for (i = 0; i < n; i++)
		list[i] = arena_strdup(c->arena, items[i]);
	return list;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_obj(const void *pa, const void *pb)
{
	const struct obj *a = *(const struct obj *const *)pa;
	const struct obj *b = *(const struct obj *const *)pb;
	int r = cmp_str(a->schema, b->schema);

	return r ? r : strcmp(a->name, b->name);
}

static void sort_vec(struct ptrvec *v)
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof(v->items[0]), cmp_obj);
}

static int cmp_cstr(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

void catalog_sort(struct catalog *c)
{
	size_t i;

	sort_vec(&c->schemas);
	sort_vec(&c->extensions);
	sort_vec(&c->enums);
	sort_vec(&c->sequences);
	sort_vec(&c->tables);
	if (c->unmanaged.len > 1)
		qsort(c->unmanaged.items, c->unmanaged.len, sizeof(void *), cmp_cstr);
	for (i = 0; i < c->tables.len; i++) {
		struct table *t = c->tables.items[i];
		sort_vec(&t->constraints);
		sort_vec(&t->indexes);
	}
}

/* --- canonical listing ------------------------------------------------ */

static void dump_field(struct strbuf *out, const char *key, const char *value)
{
	if (!value)
		return;
	strbuf_addch(out, ' ');
	strbuf_addstr(out, key);
	strbuf_addch(out, '=');
	/* Escape so that a value can never fake a field boundary or a line. */
	for (; *value; value++) {
		if (*value == '\n')
			strbuf_addstr(out, "\\n");
		else if (*value == '\\' || *value == '|')
			strbuf_addch(out, '\\'), strbuf_addch(out, *value);
		else
			strbuf_addch(out, *value);
	}
	strbuf_addch(out, '|');
}

static void dump_list(struct strbuf *out, const char *key, const char *const *items, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_addstr(&sb, items[i]);
	}
	dump_field(out, key, sb.buf);
	strbuf_release(&sb);
}

static void dump_head(struct strbuf *out, const struct obj *o, const char *owner)
{
	strbuf_addstr(out, obj_kind_names[o->kind]);
	strbuf_addch(out, ' ');
	if (owner) {
		strbuf_addstr(out, owner);
		strbuf_addch(out, '.');
	} else if (o->schema) {
		strbuf_addstr(out, o->schema);
		strbuf_addch(out, '.');
	}
	strbuf_addstr(out, o->name);
	strbuf_addch(out, ':');
	dump_field(out, "comment", o->comment);
}

static void dump_column(struct strbuf *out, const struct column *col, const char *owner)
{
	char ident[2] = { col->identity, 0 };

	dump_head(out, &col->o, owner);
	dump_field(out, "type", col->type);
	dump_field(out, "not_null", col->not_null ? "yes" : NULL);
	dump_field(out, "default", col->default_expr);
	dump_field(out, "collation", col->collation);
	dump_field(out, "identity", col->identity ? ident : NULL);
	if (col->identity)
		strbuf_addf(out, " identity_options=%lld/%lld/%lld/%lld/%lld/%s", col->identity_start,
			    col->identity_increment, col->identity_min, col->identity_max,
			    col->identity_cache, col->identity_cycle ? "cycle" : "no-cycle");
	dump_field(out, "generated", col->generated);
	strbuf_addch(out, '\n');
}

static void dump_constraint(struct strbuf *out, const struct constraint *con, const char *owner)
{
	char type[2] = { con->type, 0 }, del[2] = { con->on_delete, 0 };
	char upd[2] = { con->on_update, 0 }, match[2] = { con->match, 0 };

	dump_head(out, &con->o, owner);
	dump_field(out, "type", type);
	dump_list(out, "columns", con->columns, con->ncolumns);
	dump_field(out, "check", con->check_expr);
	dump_field(out, "nulls_not_distinct", con->nulls_not_distinct ? "yes" : NULL);
	if (con->type == CON_FOREIGN) {
		dump_field(out, "ref_schema", con->ref_schema);
		dump_field(out, "ref_table", con->ref_table);
		dump_list(out, "ref_columns", con->ref_columns, con->nref_columns);
		dump_field(out, "on_delete", del);
		dump_field(out, "on_update", upd);
		dump_field(out, "match", match);
	}
	dump_field(out, "deferrable", con->deferrable ? "yes" : NULL);
	dump_field(out, "initially_deferred", con->initially_deferred ? "yes" : NULL);
	strbuf_addch(out, '\n');
}

static void dump_index(struct strbuf *out, const struct index *ix, const char *owner)
{
	size_t i;

	dump_head(out, &ix->o, NULL);
	dump_field(out, "table", owner);
	dump_field(out, "unique", ix->unique ? "yes" : NULL);
	dump_field(out, "method", ix->method);
	for (i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];
		char nulls[2] = { e->nulls, 0 };

		strbuf_addf(out, " key%zu:", i);
		dump_field(out, "column", e->column);
		dump_field(out, "expr", e->expr);
		dump_field(out, "collation", e->collation);
		dump_field(out, "opclass", e->opclass);
		dump_field(out, "desc", e->desc ? "yes" : NULL);
		dump_field(out, "nulls", e->nulls ? nulls : NULL);
	}
	dump_list(out, "include", ix->include, ix->ninclude);
	dump_field(out, "where", ix->predicate);
	dump_field(out, "nulls_not_distinct", ix->nulls_not_distinct ? "yes" : NULL);
	dump_field(out, "with", ix->with);
	strbuf_addch(out, '\n');
}

static void dump_table(struct strbuf *out, struct arena *scratch, const struct table *t)
{
	char *owner = arena_printf(scratch, "%s.%s", t->o.schema ? t->o.schema : "", t->o.name);
	void **items;
	size_t i, n;

	dump_head(out, &t->o, NULL);
	strbuf_addch(out, '\n');

	/* Columns sorted by name: the listing ignores column position. */
	n = t->columns.len;
	items = arena_alloc(scratch, (n ? n : 1) * sizeof(*items));
	if (n)
		memcpy(items, t->columns.items, n * sizeof(*items));
	qsort(items, n, sizeof(*items), cmp_obj);
	for (i = 0; i < n; i++)
		dump_column(out, items[i], owner);

	n = t->constraints.len;
	items = arena_alloc(scratch, (n ? n : 1) * sizeof(*items));
	if (n)
		memcpy(items, t->constraints.items, n * sizeof(*items));
	qsort(items, n, sizeof(*items), cmp_obj);
	for (i = 0; i < n; i++)
		dump_constraint(out, items[i], owner);

	n = t->indexes.len;
	items = arena_alloc(scratch, (n ? n : 1) * sizeof(*items));
	if (n)
		memcpy(items, t->indexes.items, n * sizeof(*items));
	qsort(items, n, sizeof(*items), cmp_obj);
	for (i = 0; i < n; i++)
		dump_index(out, items[i], owner);
}

static void **sorted_copy(struct arena *scratch, const struct ptrvec *v)
{
	void **items = arena_alloc(scratch, (v->len ? v->len : 1) * sizeof(*items));

	if (v->len)
		memcpy(items, v->items, v->len * sizeof(*items));
	qsort(items, v->len, sizeof(*items), cmp_obj);
	return items;
}

void catalog_dump(const struct catalog *c, struct strbuf *out)
{
	struct arena scratch = ARENA_INIT;
	void **items;
	size_t i;

	items = sorted_copy(&scratch, &c->schemas);
	for (i = 0; i < c->schemas.len; i++) {
		dump_head(out, items[i], NULL);
		strbuf_addch(out, '\n');
	}
	items = sorted_copy(&scratch, &c->extensions);
	for (i = 0; i < c->extensions.len; i++) {
		const struct extension *e = items[i];
		dump_head(out, &e->o, NULL);
		dump_field(out, "version", e->version);
		strbuf_addch(out, '\n');
	}
	items = sorted_copy(&scratch, &c->enums);
	for (i = 0; i < c->enums.len; i++) {
		const struct enum_type *e = items[i];
		dump_head(out, &e->o, NULL);
		dump_list(out, "values", e->values, e->nvalues);
		strbuf_addch(out, '\n');
	}
	items = sorted_copy(&scratch, &c->sequences);
	for (i = 0; i < c->sequences.len; i++) {
		const struct sequence *s = items[i];
		dump_head(out, &s->o, NULL);
		strbuf_addf(out, " type=%s| start=%lld| increment=%lld| min=%lld| max=%lld| cache=%lld|%s",
			    s->type, s->start, s->increment, s->min_value, s->max_value,
			    s->cache, s->cycle ? " cycle=yes|" : "");
		dump_field(out, "owned_by_table", s->owned_by_table);
		dump_field(out, "owned_by_column", s->owned_by_column);
		strbuf_addch(out, '\n');
	}
	items = sorted_copy(&scratch, &c->tables);
	for (i = 0; i < c->tables.len; i++)
		dump_table(out, &scratch, items[i]);
	arena_release(&scratch);
}
