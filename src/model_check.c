/*
 * model_check.c - what the schema cannot check in a merged model, and the
 * names the model leaves out (see model.h).
 *
 * Runs after every model file has been read, because a foreign key may
 * point at a table in another file. In order: resolve foreign key targets
 * (an unqualified target is a table in the referencing table's schema if
 * there is one, else in public; a target without columns means its primary
 * key), check that every column a key, index or sequence names exists,
 * check defaults of enum columns and rename hints, then derive missing
 * constraint and index names in PostgreSQL's order and namespaces
 * (names.h). Every problem carries the FILE:LINE of the element.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "names.h"
#include "banned.h"

struct checker {
	struct catalog *c;
	struct diags *d;
	struct strmap relations;	/* "schema\x1fname" -> struct obj *: the relation namespace */
	struct strmap constraints;	/* "schema\x1fname" -> struct obj *: constraint names */
	const char *schema;		/* schema whose names the taken callbacks test */
	struct strbuf key;		/* scratch for lookup keys */
	size_t nerrors;			/* errors reported so far */
	size_t hint_budget;		/* candidates "did you mean" may still compare */
};

/* Edit distances all hints together may compute (bounded work on huge models). */
#define MODEL_CHECK_HINT_BUDGET 2000000

/*
 * Past this many errors the rest would only bury the first ones, and a
 * hostile model could make the "did you mean" searches quadratic.
 */
#define MODEL_CHECK_MAX_ERRORS 200

static void error_at(struct checker *k, const struct obj *o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void error_at(struct checker *k, const struct obj *o, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (++k->nerrors > MODEL_CHECK_MAX_ERRORS) {
		if (k->nerrors == MODEL_CHECK_MAX_ERRORS + 1)
			diag_error(k->d, o->file, o->line, "too many errors; fix these first");
		return;
	}
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	diag_error(k->d, o->file, o->line, "%s", sb.buf);
	strbuf_release(&sb);
}

/* "\nhint: Did you mean 'x'?" when a candidate is close to name, else "". */
static const char *did_you_mean(struct checker *k, const char *name,
				const char *const *candidates, size_t n)
{
	const char *near;

	if (k->nerrors >= MODEL_CHECK_MAX_ERRORS || n > k->hint_budget)
		return "";
	k->hint_budget -= n;
	near = nearest_name(name, candidates, n);
	return near ? arena_printf(k->c->arena, "\nhint: Did you mean '%s'?", near) : "";
}

static const char *column_hint(struct checker *k, const struct table *t, const char *name)
{
	const char **names;
	size_t i;

	if (k->nerrors >= MODEL_CHECK_MAX_ERRORS)
		return "";
	names = arena_alloc(k->c->arena, (t->columns.len + 1) * sizeof(*names));
	for (i = 0; i < t->columns.len; i++)
		names[i] = ((struct column *)t->columns.items[i])->o.name;
	return did_you_mean(k, name, names, t->columns.len);
}

/* Table names in schema (qualified when it is not public) close to name. */
static const char *table_hint(struct checker *k, const char *schema, const char *name)
{
	const char **names;
	size_t i, n = 0;

	if (k->nerrors >= MODEL_CHECK_MAX_ERRORS || k->c->tables.len > k->hint_budget)
		return "";
	names = arena_alloc(k->c->arena, (k->c->tables.len + 1) * sizeof(*names));
	for (i = 0; i < k->c->tables.len; i++) {
		const struct table *t = k->c->tables.items[i];

		if (strcmp(t->o.schema, schema) == 0)
			names[n++] = t->o.name;
	}
	return did_you_mean(k, name, names, n);
}

static const char *qualified(struct checker *k, const char *schema, const char *name)
{
	if (!schema || strcmp(schema, "public") == 0)
		return name;
	return arena_printf(k->c->arena, "%s.%s", schema, name);
}

/* --- columns named by keys, indexes, sequences ------------------------- */

/* Reports each name of list that t lacks, and any name listed twice. */
static void check_column_list(struct checker *k, const struct obj *o, const struct table *t,
			      const char *const *list, size_t n, const char *what)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!table_find_column(t, list[i]))
			error_at(k, o, "%s names column '%s', which table '%s' does not have%s", what,
				 list[i], qualified(k, t->o.schema, t->o.name),
				 column_hint(k, t, list[i]));
		for (j = 0; j < i; j++)
			if (strcmp(list[i], list[j]) == 0) {
				error_at(k, o, "%s lists column '%s' twice", what, list[i]);
				break;
			}
	}
}

static const char *const con_what[] = {
	[CON_PRIMARY] = "primary key", [CON_UNIQUE] = "unique constraint",
	[CON_CHECK] = "check constraint", [CON_FOREIGN] = "foreign key",
};

static const char *constraint_what(const struct constraint *con)
{
	return (unsigned char)con->type < sizeof(con_what) / sizeof(con_what[0]) &&
	       con_what[(unsigned char)con->type] ? con_what[(unsigned char)con->type] : "constraint";
}

/* PostgreSQL makes primary key columns NOT NULL, whatever the column says. */
static void primary_key_not_null(const struct table *t, const struct constraint *pk)
{
	size_t i;

	for (i = 0; i < pk->ncolumns; i++) {
		struct column *col = table_find_column(t, pk->columns[i]);

		if (col)
			col->not_null = true;
	}
}

static void check_table_columns(struct checker *k, const struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->constraints.len; i++) {
		const struct constraint *con = t->constraints.items[i];

		if (con->type == CON_CHECK)
			continue;
		if (con->ncolumns == 0)
			error_at(k, &con->o, "%s has no columns", constraint_what(con));
		check_column_list(k, &con->o, t, con->columns, con->ncolumns, constraint_what(con));
		if (con->type == CON_PRIMARY)
			primary_key_not_null(t, con);
	}
	for (i = 0; i < t->indexes.len; i++) {
		const struct index *ix = t->indexes.items[i];

		for (j = 0; j < ix->nelems; j++)
			if (ix->elems[j].column)
				check_column_list(k, &ix->o, t, &ix->elems[j].column, 1, "index");
		check_column_list(k, &ix->o, t, ix->include, ix->ninclude, "index include");
	}
}

static void check_sequences(struct checker *k)
{
	size_t i;

	for (i = 0; i < k->c->sequences.len; i++) {
		const struct sequence *s = k->c->sequences.items[i];
		const struct table *t;

		if (!s->owned_by_table)
			continue;
		t = catalog_find_table(k->c, s->o.schema, s->owned_by_table);
		if (!t)
			error_at(k, &s->o, "sequence '%s' is owned by unknown table '%s'%s", s->o.name,
				 qualified(k, s->o.schema, s->owned_by_table),
				 table_hint(k, s->o.schema, s->owned_by_table));
		else if (!table_find_column(t, s->owned_by_column))
			error_at(k, &s->o, "sequence '%s' is owned by '%s.%s', which is no column%s",
				 s->o.name, s->owned_by_table, s->owned_by_column,
				 column_hint(k, t, s->owned_by_column));
	}
}

/* --- foreign keys -------------------------------------------------------- */

static bool same_column_set(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	size_t i, j;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++) {
		for (j = 0; j < nb && strcmp(a[i], b[j]) != 0; j++)
			;
		if (j == nb)
			return false;
	}
	return true;
}

/*
 * True when ix can back a foreign key to cols: unique, not partial, plain
 * column keys that are exactly cols in any order (INCLUDE columns do not
 * count, as in PostgreSQL's check).
 */
static bool index_is_key_for(const struct index *ix, const char *const *cols, size_t n)
{
	const char **keys;
	size_t i;
	bool same;

	if (!ix->unique || ix->predicate || ix->nelems != n)
		return false;
	for (i = 0; i < n; i++)
		if (!ix->elems[i].column)
			return false;
	keys = xmalloc((n ? n : 1) * sizeof(*keys));
	for (i = 0; i < n; i++)
		keys[i] = ix->elems[i].column;
	same = same_column_set(keys, n, cols, n);
	free(keys);
	return same;
}

/* PostgreSQL needs a primary key, unique constraint or unique index over exactly these. */
static bool has_unique_key(const struct table *t, const char *const *cols, size_t n)
{
	size_t i;

	for (i = 0; i < t->constraints.len; i++) {
		const struct constraint *con = t->constraints.items[i];

		if ((con->type == CON_PRIMARY || con->type == CON_UNIQUE) &&
		    same_column_set(con->columns, con->ncolumns, cols, n))
			return true;
	}
	for (i = 0; i < t->indexes.len; i++)
		if (index_is_key_for(t->indexes.items[i], cols, n))
			return true;
	return false;
}

/*
 * ON DELETE/UPDATE SET NULL on a NOT NULL column, or SET DEFAULT on a NOT
 * NULL column without a default, is accepted by PostgreSQL but fails the
 * first time it fires: worth a warning, not an error.
 */
static void warn_unusable_action(struct checker *k, const struct table *t,
				 const struct constraint *con)
{
	const char *const when[2] = { "on-delete", "on-update" };
	const char actions[2] = { con->on_delete, con->on_update };
	size_t i, w;

	for (w = 0; w < 2; w++) {
		if (actions[w] != FK_SET_NULL && actions[w] != FK_SET_DEFAULT)
			continue;
		for (i = 0; i < con->ncolumns; i++) {
			const struct column *col = table_find_column(t, con->columns[i]);

			if (!col || !col->not_null ||
			    (actions[w] == FK_SET_DEFAULT && col->default_expr))
				continue;
			diag_warning(k->d, con->o.file, con->o.line, "%s=\"%s\" of this foreign key "
				     "will fail: column '%s' is NOT NULL%s", when[w],
				     actions[w] == FK_SET_NULL ? "set null" : "set default", col->o.name,
				     actions[w] == FK_SET_DEFAULT ? " and has no default" : "");
			break;
		}
	}
}

static void resolve_target_columns(struct checker *k, struct constraint *con,
				   const struct table *target)
{
	const struct constraint *pk;

	if (con->nref_columns)
		return;
	pk = table_primary_key(target);
	if (!pk) {
		error_at(k, &con->o, "foreign key references table '%s' without naming columns, "
			 "but that table has no primary key\nhint: Name the columns: "
			 "references=\"%s(column)\".", qualified(k, target->o.schema, target->o.name),
			 target->o.name);
		return;
	}
	con->ref_columns = pk->columns;
	con->nref_columns = pk->ncolumns;
}

static void resolve_foreign_key(struct checker *k, struct table *t, struct constraint *con)
{
	const struct table *target;

	if (!con->ref_table)
		return;		/* the references= syntax error was reported */
	if (!con->ref_schema)
		con->ref_schema = catalog_find_table(k->c, t->o.schema, con->ref_table)
			? t->o.schema : "public";
	target = catalog_find_table(k->c, con->ref_schema, con->ref_table);
	if (!target) {
		error_at(k, &con->o, "foreign key references unknown table '%s'%s",
			 qualified(k, con->ref_schema, con->ref_table),
			 table_hint(k, con->ref_schema, con->ref_table));
		return;
	}
	resolve_target_columns(k, con, target);
	if (!con->nref_columns)
		return;
	if (con->ncolumns != con->nref_columns) {
		error_at(k, &con->o, "foreign key has %zu column%s but references %zu", con->ncolumns,
			 con->ncolumns == 1 ? "" : "s", con->nref_columns);
		return;
	}
	check_column_list(k, &con->o, target, con->ref_columns, con->nref_columns,
			  "foreign key target");
	warn_unusable_action(k, t, con);
	if (!has_unique_key(target, con->ref_columns, con->nref_columns)) {
		struct strbuf cols = STRBUF_INIT;
		size_t i;

		for (i = 0; i < con->nref_columns; i++)
			strbuf_addf(&cols, "%s%s", i ? ", " : "", con->ref_columns[i]);
		error_at(k, &con->o, "foreign key references (%s) of table '%s', which is neither "
			 "its primary key nor unique\nhint: PostgreSQL requires a primary key, unique "
			 "constraint or unique index over exactly the referenced columns.", cols.buf,
			 qualified(k, target->o.schema, target->o.name));
		strbuf_release(&cols);
	}
}

static void check_foreign_keys(struct checker *k)
{
	size_t i, j;

	for (i = 0; i < k->c->tables.len; i++) {
		struct table *t = k->c->tables.items[i];

		for (j = 0; j < t->constraints.len; j++) {
			struct constraint *con = t->constraints.items[j];

			if (con->type == CON_FOREIGN)
				resolve_foreign_key(k, t, con);
		}
	}
}

static bool same_list(const char *const *a, size_t na, const char *const *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/*
 * True when b declares the key a declares again: a unique key or primary
 * key over the same columns (CREATE TABLE would quietly keep only one), or
 * a foreign key from the same columns to the same target columns (usually
 * references= on a column plus a <foreign-key> for it).
 */
static bool same_key(const struct constraint *a, const struct constraint *b)
{
	bool a_key = a->type == CON_UNIQUE || a->type == CON_PRIMARY;
	bool b_key = b->type == CON_UNIQUE || b->type == CON_PRIMARY;

	if (!a->ncolumns)
		return false;
	if (a_key && b_key)
		return a->nulls_not_distinct == b->nulls_not_distinct &&
		       same_column_set(a->columns, a->ncolumns, b->columns, b->ncolumns);
	if (a->type != CON_FOREIGN || b->type != CON_FOREIGN || !a->ref_table || !b->ref_table)
		return false;
	return same_list(a->columns, a->ncolumns, b->columns, b->ncolumns) &&
	       strcmp(a->ref_table, b->ref_table) == 0 &&
	       strcmp(a->ref_schema ? a->ref_schema : "", b->ref_schema ? b->ref_schema : "") == 0 &&
	       same_list(a->ref_columns, a->nref_columns, b->ref_columns, b->nref_columns);
}

/* The same key declared twice. Runs after foreign keys are resolved. */
static void check_duplicate_keys(struct checker *k, const struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->constraints.len; i++) {
		const struct constraint *a = t->constraints.items[i];

		if (a->type == CON_CHECK)
			continue;
		for (j = 0; j < i; j++) {
			const struct constraint *b = t->constraints.items[j];

			if (same_key(a, b)) {
				/* Blame the one written later (shorthand keys are added last). */
				const struct constraint *later = a->o.line >= b->o.line ? a : b;
				const struct constraint *first = later == a ? b : a;

				error_at(k, &later->o, "%s repeats the %s at %s:%d over the same columns",
					 constraint_what(later), constraint_what(first),
					 first->o.file ? first->o.file : "?", first->o.line);
				break;
			}
		}
	}
}

/* --- enum defaults and renames ------------------------------------------ */

/* The enum a column type names, looked up as an unqualified name would be. */
static const struct enum_type *column_enum(struct checker *k, const struct column *col)
{
	const char *dot = strchr(col->type, '.');
	const struct enum_type *e;

	if (strchr(col->type, '[') || strchr(col->type, '"'))
		return NULL;
	if (dot) {
		const char *schema = arena_strndup(k->c->arena, col->type, (size_t)(dot - col->type));

		return catalog_find_enum(k->c, schema, dot + 1);
	}
	e = catalog_find_enum(k->c, "public", col->type);
	return e ? e : catalog_find_enum(k->c, col->o.schema, col->type);
}

/*
 * The label of a default written 'x' or 'x'::type; NULL when the default is
 * something else (a function call, say) that cannot be checked here.
 */
static const char *default_label(struct checker *k, const char *expr)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = expr, *label;

	if (*p != '\'')
		return NULL;
	for (p++; *p; p++) {
		if (p[0] == '\'' && p[1] == '\'')
			strbuf_addch(&sb, *p++);
		else if (*p == '\'')
			break;
		else
			strbuf_addch(&sb, *p);
	}
	if (*p != '\'' || (p[1] && strncmp(p + 1, "::", 2) != 0)) {
		strbuf_release(&sb);
		return NULL;
	}
	label = arena_strdup(k->c->arena, sb.buf);
	strbuf_release(&sb);
	return label;
}

static void check_enum_defaults(struct checker *k, const struct table *t)
{
	size_t i;

	for (i = 0; i < t->columns.len; i++) {
		const struct column *col = t->columns.items[i];
		const struct enum_type *e;
		const char *label;

		if (!col->default_expr || !col->type)
			continue;
		e = column_enum(k, col);
		label = e ? default_label(k, col->default_expr) : NULL;
		if (label && enum_value_index(e, label) < 0)
			error_at(k, &col->o, "default '%s' of column '%s' is not a value of enum '%s'%s",
				 label, col->o.name, e->o.name,
				 did_you_mean(k, label, e->values, e->nvalues));
	}
}

/*
 * Rename hints: a name renamed from itself is a mistake, and so are two
 * objects renamed from one name. The old name may be declared again (a
 * rename followed by a new object of the old name) and hints may form
 * chains and cycles (a swap): the differ orders those renames.
 */
static void check_column_renames(struct checker *k, const struct table *t)
{
	struct strmap from = STRMAP_INIT;
	size_t i;

	for (i = 0; i < t->columns.len; i++) {
		const struct column *col = t->columns.items[i];
		const struct column *other;

		if (!col->renamed_from)
			continue;
		if (strcmp(col->renamed_from, col->o.name) == 0) {
			error_at(k, &col->o, "column '%s' is renamed from itself", col->o.name);
			continue;
		}
		other = strmap_put(&from, col->renamed_from, (void *)col);
		if (other)
			error_at(k, &col->o, "columns '%s' and '%s' of table '%s' are both renamed "
				 "from '%s'", other->o.name, col->o.name, t->o.name,
				 col->renamed_from);
	}
	strmap_release(&from);
}

static void check_renames(struct checker *k)
{
	struct strmap from = STRMAP_INIT;	/* "schema\x1fold" -> table; keys in the arena */
	size_t i;

	for (i = 0; i < k->c->tables.len; i++) {
		const struct table *t = k->c->tables.items[i];
		const struct table *other;

		check_column_renames(k, t);
		if (!t->renamed_from)
			continue;
		if (strcmp(t->renamed_from, t->o.name) == 0) {
			error_at(k, &t->o, "table '%s' is renamed from itself", t->o.name);
			continue;
		}
		other = strmap_put(&from, arena_printf(k->c->arena, "%s\x1f%s", t->o.schema,
						       t->renamed_from), (void *)t);
		if (other)
			error_at(k, &t->o, "tables '%s' and '%s' are both renamed from '%s' (%s:%d)",
				 other->o.name, t->o.name, t->renamed_from,
				 other->o.file ? other->o.file : "?", other->o.line);
	}
	strmap_release(&from);
}

/* --- names ---------------------------------------------------------------- */

/* "schema\x1fname" in k's scratch buffer, valid until the next call. */
static const char *ns_key(struct checker *k, const char *schema, const char *name)
{
	strbuf_reset(&k->key);
	strbuf_addf(&k->key, "%s\x1f%s", schema, name);
	return k->key.buf;
}

/* Stores value under schema.name; the map keeps its own copy of the key. */
static void ns_put(struct checker *k, struct strmap *map, const char *schema, const char *name,
		   const void *value)
{
	strmap_put(map, arena_strdup(k->c->arena, ns_key(k, schema, name)), (void *)value);
}

static bool relation_taken(void *arg, const char *name)
{
	struct checker *k = arg;

	return strmap_get(&k->relations, ns_key(k, k->schema, name)) != NULL;
}

static bool constraint_taken(void *arg, const char *name)
{
	struct checker *k = arg;

	return strmap_get(&k->constraints, ns_key(k, k->schema, name)) != NULL;
}

static bool key_name_taken(void *arg, const char *name)
{
	return relation_taken(arg, name) || constraint_taken(arg, name);
}

/* A constraint whose index needs a relation name: primary key, unique. */
static bool has_index(const struct constraint *con)
{
	return con->type == CON_PRIMARY || con->type == CON_UNIQUE;
}

static void claim_relation(struct checker *k, const struct obj *o, const char *what)
{
	const struct obj *old = strmap_get(&k->relations, ns_key(k, o->schema, o->name));

	if (!old) {
		ns_put(k, &k->relations, o->schema, o->name, o);
		return;
	}
	error_at(k, o, "%s name '%s' is already taken by %s '%s' (%s:%d); tables, sequences, "
		 "indexes and the indexes of primary keys and unique constraints share one "
		 "namespace per schema", what, o->name, old->kind == OBJ_CONSTRAINT ? "constraint"
		 : obj_kind_names[old->kind], old->name, old->file ? old->file : "?", old->line);
}

/* Reserves every name the model spells out before any is derived. */
static void reserve_given_names(struct checker *k)
{
	size_t i, j;

	for (i = 0; i < k->c->tables.len; i++)
		claim_relation(k, k->c->tables.items[i], "table");
	for (i = 0; i < k->c->sequences.len; i++)
		claim_relation(k, k->c->sequences.items[i], "sequence");
	for (i = 0; i < k->c->tables.len; i++) {
		const struct table *t = k->c->tables.items[i];

		for (j = 0; j < t->indexes.len; j++) {
			const struct index *ix = t->indexes.items[j];

			if (*ix->o.name)
				claim_relation(k, &ix->o, "index");
		}
		for (j = 0; j < t->constraints.len; j++) {
			const struct constraint *con = t->constraints.items[j];

			if (!*con->o.name)
				continue;
			ns_put(k, &k->constraints, con->o.schema, con->o.name, con);
			if (has_index(con))
				claim_relation(k, &con->o, "constraint");
		}
	}
}

/*
 * name_derived promises that the name is PostgreSQL's plain default, the one
 * it gives when nothing else has it, so SQL may leave it out. A numbered
 * name ("t_a_key1", chosen because the default was taken) depends on what
 * the server creates first, so it counts as spelled out.
 */
static bool is_plain_default(const char *name, const char *plain)
{
	return strcmp(name, plain) == 0;
}

static void name_constraint(struct checker *k, struct table *t, struct constraint *con)
{
	names_taken_fn taken = has_index(con) ? key_name_taken : constraint_taken;

	k->schema = t->o.schema;
	con->o.name = names_for_constraint(k->c->arena, t, con, taken, k);
	con->name_derived = is_plain_default(con->o.name,
					     names_for_constraint(k->c->arena, t, con, NULL, NULL));
	ns_put(k, &k->constraints, t->o.schema, con->o.name, con);
	if (has_index(con))
		ns_put(k, &k->relations, t->o.schema, con->o.name, con);
}

/* Gives an unnamed index its name and registers it with the catalog. */
static void name_index(struct checker *k, struct table *t, size_t pos)
{
	struct index *old = t->indexes.items[pos], *ix;
	const char *name;

	k->schema = t->o.schema;
	name = names_for_index(k->c->arena, t, old, relation_taken, k);
	ix = table_add_index(k->c, t, name);
	if (!ix) {
		/* Only a bug can get here: the name was checked to be free. */
		error_at(k, &old->o, "derived index name '%s' is taken", name);
		return;
	}
	t->indexes.len--;	/* table_add_index appended it; keep the model's order */
	*ix = *old;
	ix->o.name = name;
	ix->name_derived = is_plain_default(name, names_for_index(k->c->arena, t, old, NULL, NULL));
	t->indexes.items[pos] = ix;
	ns_put(k, &k->relations, t->o.schema, name, ix);
}

/*
 * Derived names in the order CREATE TABLE gives them: checks, then the
 * primary key and unique constraints, then foreign keys; then indexes.
 */
static void derive_names(struct checker *k)
{
	static const char order[] = { CON_CHECK, CON_PRIMARY, CON_UNIQUE, CON_FOREIGN };
	size_t i, j, pass;

	for (i = 0; i < k->c->tables.len; i++) {
		struct table *t = k->c->tables.items[i];

		for (pass = 0; pass < sizeof(order); pass++)
			for (j = 0; j < t->constraints.len; j++) {
				struct constraint *con = t->constraints.items[j];

				if (!*con->o.name && con->type == order[pass])
					name_constraint(k, t, con);
			}
		for (j = 0; j < t->indexes.len; j++)
			if (!*((struct index *)t->indexes.items[j])->o.name)
				name_index(k, t, j);
	}
}

static bool diag_before(const struct diag_item *a, const struct diag_item *b)
{
	int r = strcmp(a->file ? a->file : "", b->file ? b->file : "");

	return r < 0 || (r == 0 && a->line < b->line);
}

/*
 * Puts the diagnostics from index start on into file and line order, so
 * they read top to bottom whatever check found them. Stable: insertion sort.
 */
static void sort_diags(struct diags *d, size_t start)
{
	size_t i, j;

	for (i = start + 1; i < d->len; i++) {
		struct diag_item it = d->items[i];

		for (j = i; j > start && diag_before(&it, &d->items[j - 1]); j--)
			d->items[j] = d->items[j - 1];
		d->items[j] = it;
	}
}

int model_check(struct catalog *c, struct diags *d)
{
	struct checker k = { c, d, STRMAP_INIT, STRMAP_INIT, NULL, STRBUF_INIT, 0,
			     MODEL_CHECK_HINT_BUDGET };
	size_t errors_before = d->nerrors, first_item = d->len, i;

	check_foreign_keys(&k);
	check_sequences(&k);
	for (i = 0; i < c->tables.len; i++) {
		struct table *t = c->tables.items[i];

		check_table_columns(&k, t);
		check_duplicate_keys(&k, t);
		check_enum_defaults(&k, t);
	}
	check_renames(&k);
	reserve_given_names(&k);
	derive_names(&k);
	strmap_release(&k.relations);
	strmap_release(&k.constraints);
	strbuf_release(&k.key);
	sort_diags(d, first_item);
	return d->nerrors > errors_before ? -1 : 0;
}

/* --- filtering -------------------------------------------------------------- */

static void copy_table(struct catalog *to, struct table *t)
{
	struct table *t2 = catalog_add_table(to, t->o.schema, t->o.name);
	struct ptrvec indexes = t->indexes;
	size_t i;

	*t2 = *t;
	t2->indexes.items = NULL;
	t2->indexes.len = t2->indexes.cap = 0;
	for (i = 0; i < t2->columns.len; i++)
		((struct column *)t2->columns.items[i])->table = t2;
	for (i = 0; i < t2->constraints.len; i++)
		((struct constraint *)t2->constraints.items[i])->table = t2;
	for (i = 0; i < indexes.len; i++) {
		struct index *ix = indexes.items[i];
		struct index *ix2 = table_add_index(to, t2, ix->o.name);

		*ix2 = *ix;
		ix2->table = t2;
	}
}

struct catalog *model_filter(struct catalog *c, const struct filter *f)
{
	struct catalog *to;
	size_t i;

	if (!f)
		return c;
	to = catalog_new(c->arena);
	for (i = 0; i < c->schemas.len; i++) {
		const struct schema *s = c->schemas.items[i];

		*catalog_add_schema(to, s->o.name) = *s;
	}
	for (i = 0; i < c->extensions.len; i++) {
		const struct extension *e = c->extensions.items[i];

		*catalog_add_extension(to, e->o.name) = *e;
	}
	for (i = 0; i < c->enums.len; i++) {
		const struct enum_type *e = c->enums.items[i];

		if (filter_wants(f, e->o.schema, e->o.name))
			*catalog_add_enum(to, e->o.schema, e->o.name) = *e;
	}
	for (i = 0; i < c->sequences.len; i++) {
		const struct sequence *s = c->sequences.items[i];

		/* A sequence goes with its table when that is left out, as introspect.c does. */
		if (filter_wants(f, s->o.schema, s->o.name) &&
		    (!s->owned_by_table || filter_wants(f, s->o.schema, s->owned_by_table)))
			*catalog_add_sequence(to, s->o.schema, s->o.name) = *s;
	}
	for (i = 0; i < c->tables.len; i++) {
		struct table *t = c->tables.items[i];

		if (filter_wants(f, t->o.schema, t->o.name))
			copy_table(to, t);
	}
	return to;
}
