/*
 * order.c - dependency ordering of a change list (see order.h).
 *
 * Kahn's algorithm over a graph built from the differ's dependency keys,
 * with a binary heap of ready nodes ordered by (class, subject, kind
 * priority, name, creation order). Foreign keys of new tables are merged
 * into their table's node unless their tables form a reference cycle,
 * which Tarjan's strongly connected components find. Everything is linear
 * in the number of changes and dependency keys, apart from the heap.
 */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "order.h"
#include "banned.h"

/*
 * Layout class and priority per kind. Classes: 0 renames, 1 drops of
 * constraints and indexes, 2 schemas/extensions/types/sequences,
 * 3 table by table, 4 drops of columns and tables, 5 drops of types,
 * sequences, extensions and schemas.
 */
struct kind_rank {
	int class;
	int prio;
};

static const struct kind_rank kind_ranks[CH_KIND_COUNT] = {
	[CH_TABLE_RENAME] = { 0, 0 },
	[CH_COLUMN_RENAME] = { 0, 1 },
	[CH_CONSTRAINT_RENAME] = { 0, 2 },
	[CH_INDEX_RENAME] = { 0, 3 },
	[CH_SEQUENCE_RENAME] = { 0, 4 },
	[CH_CONSTRAINT_DROP] = { 1, 0 },
	[CH_INDEX_DROP] = { 1, 1 },
	[CH_SCHEMA_CREATE] = { 2, 0 },
	[CH_EXTENSION_CREATE] = { 2, 1 },
	[CH_EXTENSION_UPDATE] = { 2, 2 },
	[CH_ENUM_CREATE] = { 2, 3 },
	[CH_ENUM_ADD_VALUE] = { 2, 4 },
	[CH_ENUM_REBUILD] = { 2, 5 },
	[CH_SEQUENCE_CREATE] = { 2, 6 },
	[CH_SEQUENCE_ALTER] = { 2, 7 },
	[CH_TABLE_CREATE] = { 3, 0 },
	[CH_COLUMN_ADD] = { 3, 1 },
	[CH_COLUMN_ALTER] = { 3, 2 },
	[CH_CONSTRAINT_ADD] = { 3, 3 },
	[CH_INDEX_CREATE] = { 3, 4 },
	[CH_SEQUENCE_OWNED_BY] = { 3, 5 },
	[CH_COMMENT] = { 3, 7 },
	[CH_COLUMN_DROP] = { 4, 0 },
	[CH_TABLE_DROP] = { 4, 1 },
	[CH_SEQUENCE_DROP] = { 5, 0 },
	[CH_ENUM_DROP] = { 5, 1 },
	[CH_EXTENSION_DROP] = { 5, 2 },
	[CH_SCHEMA_DROP] = { 5, 3 },
};
_Static_assert(sizeof(kind_ranks) / sizeof(kind_ranks[0]) == CH_KIND_COUNT,
	       "kind_ranks must rank every change kind");

struct node {
	struct change *ch;
	struct node *rep;	/* the node it is merged into (itself when not folded) */
	struct ptrvec merged;	/* struct node *: FK nodes folded into this one */
	struct ptrvec out;	/* struct node *: must come after this one */
	size_t indegree;
	int class, prio;
	const char *subj_schema, *subj_name;
	/* Tarjan */
	long index, lowlink;
	bool on_stack;
	long comp;
};

struct keyinfo {
	struct ptrvec by_kind[DEP_KIND_COUNT];	/* struct node * */
};

int order_group_class(const struct change *ch)
{
	if (ch->kind == CH_COMMENT && !ch->table)
		return 2;
	return kind_ranks[ch->kind].class;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Heap order: negative when a should come first. */
static int node_cmp(const struct node *a, const struct node *b)
{
	int r;

	if (a->class != b->class)
		return a->class - b->class;
	/* Schema-level objects by kind (schemas, extensions, types, ...), tables by table. */
	if ((a->class == 2 || a->class == 5) && a->prio != b->prio)
		return a->prio - b->prio;
	if ((r = cmp_str(a->subj_schema, b->subj_schema)) != 0)
		return r;
	if ((r = cmp_str(a->subj_name, b->subj_name)) != 0)
		return r;
	if (a->prio != b->prio)
		return a->prio - b->prio;
	/* Columns keep table order; everything else goes by name. */
	if (a->ch->obj->kind != OBJ_COLUMN && (r = cmp_str(a->ch->obj->name, b->ch->obj->name)) != 0)
		return r;
	return a->ch->seq < b->ch->seq ? -1 : a->ch->seq > b->ch->seq;
}

struct heap {
	struct node **items;
	size_t len;
};

static void heap_push(struct heap *h, struct node *n)
{
	size_t i = h->len++;

	h->items[i] = n;
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (node_cmp(h->items[parent], h->items[i]) <= 0)
			break;
		h->items[i] = h->items[parent];
		h->items[parent] = n;
		i = parent;
	}
}

static struct node *heap_pop(struct heap *h)
{
	struct node *top = h->items[0];
	size_t i = 0;

	h->items[0] = h->items[--h->len];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct node *tmp;

		if (l < h->len && node_cmp(h->items[l], h->items[m]) < 0)
			m = l;
		if (r < h->len && node_cmp(h->items[r], h->items[m]) < 0)
			m = r;
		if (m == i)
			break;
		tmp = h->items[i];
		h->items[i] = h->items[m];
		h->items[m] = tmp;
		i = m;
	}
	return top;
}

static void init_node(struct node *n, struct change *ch)
{
	const struct obj *subj = ch->table ? &ch->table->o : ch->obj;

	n->ch = ch;
	n->rep = n;
	n->class = order_group_class(ch);
	n->prio = kind_ranks[ch->kind].prio;
	if (ch->kind == CH_COMMENT && !ch->table)
		n->prio = 10;	/* comments on schema-level objects close their class */
	else if (ch->kind == CH_COMMENT && ch->obj->kind == OBJ_TABLE)
		n->prio = 6;	/* a table's own comment before its columns' */
	n->subj_schema = subj->schema;
	n->subj_name = subj->name;
	n->index = -1;
	n->comp = -1;
}

/* Collects, per key, the nodes that need, provide, remove or release it. */
static void index_keys(struct arena *a, struct node *nodes, size_t n, struct strmap *keys)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (enum dep_kind k = 0; k < DEP_KIND_COUNT; k++) {
			const struct ptrvec *v = &nodes[i].ch->deps[k];

			for (j = 0; j < v->len; j++) {
				struct keyinfo *ki = strmap_get(keys, v->items[j]);

				if (!ki) {
					ki = arena_alloc(a, sizeof(*ki));
					strmap_put(keys, v->items[j], ki);
				}
				ptrvec_push(a, &ki->by_kind[k], &nodes[i]);
			}
		}
	}
}

static void add_edge(struct arena *a, struct node *from, struct node *to)
{
	from = from->rep;
	to = to->rep;
	if (from == to)
		return;
	ptrvec_push(a, &from->out, to);
	to->indegree++;
}

static void add_edges(struct arena *a, const struct ptrvec *before, const struct ptrvec *after)
{
	size_t i, j;

	for (i = 0; i < before->len; i++)
		for (j = 0; j < after->len; j++)
			add_edge(a, before->items[i], after->items[j]);
}

static void build_edges(struct arena *a, const struct strmap *keys)
{
	size_t s;

	for (s = 0; s < keys->cap; s++) {
		const struct keyinfo *ki = keys->slots[s].key ? keys->slots[s].value : NULL;

		if (!ki)
			continue;
		add_edges(a, &ki->by_kind[DEP_PROVIDES], &ki->by_kind[DEP_NEEDS]);
		add_edges(a, &ki->by_kind[DEP_RELEASES], &ki->by_kind[DEP_REMOVES]);
		add_edges(a, &ki->by_kind[DEP_REMOVES], &ki->by_kind[DEP_PROVIDES]);
	}
}

/* --- folding foreign keys into CREATE TABLE ---------------------------- */

/* The table creations that provide what a foreign key needs. */
static void fk_targets(const struct node *fk, const struct strmap *keys, struct arena *a,
		       struct ptrvec *out)
{
	const struct ptrvec *needs = &fk->ch->deps[DEP_NEEDS];
	size_t i, j;

	for (i = 0; i < needs->len; i++) {
		const struct keyinfo *ki = strmap_get(keys, needs->items[i]);

		for (j = 0; ki && j < ki->by_kind[DEP_PROVIDES].len; j++) {
			struct node *p = ki->by_kind[DEP_PROVIDES].items[j];

			if (p->ch->kind == CH_TABLE_CREATE)
				ptrvec_push(a, out, p);
		}
	}
}

struct tarjan {
	struct arena *a;
	struct ptrvec stack;
	long next_index, next_comp;
	const struct strmap *keys;
	struct ptrvec *fks_of;	/* per node index: FK nodes whose parent it is */
	struct node *base;
};

static void strongconnect(struct tarjan *t, struct node *v)
{
	const struct ptrvec *fks = &t->fks_of[v - t->base];
	size_t i, j;

	v->index = v->lowlink = t->next_index++;
	ptrvec_push(t->a, &t->stack, v);
	v->on_stack = true;
	for (i = 0; i < fks->len; i++) {
		struct ptrvec targets = PTRVEC_INIT;

		fk_targets(fks->items[i], t->keys, t->a, &targets);
		for (j = 0; j < targets.len; j++) {
			struct node *w = targets.items[j];

			if (w->index < 0) {
				strongconnect(t, w);
				if (w->lowlink < v->lowlink)
					v->lowlink = w->lowlink;
			} else if (w->on_stack && w->index < v->lowlink) {
				v->lowlink = w->index;
			}
		}
	}
	if (v->lowlink == v->index) {
		struct node *w;

		do {
			w = t->stack.items[--t->stack.len];
			w->on_stack = false;
			w->comp = t->next_comp;
		} while (w != v);
		t->next_comp++;
	}
}

/* A self-reference is always added after CREATE TABLE, like a cycle. */
static bool references_own_table(const struct change *fk)
{
	const struct constraint *con = (const struct constraint *)fk->obj;
	const struct table *t = fk->table;

	return strcmp(con->ref_table, t->o.name) == 0 &&
	       strcmp(con->ref_schema ? con->ref_schema : "", t->o.schema ? t->o.schema : "") == 0;
}

/*
 * Merges each new table's foreign keys into the table's node when the
 * tables they reference are created in another component (never in a
 * cycle with it, and never the table itself).
 */
static void fold_foreign_keys(struct arena *a, struct node *nodes, size_t n,
			      const struct strmap *keys)
{
	struct tarjan t;
	size_t i, j;

	memset(&t, 0, sizeof(t));
	t.a = a;
	t.keys = keys;
	t.base = nodes;
	t.fks_of = arena_alloc(a, (n ? n : 1) * sizeof(*t.fks_of));
	for (i = 0; i < n; i++) {
		struct change *parent = nodes[i].ch->parent;

		if (parent)
			ptrvec_push(a, &t.fks_of[(struct node *)parent->order_data - nodes], &nodes[i]);
	}
	for (i = 0; i < n; i++)
		if (nodes[i].ch->kind == CH_TABLE_CREATE && nodes[i].index < 0)
			strongconnect(&t, &nodes[i]);
	for (i = 0; i < n; i++) {
		struct node *fk = &nodes[i];
		struct node *table;
		struct ptrvec targets = PTRVEC_INIT;
		bool fold = true;

		if (!fk->ch->parent)
			continue;
		table = fk->ch->parent->order_data;
		if (references_own_table(fk->ch))
			continue;
		fk_targets(fk, keys, a, &targets);
		for (j = 0; j < targets.len; j++) {
			const struct node *target = targets.items[j];
			/* Its own table provides its columns; another one in its cycle cannot be first. */
			if (target != table && target->comp == table->comp)
				fold = false;
		}
		if (fold)
			fk->rep = table;
	}
}

/* --- sorting ---------------------------------------------------------- */

static bool same_subject(const struct node *a, const struct node *b)
{
	return a->class == b->class && cmp_str(a->subj_schema, b->subj_schema) == 0 &&
	       cmp_str(a->subj_name, b->subj_name) == 0;
}

/*
 * Kahn's algorithm; fills order with the representatives. False on a
 * cycle. Changes of the table just written that become ready go first (a
 * second heap), so a table's indexes and comments follow its CREATE TABLE
 * even when other tables sort between them.
 */
static bool topo_sort(struct node *nodes, size_t n, struct node **order, size_t *norder)
{
	struct heap global, local;
	const struct node *current = NULL;
	size_t i, j, reps = 0;

	global.items = xcalloc(n ? n : 1, sizeof(*global.items));
	local.items = xcalloc(n ? n : 1, sizeof(*local.items));
	global.len = local.len = 0;
	*norder = 0;
	for (i = 0; i < n; i++) {
		if (nodes[i].rep != &nodes[i])
			continue;
		reps++;
		if (nodes[i].indegree == 0)
			heap_push(&global, &nodes[i]);
	}
	while (global.len || local.len) {
		/* The table's own changes first, but in their order among themselves. */
		bool use_local = local.len && !(global.len && same_subject(global.items[0], current) &&
						node_cmp(global.items[0], local.items[0]) < 0);
		struct node *v = use_local ? heap_pop(&local) : heap_pop(&global);

		order[(*norder)++] = v;
		current = v;
		for (j = 0; j < v->out.len; j++) {
			struct node *w = v->out.items[j];

			if (--w->indegree == 0)
				heap_push(same_subject(w, current) ? &local : &global, w);
		}
	}
	free(global.items);
	free(local.items);
	return *norder == reps;
}

static void report_cycle(const struct node *nodes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct node *v = &nodes[i];

		if (v->rep == v && v->indegree > 0) {
			msg_error("cannot order the changes: %s of '%s' is part of a dependency cycle",
				  change_kind_name(v->ch->kind), v->ch->obj->name);
			return;
		}
	}
	msg_error("cannot order the changes: dependency cycle");
}

/* One attempt: builds the graph (folding FKs when asked) and sorts it. */
static bool try_order(struct arena *keep, struct change_list *list, bool fold,
		      struct change **out)
{
	struct arena a = ARENA_INIT;
	struct strmap keys = STRMAP_INIT;
	size_t n = list->items.len, i, j, norder, k = 0;
	struct node *nodes = arena_alloc(&a, (n ? n : 1) * sizeof(*nodes));
	struct node **order = arena_alloc(&a, (n ? n : 1) * sizeof(*order));
	bool ok;

	for (i = 0; i < n; i++) {
		struct change *ch = list->items.items[i];

		init_node(&nodes[i], ch);
		ch->order_data = &nodes[i];
		ch->folded_into = NULL;
		ch->folded.len = 0;
	}
	index_keys(&a, nodes, n, &keys);
	if (fold)
		fold_foreign_keys(&a, nodes, n, &keys);
	build_edges(&a, &keys);
	ok = topo_sort(nodes, n, order, &norder);
	if (ok) {
		for (i = 0; i < n; i++) {
			if (nodes[i].rep != &nodes[i]) {
				nodes[i].ch->folded_into = nodes[i].rep->ch;
				ptrvec_push(&a, &nodes[i].rep->merged, &nodes[i]);
			}
		}
		for (i = 0; i < norder; i++) {
			struct change *ch = order[i]->ch;

			out[k++] = ch;
			/* Folded FKs follow their table, in creation order. */
			for (j = 0; j < order[i]->merged.len; j++) {
				struct node *fk = order[i]->merged.items[j];

				ptrvec_push(keep, &ch->folded, fk->ch);
				out[k++] = fk->ch;
			}
		}
	} else if (!fold) {
		report_cycle(nodes, n);
	}
	for (i = 0; i < n; i++)
		((struct change *)list->items.items[i])->order_data = NULL;
	strmap_release(&keys);
	arena_release(&a);
	return ok;
}

int order_changes(struct arena *a, struct change_list *list)
{
	size_t n = list->items.len;
	struct change **out = arena_alloc(a, (n ? n : 1) * sizeof(*out));

	/* Folding can only add ordering constraints; without it there are fewest. */
	if (!try_order(a, list, true, out) && !try_order(a, list, false, out))
		return -1;
	if (n)
		memcpy(list->items.items, out, n * sizeof(*out));
	return 0;
}
