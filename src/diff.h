/*
 * diff.h - what must change to turn one catalog into another.
 *
 * The differ compares a desired catalog (the models, normalized) with a
 * current one (the database) and produces a list of changes: one struct
 * change per statement-sized operation (create a table, add a column,
 * alter a column's type and nullability, add a value to an enum, ...).
 * It decides *what* changes, never *in which order* (order.h) nor *how it
 * is spelled* (emit.h).
 *
 * Downgrades are the same differ run the other way (the database as the
 * desired state, the models as the current one) with the rename hints of
 * the forward run reversed, so that upgrade followed by downgrade restores
 * the schema exactly.
 *
 * Every change and string lives in the arena given to diff_catalogs().
 */
#ifndef RETORT_DIFF_H
#define RETORT_DIFF_H

#include <stdbool.h>

#include "arena.h"
#include "catalog.h"

enum change_kind {
	CH_SCHEMA_CREATE,
	CH_SCHEMA_DROP,
	CH_EXTENSION_CREATE,
	CH_EXTENSION_DROP,
	CH_EXTENSION_UPDATE,	/* ALTER EXTENSION ... UPDATE TO version */
	CH_ENUM_CREATE,
	CH_ENUM_DROP,
	CH_ENUM_ADD_VALUE,	/* value, neighbour, neighbour_before */
	CH_ENUM_REBUILD,	/* a value removed or moved: new type, convert columns */
	CH_SEQUENCE_CREATE,
	CH_SEQUENCE_DROP,
	CH_SEQUENCE_ALTER,	/* type, start, increment, bounds, cache, cycle */
	CH_SEQUENCE_OWNED_BY,	/* OWNED BY table.column or NONE */
	CH_SEQUENCE_RENAME,	/* a serial's sequence following its renamed owner */
	CH_TABLE_CREATE,	/* with its columns, PK, unique and check constraints */
	CH_TABLE_DROP,
	CH_TABLE_RENAME,
	CH_COLUMN_ADD,
	CH_COLUMN_DROP,
	CH_COLUMN_RENAME,
	CH_COLUMN_ALTER,	/* what: ALTER_* bits */
	CH_CONSTRAINT_ADD,
	CH_CONSTRAINT_DROP,
	CH_CONSTRAINT_RENAME,
	CH_INDEX_CREATE,
	CH_INDEX_DROP,
	CH_INDEX_RENAME,
	CH_COMMENT,		/* COMMENT ON obj (any kind) */
	CH_KIND_COUNT
};

/* What a CH_COLUMN_ALTER changes. */
enum alter_bits {
	ALTER_TYPE = 1 << 0,		/* type or collation */
	ALTER_DEFAULT = 1 << 1,
	ALTER_NULL = 1 << 2,
	ALTER_IDENTITY = 1 << 3,
	ALTER_DROP_EXPRESSION = 1 << 4,	/* generated column becomes a plain one */
	ALTER_USING = 1 << 5,		/* the type change needs USING col::type */
	ALTER_IDENTITY_OPTIONS = 1 << 6,	/* identity sequence options (SET INCREMENT BY ...) */
};

enum dep_kind {
	DEP_NEEDS,		/* must exist before this change */
	DEP_PROVIDES,		/* exists after this change */
	DEP_REMOVES,		/* is gone after this change */
	DEP_RELEASES,		/* this change stops using it */
	DEP_KIND_COUNT
};

struct rebuild_column {
	const struct column *want;	/* desired column (names used in SQL) */
	const struct column *have;	/* current column */
};

struct change {
	enum change_kind kind;
	/*
	 * The object as it should be (create, add, alter, rename, comment) or
	 * as it is (drop). For columns, constraints and indexes obj->table is
	 * the table in that same catalog.
	 */
	const struct obj *obj;
	const struct obj *old;		/* the current object (alter, rename, comment), or NULL */
	/*
	 * The table a column, constraint or index statement names: the
	 * desired table when the table survives (so that renames come
	 * first), the current one when it is being dropped.
	 */
	const struct table *table;
	unsigned what;			/* CH_COLUMN_ALTER: enum alter_bits */
	bool destructive;		/* loses data; the emitter says so */
	const char *destroys;		/* what is lost, e.g. "drops column public.users.age" */
	const char *note;		/* a warning comment for the reviewer, or NULL */
	bool uses_new_enum_value;	/* names a value an ADD VALUE of this list adds */
	/*
	 * Renames in a cycle (a swap) go through a temporary name: the first
	 * half (old -> temporary) points at the final object, the second
	 * (temporary -> final) is marked so reports name the rename once.
	 */
	const struct obj *swap_final;
	bool swap_second;

	/* CH_ENUM_ADD_VALUE */
	const char *value;
	const char *neighbour;		/* NULL: at the end */
	bool neighbour_before;		/* BEFORE neighbour (else AFTER) */

	/*
	 * CH_ENUM_REBUILD: struct rebuild_column *, the columns converted to
	 * the rebuilt type; their defaults are dropped and set again around it.
	 */
	struct ptrvec columns;
	/*
	 * CH_ENUM_REBUILD: struct obj * (desired CHECK constraints and
	 * indexes) whose expressions name the type; PostgreSQL cannot
	 * convert them, so they are dropped before and created after.
	 */
	struct ptrvec dependents;

	/*
	 * Dependencies as keys (strings such as "r:public.users"), declared by
	 * the differ, which knows renames and pairs; order.c turns them into
	 * edges: providers before needers, releasers before removers, removers
	 * before providers (a name is free before it is taken again).
	 */
	struct ptrvec deps[DEP_KIND_COUNT];
	struct change *parent;		/* FK add of a new table: that CH_TABLE_CREATE */
	size_t seq;			/* creation order, the last tie-breaker */

	/* Set by the orderer. */
	struct ptrvec folded;		/* CH_TABLE_CREATE: FK adds written inside it */
	struct change *folded_into;	/* FK add written inside that CH_TABLE_CREATE */
	void *order_data;		/* private to order.c */
};

struct change_list {
	struct ptrvec items;		/* struct change *, in statement order once ordered */
	const struct catalog *desired;
	const struct catalog *current;
};

/*
 * One rename (old name in the current catalog, new name in the desired
 * one). The differ records those it applied so the reverse diff can
 * rename back; want_table/have_table name the owning table on each side.
 */
struct rename_hint {
	enum obj_kind kind;		/* OBJ_TABLE or OBJ_COLUMN */
	const char *schema;
	const char *want_table, *have_table;
	const char *from, *to;
};

struct rename_hints {
	struct ptrvec items;		/* struct rename_hint * */
};

/*
 * Compares desired with current and fills out (unordered). Rename hints
 * come from the desired objects' renamed_from fields, or from hints when
 * it is not NULL (used for the reverse diff). Applied renames are appended
 * to applied when it is not NULL. Neither catalog is modified.
 */
void diff_catalogs(struct arena *a, const struct catalog *desired,
		   const struct catalog *current, const struct rename_hints *hints,
		   struct change_list *out, struct rename_hints *applied);

/*
 * Both directions at once: up turns db into model, down turns the result
 * back into db. Lists are unordered; see order_changes().
 */
void diff_both(struct arena *a, const struct catalog *model, const struct catalog *db,
	       struct change_list *up, struct change_list *down);

/* The change kind's name for messages and tests, e.g. "column alter". */
const char *change_kind_name(enum change_kind kind);

/* True when the two comments mean the same thing (NULL and "" are equal). */
bool comment_eq(const char *a, const char *b);

#endif
