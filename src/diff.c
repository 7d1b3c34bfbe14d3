/*
 * diff.c - comparing a desired catalog with the current one (see diff.h).
 *
 * The differ first pairs objects: tables and columns by the model's
 * rename hints and by name (see rn_resolve: renames may chain, swap, or
 * free a name a new object takes), then, for constraints and indexes left
 * over, by identical definition (a rename keeps the data and the index;
 * renames that form cycles go through a temporary name). Pairs
 * are compared field by field on normalized text; unpaired desired
 * objects are created, unpaired current ones dropped.
 *
 * Every change also declares its dependencies as string keys ("r:" a
 * relation name, "c:" a column, "k:" a constraint, "T:" a type, "S:" a
 * sequence as nextval() names it, "n:" a schema, "V:" an enum value).
 * Extensions provide "x:*", needed by everything that may use their types
 * or functions; their drops remove "X:*", released by every drop (two keys,
 * so that dropping one extension need not precede creating another). Objects of a table that survives are always keyed
 * by the table's desired name, so that renames are ordered first.
 *
 * Lookups go through hash maps; nothing here is quadratic in the number
 * of tables.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "names.h"
#include "quote.h"
#include "banned.h"

/* A current table and the desired table it becomes. */
struct table_pair {
	const struct table *want, *have;
	struct strmap have_to_want;	/* renamed columns: current name -> desired name */
	struct strmap want_col;		/* desired column name -> paired current column */
	struct strmap have_col;		/* current column name -> paired desired column */
};

struct differ {
	struct arena *a;
	const struct catalog *want, *have;
	const struct rename_hints *hints;	/* NULL: use renamed_from */
	struct rename_hints *applied;
	struct change_list *out;
	struct strmap hint_map;		/* "kind|schema|table|to" -> from */
	struct strmap pair_by_want;	/* "schema|name" -> struct table_pair */
	struct strmap pair_by_have;
	struct strmap rebuilt_cols;	/* "schema|table|col" (desired) handled by an enum rebuild */
	struct strmap dropped_cols;	/* "schema|table|col" (current) that go away */
	struct strmap rebuilt_keys;	/* "schema|table|con" (current) PK/unique dropped and added */
	struct strmap seq_by_want;	/* "schema|name" (desired) -> paired current sequence */
	struct strmap seq_by_have;	/* "schema|name" (current) -> paired desired sequence */
	struct strmap seq_renamed;	/* current name as nextval() prints it -> desired one */
	struct strmap owner_drop;	/* "schema|table|col" (current) -> the change dropping it */
	struct ptrvec pairs;
	struct strbuf key;		/* scratch */
};

static const char *const change_kind_names[CH_KIND_COUNT] = {
	[CH_SCHEMA_CREATE] = "schema create",
	[CH_SCHEMA_DROP] = "schema drop",
	[CH_EXTENSION_CREATE] = "extension create",
	[CH_EXTENSION_DROP] = "extension drop",
	[CH_EXTENSION_UPDATE] = "extension update",
	[CH_ENUM_CREATE] = "enum create",
	[CH_ENUM_DROP] = "enum drop",
	[CH_ENUM_ADD_VALUE] = "enum add value",
	[CH_ENUM_REBUILD] = "enum rebuild",
	[CH_SEQUENCE_CREATE] = "sequence create",
	[CH_SEQUENCE_DROP] = "sequence drop",
	[CH_SEQUENCE_ALTER] = "sequence alter",
	[CH_SEQUENCE_OWNED_BY] = "sequence owned by",
	[CH_SEQUENCE_RENAME] = "sequence rename",
	[CH_TABLE_CREATE] = "table create",
	[CH_TABLE_DROP] = "table drop",
	[CH_TABLE_RENAME] = "table rename",
	[CH_COLUMN_ADD] = "column add",
	[CH_COLUMN_DROP] = "column drop",
	[CH_COLUMN_RENAME] = "column rename",
	[CH_COLUMN_ALTER] = "column alter",
	[CH_CONSTRAINT_ADD] = "constraint add",
	[CH_CONSTRAINT_DROP] = "constraint drop",
	[CH_CONSTRAINT_RENAME] = "constraint rename",
	[CH_INDEX_CREATE] = "index create",
	[CH_INDEX_DROP] = "index drop",
	[CH_INDEX_RENAME] = "index rename",
	[CH_COMMENT] = "comment",
};
_Static_assert(sizeof(change_kind_names) / sizeof(change_kind_names[0]) == CH_KIND_COUNT,
	       "change_kind_names must name every change kind");

const char *change_kind_name(enum change_kind kind)
{
	return kind < CH_KIND_COUNT ? change_kind_names[kind] : "?";
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

bool comment_eq(const char *a, const char *b)
{
	return str_eq(a && *a ? a : NULL, b && *b ? b : NULL);
}

/* --- keys ------------------------------------------------------------- */

static const char *keyf(struct differ *d, const char *prefix, const char *s1,
			const char *s2, const char *s3)
{
	struct strbuf *k = &d->key;

	strbuf_reset(k);
	strbuf_addstr(k, prefix);
	strbuf_addstr(k, s1 ? s1 : "");
	if (s2) {
		strbuf_addch(k, '\x1f');
		strbuf_addstr(k, s2);
	}
	if (s3) {
		strbuf_addch(k, '\x1f');
		strbuf_addstr(k, s3);
	}
	return k->buf;
}

/* The arena copy of a key, for maps and dependency lists. */
static const char *keydup(struct differ *d, const char *prefix, const char *s1,
			  const char *s2, const char *s3)
{
	return arena_strdup(d->a, keyf(d, prefix, s1, s2, s3));
}

/* A type or sequence name as format_type()/regclass print it. */
static const char *canonical_name(struct differ *d, const char *schema, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	if (!schema || strcmp(schema, "public") == 0 || strcmp(schema, "pg_catalog") == 0)
		sb_add_ident(&sb, name);
	else
		sb_add_qualified(&sb, schema, name);
	s = arena_strdup(d->a, sb.buf);
	strbuf_release(&sb);
	return s;
}

/* The type text without array brackets: "run_status[]" -> "run_status". */
static const char *base_type(struct differ *d, const char *type)
{
	size_t n = strlen(type);

	while (n > 2 && type[n - 2] == '[' && type[n - 1] == ']')
		n -= 2;
	return arena_strndup(d->a, type, n);
}

static void dep(struct differ *d, struct change *ch, enum dep_kind kind, const char *key)
{
	ptrvec_push(d->a, &ch->deps[kind], arena_strdup(d->a, key));
}

static void dep_rel(struct differ *d, struct change *ch, enum dep_kind kind,
		    const char *schema, const char *name)
{
	dep(d, ch, kind, keyf(d, "r:", schema, name, NULL));
}

static void dep_col(struct differ *d, struct change *ch, enum dep_kind kind,
		    const struct table *t, const char *col)
{
	dep(d, ch, kind, keyf(d, "c:", t->o.schema, t->o.name, col));
}

static void dep_con(struct differ *d, struct change *ch, enum dep_kind kind,
		    const struct table *t, const char *con)
{
	dep(d, ch, kind, keyf(d, "k:", t->o.schema, t->o.name, con));
}

static void dep_schema(struct differ *d, struct change *ch, enum dep_kind kind, const char *schema)
{
	if (schema)
		dep(d, ch, kind, keyf(d, "n:", schema, NULL, NULL));
}

/*
 * Sequences a default draws from: each nextval('name'...) names one, as
 * regclass prints it (quoted and qualified like canonical_name()).
 */
static void dep_default_sequences(struct differ *d, struct change *ch, enum dep_kind kind,
				  const char *expr)
{
	const char *p = expr;

	while (p && (p = strstr(p, "nextval('")) != NULL) {
		struct strbuf name = STRBUF_INIT;

		for (p += strlen("nextval('"); *p; p++) {
			if (*p == '\'' && p[1] == '\'')
				strbuf_addch(&name, *p++);
			else if (*p == '\'')
				break;
			else
				strbuf_addch(&name, *p);
		}
		dep(d, ch, kind, keyf(d, "S:", name.buf, NULL, NULL));
		strbuf_release(&name);
	}
}

/* A column's type and default: the enum it uses and sequences it draws from. */
static void dep_column_uses(struct differ *d, struct change *ch, enum dep_kind kind,
			    const struct column *col)
{
	if (col->type)
		dep(d, ch, kind, keyf(d, "T:", base_type(d, col->type), NULL, NULL));
	dep_default_sequences(d, ch, kind, col->default_expr);
	dep_default_sequences(d, ch, kind, col->generated);
}

/* --- changes ---------------------------------------------------------- */

static struct change *add_change(struct differ *d, enum change_kind kind,
				 const struct obj *obj, const struct obj *old,
				 const struct table *table)
{
	struct change *ch = arena_alloc(d->a, sizeof(*ch));

	ch->kind = kind;
	ch->obj = obj;
	ch->old = old;
	ch->table = table;
	ch->seq = d->out->items.len;
	ptrvec_push(d->a, &d->out->items, ch);
	if (table) {
		/* Statements on a table need it under the name they use. */
		if (kind != CH_TABLE_CREATE && kind != CH_TABLE_DROP && kind != CH_TABLE_RENAME)
			dep_rel(d, ch, DEP_NEEDS, table->o.schema, table->o.name);
	}
	return ch;
}

static void mark_destructive(struct differ *d, struct change *ch, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Flags ch as losing data; the text says what is lost ("drops column ..."). */
static void mark_destructive(struct differ *d, struct change *ch, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ch->destructive = true;
	ch->destroys = arena_strdup(d->a, sb.buf);
	strbuf_release(&sb);
}

/* COMMENT ON obj when the comments differ; table names the owner for sub-objects. */
static void diff_comment(struct differ *d, const struct obj *want, const struct obj *have,
			 const struct table *table)
{
	struct change *ch;

	if (comment_eq(want->comment, have ? have->comment : NULL))
		return;
	ch = add_change(d, CH_COMMENT, want, have, table);
	switch (want->kind) {
	case OBJ_SCHEMA:
		dep_schema(d, ch, DEP_NEEDS, want->name);
		break;
	case OBJ_ENUM:
		dep(d, ch, DEP_NEEDS, keyf(d, "T:", canonical_name(d, want->schema, want->name),
					   NULL, NULL));
		break;
	case OBJ_SEQUENCE:
	case OBJ_INDEX:
		dep_rel(d, ch, DEP_NEEDS, want->schema, want->name);
		break;
	case OBJ_COLUMN:
		dep_col(d, ch, DEP_NEEDS, table, want->name);
		break;
	case OBJ_CONSTRAINT:
		dep_con(d, ch, DEP_NEEDS, table, want->name);
		break;
	default:
		break;
	}
}

/* --- schemas and extensions ------------------------------------------- */

static bool is_public(const char *schema)
{
	return schema && strcmp(schema, "public") == 0;
}

static void diff_schemas(struct differ *d)
{
	size_t i;

	for (i = 0; i < d->want->schemas.len; i++) {
		const struct schema *w = d->want->schemas.items[i];
		const struct schema *h = catalog_find_schema(d->have, w->o.name);
		struct change *ch;

		if (is_public(w->o.name) && !h)
			continue;	/* implicit; never created */
		if (!h) {
			ch = add_change(d, CH_SCHEMA_CREATE, &w->o, NULL, NULL);
			dep_schema(d, ch, DEP_PROVIDES, w->o.name);
		}
		diff_comment(d, &w->o, h ? &h->o : NULL, NULL);
	}
	for (i = 0; i < d->have->schemas.len; i++) {
		const struct schema *h = d->have->schemas.items[i];
		struct change *ch;

		if (is_public(h->o.name) || catalog_find_schema(d->want, h->o.name))
			continue;
		ch = add_change(d, CH_SCHEMA_DROP, &h->o, NULL, NULL);
		dep_schema(d, ch, DEP_REMOVES, h->o.name);
	}
}

static void diff_extensions(struct differ *d)
{
	size_t i;

	for (i = 0; i < d->want->extensions.len; i++) {
		const struct extension *w = d->want->extensions.items[i];
		const struct extension *h = catalog_find_extension(d->have, w->o.name);
		struct change *ch;

		if (!h) {
			ch = add_change(d, CH_EXTENSION_CREATE, &w->o, NULL, NULL);
			dep(d, ch, DEP_PROVIDES, "x:*");
			dep_schema(d, ch, DEP_NEEDS, w->o.schema);
		} else if (w->version && h->version && strcmp(w->version, h->version) != 0) {
			/* A version left out on either side means "whatever is installed". */
			add_change(d, CH_EXTENSION_UPDATE, &w->o, &h->o, NULL);
		}
		/* Extension comments come from their control files: not compared. */
	}
	for (i = 0; i < d->have->extensions.len; i++) {
		const struct extension *h = d->have->extensions.items[i];
		struct change *ch;

		if (catalog_find_extension(d->want, h->o.name))
			continue;
		ch = add_change(d, CH_EXTENSION_DROP, &h->o, NULL, NULL);
		dep(d, ch, DEP_REMOVES, "X:*");
		dep_schema(d, ch, DEP_RELEASES, h->o.schema);
	}
}

/* --- enums ------------------------------------------------------------ */

/* True when old's values appear in want in the same order (only additions). */
static bool enum_only_additions(const struct enum_type *w, const struct enum_type *h)
{
	size_t i, j = 0;

	for (i = 0; i < w->nvalues && j < h->nvalues; i++)
		if (strcmp(w->values[i], h->values[j]) == 0)
			j++;
	if (j != h->nvalues)
		return false;
	/* Duplicates in the model would fool the scan: every old value must be found once. */
	for (j = 0; j < h->nvalues; j++)
		if (enum_value_index(w, h->values[j]) < 0)
			return false;
	return true;
}

static const char *enum_key(struct differ *d, const struct enum_type *e)
{
	return keydup(d, "T:", canonical_name(d, e->o.schema, e->o.name), NULL, NULL);
}

static void diff_enum_additions(struct differ *d, const struct enum_type *w,
				const struct enum_type *h)
{
	const char *tkey = enum_key(d, w);
	int last_old = -1;
	size_t i;

	for (i = 0; i < w->nvalues; i++)
		if (enum_value_index(h, w->values[i]) >= 0)
			last_old = (int)i;
	for (i = 0; i < w->nvalues; i++) {
		struct change *ch;

		if (enum_value_index(h, w->values[i]) >= 0)
			continue;
		ch = add_change(d, CH_ENUM_ADD_VALUE, &w->o, &h->o, NULL);
		ch->value = w->values[i];
		if ((int)i > last_old) {
			ch->neighbour = NULL;	/* appended, in model order */
		} else if (i == 0) {
			/*
			 * Before the first label that exists already: the next one
			 * may be new too and not added yet (the later new ones go
			 * AFTER their predecessor, added first).
			 */
			size_t j = 1;

			while (enum_value_index(h, w->values[j]) < 0)
				j++;
			ch->neighbour = w->values[j];
			ch->neighbour_before = true;
		} else {
			ch->neighbour = w->values[i - 1];
		}
		if (i > 0)
			dep(d, ch, DEP_NEEDS, keyf(d, "V:", tkey, w->values[i - 1], NULL));
		dep(d, ch, DEP_PROVIDES, keyf(d, "V:", tkey, w->values[i], NULL));
		dep(d, ch, DEP_NEEDS, tkey);
	}
}

static void diff_enums(struct differ *d)
{
	size_t i;

	for (i = 0; i < d->want->enums.len; i++) {
		const struct enum_type *w = d->want->enums.items[i];
		const struct enum_type *h = catalog_find_enum(d->have, w->o.schema, w->o.name);
		struct change *ch;

		if (!h) {
			ch = add_change(d, CH_ENUM_CREATE, &w->o, NULL, NULL);
			dep(d, ch, DEP_PROVIDES, enum_key(d, w));
			dep_schema(d, ch, DEP_NEEDS, w->o.schema);
		} else if (!enum_only_additions(w, h)) {
			ch = add_change(d, CH_ENUM_REBUILD, &w->o, &h->o, NULL);
			dep(d, ch, DEP_PROVIDES, enum_key(d, w));
			dep(d, ch, DEP_REMOVES, enum_key(d, w));
			for (size_t j = 0; j < h->nvalues; j++)
				if (enum_value_index(w, h->values[j]) < 0) {
					mark_destructive(d, ch, "removes value '%s' from enum %s.%s",
							 h->values[j], w->o.schema, w->o.name);
					break;
				}
		} else if (w->nvalues != h->nvalues) {
			diff_enum_additions(d, w, h);
		}
		diff_comment(d, &w->o, h ? &h->o : NULL, NULL);
	}
	for (i = 0; i < d->have->enums.len; i++) {
		const struct enum_type *h = d->have->enums.items[i];
		struct change *ch;

		if (catalog_find_enum(d->want, h->o.schema, h->o.name))
			continue;
		ch = add_change(d, CH_ENUM_DROP, &h->o, NULL, NULL);
		dep(d, ch, DEP_REMOVES, enum_key(d, h));
		dep_schema(d, ch, DEP_RELEASES, h->o.schema);
	}
}

/* --- table pairing ---------------------------------------------------- */

static const char *hint_from(struct differ *d, enum obj_kind kind, const char *schema,
			     const char *table, const char *to)
{
	return strmap_get(&d->hint_map, keyf(d, kind == OBJ_TABLE ? "t:" : "c:", schema,
					     table ? table : "", to));
}

static void load_hints(struct differ *d)
{
	size_t i;

	if (!d->hints)
		return;
	for (i = 0; i < d->hints->items.len; i++) {
		const struct rename_hint *h = d->hints->items.items[i];

		strmap_put(&d->hint_map,
			   keydup(d, h->kind == OBJ_TABLE ? "t:" : "c:", h->schema,
				  h->kind == OBJ_TABLE ? "" : h->want_table, h->to),
			   (void *)h->from);
	}
}

static void record_rename(struct differ *d, enum obj_kind kind, const char *schema,
			  const char *want_table, const char *have_table,
			  const char *from, const char *to)
{
	struct rename_hint *h;

	if (!d->applied)
		return;
	h = arena_alloc(d->a, sizeof(*h));
	h->kind = kind;
	h->schema = schema;
	h->want_table = want_table;
	h->have_table = have_table;
	h->from = from;
	h->to = to;
	ptrvec_push(d->a, &d->applied->items, h);
}

static struct table_pair *pair_of_want(struct differ *d, const struct table *t)
{
	return strmap_get(&d->pair_by_want, keyf(d, "", t->o.schema, t->o.name, NULL));
}

static struct table_pair *pair_of_have(struct differ *d, const char *schema, const char *name)
{
	return strmap_get(&d->pair_by_have, keyf(d, "", schema, name, NULL));
}

static void pair_tables(struct differ *d, const struct table *w, const struct table *h)
{
	struct table_pair *p = arena_alloc(d->a, sizeof(*p));

	p->want = w;
	p->have = h;
	strmap_put(&d->pair_by_want, keydup(d, "", w->o.schema, w->o.name, NULL), p);
	strmap_put(&d->pair_by_have, keydup(d, "", h->o.schema, h->o.name, NULL), p);
	ptrvec_push(d->a, &d->pairs, p);
}

static const char *table_hint(struct differ *d, const struct table *w)
{
	if (d->hints)
		return hint_from(d, OBJ_TABLE, w->o.schema, NULL, w->o.name);
	return w->renamed_from;
}

/* --- rename resolution ------------------------------------------------ */

/*
 * Pairing desired names with current ones when the model gives rename
 * hints, for the tables of a catalog or the columns of a table. A hint
 * alone does not say whether the rename is still to do: after the
 * migration the database holds the new name, and may hold a new object
 * under the old one (rename users to accounts, create a new users). So:
 *  - a hint whose new name is absent and whose old name is present is a
 *    rename to do;
 *  - so is one whose new name is held by an object another rename takes
 *    away (chains a -> b -> c), found by repeating until nothing changes;
 *  - hints forming a closed cycle (a swap) where every name exists on both
 *    sides are done only when they fit the current objects better than
 *    leaving the names alone (see prefer_*_cycle);
 *  - what is left pairs by name.
 * Hints of a reverse diff record renames that were done: they always apply.
 */
struct rn_item {
	const char *scope;	/* schema (tables) or "" (columns) */
	const char *name;	/* desired name */
	const char *hint;	/* the name it is renamed from, or NULL */
	const char *match;	/* out: the current name it pairs with, or NULL */
	const void *obj;	/* the desired table or column */
	size_t pos;		/* position among the desired objects */
};

struct rn_set {
	struct rn_item *items;
	size_t n;
	bool authoritative;	/* hints are applied renames (reverse diff) */
	/* True when the current side has an object named scope.name. */
	bool (*have_has)(const void *ctx, const char *scope, const char *name);
	/* True when renaming the members of a cycle fits better than not. */
	bool (*prefer_cycle)(struct differ *d, const void *ctx, struct rn_item **cycle, size_t n);
	const void *ctx;
	struct strmap claimed;	/* scope|name (current) -> struct rn_item */
	struct strmap by_name;	/* scope|name (desired) -> struct rn_item */
};

static bool rn_claimed(struct differ *d, struct rn_set *s, const char *scope, const char *name)
{
	return strmap_get(&s->claimed, keyf(d, "", scope, name, NULL)) != NULL;
}

/* True when the current side has scope.name and nothing has paired with it yet. */
static bool rn_free(struct differ *d, struct rn_set *s, const char *scope, const char *name)
{
	return name && s->have_has(s->ctx, scope, name) && !rn_claimed(d, s, scope, name);
}

static void rn_match(struct differ *d, struct rn_set *s, struct rn_item *it, const char *name)
{
	it->match = name;
	strmap_put(&s->claimed, keydup(d, "", it->scope, name, NULL), it);
}

static bool rn_is_hint(const struct rn_item *it)
{
	return it->hint && strcmp(it->hint, it->name) != 0;
}

/*
 * The closed cycle of hints through it (it renamed from b, b renamed from
 * ..., ... renamed from it), every name present and unpaired on both
 * sides; its length, or 0 when there is none. cycle holds s->n slots.
 */
static size_t rn_cycle(struct differ *d, struct rn_set *s, struct rn_item *it,
		       struct rn_item **cycle)
{
	struct rn_item *cur = it;
	size_t k = 0;

	while (k < s->n) {
		struct rn_item *next;

		if (cur->match || !rn_is_hint(cur) || !rn_free(d, s, cur->scope, cur->name) ||
		    !rn_free(d, s, cur->scope, cur->hint))
			return 0;
		cycle[k++] = cur;
		next = strmap_get(&s->by_name, keyf(d, "", cur->scope, cur->hint, NULL));
		if (!next)
			return 0;
		if (next == it)
			return k;
		for (size_t j = 0; j < k; j++)
			if (cycle[j] == next)
				return 0;	/* a cycle that does not pass through it */
		cur = next;
	}
	return 0;
}

static bool rn_any_hint(const struct rn_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (rn_is_hint(&s->items[i]))
			return true;
	return false;
}

/*
 * What rn_resolve comes to when nothing is renamed, without its maps:
 * nearly every table of a big schema, so this is most of pairing's cost
 * (for tables and for the columns of each table).
 */
static void pair_by_name(struct rn_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->have_has(s->ctx, s->items[i].scope, s->items[i].name))
			s->items[i].match = s->items[i].name;
}

static void rn_resolve(struct differ *d, struct rn_set *s)
{
	struct rn_item **cycle;
	bool changed = true;
	size_t i, j, k;

	if (!rn_any_hint(s)) {
		pair_by_name(s);
		return;
	}
	cycle = arena_alloc(d->a, (s->n + 1) * sizeof(*cycle));

	for (i = 0; i < s->n; i++)
		strmap_put(&s->by_name, keydup(d, "", s->items[i].scope, s->items[i].name, NULL),
			   &s->items[i]);
	for (i = 0; i < s->n; i++) {
		struct rn_item *it = &s->items[i];

		if (!rn_is_hint(it) || !rn_free(d, s, it->scope, it->hint))
			continue;
		if (s->authoritative || !s->have_has(s->ctx, it->scope, it->name))
			rn_match(d, s, it, it->hint);
	}
	while (changed && !s->authoritative) {
		changed = false;
		for (i = 0; i < s->n; i++) {
			struct rn_item *it = &s->items[i];

			if (it->match || !rn_is_hint(it) || !rn_free(d, s, it->scope, it->hint) ||
			    !rn_claimed(d, s, it->scope, it->name))
				continue;
			rn_match(d, s, it, it->hint);
			changed = true;
		}
	}
	for (i = 0; i < s->n && !s->authoritative; i++) {
		k = rn_cycle(d, s, &s->items[i], cycle);
		if (k < 2 || !s->prefer_cycle(d, s->ctx, cycle, k))
			continue;
		for (j = 0; j < k; j++)
			rn_match(d, s, cycle[j], cycle[j]->hint);
	}
	for (i = 0; i < s->n; i++) {
		struct rn_item *it = &s->items[i];

		if (!it->match && rn_free(d, s, it->scope, it->name))
			rn_match(d, s, it, it->name);
	}
	strmap_release(&s->claimed);
	strmap_release(&s->by_name);
}

/*
 * The renames among the items (match != name) that form cycles need a
 * temporary name: returns, per item, true for the one of each cycle whose
 * rename goes through it.
 */
static bool *rn_swaps(struct differ *d, const struct rn_item *items, size_t n)
{
	struct strmap by_from = STRMAP_INIT;	/* scope|match -> renamed item */
	bool *swap = arena_alloc(d->a, (n + 1) * sizeof(*swap));
	char *seen = arena_alloc(d->a, n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		if (items[i].match && strcmp(items[i].match, items[i].name) != 0)
			strmap_put(&by_from, keydup(d, "", items[i].scope, items[i].match, NULL),
				   (void *)&items[i]);
	for (i = 0; i < n; i++) {
		const struct rn_item *cur = &items[i];
		size_t steps = 0;

		if (seen[i] || !cur->match || strcmp(cur->match, cur->name) == 0)
			continue;
		/* Follow "my new name is someone's old name" until it ends or comes back. */
		while (cur && steps++ <= n) {
			const struct rn_item *next =
				strmap_get(&by_from, keyf(d, "", cur->scope, cur->name, NULL));

			seen[cur - items] = 1;
			if (next == &items[i]) {
				swap[i] = true;
				break;
			}
			if (next && seen[next - items])
				break;
			cur = next;
		}
	}
	strmap_release(&by_from);
	return swap;
}

/* A name of the form "<base>_swap<N>" that taken does not claim, cut to 63 bytes. */
static const char *rn_temp_name(struct differ *d, const char *base,
				bool (*taken)(struct differ *d, const void *ctx, const char *name),
				const void *ctx)
{
	const char *name = NULL;
	int i;

	for (i = 0; i < 1000; i++) {
		name = names_make(d->a, base, NULL, arena_printf(d->a, "swap%d", i));
		if (!taken(d, ctx, name))
			break;
	}
	return name;
}

static bool have_table_named(const void *ctx, const char *scope, const char *name)
{
	return catalog_find_table(ctx, scope, name) != NULL;
}

/* Columns of w that h lacks (by name and type), plus columns of h that w lacks. */
static int table_mismatch(const struct table *w, const struct table *h)
{
	int n = 0;
	size_t i;

	for (i = 0; i < w->columns.len; i++) {
		const struct column *c = w->columns.items[i];
		const struct column *o = table_find_column(h, c->o.name);

		n += !o || !str_eq(o->type, c->type);
	}
	for (i = 0; i < h->columns.len; i++)
		n += !table_find_column(w, ((const struct column *)h->columns.items[i])->o.name);
	return n;
}

/* A table swap is done when the renamed tables' columns fit better. */
static bool prefer_table_cycle(struct differ *d, const void *ctx, struct rn_item **cycle, size_t n)
{
	int renamed = 0, kept = 0;
	size_t i;

	(void)ctx;
	for (i = 0; i < n; i++) {
		const struct table *w = cycle[i]->obj;

		renamed += table_mismatch(w, catalog_find_table(d->have, w->o.schema, cycle[i]->hint));
		kept += table_mismatch(w, catalog_find_table(d->have, w->o.schema, w->o.name));
	}
	return renamed < kept;
}

/* Relation names (tables, indexes, sequences) taken on either side. */
static bool relation_name_taken(struct differ *d, const void *ctx, const char *name)
{
	const char *schema = ctx;

	return catalog_find_table(d->want, schema, name) || catalog_find_table(d->have, schema, name) ||
	       catalog_find_index(d->want, schema, name) || catalog_find_index(d->have, schema, name) ||
	       catalog_find_sequence(d->want, schema, name) ||
	       catalog_find_sequence(d->have, schema, name);
}

/*
 * ALTER TABLE h RENAME TO w. The second half of a swap (frees is false)
 * needs the temporary name instead of removing it: removing would order
 * it before the first half, which provides that name.
 */
static struct change *table_rename_change(struct differ *d, const struct table *w,
					  const struct table *h, bool frees)
{
	struct change *ch = add_change(d, CH_TABLE_RENAME, &w->o, &h->o, w);

	dep_rel(d, ch, frees ? DEP_REMOVES : DEP_NEEDS, h->o.schema, h->o.name);
	dep_rel(d, ch, DEP_PROVIDES, w->o.schema, w->o.name);
	return ch;
}

/*
 * Renames h to w through a temporary name, for a member of a cycle: the
 * first half frees h's name, the second takes w's once its owner moved.
 */
static void table_swap_changes(struct differ *d, const struct table *w, const struct table *h)
{
	struct table *tmp = arena_alloc(d->a, sizeof(*tmp));
	struct change *first, *second;

	*tmp = *h;
	tmp->o.name = rn_temp_name(d, h->o.name, relation_name_taken, h->o.schema);
	first = table_rename_change(d, tmp, h, true);
	first->swap_final = &w->o;
	second = table_rename_change(d, w, tmp, false);
	second->swap_second = true;
}

/* Pairs tables by name and rename hints (see rn_resolve); emits the renames. */
static void pair_all_tables(struct differ *d)
{
	struct rn_set s;
	bool *swap;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.n = d->want->tables.len;
	s.items = arena_alloc(d->a, (s.n + 1) * sizeof(*s.items));
	s.authoritative = d->hints != NULL;
	s.have_has = have_table_named;
	s.prefer_cycle = prefer_table_cycle;
	s.ctx = d->have;
	for (i = 0; i < s.n; i++) {
		const struct table *w = d->want->tables.items[i];

		s.items[i].scope = w->o.schema;
		s.items[i].name = w->o.name;
		s.items[i].hint = table_hint(d, w);
		s.items[i].obj = w;
		s.items[i].pos = i;
	}
	rn_resolve(d, &s);
	swap = rn_swaps(d, s.items, s.n);
	for (i = 0; i < s.n; i++) {
		const struct table *w = s.items[i].obj;
		const struct table *h;

		if (!s.items[i].match)
			continue;
		h = catalog_find_table(d->have, w->o.schema, s.items[i].match);
		pair_tables(d, w, h);
		if (strcmp(h->o.name, w->o.name) == 0)
			continue;
		if (swap[i])
			table_swap_changes(d, w, h);
		else
			table_rename_change(d, w, h, true);
		record_rename(d, OBJ_TABLE, w->o.schema, w->o.name, h->o.name, h->o.name, w->o.name);
	}
}

/* The desired name of a current table: renamed when paired, else its own. */
static const char *want_table_name(struct differ *d, const char *schema, const char *name)
{
	struct table_pair *p = pair_of_have(d, schema, name);

	return p ? p->want->o.name : name;
}

/* The desired name of a current table's column. */
static const char *want_col_name(const struct table_pair *p, const char *col)
{
	const char *n = p ? strmap_get(&p->have_to_want, col) : NULL;

	return n ? n : col;
}

/* --- columns ---------------------------------------------------------- */

enum token { TOK_END, TOK_IDENT, TOK_OTHER };

/*
 * Reads one token of an SQL expression at *pos and moves past it: an
 * identifier (bare or double-quoted; its name, unquoted, in name), or
 * anything else (a string literal whole, or one character).
 */
static enum token scan_token(const char **pos, struct strbuf *name)
{
	const char *q = *pos;

	strbuf_reset(name);
	if (!*q)
		return TOK_END;
	if (*q == '\'') {	/* string literal, '' doubled inside */
		for (q++; *q && !(*q == '\'' && q[1] != '\''); q += (*q == '\'') ? 2 : 1)
			;
		*pos = *q ? q + 1 : q;
		return TOK_OTHER;
	}
	if (*q == '"') {
		for (q++; *q && !(*q == '"' && q[1] != '"'); q++) {
			strbuf_addch(name, *q);
			if (*q == '"')
				q++;
		}
		*pos = *q ? q + 1 : q;
		return TOK_IDENT;
	}
	if (*q == '_' || (*q >= 'a' && *q <= 'z')) {
		while (*q == '_' || *q == '$' || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9'))
			strbuf_addch(name, *q++);
		*pos = q;
		return TOK_IDENT;
	}
	if (*q >= '0' && *q <= '9') {	/* a number, with any letters stuck to it */
		while ((*q >= '0' && *q <= '9') || *q == '.' || *q == '_' || (*q >= 'a' && *q <= 'z'))
			q++;
		*pos = q;
		return TOK_OTHER;
	}
	*pos = q + 1;
	return TOK_OTHER;
}

/*
 * True when the desired expression w equals the current one h once h's
 * renamed columns carry their new names. PostgreSQL prints expressions
 * with the names current when asked, so after RENAME COLUMN the check
 * "old > 0" reads "new > 0": comparing through the renames keeps a rename
 * from turning into a drop and re-create. Only identifiers outside string
 * literals, and not after a dot, are mapped.
 */
static bool expr_equal_mapped(const char *w, const char *h, const struct table_pair *p)
{
	struct strbuf sb = STRBUF_INIT, name = STRBUF_INIT;
	const char *q = h, *start = h;
	enum token tok;
	bool eq;

	if (!w || !h || !p || !p->have_to_want.len)
		return str_eq(w, h);
	if (strcmp(w, h) == 0)
		return true;
	while ((tok = scan_token(&q, &name)) != TOK_END) {
		const char *mapped = tok == TOK_IDENT ? strmap_get(&p->have_to_want, name.buf) : NULL;

		if (mapped && !(start > h && start[-1] == '.'))
			sb_add_ident(&sb, mapped);
		else
			strbuf_add(&sb, start, (size_t)(q - start));
		start = q;
	}
	eq = strcmp(sb.buf, w) == 0;
	strbuf_release(&sb);
	strbuf_release(&name);
	return eq;
}

/*
 * Dependencies on the columns of table t (or its pair's current table
 * when p is given) that expr mentions; keys use the desired table keyed
 * as keyed and the desired column names. Needed because CHECK, index
 * predicates, index expressions and generation expressions name columns
 * that the structured fields do not list.
 */
static void dep_expr_columns_as(struct differ *d, struct change *ch, enum dep_kind kind,
				const char *prefix, const struct table *keyed,
				const struct table *lookup, const struct table_pair *p,
				const char *expr, const char *self)
{
	struct strbuf name = STRBUF_INIT;
	const char *q = expr;
	enum token tok;

	while (expr && (tok = scan_token(&q, &name)) != TOK_END) {
		if (tok != TOK_IDENT || !table_find_column(lookup, name.buf) ||
		    (self && strcmp(self, name.buf) == 0))
			continue;
		dep(d, ch, kind, keyf(d, prefix, keyed->o.schema, keyed->o.name,
				      p ? want_col_name(p, name.buf) : name.buf));
	}
	strbuf_release(&name);
}

static void dep_expr_columns(struct differ *d, struct change *ch, enum dep_kind kind,
			     const struct table *keyed, const struct table *lookup,
			     const struct table_pair *p, const char *expr, const char *self)
{
	dep_expr_columns_as(d, ch, kind, "c:", keyed, lookup, p, expr, self);
}

static const char *column_hint(struct differ *d, const struct table_pair *p,
			       const struct column *w)
{
	if (d->hints)
		return hint_from(d, OBJ_COLUMN, p->want->o.schema, p->want->o.name, w->o.name);
	return w->renamed_from;
}

static bool have_column_named(const void *ctx, const char *scope, const char *name)
{
	(void)scope;
	return table_find_column(ctx, name) != NULL;
}

static size_t column_position(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->columns.len; i++)
		if (strcmp(((const struct column *)t->columns.items[i])->o.name, name) == 0)
			return i;
	return t->columns.len;
}

static int column_mismatch(const struct column *w, const struct column *h)
{
	return !str_eq(w->type, h->type) + (w->not_null != h->not_null) +
	       !str_eq(w->collation, h->collation) + (w->identity != h->identity);
}

/*
 * A column swap is done when the renamed columns fit better: by type and
 * nullability, and by position (the model lists them in the order the
 * table will have them; a swap already done leaves the names in order).
 */
static bool prefer_column_cycle(struct differ *d, const void *ctx, struct rn_item **cycle, size_t n)
{
	const struct table *h = ctx;
	int renamed = 0, kept = 0;
	size_t i, j, last_r = 0, last_k = 0;
	bool order_r = true, order_k = true;

	(void)d;
	/* By desired position (insertion sort: cycles are short). */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && cycle[j - 1]->pos > cycle[j]->pos; j--) {
			struct rn_item *t = cycle[j];
			cycle[j] = cycle[j - 1];
			cycle[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		const struct column *w = cycle[i]->obj;
		size_t pr = column_position(h, cycle[i]->hint), pk = column_position(h, w->o.name);

		renamed += column_mismatch(w, table_find_column(h, cycle[i]->hint));
		kept += column_mismatch(w, table_find_column(h, w->o.name));
		if (i > 0 && pr < last_r)
			order_r = false;
		if (i > 0 && pk < last_k)
			order_k = false;
		last_r = pr;
		last_k = pk;
	}
	return renamed + !order_r < kept + !order_k;
}

static bool column_name_taken(struct differ *d, const void *ctx, const char *name)
{
	const struct table_pair *p = ctx;

	(void)d;
	return table_find_column(p->want, name) || table_find_column(p->have, name);
}

/* RENAME COLUMN h TO w; frees as for table_rename_change(). */
static struct change *column_rename_change(struct differ *d, const struct table_pair *p,
					   const struct column *w, const struct column *h,
					   bool frees)
{
	struct change *ch = add_change(d, CH_COLUMN_RENAME, &w->o, &h->o, p->want);

	dep_col(d, ch, frees ? DEP_REMOVES : DEP_NEEDS, p->want, h->o.name);
	dep_col(d, ch, DEP_PROVIDES, p->want, w->o.name);
	return ch;
}

/* A column rename of a cycle, through a temporary name (see table_swap_changes). */
static void column_swap_changes(struct differ *d, const struct table_pair *p,
				const struct column *w, const struct column *h)
{
	struct column *tmp = arena_alloc(d->a, sizeof(*tmp));
	struct change *first, *second;

	*tmp = *h;
	tmp->o.name = rn_temp_name(d, h->o.name, column_name_taken, p);
	first = column_rename_change(d, p, tmp, h, true);
	first->swap_final = &w->o;
	second = column_rename_change(d, p, w, tmp, false);
	second->swap_second = true;
}

static void pair_columns(struct differ *d, struct table_pair *p)
{
	struct rn_set s;
	bool *swap;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.n = p->want->columns.len;
	s.items = arena_alloc(d->a, (s.n + 1) * sizeof(*s.items));
	s.authoritative = d->hints != NULL;
	s.have_has = have_column_named;
	s.prefer_cycle = prefer_column_cycle;
	s.ctx = p->have;
	for (i = 0; i < s.n; i++) {
		const struct column *w = p->want->columns.items[i];

		s.items[i].scope = "";
		s.items[i].name = w->o.name;
		s.items[i].hint = column_hint(d, p, w);
		s.items[i].obj = w;
		s.items[i].pos = i;
	}
	rn_resolve(d, &s);
	swap = rn_swaps(d, s.items, s.n);
	for (i = 0; i < s.n; i++) {
		const struct column *w = s.items[i].obj;
		const struct column *h;

		if (!s.items[i].match)
			continue;
		h = table_find_column(p->have, s.items[i].match);
		strmap_put(&p->want_col, w->o.name, (void *)h);
		strmap_put(&p->have_col, h->o.name, (void *)w);
		if (strcmp(h->o.name, w->o.name) == 0)
			continue;
		strmap_put(&p->have_to_want, h->o.name, (void *)w->o.name);
		if (swap[i])
			column_swap_changes(d, p, w, h);
		else
			column_rename_change(d, p, w, h, true);
		record_rename(d, OBJ_COLUMN, p->want->o.schema, p->want->o.name, p->have->o.name,
			      h->o.name, w->o.name);
	}
}

/* Integer-like rank for narrowing checks; 0 when not a plain number type. */
static int number_rank(const char *type)
{
	static const char *const ranks[] = { "smallint", "integer", "bigint", "numeric",
					     "real", "double precision" };
	size_t i;

	for (i = 0; i < sizeof(ranks) / sizeof(ranks[0]); i++)
		if (strcmp(type, ranks[i]) == 0)
			return (int)i + 1;
	if (strncmp(type, "numeric(", 8) == 0)
		return 4;
	return 0;
}

static bool is_string_type(const char *type)
{
	return strcmp(type, "text") == 0 || strncmp(type, "character varying", 17) == 0 ||
	       strncmp(type, "character", 9) == 0 || strcmp(type, "name") == 0;
}

/* The type name before any "(typmod)". */
static size_t type_stem_len(const char *type)
{
	const char *p = strchr(type, '(');

	return p ? (size_t)(p - type) : strlen(type);
}

/* Length limit of "character varying(20)" / "character(3)"; -1 when none. */
static long type_length(const char *type)
{
	const char *p = strchr(type, '(');

	return p ? strtol(p + 1, NULL, 10) : -1;
}

static bool same_stem(const char *a, const char *b)
{
	size_t n = type_stem_len(a);

	return n == type_stem_len(b) && strncmp(a, b, n) == 0 && !strstr(a, "[]") == !strstr(b, "[]");
}

static bool is_timestamp_family(const char *t)
{
	return strncmp(t, "timestamp", 9) == 0 || strcmp(t, "date") == 0;
}

/*
 * True when PostgreSQL converts from -> to by an assignment cast, so that
 * ALTER COLUMN TYPE needs no USING clause. Conservative: an unknown pair
 * gets USING, which is always correct when any cast exists.
 */
static bool assignment_cast_exists(const char *from, const char *to)
{
	if (same_stem(from, to))
		return true;
	if (strstr(from, "[]") || strstr(to, "[]"))
		return false;
	if (is_string_type(to))
		return true;	/* every type has an I/O conversion to text */
	if (number_rank(from) && number_rank(to))
		return true;
	if (is_timestamp_family(from) && is_timestamp_family(to))
		return true;
	return false;
}

/* numeric(p,s) -> numeric(p2,s2): fewer integer digits or fewer decimals. */
static bool numeric_narrows(const char *from, const char *to)
{
	long pf = -1, sf = 0, pt = -1, st = 0;
	const char *p;

	if ((p = strchr(from, '(')) != NULL) {
		pf = strtol(p + 1, NULL, 10);
		sf = strchr(p, ',') ? strtol(strchr(p, ',') + 1, NULL, 10) : 0;
	}
	if ((p = strchr(to, '(')) != NULL) {
		pt = strtol(p + 1, NULL, 10);
		st = strchr(p, ',') ? strtol(strchr(p, ',') + 1, NULL, 10) : 0;
	}
	if (pt < 0)
		return false;	/* unconstrained numeric holds anything */
	return pf < 0 || pt - st < pf - sf || st < sf;
}

/* True when from -> to can lose data (a narrower type or a shorter length). */
static bool type_narrows(const char *from, const char *to)
{
	int rf = number_rank(from), rt = number_rank(to);

	if (rf && rt) {
		if (rf <= 3 && rt <= 3)
			return rt < rf;
		if (rf == 4 && rt == 4)
			return numeric_narrows(from, to);
		if (rf == 6 && rt == 5)
			return true;
		return rf >= 4 && rt <= 3;
	}
	if (is_string_type(from) && is_string_type(to)) {
		long lf = type_length(from), lt = type_length(to);

		return lt >= 0 && (lf < 0 || lt < lf);
	}
	if (strncmp(from, "timestamp", 9) == 0 && strcmp(to, "date") == 0)
		return true;
	return false;
}

/* "public.users.age": full names in destroyed-data notes. */
static const char *col_full_name(struct differ *d, const struct table *t, const char *col)
{
	return arena_printf(d->a, "%s.%s.%s", t->o.schema, t->o.name, col);
}

static void add_column_change(struct differ *d, const struct table *t, const struct column *w,
			      bool table_is_new)
{
	struct change *ch = add_change(d, CH_COLUMN_ADD, &w->o, NULL, t);

	dep_col(d, ch, DEP_PROVIDES, t, w->o.name);
	dep_column_uses(d, ch, DEP_NEEDS, w);
	dep(d, ch, DEP_NEEDS, "x:*");
	dep_expr_columns(d, ch, DEP_NEEDS, t, t, NULL, w->generated, w->o.name);
	if (!table_is_new && w->not_null && !w->default_expr && !w->identity && !w->generated)
		ch->note = "NOT NULL without a default fails on a table with rows: add a "
			   "default or backfill the column before this statement";
	diff_comment(d, &w->o, NULL, t);
}

static void drop_column_change(struct differ *d, const struct table *t, const struct column *h)
{
	struct change *ch = add_change(d, CH_COLUMN_DROP, &h->o, NULL, t);

	strmap_put(&d->owner_drop, keydup(d, "", h->table->o.schema, h->table->o.name, h->o.name), ch);
	dep_col(d, ch, DEP_REMOVES, t, h->o.name);
	dep_column_uses(d, ch, DEP_RELEASES, h);
	dep(d, ch, DEP_RELEASES, "X:*");
	dep_expr_columns(d, ch, DEP_RELEASES, t, h->table, pair_of_want(d, t), h->generated, h->o.name);
	/* A generated column stops reading its columns: their type may change after. */
	dep_expr_columns_as(d, ch, DEP_RELEASES, "G:", t, h->table, pair_of_want(d, t), h->generated,
			    h->o.name);
	mark_destructive(d, ch, "drops column %s", col_full_name(d, t, h->o.name));
}

/* Options unknown on either side (increment 0, see catalog.h) count as equal. */
/*
 * True when the defaults are equal once the current one's nextval()
 * sequences carry their new names (a renamed serial sequence: PostgreSQL
 * prints the default with the name current when asked).
 */
static bool default_equal_mapped(struct differ *d, const char *w, const char *h)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = h, *q;
	bool eq;

	if (str_eq(w, h) || !w || !h || !d->seq_renamed.len)
		return str_eq(w, h);
	while ((q = strstr(p, "nextval('")) != NULL) {
		const char *end = strstr(q + 9, "'::regclass)");
		const char *to = NULL;

		strbuf_add(&sb, p, (size_t)(q - p) + 9);
		p = q + 9;
		if (end) {
			char *name = arena_strndup(d->a, p, (size_t)(end - p));
			to = strmap_get(&d->seq_renamed, name);
		}
		if (to) {
			strbuf_addstr(&sb, to);
			p = end;
		}
	}
	strbuf_addstr(&sb, p);
	eq = strcmp(sb.buf, w) == 0;
	strbuf_release(&sb);
	return eq;
}

static bool identity_options_equal(const struct column *w, const struct column *h)
{
	if (!w->identity_increment || !h->identity_increment)
		return true;
	return w->identity_start == h->identity_start &&
	       w->identity_increment == h->identity_increment &&
	       w->identity_min == h->identity_min && w->identity_max == h->identity_max &&
	       w->identity_cache == h->identity_cache && w->identity_cycle == h->identity_cycle;
}

static unsigned column_differences(struct differ *d, const struct table *t,
				   const struct column *w, const struct column *h)
{
	unsigned what = 0;

	if (!str_eq(w->type, h->type) || !str_eq(w->collation, h->collation))
		what |= ALTER_TYPE;
	if (!default_equal_mapped(d, w->default_expr, h->default_expr) &&
	    !strmap_get(&d->rebuilt_cols, keyf(d, "", t->o.schema, t->o.name, w->o.name)))
		what |= ALTER_DEFAULT;
	if (w->not_null != h->not_null)
		what |= ALTER_NULL;
	if (w->identity != h->identity)
		what |= ALTER_IDENTITY;
	if (w->identity && h->identity && !identity_options_equal(w, h))
		what |= ALTER_IDENTITY_OPTIONS;
	if (h->generated && !w->generated)
		what |= ALTER_DROP_EXPRESSION;
	if ((what & ALTER_TYPE) && !assignment_cast_exists(h->type, w->type)) {
		what |= ALTER_USING;
		if (h->default_expr)	/* the old default may not cast: set it again */
			what |= ALTER_DEFAULT;
	}
	return what;
}

static void diff_column(struct differ *d, const struct table_pair *p,
			const struct column *w, const struct column *h)
{
	const struct table *t = p->want;
	struct change *ch;
	unsigned what;

	/* PostgreSQL 15 cannot change a generation expression in place. */
	if (w->generated && !expr_equal_mapped(w->generated, h->generated, p)) {
		drop_column_change(d, t, h);
		add_column_change(d, t, w, false);
		return;
	}
	what = column_differences(d, t, w, h);
	if (what) {
		ch = add_change(d, CH_COLUMN_ALTER, &w->o, &h->o, t);
		ch->what = what;
		dep_col(d, ch, DEP_NEEDS, t, w->o.name);
		dep(d, ch, DEP_NEEDS, "x:*");
		dep(d, ch, DEP_RELEASES, "X:*");
		/*
		 * Only a new type or default uses the type and sequences: NOT NULL
		 * alone needs neither, and claiming it would tie the alter in a
		 * cycle with a rebuild of the column's enum (which both provides
		 * and removes the type).
		 */
		if (what & (ALTER_TYPE | ALTER_DEFAULT)) {
			dep_column_uses(d, ch, DEP_NEEDS, w);
			dep_column_uses(d, ch, DEP_RELEASES, h);
		}
		if (what & ALTER_TYPE) {
			/* Generated columns reading it go first (see regenerate_dependents). */
			dep(d, ch, DEP_REMOVES, keyf(d, "G:", t->o.schema, t->o.name, w->o.name));
			dep_col(d, ch, DEP_PROVIDES, t, w->o.name);
		}
		if ((what & ALTER_IDENTITY_OPTIONS) && w->identity_start != h->identity_start)
			ch->note = "SET START WITH does not move the sequence: add ALTER COLUMN ... "
				   "RESTART if the next value should change";
		if ((what & ALTER_TYPE) && type_narrows(h->type, w->type))
			mark_destructive(d, ch, "narrows column %s from %s to %s",
					 col_full_name(d, t, w->o.name), h->type, w->type);
	}
	diff_comment(d, &w->o, &h->o, t);
}

/* True when expr names one of the columns in set (desired names). */
static bool expr_mentions_any(const char *expr, const struct strmap *set)
{
	struct strbuf name = STRBUF_INIT;
	const char *q = expr;
	enum token tok;
	bool found = false;

	while (expr && !found && (tok = scan_token(&q, &name)) != TOK_END)
		found = tok == TOK_IDENT && strmap_get(set, name.buf);
	strbuf_release(&name);
	return found;
}

/*
 * PostgreSQL cannot change the type of a column a STORED generated column
 * reads: such generated columns are dropped before and added after (their
 * values are computed, so nothing is lost). Returns the set of their
 * names, which the caller leaves alone otherwise; the caller releases it.
 */
static void regenerate_dependents(struct differ *d, struct table_pair *p, struct strmap *regen)
{
	struct strmap retyped = STRMAP_INIT;
	size_t i;

	for (i = 0; i < p->want->columns.len; i++) {
		const struct column *w = p->want->columns.items[i];
		const struct column *h = strmap_get(&p->want_col, w->o.name);

		if (h && (!str_eq(w->type, h->type) || !str_eq(w->collation, h->collation)))
			strmap_put(&retyped, w->o.name, (void *)w);
	}
	for (i = 0; retyped.len && i < p->want->columns.len; i++) {
		const struct column *w = p->want->columns.items[i];
		const struct column *h = strmap_get(&p->want_col, w->o.name);
		struct change *ch;

		if (!h || !w->generated || !h->generated || strmap_get(&retyped, w->o.name) ||
		    !expr_equal_mapped(w->generated, h->generated, p) ||
		    !expr_mentions_any(w->generated, &retyped))
			continue;
		strmap_put(regen, w->o.name, (void *)w);
		drop_column_change(d, p->want, h);
		ch = d->out->items.items[d->out->items.len - 1];
		ch->destructive = false;	/* computed again by the ADD */
		ch->destroys = NULL;
		ch->note = "a column this generated column reads changes type, which PostgreSQL "
			   "does not allow while it exists: it is added back after (values are computed)";
		add_column_change(d, p->want, w, false);
	}
	strmap_release(&retyped);
}

static void diff_columns(struct differ *d, struct table_pair *p)
{
	struct strmap regen = STRMAP_INIT;
	size_t i;

	regenerate_dependents(d, p, &regen);
	for (i = 0; i < p->want->columns.len; i++) {
		const struct column *w = p->want->columns.items[i];
		const struct column *h = strmap_get(&p->want_col, w->o.name);

		if (h && strmap_get(&regen, w->o.name))
			continue;
		if (h)
			diff_column(d, p, w, h);
		else
			add_column_change(d, p->want, w, false);
	}
	strmap_release(&regen);
	for (i = 0; i < p->have->columns.len; i++) {
		const struct column *h = p->have->columns.items[i];

		if (!strmap_get(&p->have_col, h->o.name))
			drop_column_change(d, p->want, h);
	}
}

/* --- constraints ------------------------------------------------------ */

static bool names_equal_mapped(const char *const *want, size_t nwant, const char *const *have,
			       size_t nhave, const struct table_pair *p)
{
	size_t i;

	if (nwant != nhave)
		return false;
	for (i = 0; i < nwant; i++)
		if (strcmp(want[i], want_col_name(p, have[i])) != 0)
			return false;
	return true;
}

static bool fk_target_equal(struct differ *d, const struct constraint *w, const struct constraint *h)
{
	struct table_pair *rp;

	if (!str_eq(w->ref_schema, h->ref_schema))
		return false;
	if (!str_eq(w->ref_table, want_table_name(d, h->ref_schema, h->ref_table)))
		return false;
	rp = pair_of_have(d, h->ref_schema, h->ref_table);
	return names_equal_mapped(w->ref_columns, w->nref_columns, h->ref_columns,
				  h->nref_columns, rp);
}

/* Same definition (everything but the name and the comment). */
static bool constraint_equal(struct differ *d, const struct table_pair *p,
			     const struct constraint *w, const struct constraint *h)
{
	if (w->type != h->type || w->nulls_not_distinct != h->nulls_not_distinct ||
	    w->deferrable != h->deferrable || w->initially_deferred != h->initially_deferred)
		return false;
	if (!names_equal_mapped(w->columns, w->ncolumns, h->columns, h->ncolumns, p))
		return false;
	if (w->type == CON_CHECK && !expr_equal_mapped(w->check_expr, h->check_expr, p))
		return false;
	if (w->type == CON_FOREIGN &&
	    (w->on_delete != h->on_delete || w->on_update != h->on_update || w->match != h->match ||
	     !fk_target_equal(d, w, h)))
		return false;
	return true;
}

/*
 * The PK or unique constraint of table t whose columns are exactly cols
 * (in any order): the one a foreign key needs. NULL when there is none.
 */
static const struct constraint *key_for_columns(const struct table *t, const char *const *cols,
						size_t n, const struct table_pair *map_from)
{
	size_t i, j, k;

	for (i = 0; t && i < t->constraints.len; i++) {
		const struct constraint *c = t->constraints.items[i];
		bool all = c->ncolumns == n;

		if ((c->type != CON_PRIMARY && c->type != CON_UNIQUE) || !all)
			continue;
		for (j = 0; j < n && all; j++) {
			bool found = false;

			for (k = 0; k < n && !found; k++)
				found = strcmp(want_col_name(map_from, c->columns[k]),
					       want_col_name(map_from, cols[j])) == 0;
			all = found;
		}
		if (all)
			return c;
	}
	return NULL;
}

/* Dependencies of a desired constraint on table t (an add). */
static void deps_constraint_add(struct differ *d, struct change *ch, const struct table *t,
				const struct constraint *w)
{
	size_t i;

	dep_con(d, ch, DEP_PROVIDES, t, w->o.name);
	if (w->type == CON_PRIMARY || w->type == CON_UNIQUE)
		dep_rel(d, ch, DEP_PROVIDES, t->o.schema, w->o.name);
	for (i = 0; i < w->ncolumns; i++)
		dep_col(d, ch, DEP_NEEDS, t, w->columns[i]);
	dep(d, ch, DEP_NEEDS, "x:*");
	dep_expr_columns(d, ch, DEP_NEEDS, t, t, NULL, w->check_expr, NULL);
	if (w->type == CON_FOREIGN) {
		const struct table *rt = catalog_find_table(d->want, w->ref_schema, w->ref_table);
		const struct constraint *key;

		dep_rel(d, ch, DEP_NEEDS, w->ref_schema, w->ref_table);
		if (rt) {
			for (i = 0; i < w->nref_columns; i++)
				dep_col(d, ch, DEP_NEEDS, rt, w->ref_columns[i]);
			key = key_for_columns(rt, w->ref_columns, w->nref_columns, NULL);
			if (key)
				dep_con(d, ch, DEP_NEEDS, rt, key->o.name);
		}
	}
}

/*
 * Dependencies of a current constraint being dropped from the table named
 * t (desired name when it survives): its columns and its FK target are
 * released, keyed by desired names.
 */
static void deps_constraint_drop(struct differ *d, struct change *ch, const struct table *t,
				 const struct table_pair *p, const struct constraint *h)
{
	size_t i;

	dep_con(d, ch, DEP_REMOVES, t, h->o.name);
	if (h->type == CON_PRIMARY || h->type == CON_UNIQUE)
		dep_rel(d, ch, DEP_REMOVES, t->o.schema, h->o.name);
	for (i = 0; i < h->ncolumns; i++)
		dep(d, ch, DEP_RELEASES, keyf(d, "c:", t->o.schema, t->o.name,
					      want_col_name(p, h->columns[i])));
	dep(d, ch, DEP_RELEASES, "X:*");
	dep_expr_columns(d, ch, DEP_RELEASES, t, h->table, p, h->check_expr, NULL);
	if (h->type == CON_FOREIGN) {
		const struct table_pair *rp = pair_of_have(d, h->ref_schema, h->ref_table);
		const char *rname = want_table_name(d, h->ref_schema, h->ref_table);
		const struct table *rt = catalog_find_table(d->have, h->ref_schema, h->ref_table);
		const struct constraint *key;

		dep(d, ch, DEP_RELEASES, keyf(d, "r:", h->ref_schema, rname, NULL));
		for (i = 0; i < h->nref_columns; i++)
			dep(d, ch, DEP_RELEASES, keyf(d, "c:", h->ref_schema, rname,
						      want_col_name(rp, h->ref_columns[i])));
		key = key_for_columns(rt, h->ref_columns, h->nref_columns, rp);
		if (key)
			dep(d, ch, DEP_RELEASES, keyf(d, "k:", h->ref_schema, rname, key->o.name));
	}
}

static struct change *add_constraint_change(struct differ *d, const struct table *t,
					    const struct constraint *w)
{
	struct change *ch = add_change(d, CH_CONSTRAINT_ADD, &w->o, NULL, t);

	deps_constraint_add(d, ch, t, w);
	diff_comment(d, &w->o, NULL, t);
	return ch;
}

static void drop_constraint_change(struct differ *d, const struct table_pair *p,
				   const struct constraint *h)
{
	struct change *ch = add_change(d, CH_CONSTRAINT_DROP, &h->o, NULL, p->want);

	deps_constraint_drop(d, ch, p->want, p, h);
}

static void rename_constraint_change(struct differ *d, const struct table *t,
				     const struct constraint *w, const struct constraint *h)
{
	struct change *ch = add_change(d, CH_CONSTRAINT_RENAME, &w->o, &h->o, t);

	dep_con(d, ch, DEP_REMOVES, t, h->o.name);
	dep_con(d, ch, DEP_PROVIDES, t, w->o.name);
	if (w->type == CON_PRIMARY || w->type == CON_UNIQUE) {
		dep_rel(d, ch, DEP_REMOVES, t->o.schema, h->o.name);
		dep_rel(d, ch, DEP_PROVIDES, t->o.schema, w->o.name);
	}
}

static void diff_constraints(struct differ *d, const struct table_pair *p)
{
	const struct table *wt = p->want, *ht = p->have;
	struct strmap paired = STRMAP_INIT;	/* current constraint name -> desired */
	const struct constraint **match;
	size_t i, j;

	match = arena_alloc(d->a, (wt->constraints.len + 1) * sizeof(*match));
	for (i = 0; i < wt->constraints.len; i++) {
		const struct constraint *w = wt->constraints.items[i];
		const struct constraint *h = table_find_constraint(ht, w->o.name);

		if (h && constraint_equal(d, p, w, h)) {
			match[i] = h;
			strmap_put(&paired, h->o.name, (void *)w);
		}
	}
	/*
	 * Left-over pairs with one definition are renames (the data and index
	 * stay), even when another constraint wants the old name: swapped
	 * columns swap their derived key names (renamed in a cycle, see
	 * break_sub_rename_cycles).
	 */
	for (i = 0; i < wt->constraints.len; i++) {
		const struct constraint *w = wt->constraints.items[i];

		for (j = 0; !match[i] && j < ht->constraints.len; j++) {
			const struct constraint *h = ht->constraints.items[j];

			if (strmap_get(&paired, h->o.name) || !constraint_equal(d, p, w, h))
				continue;
			match[i] = h;
			strmap_put(&paired, h->o.name, (void *)w);
			rename_constraint_change(d, wt, w, h);
		}
	}
	/* Then same names with another definition: dropped and added below. */
	for (i = 0; i < wt->constraints.len; i++) {
		const struct constraint *w = wt->constraints.items[i];
		const struct constraint *h = match[i] ? NULL : table_find_constraint(ht, w->o.name);

		if (h && !strmap_get(&paired, h->o.name)) {
			match[i] = h;
			strmap_put(&paired, h->o.name, (void *)w);
		}
	}
	for (i = 0; i < ht->constraints.len; i++) {
		const struct constraint *h = ht->constraints.items[i];

		if (strmap_get(&paired, h->o.name))
			continue;
		drop_constraint_change(d, p, h);
		if (h->type == CON_PRIMARY || h->type == CON_UNIQUE)
			strmap_put(&d->rebuilt_keys,
				   keydup(d, "", ht->o.schema, ht->o.name, h->o.name), (void *)h);
	}
	for (i = 0; i < wt->constraints.len; i++) {
		const struct constraint *w = wt->constraints.items[i];
		const struct constraint *h = match[i];

		if (!h) {
			add_constraint_change(d, wt, w);
		} else if (!constraint_equal(d, p, w, h)) {
			drop_constraint_change(d, p, h);
			add_constraint_change(d, wt, w);
			if (h->type == CON_PRIMARY || h->type == CON_UNIQUE)
				strmap_put(&d->rebuilt_keys,
					   keydup(d, "", ht->o.schema, ht->o.name, h->o.name), (void *)h);
		} else {
			diff_comment(d, &w->o, &h->o, wt);
		}
	}
	strmap_release(&paired);
}

/*
 * A foreign key depends on the referenced table's key: when that key is
 * dropped (or dropped and added again because its definition changed),
 * unchanged foreign keys pointing at it must be dropped before it and
 * added after the key that serves them in the desired schema.
 */
static void rebuild_dependent_foreign_keys(struct differ *d)
{
	size_t i, j;

	if (!d->rebuilt_keys.len)
		return;
	for (i = 0; i < d->pairs.len; i++) {
		const struct table_pair *p = d->pairs.items[i];

		for (j = 0; j < p->want->constraints.len; j++) {
			const struct constraint *w = p->want->constraints.items[j];
			const struct constraint *h = table_find_constraint(p->have, w->o.name);
			const struct table *rt;
			const struct constraint *key;

			if (w->type != CON_FOREIGN || !h || h->type != CON_FOREIGN ||
			    !constraint_equal(d, p, w, h))
				continue;
			rt = catalog_find_table(d->have, h->ref_schema, h->ref_table);
			key = key_for_columns(rt, h->ref_columns, h->nref_columns,
					      pair_of_have(d, h->ref_schema, h->ref_table));
			if (!key || !strmap_get(&d->rebuilt_keys,
						keyf(d, "", rt->o.schema, rt->o.name, key->o.name)))
				continue;
			drop_constraint_change(d, p, h);
			add_constraint_change(d, p->want, w);
		}
	}
}

/* --- indexes ---------------------------------------------------------- */

static bool index_elem_equal(const struct index_elem *w, const struct index_elem *h,
			     const struct table_pair *p)
{
	if (!!w->column != !!h->column)
		return false;
	if (w->column && strcmp(w->column, want_col_name(p, h->column)) != 0)
		return false;
	return expr_equal_mapped(w->expr, h->expr, p) && str_eq(w->collation, h->collation) &&
	       str_eq(w->opclass, h->opclass) && w->desc == h->desc && w->nulls == h->nulls;
}

static bool index_equal(const struct index *w, const struct index *h, const struct table_pair *p)
{
	size_t i;

	if (w->unique != h->unique || w->nulls_not_distinct != h->nulls_not_distinct ||
	    !str_eq(w->method, h->method) || !expr_equal_mapped(w->predicate, h->predicate, p) ||
	    !str_eq(w->with, h->with) || w->nelems != h->nelems)
		return false;
	for (i = 0; i < w->nelems; i++)
		if (!index_elem_equal(&w->elems[i], &h->elems[i], p))
			return false;
	return names_equal_mapped(w->include, w->ninclude, h->include, h->ninclude, p);
}

static void deps_index(struct differ *d, struct change *ch, const struct table *t,
		       const struct table_pair *p, const struct index *ix, bool drop)
{
	enum dep_kind use = drop ? DEP_RELEASES : DEP_NEEDS;
	size_t i;

	dep_rel(d, ch, drop ? DEP_REMOVES : DEP_PROVIDES, ix->o.schema, ix->o.name);
	for (i = 0; i < ix->nelems; i++)
		if (ix->elems[i].column)
			dep(d, ch, use, keyf(d, "c:", t->o.schema, t->o.name,
					     drop ? want_col_name(p, ix->elems[i].column)
						  : ix->elems[i].column));
	for (i = 0; i < ix->ninclude; i++)
		dep(d, ch, use, keyf(d, "c:", t->o.schema, t->o.name,
				     drop ? want_col_name(p, ix->include[i]) : ix->include[i]));
	for (i = 0; i < ix->nelems; i++)
		dep_expr_columns(d, ch, use, t, ix->table, drop ? p : NULL, ix->elems[i].expr, NULL);
	dep_expr_columns(d, ch, use, t, ix->table, drop ? p : NULL, ix->predicate, NULL);
	dep(d, ch, use, drop ? "X:*" : "x:*");
}

static void create_index_change(struct differ *d, const struct table *t, const struct index *w)
{
	struct change *ch = add_change(d, CH_INDEX_CREATE, &w->o, NULL, t);

	deps_index(d, ch, t, NULL, w, false);
	diff_comment(d, &w->o, NULL, t);
}

static void drop_index_change(struct differ *d, const struct table_pair *p, const struct index *h)
{
	struct change *ch = add_change(d, CH_INDEX_DROP, &h->o, NULL, p->want);

	deps_index(d, ch, p->want, p, h, true);
}

static void diff_indexes(struct differ *d, const struct table_pair *p)
{
	const struct table *wt = p->want, *ht = p->have;
	struct strmap paired = STRMAP_INIT;
	const struct index **match;
	size_t i, j;

	match = arena_alloc(d->a, (wt->indexes.len + 1) * sizeof(*match));
	for (i = 0; i < wt->indexes.len; i++) {
		const struct index *w = wt->indexes.items[i];

		for (j = 0; j < ht->indexes.len; j++) {
			const struct index *h = ht->indexes.items[j];

			if (strcmp(h->o.name, w->o.name) == 0 && index_equal(w, h, p)) {
				match[i] = h;
				strmap_put(&paired, h->o.name, (void *)w);
			}
		}
	}
	for (i = 0; i < wt->indexes.len; i++) {
		const struct index *w = wt->indexes.items[i];

		for (j = 0; !match[i] && j < ht->indexes.len; j++) {
			const struct index *h = ht->indexes.items[j];
			struct change *ch;

			/* Its name may be wanted elsewhere: the rename frees it first. */
			if (strmap_get(&paired, h->o.name) || !index_equal(w, h, p))
				continue;
			match[i] = h;
			strmap_put(&paired, h->o.name, (void *)w);
			ch = add_change(d, CH_INDEX_RENAME, &w->o, &h->o, wt);
			dep_rel(d, ch, DEP_REMOVES, h->o.schema, h->o.name);
			dep_rel(d, ch, DEP_PROVIDES, w->o.schema, w->o.name);
		}
	}
	/* Then same names with another definition: dropped and created below. */
	for (i = 0; i < wt->indexes.len; i++) {
		const struct index *w = wt->indexes.items[i];

		for (j = 0; !match[i] && j < ht->indexes.len; j++) {
			const struct index *h = ht->indexes.items[j];

			if (strcmp(h->o.name, w->o.name) == 0 && !strmap_get(&paired, h->o.name)) {
				match[i] = h;
				strmap_put(&paired, h->o.name, (void *)w);
			}
		}
	}
	for (i = 0; i < ht->indexes.len; i++) {
		const struct index *h = ht->indexes.items[i];

		if (!strmap_get(&paired, h->o.name))
			drop_index_change(d, p, h);
	}
	for (i = 0; i < wt->indexes.len; i++) {
		const struct index *w = wt->indexes.items[i];
		const struct index *h = match[i];

		if (!h) {
			create_index_change(d, wt, w);
		} else if (!index_equal(w, h, p)) {
			drop_index_change(d, p, h);
			create_index_change(d, wt, w);
		} else {
			diff_comment(d, &w->o, &h->o, wt);
		}
	}
	strmap_release(&paired);
}

/* --- tables ----------------------------------------------------------- */

static void create_table_changes(struct differ *d, const struct table *w)
{
	struct change *ch = add_change(d, CH_TABLE_CREATE, &w->o, NULL, w);
	size_t i;

	dep_rel(d, ch, DEP_PROVIDES, w->o.schema, w->o.name);
	dep_schema(d, ch, DEP_NEEDS, w->o.schema);
	dep(d, ch, DEP_NEEDS, "x:*");
	for (i = 0; i < w->columns.len; i++) {
		const struct column *col = w->columns.items[i];

		dep_col(d, ch, DEP_PROVIDES, w, col->o.name);
		dep_column_uses(d, ch, DEP_NEEDS, col);
	}
	diff_comment(d, &w->o, NULL, w);
	for (i = 0; i < w->columns.len; i++)
		diff_comment(d, w->columns.items[i], NULL, w);
	for (i = 0; i < w->constraints.len; i++) {
		const struct constraint *con = w->constraints.items[i];

		if (con->type == CON_FOREIGN) {
			struct change *fk = add_constraint_change(d, w, con);
			fk->parent = ch;
		} else {
			/* Written inside CREATE TABLE. */
			dep_con(d, ch, DEP_PROVIDES, w, con->o.name);
			if (con->type != CON_CHECK)
				dep_rel(d, ch, DEP_PROVIDES, w->o.schema, con->o.name);
			diff_comment(d, &con->o, NULL, w);
		}
	}
	for (i = 0; i < w->indexes.len; i++)
		create_index_change(d, w, w->indexes.items[i]);
}

/* True when con is an FK of dropped table h to another table that is dropped too. */
static bool fk_to_other_dropped_table(struct differ *d, const struct table *h,
				      const struct constraint *con)
{
	if (con->type != CON_FOREIGN || !con->ref_table)
		return false;
	if (str_eq(con->ref_schema, h->o.schema) && strcmp(con->ref_table, h->o.name) == 0)
		return false;
	return catalog_find_table(d->have, con->ref_schema, con->ref_table) &&
	       !pair_of_have(d, con->ref_schema, con->ref_table);
}

static void drop_table_change(struct differ *d, const struct table *h)
{
	struct change *ch = add_change(d, CH_TABLE_DROP, &h->o, NULL, h);
	const char *own;
	size_t i;

	dep_rel(d, ch, DEP_REMOVES, h->o.schema, h->o.name);
	dep_schema(d, ch, DEP_RELEASES, h->o.schema);
	dep(d, ch, DEP_RELEASES, "X:*");
	for (i = 0; i < h->columns.len; i++) {
		const struct column *col = h->columns.items[i];

		dep_col(d, ch, DEP_REMOVES, h, col->o.name);
		dep_column_uses(d, ch, DEP_RELEASES, col);
		strmap_put(&d->dropped_cols, keydup(d, "", h->o.schema, h->o.name, col->o.name), ch);
		strmap_put(&d->owner_drop, keydup(d, "", h->o.schema, h->o.name, col->o.name), ch);
	}
	own = keydup(d, "c:", h->o.schema, h->o.name, "");
	for (i = 0; i < h->constraints.len; i++) {
		/* Its constraints go with it, and stop using what they point at. */
		const struct constraint *con = h->constraints.items[i];
		struct change tmp;

		if (fk_to_other_dropped_table(d, h, con)) {
			/* Explicitly first, so tables referencing each other can go. */
			struct change *fkd = add_change(d, CH_CONSTRAINT_DROP, &con->o, NULL, h);
			deps_constraint_drop(d, fkd, h, NULL, con);
			dep_rel(d, fkd, DEP_RELEASES, h->o.schema, h->o.name);
			continue;
		}
		memset(&tmp, 0, sizeof(tmp));
		deps_constraint_drop(d, &tmp, h, NULL, con);
		for (enum dep_kind k = 0; k < DEP_KIND_COUNT; k++) {
			for (size_t j = 0; j < tmp.deps[k].len; j++) {
				const char *key = tmp.deps[k].items[j];

				/* Its own columns it removes rather than releases. */
				if (k == DEP_RELEASES && strncmp(key, own, strlen(own)) == 0)
					continue;
				ptrvec_push(d->a, &ch->deps[k], (void *)key);
			}
		}
	}
	for (i = 0; i < h->indexes.len; i++) {
		const struct index *ix = h->indexes.items[i];
		dep_rel(d, ch, DEP_REMOVES, ix->o.schema, ix->o.name);
	}
	mark_destructive(d, ch, "drops table %s.%s", h->o.schema, h->o.name);
}

static void diff_tables(struct differ *d)
{
	size_t i;

	for (i = 0; i < d->want->tables.len; i++) {
		const struct table *w = d->want->tables.items[i];
		struct table_pair *p = pair_of_want(d, w);

		if (!p) {
			create_table_changes(d, w);
			continue;
		}
		diff_comment(d, &w->o, &p->have->o, w);
	}
	for (i = 0; i < d->have->tables.len; i++) {
		const struct table *h = d->have->tables.items[i];

		if (!pair_of_have(d, h->o.schema, h->o.name))
			drop_table_change(d, h);
	}
	for (i = 0; i < d->pairs.len; i++) {
		struct table_pair *p = d->pairs.items[i];
		size_t j;

		diff_columns(d, p);
		for (j = 0; j < p->have->columns.len; j++) {
			const struct column *h = p->have->columns.items[j];
			const struct column *w = strmap_get(&p->have_col, h->o.name);
			if (!w || (w->generated && !expr_equal_mapped(w->generated, h->generated, p)))
				strmap_put(&d->dropped_cols,
					   keydup(d, "", p->have->o.schema, p->have->o.name, h->o.name),
					   (void *)h);
		}
		diff_constraints(d, p);
		diff_indexes(d, p);
	}
}

/* --- rename cycles of constraints and indexes ------------------------- */

/* True for renames in the relation namespace (indexes, PK and unique constraints). */
static bool rename_is_relation(const struct change *ch)
{
	const struct constraint *c = (const struct constraint *)ch->obj;

	return ch->kind == CH_INDEX_RENAME || c->type == CON_PRIMARY || c->type == CON_UNIQUE;
}

/* The namespace key of name for a constraint or index rename. */
static const char *rename_ns_key(struct differ *d, const struct change *ch, const char *name)
{
	if (rename_is_relation(ch))
		return keydup(d, "r:", ch->table->o.schema, name, NULL);
	return keydup(d, "k:", ch->table->o.schema, ch->table->o.name, name);
}

/* A relation or constraint name in use by any table of the schema, on either side. */
static bool sub_name_taken(struct differ *d, const void *ctx, const char *name)
{
	const char *schema = ctx;
	const struct catalog *cats[2] = { d->want, d->have };
	size_t i, k;

	if (relation_name_taken(d, schema, name))
		return true;
	for (k = 0; k < 2; k++)
		for (i = 0; i < cats[k]->tables.len; i++) {
			const struct table *t = cats[k]->tables.items[i];
			if (str_eq(t->o.schema, schema) && table_find_constraint(t, name))
				return true;
		}
	return false;
}

/* Dependencies of a constraint or index rename from old to new. */
static void sub_rename_deps(struct differ *d, struct change *ch, const char *old,
			    const char *new_name, bool frees)
{
	bool rel = rename_is_relation(ch);

	if (ch->kind == CH_CONSTRAINT_RENAME) {
		dep_con(d, ch, frees ? DEP_REMOVES : DEP_NEEDS, ch->table, old);
		dep_con(d, ch, DEP_PROVIDES, ch->table, new_name);
	}
	if (rel) {
		dep_rel(d, ch, frees ? DEP_REMOVES : DEP_NEEDS, ch->table->o.schema, old);
		dep_rel(d, ch, DEP_PROVIDES, ch->table->o.schema, new_name);
	}
}

/* A copy of a constraint or index object under another name. */
static const struct obj *renamed_copy(struct differ *d, const struct obj *o, const char *name)
{
	void *copy;

	if (o->kind == OBJ_INDEX) {
		struct index *ix = arena_alloc(d->a, sizeof(*ix));
		*ix = *(const struct index *)o;
		copy = ix;
	} else {
		struct constraint *c = arena_alloc(d->a, sizeof(*c));
		*c = *(const struct constraint *)o;
		copy = c;
	}
	((struct obj *)copy)->name = name;
	return copy;
}

/* Turns the rename ch (old -> new) into old -> temporary, temporary -> new. */
static void split_sub_rename(struct differ *d, struct change *ch)
{
	const char *tmp = rn_temp_name(d, ch->old->name, sub_name_taken, ch->table->o.schema);
	const struct obj *final = ch->obj;
	struct change *second;

	for (enum dep_kind k = 0; k < DEP_KIND_COUNT; k++)
		memset(&ch->deps[k], 0, sizeof(ch->deps[k]));
	dep_rel(d, ch, DEP_NEEDS, ch->table->o.schema, ch->table->o.name);
	ch->obj = renamed_copy(d, final, tmp);
	ch->swap_final = final;
	sub_rename_deps(d, ch, ch->old->name, tmp, true);
	second = add_change(d, ch->kind, final, ch->obj, ch->table);
	second->swap_second = true;
	sub_rename_deps(d, second, tmp, final->name, false);
}

/*
 * Constraint and index renames can form cycles when tables or columns
 * swap names (the derived names swap too): one rename of each cycle goes
 * through a temporary name, or no order could satisfy them.
 */
static void break_sub_rename_cycles(struct differ *d)
{
	struct strmap by_old = STRMAP_INIT;	/* namespace key of the old name -> change */
	struct ptrvec renames = PTRVEC_INIT;
	size_t i, steps;

	for (i = 0; i < d->out->items.len; i++) {
		struct change *ch = d->out->items.items[i];

		if (ch->kind != CH_CONSTRAINT_RENAME && ch->kind != CH_INDEX_RENAME)
			continue;
		ptrvec_push(d->a, &renames, ch);
		strmap_put(&by_old, rename_ns_key(d, ch, ch->old->name), ch);
	}
	for (i = 0; i < renames.len; i++) {
		struct change *r = renames.items[i], *cur = r;

		for (steps = 0; cur && steps <= renames.len; steps++) {
			cur = strmap_get(&by_old, rename_ns_key(d, cur, cur->obj->name));
			if (cur == r) {
				split_sub_rename(d, r);
				break;
			}
		}
	}
	strmap_release(&by_old);
}

/* --- enum rebuilds ---------------------------------------------------- */

/* Fills each rebuild with the surviving columns that use the type. */
static void collect_rebuild_columns(struct differ *d)
{
	/* One pass over every column, whatever the number of rebuilt enums. */
	struct strmap rebuilt = STRMAP_INIT;	/* canonical type name -> its rebuild */
	size_t i, j, k;

	for (i = 0; i < d->out->items.len; i++) {
		struct change *ch = d->out->items.items[i];

		if (ch->kind == CH_ENUM_REBUILD)
			strmap_put(&rebuilt, canonical_name(d, ch->obj->schema, ch->obj->name), ch);
	}
	for (j = 0; rebuilt.len && j < d->pairs.len; j++) {
		const struct table_pair *p = d->pairs.items[j];

		for (k = 0; k < p->want->columns.len; k++) {
			const struct column *w = p->want->columns.items[k];
			const struct column *h = strmap_get(&p->want_col, w->o.name);
			struct change *ch;
			struct rebuild_column *rc;

			if (!h || !str_eq(w->type, h->type))
				continue;
			ch = strmap_get(&rebuilt, base_type(d, w->type));
			if (!ch)
				continue;
			rc = arena_alloc(d->a, sizeof(*rc));
			rc->want = w;
			rc->have = h;
			ptrvec_push(d->a, &ch->columns, rc);
			dep_col(d, ch, DEP_NEEDS, p->want, w->o.name);
			dep_rel(d, ch, DEP_NEEDS, p->want->o.schema, p->want->o.name);
			strmap_put(&d->rebuilt_cols,
				   keydup(d, "", p->want->o.schema, p->want->o.name, w->o.name), ch);
		}
	}
	strmap_release(&rebuilt);
}

/* True when text casts to the type named tname ("...'a'::run_status..."). */
static bool mentions_type(const char *text, const char *tname)
{
	size_t n = strlen(tname);
	const char *p = text;

	while (p && (p = strstr(p, "::")) != NULL) {
		p += 2;
		if (strncmp(p, tname, n) == 0) {
			char next = p[n];
			if (!(next == '_' || next == '$' || (next >= 'a' && next <= 'z') ||
			      (next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9')))
				return true;
		}
	}
	return false;
}

static bool constraint_mentions(const struct constraint *c, const char *tname)
{
	return c->type == CON_CHECK && c->check_expr && mentions_type(c->check_expr, tname);
}

static bool index_mentions(const struct index *ix, const char *tname)
{
	size_t i;

	if (ix->predicate && mentions_type(ix->predicate, tname))
		return true;
	for (i = 0; i < ix->nelems; i++)
		if (ix->elems[i].expr && mentions_type(ix->elems[i].expr, tname))
			return true;
	return false;
}

/* Was this desired object left alone by the differ (same name, same definition)? */
static bool unchanged_constraint(struct differ *d, const struct table_pair *p,
				 const struct constraint *w)
{
	const struct constraint *h = table_find_constraint(p->have, w->o.name);

	return h && constraint_equal(d, p, w, h);
}

static bool unchanged_index(const struct table_pair *p, const struct index *w)
{
	size_t i;

	for (i = 0; i < p->have->indexes.len; i++) {
		const struct index *h = p->have->indexes.items[i];
		if (strcmp(h->o.name, w->o.name) == 0)
			return index_equal(w, h, p);
	}
	return false;
}

/*
 * Checks and indexes whose expressions name a rebuilt enum: unchanged ones
 * are dropped and recreated by the rebuild; the differ's own drops of
 * changed ones come before it and its adds after it.
 */
static void collect_rebuild_dependents(struct differ *d)
{
	size_t i, j, k;

	for (i = 0; i < d->out->items.len; i++) {
		struct change *rb = d->out->items.items[i];
		const char *tname, *tkey;

		if (rb->kind != CH_ENUM_REBUILD)
			continue;
		tname = canonical_name(d, rb->obj->schema, rb->obj->name);
		tkey = keydup(d, "T:", tname, NULL, NULL);
		dep(d, rb, DEP_REMOVES, keyf(d, "E:", tname, NULL, NULL));
		for (j = 0; j < d->pairs.len; j++) {
			const struct table_pair *p = d->pairs.items[j];

			for (k = 0; k < p->want->constraints.len; k++) {
				const struct constraint *c = p->want->constraints.items[k];
				if (constraint_mentions(c, tname) && unchanged_constraint(d, p, c))
					ptrvec_push(d->a, &rb->dependents, (void *)&c->o);
			}
			for (k = 0; k < p->want->indexes.len; k++) {
				const struct index *ix = p->want->indexes.items[k];
				if (index_mentions(ix, tname) && unchanged_index(p, ix))
					ptrvec_push(d->a, &rb->dependents, (void *)&ix->o);
			}
		}
		for (j = 0; j < d->out->items.len; j++) {
			struct change *ch = d->out->items.items[j];
			bool mentions;

			if (ch->obj->kind == OBJ_CONSTRAINT)
				mentions = constraint_mentions((const struct constraint *)ch->obj, tname);
			else if (ch->obj->kind == OBJ_INDEX)
				mentions = index_mentions((const struct index *)ch->obj, tname);
			else
				continue;
			if (!mentions)
				continue;
			if (ch->kind == CH_CONSTRAINT_ADD || ch->kind == CH_INDEX_CREATE)
				dep(d, ch, DEP_NEEDS, tkey);
			else if (ch->kind == CH_CONSTRAINT_DROP || ch->kind == CH_INDEX_DROP)
				dep(d, ch, DEP_RELEASES, keyf(d, "E:", tname, NULL, NULL));
		}
	}
}

/*
 * What marks a use of a new enum value: the cast the database prints
 * ("'queued'::st"), or the bare literal, which the normalizer cannot turn
 * into the cast while the value does not exist yet: in a default of a
 * column of that type, or in a check or index expression that names such
 * a column (see expr_uses).
 */
struct value_use {
	const char *cast;	/* 'queued'::st */
	const char *literal;	/* 'queued' */
	const char *tname;	/* st */
};

static bool column_uses(struct differ *d, const struct column *c, const struct value_use *u)
{
	if (c->generated && strstr(c->generated, u->cast))
		return true;
	if (!c->default_expr)
		return false;
	return strstr(c->default_expr, u->cast) ||
	       (strcmp(base_type(d, c->type), u->tname) == 0 && strstr(c->default_expr, u->literal));
}

/*
 * True when expr, an expression on table t (check, index key or
 * predicate), uses the value: the cast, or the bare literal when expr
 * also names a column of t of that type (status <> 'archived'), which
 * the normalizer cannot cast while the value does not exist yet.
 */
static bool expr_uses(struct differ *d, const struct table *t, const char *expr,
		      const struct value_use *u)
{
	struct strbuf name = STRBUF_INIT;
	const char *q = expr;
	enum token tok;
	bool found = false;

	if (!expr)
		return false;
	if (strstr(expr, u->cast))
		return true;
	if (!strstr(expr, u->literal))
		return false;
	while (!found && (tok = scan_token(&q, &name)) != TOK_END) {
		const struct column *c = tok == TOK_IDENT ? table_find_column(t, name.buf) : NULL;

		found = c && c->type && strcmp(base_type(d, c->type), u->tname) == 0;
	}
	strbuf_release(&name);
	return found;
}

static bool index_uses(struct differ *d, const struct index *ix, const struct value_use *u)
{
	size_t i;

	if (expr_uses(d, ix->table, ix->predicate, u))
		return true;
	for (i = 0; i < ix->nelems; i++)
		if (expr_uses(d, ix->table, ix->elems[i].expr, u))
			return true;
	return false;
}

/* True when one of the texts a change writes uses the value. */
static bool change_uses_value(struct differ *d, const struct change *ch, const struct value_use *u)
{
	const struct obj *o = ch->obj;
	size_t i;

	switch (ch->kind) {
	case CH_COLUMN_ADD:
	case CH_COLUMN_ALTER:
		return column_uses(d, (const struct column *)o, u);
	case CH_TABLE_CREATE: {
		const struct table *t = (const struct table *)o;
		for (i = 0; i < t->columns.len; i++)
			if (column_uses(d, t->columns.items[i], u))
				return true;
		for (i = 0; i < t->constraints.len; i++) {
			const struct constraint *k = t->constraints.items[i];
			if (expr_uses(d, t, k->check_expr, u))
				return true;
		}
		return false;
	}
	case CH_CONSTRAINT_ADD: {
		const struct constraint *k = (const struct constraint *)o;
		return expr_uses(d, k->table, k->check_expr, u);
	}
	case CH_INDEX_CREATE:
		return index_uses(d, (const struct index *)o, u);
	default:
		return false;
	}
}

/*
 * PostgreSQL refuses to use an enum value before the transaction that
 * added it commits, and the runner applies a migration in one transaction:
 * such uses are flagged (autogen then writes the values in a migration of
 * their own; see cmd_autogen.c) and noted for a reader of `retort diff`.
 */
static void note_new_enum_value_uses(struct differ *d)
{
	size_t i, j;

	for (i = 0; i < d->out->items.len; i++) {
		const struct change *add = d->out->items.items[i];
		struct strbuf needle = STRBUF_INIT;
		struct value_use u;

		if (add->kind != CH_ENUM_ADD_VALUE)
			continue;
		sb_add_literal(&needle, add->value);
		u.literal = arena_strdup(d->a, needle.buf);
		u.tname = canonical_name(d, add->obj->schema, add->obj->name);
		strbuf_addf(&needle, "::%s", u.tname);
		u.cast = needle.buf;
		for (j = 0; j < d->out->items.len; j++) {
			struct change *ch = d->out->items.items[j];

			if (ch->uses_new_enum_value || !change_uses_value(d, ch, &u))
				continue;
			ch->uses_new_enum_value = true;
			ch->note = arena_printf(d->a,
				"uses enum value '%s' added in this migration; PostgreSQL refuses that "
				"before the ADD VALUE commits: move this statement to a later migration "
				"or mark this one -- retort:no-transaction", add->value);
		}
		strbuf_release(&needle);
	}
}

/* --- sequences -------------------------------------------------------- */

static bool sequence_params_equal(const struct sequence *w, const struct sequence *h)
{
	return str_eq(w->type, h->type) && w->start == h->start && w->increment == h->increment &&
	       w->min_value == h->min_value && w->max_value == h->max_value &&
	       w->cache == h->cache && w->cycle == h->cycle;
}

static void sequence_keys(struct differ *d, struct change *ch, enum dep_kind kind,
			  const struct sequence *s)
{
	dep_rel(d, ch, kind, s->o.schema, s->o.name);
	dep(d, ch, kind, keyf(d, "S:", canonical_name(d, s->o.schema, s->o.name), NULL, NULL));
}

static void owned_by_change(struct differ *d, const struct sequence *w, const struct sequence *h)
{
	const struct table *t = NULL;
	struct change *ch;

	if (w->owned_by_table) {
		t = catalog_find_table(d->want, w->o.schema, w->owned_by_table);
		if (!t)
			return;	/* owner outside the managed objects: leave it */
	}
	ch = add_change(d, CH_SEQUENCE_OWNED_BY, &w->o, h ? &h->o : NULL, t);
	dep_rel(d, ch, DEP_NEEDS, w->o.schema, w->o.name);
	if (t)
		dep_col(d, ch, DEP_NEEDS, t, w->owned_by_column);
	if (h && h->owned_by_table) {
		const char *tn = want_table_name(d, h->o.schema, h->owned_by_table);
		const char *cn = want_col_name(pair_of_have(d, h->o.schema, h->owned_by_table),
					       h->owned_by_column);
		dep(d, ch, DEP_RELEASES, keyf(d, "c:", h->o.schema, tn, cn));
	}
}

static bool same_owner(struct differ *d, const struct sequence *w, const struct sequence *h)
{
	const struct table_pair *p;

	if (!w->owned_by_table || !h->owned_by_table)
		return !w->owned_by_table && !h->owned_by_table;
	p = pair_of_have(d, h->o.schema, h->owned_by_table);
	return strcmp(w->owned_by_table, want_table_name(d, h->o.schema, h->owned_by_table)) == 0 &&
	       str_eq(w->owned_by_column, want_col_name(p, h->owned_by_column));
}

static void pair_sequence(struct differ *d, const struct sequence *w, const struct sequence *h)
{
	strmap_put(&d->seq_by_want, keydup(d, "", w->o.schema, w->o.name, NULL), (void *)h);
	strmap_put(&d->seq_by_have, keydup(d, "", h->o.schema, h->o.name, NULL), (void *)w);
	if (strcmp(w->o.name, h->o.name) != 0)
		strmap_put(&d->seq_renamed, canonical_name(d, h->o.schema, h->o.name),
			   (void *)canonical_name(d, w->o.schema, w->o.name));
}

/*
 * Pairs sequences. A sequence owned by a column whose table or column is
 * renamed pairs with the desired sequence owned by the renamed column:
 * a serial's derived name follows the rename (users_id_seq becomes
 * accounts_id_seq, keeping its position) and frees the old name for a new
 * table. The rest pair by name.
 */
static void pair_sequences(struct differ *d)
{
	struct strmap by_owner = STRMAP_INIT;	/* "schema|table|col" -> desired sequence */
	size_t i;

	for (i = 0; i < d->want->sequences.len; i++) {
		const struct sequence *w = d->want->sequences.items[i];

		if (w->owned_by_table && w->owned_by_column)
			strmap_put(&by_owner, keydup(d, "", w->o.schema, w->owned_by_table,
						     w->owned_by_column), (void *)w);
	}
	for (i = 0; by_owner.len && i < d->have->sequences.len; i++) {
		const struct sequence *h = d->have->sequences.items[i];
		const struct table_pair *p;
		const struct sequence *w;
		const char *col;

		if (!h->owned_by_table || !h->owned_by_column)
			continue;
		p = pair_of_have(d, h->o.schema, h->owned_by_table);
		if (!p || !strmap_get(&p->have_col, h->owned_by_column))
			continue;
		col = want_col_name(p, h->owned_by_column);
		if (strcmp(p->want->o.name, h->owned_by_table) == 0 &&
		    strcmp(col, h->owned_by_column) == 0)
			continue;	/* owner not renamed */
		w = strmap_get(&by_owner, keyf(d, "", h->o.schema, p->want->o.name, col));
		if (w && !strmap_get(&d->seq_by_want, keyf(d, "", w->o.schema, w->o.name, NULL)))
			pair_sequence(d, w, h);
	}
	for (i = 0; i < d->want->sequences.len; i++) {
		const struct sequence *w = d->want->sequences.items[i];
		const struct sequence *h = catalog_find_sequence(d->have, w->o.schema, w->o.name);

		if (h && !strmap_get(&d->seq_by_want, keyf(d, "", w->o.schema, w->o.name, NULL)) &&
		    !strmap_get(&d->seq_by_have, keyf(d, "", h->o.schema, h->o.name, NULL)))
			pair_sequence(d, w, h);
	}
	strmap_release(&by_owner);
}

static void diff_sequences(struct differ *d)
{
	size_t i;

	for (i = 0; i < d->want->sequences.len; i++) {
		const struct sequence *w = d->want->sequences.items[i];
		const struct sequence *h = strmap_get(&d->seq_by_want,
						      keyf(d, "", w->o.schema, w->o.name, NULL));
		struct change *ch;

		if (h && strcmp(h->o.name, w->o.name) != 0) {
			ch = add_change(d, CH_SEQUENCE_RENAME, &w->o, &h->o, NULL);
			sequence_keys(d, ch, DEP_REMOVES, h);
			sequence_keys(d, ch, DEP_PROVIDES, w);
		}
		if (!h) {
			ch = add_change(d, CH_SEQUENCE_CREATE, &w->o, NULL, NULL);
			sequence_keys(d, ch, DEP_PROVIDES, w);
			dep_schema(d, ch, DEP_NEEDS, w->o.schema);
			if (w->owned_by_table)
				owned_by_change(d, w, NULL);
		} else {
			if (!sequence_params_equal(w, h)) {
				ch = add_change(d, CH_SEQUENCE_ALTER, &w->o, &h->o, NULL);
				dep_rel(d, ch, DEP_NEEDS, w->o.schema, w->o.name);
			}
			if (!same_owner(d, w, h))
				owned_by_change(d, w, h);
		}
		diff_comment(d, &w->o, h ? &h->o : NULL, NULL);
	}
	for (i = 0; i < d->have->sequences.len; i++) {
		const struct sequence *h = d->have->sequences.items[i];
		struct change *ch;

		if (strmap_get(&d->seq_by_have, keyf(d, "", h->o.schema, h->o.name, NULL)))
			continue;
		/*
		 * An owned sequence goes with its column; DROP SEQUENCE would then
		 * fail. That drop frees the sequence's name.
		 */
		if (h->owned_by_table &&
		    strmap_get(&d->dropped_cols, keyf(d, "", h->o.schema, h->owned_by_table,
						      h->owned_by_column))) {
			struct change *oc = strmap_get(&d->owner_drop, keyf(d, "", h->o.schema,
									     h->owned_by_table,
									     h->owned_by_column));
			if (oc)
				sequence_keys(d, oc, DEP_REMOVES, h);
			continue;
		}
		ch = add_change(d, CH_SEQUENCE_DROP, &h->o, NULL, NULL);
		sequence_keys(d, ch, DEP_REMOVES, h);
		dep_schema(d, ch, DEP_RELEASES, h->o.schema);
	}
}

/* --- entry points ----------------------------------------------------- */

void diff_catalogs(struct arena *a, const struct catalog *desired,
		   const struct catalog *current, const struct rename_hints *hints,
		   struct change_list *out, struct rename_hints *applied)
{
	struct differ d;
	size_t i;

	memset(&d, 0, sizeof(d));
	strbuf_init(&d.key);
	d.a = a;
	d.want = desired;
	d.have = current;
	d.hints = hints;
	d.applied = applied;
	d.out = out;
	out->desired = desired;
	out->current = current;
	load_hints(&d);

	diff_schemas(&d);
	diff_extensions(&d);
	pair_all_tables(&d);
	for (i = 0; i < d.pairs.len; i++)
		pair_columns(&d, d.pairs.items[i]);
	pair_sequences(&d);
	diff_enums(&d);
	collect_rebuild_columns(&d);
	diff_tables(&d);
	rebuild_dependent_foreign_keys(&d);
	break_sub_rename_cycles(&d);
	diff_sequences(&d);
	collect_rebuild_dependents(&d);
	note_new_enum_value_uses(&d);

	for (i = 0; i < d.pairs.len; i++) {
		struct table_pair *p = d.pairs.items[i];
		strmap_release(&p->have_to_want);
		strmap_release(&p->want_col);
		strmap_release(&p->have_col);
	}
	strmap_release(&d.hint_map);
	strmap_release(&d.pair_by_want);
	strmap_release(&d.pair_by_have);
	strmap_release(&d.rebuilt_cols);
	strmap_release(&d.dropped_cols);
	strmap_release(&d.rebuilt_keys);
	strmap_release(&d.seq_by_want);
	strmap_release(&d.seq_by_have);
	strmap_release(&d.seq_renamed);
	strmap_release(&d.owner_drop);
	strbuf_release(&d.key);
}

void diff_both(struct arena *a, const struct catalog *model, const struct catalog *db,
	       struct change_list *up, struct change_list *down)
{
	struct rename_hints applied = { PTRVEC_INIT }, reverse = { PTRVEC_INIT };
	size_t i;

	diff_catalogs(a, model, db, NULL, up, &applied);
	for (i = 0; i < applied.items.len; i++) {
		const struct rename_hint *f = applied.items.items[i];
		struct rename_hint *r = arena_alloc(a, sizeof(*r));

		r->kind = f->kind;
		r->schema = f->schema;
		r->want_table = f->have_table;
		r->have_table = f->want_table;
		r->from = f->to;
		r->to = f->from;
		ptrvec_push(a, &reverse.items, r);
	}
	diff_catalogs(a, db, model, &reverse, down, NULL);
}
