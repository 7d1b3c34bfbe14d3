/*
 * normalize.c - making model text comparable with database text (see
 * normalize.h and doc/normalization.md).
 *
 * Two passes. The pure-C pass (the spellings themselves are in
 * normalize_text.c) knows PostgreSQL's spellings of the built-in types and
 * tidies expressions only in ways that cannot change their meaning. What
 * still differs from the database afterwards is given to the
 * server: every mismatching table is mirrored as a temporary partitioned
 * table (no storage) built from the model's texts, in one statement; if
 * the server rejects it, piece by piece (one statement per column,
 * default, check and index, each tried on its own) so one bad expression
 * spoils nothing else. The temporary tables are then read back with the
 * introspector's own queries (introspect_relations), so both sides of the
 * comparison come out of the same code, and everything is rolled back.
 *
 * Round trips are constant: set-up, one call running every statement, four
 * catalog reads, roll back. Nothing goes to the server when the texts
 * already agree.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "diag.h"
#include "introspect.h"
#include "normalize.h"
#include "quote.h"
#include "banned.h"

/* --- the pure-C pass over a catalog ----------------------------------- */

/* An expression key that is a bare column name is a column key, as in PostgreSQL. */
static void index_elem_plain_column(struct arena *a, const struct table *t, struct index_elem *e)
{
	const char *name = normalize_bare_name(a, e->expr);

	if (name && table_find_column(t, name)) {
		e->column = name;
		e->expr = NULL;
	}
}

static void local_table(struct arena *a, struct table *t)
{
	size_t i, k;

	for (i = 0; i < t->columns.len; i++) {
		struct column *col = t->columns.items[i];

		col->type = normalize_type(a, col->type);
		col->default_expr = normalize_expr(a, col->default_expr);
		col->generated = normalize_expr(a, col->generated);
		col->collation = normalize_collation(a, col->collation);
	}
	for (i = 0; i < t->constraints.len; i++) {
		struct constraint *con = t->constraints.items[i];

		if (con->check_expr)
			con->check_expr = strip_outer_parens(a, normalize_expr(a, con->check_expr));
	}
	for (i = 0; i < t->indexes.len; i++) {
		struct index *ix = t->indexes.items[i];

		for (k = 0; k < ix->nelems; k++) {
			struct index_elem *e = &ix->elems[k];

			if (e->expr)
				e->expr = strip_outer_parens(a, normalize_expr(a, e->expr));
			index_elem_plain_column(a, t, e);
			e->collation = normalize_collation(a, e->collation);
		}
		if (ix->predicate)
			ix->predicate = strip_outer_parens(a, normalize_expr(a, ix->predicate));
	}
}

static void local_pass(struct catalog *model)
{
	struct arena *a = model->arena;
	size_t i;

	for (i = 0; i < model->sequences.len; i++) {
		struct sequence *s = model->sequences.items[i];
		s->type = normalize_type(a, s->type);
	}
	for (i = 0; i < model->tables.len; i++)
		local_table(a, model->tables.items[i]);
}

/* --- finding what still differs --------------------------------------- */

static bool differs(const char *m, const char *d)
{
	return m && d && strcmp(m, d) != 0;
}

static const struct table *db_table_for(const struct catalog *db, const struct table *t)
{
	const struct table *d = catalog_find_table(db, t->o.schema, t->o.name);

	if (!d && t->renamed_from)
		d = catalog_find_table(db, t->o.schema, t->renamed_from);
	return d;
}

static const struct column *db_column_for(const struct table *d, const struct column *c)
{
	const struct column *dc = table_find_column(d, c->o.name);

	if (!dc && c->renamed_from)
		dc = table_find_column(d, c->renamed_from);
	return dc;
}

static const struct index *db_index_for(const struct table *d, const struct index *ix)
{
	size_t i;

	for (i = 0; i < d->indexes.len; i++) {
		const struct index *dix = d->indexes.items[i];
		if (strcmp(dix->o.name, ix->o.name) == 0)
			return dix;
	}
	return NULL;
}

static bool index_differs(const struct index *m, const struct index *d)
{
	size_t k;

	if (m->nelems != d->nelems)
		return false;	/* a real difference; no text will reconcile it */
	if (differs(m->predicate, d->predicate))
		return true;
	for (k = 0; k < m->nelems; k++) {
		const struct index_elem *a = &m->elems[k], *b = &d->elems[k];

		if ((a->expr || b->expr) && !(a->column && b->column && !strcmp(a->column, b->column)) &&
		    !(a->expr && b->expr && !strcmp(a->expr, b->expr)))
			return true;
		if (differs(a->opclass, b->opclass) || differs(a->collation, b->collation))
			return true;
		if (!!a->opclass != !!b->opclass)
			return true;	/* "the default" may be spelled out in the model */
	}
	return false;
}

static bool check_differs(const struct constraint *con, const struct table *d)
{
	const struct constraint *dc = table_find_constraint(d, con->o.name);

	return con->type == CON_CHECK && dc && differs(con->check_expr, dc->check_expr);
}

static bool index_needs_server(const struct index *ix, const struct table *d)
{
	const struct index *dix = db_index_for(d, ix);

	return dix && index_differs(ix, dix);
}

/* --- texts the database proves canonical ------------------------------ */

/*
 * A model text equal to a text the database printed in the same context is
 * what the server would print for it: it needs no round trip. Mismatching
 * texts of that kind are real differences and stay as they are; only the
 * others go to the server. The sets are built from the database catalog's
 * columns, which the introspector read on this very connection (same
 * session settings: TimeZone, DateStyle, IntervalStyle, extra_float_digits)
 * with the search_path the server pass uses, so every name resolves and
 * every literal reads alike in both.
 *
 * types: format_type() is a function of the type and its modifier, and it
 * prints names so that the parser reads them back as that very type
 * (quoted where needed, qualified when the search_path would not find
 * them). So any column's type text is canonical for every column; domains
 * and arrays are no exception (the text names the domain, "[]" the array).
 *
 * collations, per type: the introspector prints a collation only when it
 * is not the type's own, so "C" on a name column prints nothing although
 * "C" on a text column prints "C". A collation text is canonical only
 * together with the type text it was printed for.
 *
 * defaults, per (type, collation): pg_get_expr() prints a default so that
 * parsing it again, coerced to the same column type, prints the same (pg_dump
 * relies on it; function, operator and type names are qualified unless the
 * search_path finds the very same object; literals print in the session's
 * settings and read back to the same value; casts the parser would not add
 * by itself are printed). The text depends on the column's type (the
 * coercion to it, hidden or not), hence the key; the collation is in it too
 * although a default does not take the column's, to be safe. Left out: an
 * identity column has no default text, a generated column keeps its
 * expression apart (the introspector reports no default for either), so
 * neither joins the set; a model identity or generated column's default is
 * never sent (the mirror could not hold it) and is compared as written.
 *
 * Not covered: generation expressions, checks and index texts refer to
 * other columns and depend on their types, so no other table can vouch for
 * them; they go to the server whenever they differ from their database
 * counterpart (one equal to its counterpart is taken as it is).
 */
struct canon {
	struct strmap types;		/* type text -> non-NULL */
	struct strmap collations;	/* collation text -> struct canon_ctx list (types) */
	struct strmap defaults;		/* default text -> struct canon_ctx list */
};

/* A context a text was printed in: one of a list per text. */
struct canon_ctx {
	const char *type;
	const char *collation;		/* NULL: the type's own */
	struct canon_ctx *next;
};

/* What one mirror (a temporary table) sends to the server and gets back. */
struct mirror_column {
	struct column *col;
	const char *name;	/* its name in the mirror */
	unsigned send;		/* enum send: the texts of col the mirror carries */
	int collate_stmt;	/* statement adding it with COLLATE, or -1 */
	int default_stmt;	/* SET DEFAULT, or -1 */
	int generated_stmt;	/* ADD COLUMN ... GENERATED, or -1 */
};

struct mirror_item {
	struct constraint *con;	/* a check, or NULL */
	struct index *ix;	/* or an index */
	int stmt;		/* its statement on the slow path */
	const char *temp_name;
	const char *sql;	/* "CONSTRAINT x CHECK (...)" or "CREATE INDEX ..." */
};

struct mirror {
	bool shared;		/* columns of several tables, see share_column() */
	const struct catalog *db;	/* the database's catalog, for schema names */
	const char *temp_name;
	const char *key;	/* the partition key column (not a model column) */
	struct mirror_column *cols;
	size_t ncols;
	struct ptrvec items;	/* struct mirror_item * */
};

struct server_pass {
	struct catalog *model;
	const struct catalog *db;
	PGconn *conn;
	struct arena scratch;
	struct ptrvec mirrors;	/* struct mirror * */
	struct mirror *shared;	/* the shared mirror being filled, or NULL */
	struct ptrvec stmts;	/* char *, statement i of the batch, after its path */
	bool *failed;		/* per statement */
	struct normalize_stats *st;
	size_t next_id;
	struct canon canon;	/* what the database proves canonical */
	bool canon_built;
};

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Whether text is in m for a column of this type and collation. */
static bool canon_has(const struct strmap *m, const char *text, const char *type,
		      const char *collation)
{
	const struct canon_ctx *x;

	for (x = strmap_get(m, text); x; x = x->next)
		if (strcmp(x->type, type) == 0 && same_text(x->collation, collation))
			return true;
	return false;
}

/*
 * Adds text printed in the context (type, collation) to m. The strings
 * are the database catalog's, which outlives the sets: nothing is copied.
 */
static void canon_put(struct arena *a, struct strmap *m, const char *text, const char *type,
		      const char *collation)
{
	struct canon_ctx *x;

	if (canon_has(m, text, type, collation))
		return;
	x = arena_alloc(a, sizeof(*x));
	x->type = type;
	x->collation = collation;
	x->next = strmap_get(m, text);
	strmap_put(m, text, x);
}

static void canon_build(struct server_pass *sp)
{
	struct canon *k = &sp->canon;
	size_t i, j;

	for (i = 0; i < sp->db->tables.len; i++) {
		const struct table *d = sp->db->tables.items[i];

		for (j = 0; j < d->columns.len; j++) {
			const struct column *c = d->columns.items[j];

			if (!c->type)
				continue;
			if (!strmap_get(&k->types, c->type))
				strmap_put(&k->types, c->type, k);
			if (c->collation)
				canon_put(&sp->scratch, &k->collations, c->collation, c->type, NULL);
			if (c->default_expr && !c->identity && !c->generated)
				canon_put(&sp->scratch, &k->defaults, c->default_expr, c->type,
					  c->collation);
		}
	}
}

static void canon_release(struct canon *k)
{
	strmap_release(&k->types);
	strmap_release(&k->collations);
	strmap_release(&k->defaults);
}

/* --- what each table sends --------------------------------------------- */

/* The texts of a model column that go to the server. */
enum send {
	SEND_TYPE = 1,
	SEND_COLLATION = 2,
	SEND_DEFAULT = 4,
	SEND_GENERATED = 8,
};

static size_t send_count(unsigned send)
{
	return !!(send & SEND_TYPE) + !!(send & SEND_COLLATION) + !!(send & SEND_DEFAULT) +
	       !!(send & SEND_GENERATED);
}

/* The sets, built on first use: a model that agrees with the database pays nothing. */
static struct canon *canon_get(struct server_pass *sp)
{
	if (!sp->canon_built) {
		canon_build(sp);
		sp->canon_built = true;
	}
	return &sp->canon;
}

/*
 * What of model column c, whose database column is dc, the server must
 * print: the texts that are not provably canonical (struct canon). A text
 * equal to dc's in the same context needs no look-up. A default equal to
 * dc's is still looked up when c's type or collation is not dc's (the text
 * depends on them). Canonical texts that differ from dc's are real
 * differences, counted in st->canonical and left as they are.
 */
static unsigned column_sends(struct server_pass *sp, const struct column *c,
			     const struct column *dc)
{
	bool same_type = same_text(c->type, dc->type);
	bool same_context = same_type && same_text(c->collation, dc->collation);
	unsigned send = 0;
	struct canon *k;

	if (!c->type)
		return 0;	/* a model error, reported by the reader */
	if (!same_type) {
		k = canon_get(sp);
		if (strmap_get(&k->types, c->type))
			sp->st->canonical++;
		else
			send |= SEND_TYPE;
	}
	if (c->collation && !same_context) {
		k = canon_get(sp);
		if (!canon_has(&k->collations, c->collation, c->type, NULL))
			send |= SEND_COLLATION;
		else if (!same_text(c->collation, dc->collation))
			sp->st->canonical++;
	}
	if (c->default_expr && dc->default_expr && !c->identity && !c->generated &&
	    !(same_context && strcmp(c->default_expr, dc->default_expr) == 0)) {
		k = canon_get(sp);
		if (!canon_has(&k->defaults, c->default_expr, c->type, c->collation))
			send |= SEND_DEFAULT;
		else if (strcmp(c->default_expr, dc->default_expr) != 0)
			sp->st->canonical++;
	}
	if (differs(c->generated, dc->generated))
		send |= SEND_GENERATED;
	return send;
}

/*
 * Statements go to the server with their path as a first character: 'f'
 * (fast) or 's' (slow), so that the loop on the server only walks one array.
 */
static int add_stmt(struct server_pass *sp, const struct strbuf *sql, char kind)
{
	ptrvec_push(&sp->scratch, &sp->stmts, arena_printf(&sp->scratch, "%c%s", kind, sql->buf));
	return (int)sp->stmts.len - 1;
}

/*
 * A collation or operator class name from the model, as SQL: quoted unless
 * already written as SQL. Names may contain dots ("en_US.utf8"), so a dot
 * qualifies only when what precedes it is a schema of the database.
 */
static void add_name_text(struct strbuf *sb, const char *name, const struct catalog *db)
{
	const char *dot = strchr(name, '.');
	struct strbuf schema = STRBUF_INIT;

	if (dot)
		strbuf_add(&schema, name, (size_t)(dot - name));
	if (name[0] == '"')
		strbuf_addstr(sb, name);	/* already written as SQL */
	else if (dot && (strcmp(schema.buf, "pg_catalog") == 0 ||
			 catalog_find_schema(db, schema.buf)))
		sb_add_qualified(sb, schema.buf, dot + 1);
	else
		sb_add_ident(sb, name);
	strbuf_release(&schema);
}

static void add_column_def(struct strbuf *sb, const struct mirror *m,
			   const struct mirror_column *mc, bool collate)
{
	const struct column *col = mc->col;

	sb_add_ident(sb, mc->name);
	strbuf_addch(sb, ' ');
	strbuf_addstr(sb, col->type);
	if (collate && col->collation) {
		strbuf_addstr(sb, " COLLATE ");
		add_name_text(sb, col->collation, m->db);
	}
}

/* The column with its collation and the expression it is mirrored for, if any. */
static void add_full_column_def(struct strbuf *sb, const struct mirror *m,
				const struct mirror_column *mc)
{
	add_column_def(sb, m, mc, true);
	if (mc->send & SEND_GENERATED)
		strbuf_addf(sb, " GENERATED ALWAYS AS (%s) STORED", mc->col->generated);
	else if (mc->send & SEND_DEFAULT)
		strbuf_addf(sb, " DEFAULT %s", mc->col->default_expr);
}

static void alter_prefix(struct strbuf *sb, const struct mirror *m)
{
	strbuf_reset(sb);
	strbuf_addstr(sb, "ALTER TABLE ");
	sb_add_ident(sb, m->temp_name);
	strbuf_addch(sb, ' ');
}

/*
 * A partitioned table: it has no storage, so mirroring a thousand tables
 * costs catalog rows only, not files (several times faster). The partition
 * key is an extra column the write-back never looks at.
 */
static void add_create_table(struct strbuf *sb, const struct mirror *m, bool with_columns)
{
	size_t i, k;

	strbuf_addstr(sb, "CREATE TEMP TABLE ");
	sb_add_ident(sb, m->temp_name);
	strbuf_addstr(sb, " (");
	sb_add_ident(sb, m->key);
	strbuf_addstr(sb, " integer");
	for (i = 0; with_columns && i < m->ncols; i++) {
		strbuf_addstr(sb, ", ");
		add_full_column_def(sb, m, &m->cols[i]);
	}
	for (k = 0; with_columns && k < m->items.len; k++) {
		const struct mirror_item *it = m->items.items[k];
		if (it->con)
			strbuf_addf(sb, ", %s", it->sql);
	}
	strbuf_addstr(sb, ") PARTITION BY LIST (");
	sb_add_ident(sb, m->key);
	strbuf_addch(sb, ')');
}

/* Slow path: ADD COLUMN with everything, then, if that may fail on an extra, a plain one. */
static void mirror_add_column(struct server_pass *sp, struct mirror *m, struct mirror_column *mc)
{
	struct strbuf sql = STRBUF_INIT;
	const struct column *col = mc->col;
	bool generated = mc->send & SEND_GENERATED;
	int first;

	alter_prefix(&sql, m);
	strbuf_addstr(&sql, "ADD COLUMN ");
	add_column_def(&sql, m, mc, true);
	if (generated)
		strbuf_addf(&sql, " GENERATED ALWAYS AS (%s) STORED", col->generated);
	first = add_stmt(sp, &sql, 's');
	if (col->collation)
		mc->collate_stmt = first;
	if (generated)
		mc->generated_stmt = first;
	if (col->collation || generated) {
		alter_prefix(&sql, m);
		strbuf_addstr(&sql, "ADD COLUMN IF NOT EXISTS ");
		add_column_def(&sql, m, mc, false);
		add_stmt(sp, &sql, 's');
	}
	strbuf_release(&sql);
}

static void mirror_set_default(struct server_pass *sp, struct mirror *m, struct mirror_column *mc)
{
	struct strbuf sql = STRBUF_INIT;

	alter_prefix(&sql, m);
	strbuf_addstr(&sql, "ALTER COLUMN ");
	sb_add_ident(&sql, mc->name);
	strbuf_addf(&sql, " SET DEFAULT %s", mc->col->default_expr);
	mc->default_stmt = add_stmt(sp, &sql, 's');
	strbuf_release(&sql);
}

static void mirror_add_check(struct server_pass *sp, struct mirror *m, struct constraint *con)
{
	struct mirror_item *it = arena_alloc(&sp->scratch, sizeof(*it));
	struct strbuf sql = STRBUF_INIT;

	it->con = con;
	it->temp_name = arena_printf(&sp->scratch, "retort_chk_%zu", sp->next_id++);
	strbuf_addstr(&sql, "CONSTRAINT ");
	sb_add_ident(&sql, it->temp_name);
	strbuf_addf(&sql, " CHECK (%s)", con->check_expr);
	it->sql = arena_strdup(&sp->scratch, sql.buf);
	ptrvec_push(&sp->scratch, &m->items, it);
	strbuf_release(&sql);
}

static void mirror_add_index(struct server_pass *sp, struct mirror *m, struct index *ix)
{
	struct mirror_item *it = arena_alloc(&sp->scratch, sizeof(*it));
	struct strbuf sql = STRBUF_INIT;
	size_t k;

	it->ix = ix;
	it->temp_name = arena_printf(&sp->scratch, "retort_ix_%zu", sp->next_id++);
	strbuf_addstr(&sql, "CREATE INDEX ");
	sb_add_ident(&sql, it->temp_name);
	strbuf_addstr(&sql, " ON ");
	sb_add_ident(&sql, m->temp_name);
	strbuf_addstr(&sql, " USING ");
	sb_add_ident(&sql, ix->method ? ix->method : "btree");
	strbuf_addstr(&sql, " (");
	for (k = 0; k < ix->nelems; k++) {
		const struct index_elem *e = &ix->elems[k];

		if (k)
			strbuf_addstr(&sql, ", ");
		if (e->column)
			sb_add_ident(&sql, e->column);
		else
			strbuf_addf(&sql, "(%s)", e->expr ? e->expr : "");
		if (e->collation) {
			strbuf_addstr(&sql, " COLLATE ");
			add_name_text(&sql, e->collation, m->db);
		}
		if (e->opclass) {
			strbuf_addch(&sql, ' ');
			add_name_text(&sql, e->opclass, m->db);
		}
		if (e->desc)
			strbuf_addstr(&sql, " DESC");
		if (e->nulls)
			strbuf_addstr(&sql, e->nulls == 'f' ? " NULLS FIRST" : " NULLS LAST");
	}
	strbuf_addch(&sql, ')');
	if (ix->predicate)
		strbuf_addf(&sql, " WHERE (%s)", ix->predicate);
	it->sql = arena_strdup(&sp->scratch, sql.buf);
	ptrvec_push(&sp->scratch, &m->items, it);
	strbuf_release(&sql);
}

/* A partition key column name that is none of the model's columns. */
static const char *mirror_key_name(struct server_pass *sp, const struct table *t)
{
	const char *name = "retort_key";
	int n = 0;

	while (table_find_column(t, name))
		name = arena_printf(&sp->scratch, "retort_key%d", ++n);
	return name;
}

/*
 * Fast path: one statement creating the whole mirror (table, columns,
 * defaults, checks, then the indexes). Should any text in it be rejected,
 * the slow path that follows tries each piece on its own, so the others
 * still come back normalized.
 */
static void mirror_statements(struct server_pass *sp, struct mirror *m)
{
	struct strbuf sql = STRBUF_INIT;
	size_t i;

	add_create_table(&sql, m, true);
	for (i = 0; i < m->items.len; i++) {
		const struct mirror_item *it = m->items.items[i];
		if (it->ix)
			strbuf_addf(&sql, ";\n%s", it->sql);
	}
	add_stmt(sp, &sql, 'f');

	strbuf_reset(&sql);
	add_create_table(&sql, m, false);
	add_stmt(sp, &sql, 's');
	/* Plain columns first: generated ones may refer to any of them. */
	for (i = 0; i < m->ncols; i++)
		if (!(m->cols[i].send & SEND_GENERATED))
			mirror_add_column(sp, m, &m->cols[i]);
	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].send & SEND_GENERATED)
			mirror_add_column(sp, m, &m->cols[i]);
	for (i = 0; i < m->ncols; i++)
		if (m->cols[i].send & SEND_DEFAULT)
			mirror_set_default(sp, m, &m->cols[i]);
	for (i = 0; i < m->items.len; i++) {
		struct mirror_item *it = m->items.items[i];

		if (it->con) {
			alter_prefix(&sql, m);
			strbuf_addf(&sql, "ADD %s", it->sql);
		} else {
			strbuf_reset(&sql);
			strbuf_addstr(&sql, it->sql);
		}
		it->stmt = add_stmt(sp, &sql, 's');
	}
	strbuf_release(&sql);
}

/* A new, empty mirror with room for ncols columns. */
static struct mirror *new_mirror(struct server_pass *sp, size_t ncols)
{
	struct mirror *m = arena_alloc(&sp->scratch, sizeof(*m));

	m->db = sp->db;
	m->temp_name = arena_printf(&sp->scratch, "retort_norm_%zu", sp->mirrors.len);
	m->cols = arena_alloc(&sp->scratch, (ncols + 1) * sizeof(*m->cols));
	ptrvec_push(&sp->scratch, &sp->mirrors, m);
	return m;
}

static void mirror_add_col(struct mirror *m, struct column *col, unsigned send, const char *name)
{
	struct mirror_column *mc = &m->cols[m->ncols++];

	mc->col = col;
	mc->name = name;
	mc->send = send;
	mc->collate_stmt = mc->default_stmt = mc->generated_stmt = -1;
}

/*
 * Mirrors the model's version of t for a check, index or generation
 * expression that differs: such a text refers to other columns and
 * depends on their types and collations, so every column comes along (as
 * context); a default or generation expression only on the column it is
 * sent for, and only the checks and indexes that differ.
 */
static void mirror_table(struct server_pass *sp, struct table *t, const struct table *d,
			 const unsigned *sends)
{
	struct mirror *m = new_mirror(sp, t->columns.len);
	size_t i;

	m->key = mirror_key_name(sp, t);
	for (i = 0; i < t->columns.len; i++) {
		struct column *col = t->columns.items[i];

		if (col->type)	/* else a model error, reported by the reader */
			mirror_add_col(m, col, sends[i], col->o.name);
	}
	for (i = 0; i < t->constraints.len; i++)
		if (check_differs(t->constraints.items[i], d))
			mirror_add_check(sp, m, t->constraints.items[i]);
	for (i = 0; i < t->indexes.len; i++)
		if (index_needs_server(t->indexes.items[i], d))
			mirror_add_index(sp, m, t->indexes.items[i]);
	mirror_statements(sp, m);
}

/*
 * A column sent for its own texts only (type, collation, default) needs
 * no other column: none of those texts can refer to one. Such columns of
 * every table share mirrors of up to SHARED_COLUMNS columns named c0, c1,
 * ..., so a hundred tables with a changed default cost two temporary
 * tables, not a hundred. The bound keeps the slow path short when a text
 * is rejected (a type only the model creates, say): only the columns
 * sharing its mirror are then tried one by one.
 */
enum { SHARED_COLUMNS = 64 };

static void share_column(struct server_pass *sp, struct column *col, unsigned send)
{
	struct mirror *m = sp->shared;

	if (!m || m->ncols == SHARED_COLUMNS) {
		m = sp->shared = new_mirror(sp, SHARED_COLUMNS);
		m->shared = true;
		m->key = "retort_key";	/* the columns are c0, c1, ... */
	}
	mirror_add_col(m, col, send, arena_printf(&sp->scratch, "c%zu", m->ncols));
}

/*
 * What of t goes to the server: the texts that still differ from d's
 * after the pure-C pass and are not provably canonical.
 */
static void plan_table(struct server_pass *sp, struct table *t, const struct table *d)
{
	unsigned *sends = arena_alloc(&sp->scratch, (t->columns.len + 1) * sizeof(*sends));
	size_t n = 0, i;
	bool whole = false;

	for (i = 0; i < t->columns.len; i++) {
		const struct column *c = t->columns.items[i];
		const struct column *dc = db_column_for(d, c);

		sends[i] = dc ? column_sends(sp, c, dc) : 0;
		n += send_count(sends[i]);
		whole = whole || (sends[i] & SEND_GENERATED);
	}
	for (i = 0; i < t->constraints.len; i++) {
		if (check_differs(t->constraints.items[i], d)) {
			n++;
			whole = true;
		}
	}
	for (i = 0; i < t->indexes.len; i++) {
		if (index_needs_server(t->indexes.items[i], d)) {
			n++;
			whole = true;
		}
	}
	if (!n)
		return;
	sp->st->mismatches += n;
	sp->st->tables++;
	if (whole) {
		mirror_table(sp, t, d, sends);
		return;
	}
	for (i = 0; i < t->columns.len; i++)
		if (sends[i])
			share_column(sp, t->columns.items[i], sends[i]);
}

static void plan_server_pass(struct server_pass *sp)
{
	size_t i;

	for (i = 0; i < sp->model->tables.len; i++) {
		struct table *t = sp->model->tables.items[i];
		const struct table *d = db_table_for(sp->db, t);

		if (d)
			plan_table(sp, t, d);
	}
	for (i = 0; i < sp->mirrors.len; i++) {
		struct mirror *m = sp->mirrors.items[i];

		if (m->shared)
			mirror_statements(sp, m);
		sp->st->columns += m->ncols;
	}
	sp->st->mirrors = sp->mirrors.len;
	sp->st->statements = sp->stmts.len;
}

/* --- running it on the server ----------------------------------------- */

/*
 * Runs each statement in its own subtransaction and returns the positions
 * (1-based) of those the server rejected.
 */
static const char setup_sql[] =
	"SET LOCAL search_path = pg_catalog, public;\n"
	"SET LOCAL client_min_messages = warning;\n"
	"SET LOCAL jit = off;\n"
	"CREATE FUNCTION pg_temp.retort_try(stmts text[]) RETURNS SETOF integer\n"
	"LANGUAGE plpgsql AS $retort$\n"
	"DECLARE\n"
	"  i integer := 0;\n"
	"  s text;\n"
	"  fast_ok boolean := false;\n"
	"BEGIN\n"
	"  FOREACH s IN ARRAY stmts LOOP\n"
	"    i := i + 1;\n"
	"    IF left(s, 1) = 'f' THEN\n"
	"      BEGIN\n"
	"        EXECUTE substr(s, 2);\n"
	"        fast_ok := true;\n"
	"      EXCEPTION WHEN OTHERS THEN\n"
	"        fast_ok := false;\n"
	"      END;\n"
	"    ELSIF NOT fast_ok THEN\n"
	"      BEGIN\n"
	"        EXECUTE substr(s, 2);\n"
	"      EXCEPTION WHEN OTHERS THEN\n"
	"        RETURN NEXT i;\n"
	"      END;\n"
	"    END IF;\n"
	"  END LOOP;\n"
	"END\n"
	"$retort$";

static const char run_sql[] =
	"SELECT pg_my_temp_schema()::text AS nsp,\n"
	"  ARRAY(SELECT pg_temp.retort_try($1::text[]))::text AS failed";

/* Runs sql without parameters; a failure is reported as a warning. */
static bool run_plain(struct server_pass *sp, const char *sql)
{
	PGresult *res = PQexec(sp->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;

	sp->st->round_trips++;
	if (!ok && PQstatus(sp->conn) == CONNECTION_OK) {
		struct strbuf sb = STRBUF_INIT;

		db_format_error(&sb, sp->conn, res);
		msg_warning("could not compare expressions on the server, so they are compared "
			    "as written: %s", sb.buf);
		strbuf_release(&sb);
	}
	PQclear(res);
	return ok;
}

/* "{3,7}" into sp->failed. */
static void mark_failed(struct server_pass *sp, const char *list)
{
	const char *p = list;

	while (p && *p) {
		char *end;
		long i;

		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		i = strtol(p, &end, 10);
		if (i >= 1 && (size_t)i <= sp->stmts.len) {
			sp->failed[i - 1] = true;
			sp->st->failed++;
		}
		p = end;
	}
}

static bool stmt_ok(const struct server_pass *sp, int stmt)
{
	return stmt >= 0 && !sp->failed[stmt];
}

static struct table *find_temp_table(const struct catalog *tc, const char *name)
{
	size_t i;

	for (i = 0; i < tc->tables.len; i++) {
		struct table *t = tc->tables.items[i];
		if (strcmp(t->o.name, name) == 0)
			return t;
	}
	return NULL;
}

static void take_column(const struct server_pass *sp, const struct mirror_column *mc,
			const struct column *tcol)
{
	struct column *col = mc->col;

	col->type = tcol->type;
	if (stmt_ok(sp, mc->collate_stmt))
		col->collation = tcol->collation;
	if (stmt_ok(sp, mc->default_stmt) && tcol->default_expr)
		col->default_expr = tcol->default_expr;
	if (stmt_ok(sp, mc->generated_stmt) && tcol->generated)
		col->generated = tcol->generated;
}

static void take_index(struct index *ix, const struct index *tix)
{
	size_t k;

	if (tix->nelems != ix->nelems)
		return;
	for (k = 0; k < ix->nelems; k++) {
		struct index_elem *e = &ix->elems[k];
		const struct index_elem *te = &tix->elems[k];

		e->column = te->column;
		e->expr = te->expr;
		e->opclass = te->opclass;
		e->collation = te->collation;
		e->desc = te->desc;
		e->nulls = te->nulls;
	}
	ix->predicate = tix->predicate;
}

/* Copies the server's texts back into the model, for what it accepted. */
static void take_results(struct server_pass *sp, const struct catalog *tc)
{
	size_t i, k;

	for (i = 0; i < sp->mirrors.len; i++) {
		const struct mirror *m = sp->mirrors.items[i];
		const struct table *tt = find_temp_table(tc, m->temp_name);

		if (!tt)
			continue;
		for (k = 0; k < m->ncols; k++) {
			const struct column *tcol = table_find_column(tt, m->cols[k].name);
			if (tcol)
				take_column(sp, &m->cols[k], tcol);
		}
		for (k = 0; k < m->items.len; k++) {
			const struct mirror_item *it = m->items.items[k];
			const struct constraint *tcon;
			size_t j;

			if (!stmt_ok(sp, it->stmt))
				continue;
			if (it->con) {
				tcon = table_find_constraint(tt, it->temp_name);
				if (tcon && tcon->check_expr)
					it->con->check_expr = tcon->check_expr;
				continue;
			}
			for (j = 0; j < tt->indexes.len; j++) {
				const struct index *tix = tt->indexes.items[j];
				if (strcmp(tix->o.name, it->temp_name) == 0)
					take_index(it->ix, tix);
			}
		}
	}
}

/* The statements as one text[] literal. */
static void stmts_array(const struct server_pass *sp, struct strbuf *out)
{
	size_t i;

	strbuf_addch(out, '{');
	for (i = 0; i < sp->stmts.len; i++) {
		if (i)
			strbuf_addch(out, ',');
		introspect_add_array_elem(out, sp->stmts.items[i]);
	}
	strbuf_addch(out, '}');
}

/*
 * Set-up, the batch, the read-back, roll back. Returns EXIT_DATABASE only
 * when the connection is gone; a server that refuses the pass (no TEMP
 * privilege, no PL/pgSQL) costs a warning.
 */
static int server_run(struct server_pass *sp)
{
	bool in_tx = PQtransactionStatus(sp->conn) != PQTRANS_IDLE;
	struct strbuf setup = STRBUF_INIT, arr = STRBUF_INIT;
	struct catalog *tc = NULL;
	const char *params[1];
	PGresult *res = NULL;
	int rc = EXIT_OK;

	strbuf_addstr(&setup, in_tx ? "SAVEPOINT retort_normalize;\n" : "BEGIN;\n");
	strbuf_addstr(&setup, setup_sql);
	if (!run_plain(sp, setup.buf))
		goto done;
	stmts_array(sp, &arr);
	params[0] = arr.buf;
	res = PQexecParams(sp->conn, run_sql, 1, NULL, params, NULL, NULL, 0);
	sp->st->round_trips++;
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		struct strbuf sb = STRBUF_INIT;

		db_format_error(&sb, sp->conn, res);
		if (PQstatus(sp->conn) == CONNECTION_OK)
			msg_warning("could not compare expressions on the server, so they are "
				    "compared as written: %s", sb.buf);
		strbuf_release(&sb);
		goto done;
	}
	sp->failed = arena_alloc(&sp->scratch, (sp->stmts.len + 1) * sizeof(*sp->failed));
	mark_failed(sp, PQgetvalue(res, 0, 1));
	tc = catalog_new(sp->model->arena);
	sp->st->round_trips += 4;	/* tables, columns, constraints, indexes */
	if (introspect_relations(sp->conn, tc, PQgetvalue(res, 0, 0)) == EXIT_OK)
		take_results(sp, tc);
done:
	PQclear(res);
	if (PQstatus(sp->conn) != CONNECTION_OK) {
		msg_error("lost the connection to the database while comparing expressions");
		rc = EXIT_DATABASE;
	} else if (PQtransactionStatus(sp->conn) != PQTRANS_IDLE || in_tx) {
		sp->st->round_trips++;
		PQclear(PQexec(sp->conn, in_tx ? "ROLLBACK TO SAVEPOINT retort_normalize; "
					 "RELEASE SAVEPOINT retort_normalize" : "ROLLBACK"));
	}
	catalog_free(tc);
	strbuf_release(&setup);
	strbuf_release(&arr);
	return rc;
}

int normalize_model_stats(struct catalog *model, const struct catalog *db, PGconn *conn,
			  struct normalize_stats *st)
{
	struct normalize_stats dummy;
	struct server_pass sp;
	int rc = EXIT_OK;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	local_pass(model);
	if (!db || !conn)
		return EXIT_OK;
	memset(&sp, 0, sizeof(sp));
	sp.model = model;
	sp.db = db;
	sp.conn = conn;
	sp.st = st;
	arena_init(&sp.scratch);
	plan_server_pass(&sp);
	if (sp.stmts.len) {
		if (PQstatus(conn) != CONNECTION_OK) {
			msg_error("lost the connection to the database while comparing expressions");
			rc = EXIT_DATABASE;
		} else {
			rc = server_run(&sp);
		}
	}
	if (st->mismatches || st->canonical)
		msg_verbose("normalized %zu differing texts of %zu tables on the server (%zu "
			    "columns in %zu temporary tables), %zu more already canonical: %zu "
			    "statements (%zu rejected), %d round trips", st->mismatches,
			    st->tables, st->columns, st->mirrors, st->canonical, st->statements,
			    st->failed, st->round_trips);
	canon_release(&sp.canon);
	arena_release(&sp.scratch);
	return rc;
}

int normalize_model(struct catalog *model, const struct catalog *db, PGconn *conn)
{
	return normalize_model_stats(model, db, conn, NULL);
}
