/*
 * catalog.h - the in-memory schema every stage shares.
 *
 * The model reader builds a catalog from XML files, the introspector builds
 * one from a live database; the differ compares two of them and never sees
 * libxml2 or PGresult. Everything hangs off one arena owned by the caller,
 * so a catalog is freed with catalog_free() plus arena_release().
 *
 * Text fields hold SQL as PostgreSQL prints it (format_type, pg_get_expr)
 * for a database catalog, and as the user wrote it for a model catalog until
 * the normalizer (normalize.h) has brought it to the database form. NULL
 * means "absent" (no default, no comment, default collation).
 */
#ifndef RETORT_CATALOG_H
#define RETORT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "strbuf.h"
#include "strmap.h"

enum obj_kind {
	OBJ_SCHEMA,
	OBJ_EXTENSION,
	OBJ_ENUM,
	OBJ_SEQUENCE,
	OBJ_TABLE,
	OBJ_COLUMN,
	OBJ_CONSTRAINT,
	OBJ_INDEX,
	OBJ_KIND_COUNT
};

/* "schema", "extension", "enum", ... indexed by enum obj_kind. */
extern const char *const obj_kind_names[OBJ_KIND_COUNT];

/*
 * The header every object starts with, so generic code (sorting, ordering,
 * messages) can work on any kind. schema is NULL for schemas and for
 * extensions installed without an explicit schema; for columns,
 * constraints and indexes it is the owning table's schema.
 */
struct obj {
	enum obj_kind kind;
	const char *schema;
	const char *name;
	const char *comment;
	const char *file;	/* model file the object came from, or NULL */
	int line;		/* line in that file, or 0 */
};

struct schema {
	struct obj o;
};

struct extension {
	struct obj o;		/* o.schema: WITH SCHEMA, or NULL for the default */
	const char *version;	/* NULL: whatever is the default */
};

struct enum_type {
	struct obj o;
	const char **values;	/* in sort order */
	size_t nvalues;
};

struct sequence {
	struct obj o;
	const char *type;	/* "bigint", "integer" or "smallint" */
	long long start, increment, min_value, max_value, cache;
	bool cycle;
	const char *owned_by_table;	/* in the sequence's schema, or NULL */
	const char *owned_by_column;
};

struct table;

/* pg_attribute.attidentity codes. */
enum identity_kind { IDENTITY_NONE = 0, IDENTITY_ALWAYS = 'a', IDENTITY_BY_DEFAULT = 'd' };

struct column {
	struct obj o;
	struct table *table;
	const char *type;		/* e.g. "character varying(20)", "public.run_status" */
	bool not_null;
	const char *default_expr;	/* NULL: no default */
	const char *collation;		/* NULL: the type's default */
	char identity;			/* enum identity_kind */
	const char *generated;		/* STORED generation expression, or NULL */
	const char *renamed_from;	/* model rename hint, or NULL */
	/*
	 * Identity columns: the options of their sequence, always resolved
	 * (PostgreSQL's defaults for the column's type where the model leaves
	 * them out, see column_identity_defaults) so that equal options
	 * compare equal. All zero for other columns, and for an identity
	 * column whose options are unknown (a catalog built by hand): stages
	 * then treat them as the defaults.
	 */
	long long identity_start, identity_increment, identity_min, identity_max, identity_cache;
	bool identity_cycle;
};

/* pg_constraint.contype codes. */
enum constraint_type {
	CON_PRIMARY = 'p',
	CON_UNIQUE = 'u',
	CON_CHECK = 'c',
	CON_FOREIGN = 'f',
};

/* pg_constraint.confdeltype / confupdtype codes. */
enum fk_action {
	FK_NO_ACTION = 'a',
	FK_RESTRICT = 'r',
	FK_CASCADE = 'c',
	FK_SET_NULL = 'n',
	FK_SET_DEFAULT = 'd',
};

struct constraint {
	struct obj o;
	struct table *table;
	char type;			/* enum constraint_type */
	bool name_derived;		/* the model left the name out */
	const char **columns;		/* PRIMARY KEY, UNIQUE, FOREIGN KEY columns */
	size_t ncolumns;
	const char *check_expr;		/* CHECK: the expression, no "CHECK" */
	bool nulls_not_distinct;	/* UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+) */
	const char *ref_schema;		/* FOREIGN KEY target */
	const char *ref_table;
	const char **ref_columns;
	size_t nref_columns;
	char on_delete;			/* enum fk_action */
	char on_update;
	char match;			/* 's' simple (default), 'f' full */
	bool deferrable;
	bool initially_deferred;
};

/* One key of an index: a column or an expression. */
struct index_elem {
	const char *column;		/* plain column key, or NULL */
	const char *expr;		/* expression key without outer parentheses */
	const char *collation;		/* NULL: default */
	const char *opclass;		/* NULL: default */
	bool desc;
	char nulls;			/* 0 default, 'f' NULLS FIRST, 'l' NULLS LAST */
};

struct index {
	struct obj o;
	struct table *table;
	bool unique;
	bool name_derived;
	const char *method;		/* "btree", "gin", ... */
	struct index_elem *elems;
	size_t nelems;
	const char **include;		/* INCLUDE columns */
	size_t ninclude;
	const char *predicate;		/* partial index WHERE, or NULL */
	bool nulls_not_distinct;
	const char *with;		/* storage parameters, "fillfactor=70", or NULL */
};

struct table {
	struct obj o;
	const char *renamed_from;	/* model rename hint (name in the same schema) */
	struct ptrvec columns;		/* struct column *, in column order */
	struct ptrvec constraints;	/* struct constraint * */
	struct ptrvec indexes;		/* struct index *, not those backing constraints */
};

struct catalog {
	struct arena *arena;		/* owns every object and string */
	struct ptrvec schemas;		/* struct schema * */
	struct ptrvec extensions;	/* struct extension * */
	struct ptrvec enums;		/* struct enum_type * */
	struct ptrvec sequences;	/* struct sequence * */
	struct ptrvec tables;		/* struct table * */
	struct ptrvec unmanaged;	/* char *: "view public.v", objects of kinds retort does not manage */
	struct strmap names;		/* lookup key -> struct obj *, see catalog.c */
};

struct catalog *catalog_new(struct arena *a);
/* Frees the lookup maps; the objects go with the arena. NULL is fine. */
void catalog_free(struct catalog *c);

/*
 * Adders copy name strings into the arena and return the new object, or NULL
 * when an object of that kind and name already exists (the caller reports
 * the duplicate). Pass schema NULL only for kinds that allow it.
 */
struct schema *catalog_add_schema(struct catalog *c, const char *name);
struct extension *catalog_add_extension(struct catalog *c, const char *name);
struct enum_type *catalog_add_enum(struct catalog *c, const char *schema, const char *name);
void enum_add_value(struct catalog *c, struct enum_type *e, const char *value);
struct sequence *catalog_add_sequence(struct catalog *c, const char *schema, const char *name);
struct table *catalog_add_table(struct catalog *c, const char *schema, const char *name);
struct column *table_add_column(struct catalog *c, struct table *t, const char *name);
struct constraint *table_add_constraint(struct catalog *c, struct table *t,
					const char *name, char type);
/* Index names share the schema's namespace with tables, as in PostgreSQL. */
struct index *table_add_index(struct catalog *c, struct table *t, const char *name);

struct schema *catalog_find_schema(const struct catalog *c, const char *name);
struct extension *catalog_find_extension(const struct catalog *c, const char *name);
struct enum_type *catalog_find_enum(const struct catalog *c, const char *schema, const char *name);
struct sequence *catalog_find_sequence(const struct catalog *c, const char *schema, const char *name);
struct table *catalog_find_table(const struct catalog *c, const char *schema, const char *name);
struct index *catalog_find_index(const struct catalog *c, const char *schema, const char *name);
struct column *table_find_column(const struct table *t, const char *name);
struct constraint *table_find_constraint(const struct table *t, const char *name);
/* The table's primary key, or NULL. */
struct constraint *table_primary_key(const struct table *t);
/* Position of value in the enum, or -1. */
int enum_value_index(const struct enum_type *e, const char *value);

/* PostgreSQL's defaults for a sequence of the given type and direction. */
void sequence_set_defaults(struct sequence *s);

/*
 * Sets an identity column's sequence options to PostgreSQL's defaults for
 * seqtype ("smallint", "integer" or "bigint") and direction (the sign of
 * increment; 0 means 1).
 */
void column_identity_defaults(struct column *col, const char *seqtype, long long increment);

/* Sets an identity column's sequence options to those of s. */
void column_identity_from(struct column *col, const struct sequence *s);

/* Copies a list of n strings into the arena. */
const char **catalog_strlist(struct catalog *c, const char *const *items, size_t n);

/*
 * Sorts every list into a deterministic order (schemas, then names; columns
 * keep their order) so identical inputs give byte-identical output.
 */
void catalog_sort(struct catalog *c);

/*
 * Appends a canonical, line-oriented listing of the whole catalog, sorted
 * and independent of creation order and column position. Two catalogs
 * describe the same schema exactly when their listings are equal; tests and
 * the end-to-end harness compare catalogs this way.
 */
void catalog_dump(const struct catalog *c, struct strbuf *out);

#endif
