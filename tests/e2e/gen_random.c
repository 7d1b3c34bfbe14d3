/*
 * gen_random.c - seeded random schema pairs for the end-to-end proof.
 *
 *   e2e_gen SEED OUTDIR [--edits N] [--tables N]
 *
 * Writes OUTDIR/before.sql (a random valid schema), OUTDIR/data.sql (rows
 * for some of its tables), OUTDIR/after.sql (a random edit of the same
 * schema) and, when rows survive the edit, OUTDIR/data_query.sql with
 * OUTDIR/data_expected.txt (row counts and values after the upgrade), and
 * prints a one-line summary of the edits to stdout. The same
 * seed always gives the same three files, on every platform: the generator
 * has its own PRNG (splitmix64) and never looks at the clock.
 *
 * Both schemas are built from one in-memory description that the edits
 * change, so after.sql is valid by construction. The edits are chosen so
 * that migrating the rows cannot fail for reasons no tool could avoid:
 * rows hold distinct non-null values in the columns that existed when they
 * were written (so unique constraints, checks and NOT NULL hold), NULL in
 * foreign-key columns (so any foreign key holds), and a column is only
 * made NOT NULL, dropped, or narrowed back when its data allows both the
 * upgrade and the downgrade.
 *
 * Index and constraint names are always explicit (except primary keys), so
 * that no derived name depends on creation order.
 *
 * Built by tests/e2e/random.sh with cc -std=c11; no library dependencies.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TABLES 10
#define MAX_COLS 14
#define MAX_CONS 10
#define MAX_IDX 8
#define MAX_ENUMS 5
#define MAX_LABELS 10
#define MAX_SEQS 4
#define NAME_LEN 64
#define TEXT_LEN 400

/* ------------------------------------------------------------ random */

struct rng {
	uint64_t state;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0. */
static int rnd(struct rng *r, int n)
{
	return (int)(rng_next(r) % (uint64_t)n);
}

/* True with probability pct percent. */
static bool chance(struct rng *r, int pct)
{
	return rnd(r, 100) < pct;
}

/* ------------------------------------------------------------ model */

enum col_type {
	T_SMALLINT, T_INT, T_BIGINT, T_NUMERIC, T_REAL, T_DOUBLE, T_TEXT,
	T_VARCHAR, T_BOOL, T_DATE, T_TIMESTAMP, T_TIMESTAMPTZ, T_UUID, T_JSONB,
	T_TEXTARR, T_ENUM, T_TYPE_COUNT
};

struct column {
	bool alive;
	char name[NAME_LEN];
	enum col_type type;
	int len;		/* varchar length; 0 = unlimited */
	int prec, scale;	/* numeric */
	int enum_id;		/* T_ENUM */
	bool not_null;
	char def[TEXT_LEN];	/* default expression, "" = none */
	char comment[TEXT_LEN];
	bool has_data;		/* rows hold distinct non-null values here */
	bool is_fk;		/* a foreign key column: NULL in every row */
	int seq_id;		/* default uses nextval of this sequence, or -1 */
	char def_label[NAME_LEN];	/* enum label used by the default */
	bool collate_c;		/* textual: COLLATE "C" */
	bool serial;		/* integer type written serial/bigserial/smallserial */
};

enum con_kind { C_UNIQUE, C_CHECK, C_FK };

struct constraint {
	bool alive;
	char name[NAME_LEN];
	enum con_kind kind;
	int cols[2];
	int ncols;
	char check[TEXT_LEN];	/* C_CHECK: expression */
	int ref_table;		/* C_FK: references ref_table(id) */
	int on_delete;		/* index into fk_actions */
	int on_update;
	bool deferrable;
	bool initially_deferred;
	bool match_full;
	bool nulls_not_distinct;	/* C_UNIQUE */
	char comment[TEXT_LEN];
};

enum idx_kind { I_PLAIN, I_UNIQUE, I_PARTIAL, I_EXPR, I_METHOD };

struct index {
	bool alive;
	char name[NAME_LEN];
	enum idx_kind kind;
	int cols[2];
	int ncols;
	bool desc;
	const char *method;	/* "btree", "hash", "brin", "gin" */
	char comment[TEXT_LEN];
	int form;		/* I_EXPR: which expression; I_PARTIAL: which predicate */
	int include_col;	/* btree INCLUDE column, or -1 */
	int fillfactor;		/* btree WITH (fillfactor = N), or 0 */
	bool pattern_ops;	/* single textual key with text_pattern_ops */
};

struct table {
	bool alive;
	int schema;		/* 0 public, 1 the extra schema */
	char name[NAME_LEN];
	enum col_type id_type;	/* T_INT or T_BIGINT */
	char identity;		/* 0, 'a' always, 'd' by default */
	struct column cols[MAX_COLS];
	int ncols;
	struct constraint cons[MAX_CONS];
	int ncons;
	struct index idx[MAX_IDX];
	int nidx;
	int nrows;		/* rows in data.sql */
	char comment[TEXT_LEN];
};

struct enum_type {
	bool alive;
	int schema;
	char name[NAME_LEN];
	char labels[MAX_LABELS][NAME_LEN];
	int nlabels;
	bool used[MAX_LABELS];	/* in rows or defaults: may not be removed */
	char comment[TEXT_LEN];
};

struct sequence {
	bool alive;
	int schema;
	char name[NAME_LEN];
	int increment, cache;
	long long start, min, max;
	bool cycle;
	char comment[TEXT_LEN];
};

struct schema {
	bool extra;		/* the extra schema exists */
	char extra_name[NAME_LEN];
	struct table tables[MAX_TABLES];
	int ntables;
	struct enum_type enums[MAX_ENUMS];
	int nenums;
	struct sequence seqs[MAX_SEQS];
	int nseqs;
	int counter;		/* for unique names */
	const struct schema *orig;	/* while editing: the schema before the edits */
};

static const char *const fk_actions[] = {
	"NO ACTION", "CASCADE", "SET NULL", "RESTRICT",
};

static const char *const comments[] = {
	"a comment", "it's quoted", "several words, with punctuation: yes!",
	"ünïcödé ✓", "multi\nline", "\"double\" quotes",
};

static const char *const odd_names[] = {
	"Mixed Case", "order", "user", "select", "camelCase", "with space",
	"from", "UPPER",
};

static const char *const labels_pool[] = {
	"new", "active", "paused", "done", "failed", "x y", "Zed", "it's",
	"archived", "queued", "running", "blocked",
};

/* ------------------------------------------------------------ output */

struct out {
	FILE *f;
	const char *path;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("e2e_gen: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(o->f, fmt, ap) < 0)
		die("could not write %s: %s", o->path, strerror(errno));
	va_end(ap);
}

/* An identifier as SQL: quoted unless it is plain lower case. */
static const char *ident(const char *name, char *buf, size_t size)
{
	static const char *const reserved[] = {
		"order", "user", "select", "from", "table", "check", "default",
	};
	bool plain = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
	size_t i, n = 0;

	for (i = 0; name[i] && plain; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_'))
			plain = false;
	for (i = 0; plain && i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (strcmp(name, reserved[i]) == 0)
			plain = false;
	if (plain) {
		snprintf(buf, size, "%s", name);
		return buf;
	}
	buf[n++] = '"';
	for (i = 0; name[i] && n + 3 < size; i++) {
		if (name[i] == '"')
			buf[n++] = '"';
		buf[n++] = name[i];
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

/* A string literal, quotes doubled. */
static const char *literal(const char *s, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[n++] = '\'';
	for (i = 0; s[i] && n + 3 < size; i++) {
		if (s[i] == '\'')
			buf[n++] = '\'';
		buf[n++] = s[i];
	}
	buf[n++] = '\'';
	buf[n] = '\0';
	return buf;
}

static const char *schema_name(const struct schema *s, int which)
{
	return which ? s->extra_name : "public";
}

/* schema.name, each part quoted as needed. */
static const char *qualified(const struct schema *s, int which, const char *name,
			     char *buf, size_t size)
{
	char a[NAME_LEN * 2 + 3], b[NAME_LEN * 2 + 3];

	snprintf(buf, size, "%s.%s", ident(schema_name(s, which), a, sizeof(a)),
		 ident(name, b, sizeof(b)));
	return buf;
}

static const char *type_sql(const struct schema *s, const struct column *c,
			    char *buf, size_t size)
{
	switch (c->type) {
	case T_SMALLINT: snprintf(buf, size, "%s", c->serial ? "smallserial" : "smallint"); break;
	case T_INT: snprintf(buf, size, "%s", c->serial ? "serial" : "integer"); break;
	case T_BIGINT: snprintf(buf, size, "%s", c->serial ? "bigserial" : "bigint"); break;
	case T_NUMERIC: snprintf(buf, size, "numeric(%d,%d)", c->prec, c->scale); break;
	case T_REAL: snprintf(buf, size, "real"); break;
	case T_DOUBLE: snprintf(buf, size, "double precision"); break;
	case T_TEXT: snprintf(buf, size, "text"); break;
	case T_VARCHAR:
		if (c->len)
			snprintf(buf, size, "varchar(%d)", c->len);
		else
			snprintf(buf, size, "varchar");
		break;
	case T_BOOL: snprintf(buf, size, "boolean"); break;
	case T_DATE: snprintf(buf, size, "date"); break;
	case T_TIMESTAMP: snprintf(buf, size, "timestamp"); break;
	case T_TIMESTAMPTZ: snprintf(buf, size, "timestamptz"); break;
	case T_UUID: snprintf(buf, size, "uuid"); break;
	case T_JSONB: snprintf(buf, size, "jsonb"); break;
	case T_TEXTARR: snprintf(buf, size, "text[]"); break;
	case T_ENUM:
		qualified(s, s->enums[c->enum_id].schema, s->enums[c->enum_id].name, buf, size);
		break;
	case T_TYPE_COUNT: die("bad column type");
	}
	return buf;
}

static bool is_integer(enum col_type t)
{
	return t == T_SMALLINT || t == T_INT || t == T_BIGINT;
}

static bool is_textual(enum col_type t)
{
	return t == T_TEXT || t == T_VARCHAR;
}

/* Types whose row values are distinct, so unique constraints hold. */
static bool is_uniqueable(enum col_type t)
{
	return t != T_BOOL && t != T_ENUM && t != T_TEXTARR;
}

/* ------------------------------------------------------------ names */

static void new_name(struct schema *s, char *buf, const char *prefix)
{
	snprintf(buf, NAME_LEN, "%s%d", prefix, ++s->counter);
}

static bool table_has_column_named(const struct table *t, const char *name)
{
	int i;

	if (strcmp(name, "id") == 0)
		return true;
	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return true;
	return false;
}

static void new_column_name(struct schema *s, struct rng *r, const struct table *t, char *buf)
{
	if (chance(r, 12)) {
		const char *n = odd_names[rnd(r, (int)(sizeof(odd_names) / sizeof(odd_names[0])))];

		if (!table_has_column_named(t, n)) {
			snprintf(buf, NAME_LEN, "%s", n);
			return;
		}
	}
	new_name(s, buf, "c");
}

/* ------------------------------------------------------------ generation */

static int live_enums(const struct schema *s, int *ids)
{
	int i, n = 0;

	for (i = 0; i < s->nenums; i++)
		if (s->enums[i].alive)
			ids[n++] = i;
	return n;
}

static int live_tables(const struct schema *s, int *ids)
{
	int i, n = 0;

	for (i = 0; i < s->ntables; i++)
		if (s->tables[i].alive)
			ids[n++] = i;
	return n;
}

static int live_seqs(const struct schema *s, int *ids)
{
	int i, n = 0;

	for (i = 0; i < s->nseqs; i++)
		if (s->seqs[i].alive)
			ids[n++] = i;
	return n;
}

static int pick_schema(struct schema *s, struct rng *r)
{
	if (s->extra && chance(r, 30))
		return 1;
	return 0;
}

static int add_enum(struct schema *s, struct rng *r)
{
	struct enum_type *e;
	int n, i, start;
	const int pool = (int)(sizeof(labels_pool) / sizeof(labels_pool[0]));

	if (s->nenums >= MAX_ENUMS)
		return -1;
	e = &s->enums[s->nenums];
	memset(e, 0, sizeof(*e));
	e->alive = true;
	e->schema = pick_schema(s, r);
	new_name(s, e->name, "mood");
	n = 2 + rnd(r, 4);
	start = rnd(r, pool);
	for (i = 0; i < n; i++)
		snprintf(e->labels[i], NAME_LEN, "%s", labels_pool[(start + i) % pool]);
	e->nlabels = n;
	if (chance(r, 20))
		snprintf(e->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
	return s->nenums++;
}

static int add_sequence(struct schema *s, struct rng *r)
{
	struct sequence *q;

	if (s->nseqs >= MAX_SEQS)
		return -1;
	q = &s->seqs[s->nseqs];
	memset(q, 0, sizeof(*q));
	q->alive = true;
	q->schema = pick_schema(s, r);
	new_name(s, q->name, "seq");
	q->increment = 1 + rnd(r, 5);
	q->min = 1 + rnd(r, 10);
	q->start = q->min + rnd(r, 100);
	q->max = chance(r, 50) ? 9223372036854775807LL : q->start + 1000 + rnd(r, 100000);
	q->cache = chance(r, 70) ? 1 : 1 + rnd(r, 20);
	q->cycle = chance(r, 20);
	if (chance(r, 20))
		snprintf(q->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
	return s->nseqs++;
}

/* A default expression that fits the column, or "" (also records use). */
static void pick_default(struct schema *s, struct rng *r, struct column *c)
{
	int ids[MAX_SEQS], n;

	c->def[0] = '\0';
	c->seq_id = -1;
	c->def_label[0] = '\0';
	switch (c->type) {
	case T_SMALLINT: case T_INT: case T_BIGINT:
		n = live_seqs(s, ids);
		if (c->type != T_SMALLINT && n && chance(r, 40)) {
			char q[NAME_LEN * 2 + 8], lit[NAME_LEN * 3];

			c->seq_id = ids[rnd(r, n)];
			qualified(s, s->seqs[c->seq_id].schema, s->seqs[c->seq_id].name, q, sizeof(q));
			snprintf(c->def, TEXT_LEN, "nextval(%s)", literal(q, lit, sizeof(lit)));
		} else if (chance(r, 20)) {
			snprintf(c->def, TEXT_LEN, "(%d + %d)", rnd(r, 10), rnd(r, 10));
		} else {
			snprintf(c->def, TEXT_LEN, "%d", rnd(r, 100) - 10);
		}
		break;
	case T_NUMERIC: snprintf(c->def, TEXT_LEN, "%d.5", rnd(r, 9)); break;
	case T_REAL: case T_DOUBLE: snprintf(c->def, TEXT_LEN, "0.25"); break;
	case T_TEXT: case T_VARCHAR: {
		static const char *const text_defaults[] = {
			"''", "'it''s'", "'x'::text", "upper('abc')", "('a' || 'b')",
		};

		snprintf(c->def, TEXT_LEN, "%s", text_defaults[rnd(r, 5)]);
		break;
	}
	case T_BOOL: snprintf(c->def, TEXT_LEN, "%s", chance(r, 50) ? "true" : "false"); break;
	case T_DATE: snprintf(c->def, TEXT_LEN, "%s", chance(r, 50) ? "CURRENT_DATE" : "'2000-01-01'"); break;
	case T_TIMESTAMP: snprintf(c->def, TEXT_LEN, "LOCALTIMESTAMP"); break;
	case T_TIMESTAMPTZ:
		snprintf(c->def, TEXT_LEN, "%s", chance(r, 40) ? "now()" : chance(r, 50) ?
			 "CURRENT_TIMESTAMP" : "(now() + interval '1 day')");
		break;
	case T_UUID: snprintf(c->def, TEXT_LEN, "gen_random_uuid()"); break;
	case T_JSONB: snprintf(c->def, TEXT_LEN, "'{}'::jsonb"); break;
	case T_TEXTARR: snprintf(c->def, TEXT_LEN, "%s", chance(r, 50) ? "'{}'" : "ARRAY['a', 'b c']"); break;
	case T_ENUM: {
		struct enum_type *e = &s->enums[c->enum_id];
		int li = rnd(r, e->nlabels);
		char lit[NAME_LEN * 2 + 3];

		e->used[li] = true;
		snprintf(c->def_label, NAME_LEN, "%s", e->labels[li]);
		snprintf(c->def, TEXT_LEN, "%s", literal(e->labels[li], lit, sizeof(lit)));
		break;
	}
	case T_TYPE_COUNT: break;
	}
}

static void pick_type(struct schema *s, struct rng *r, struct column *c)
{
	int ids[MAX_ENUMS], n = live_enums(s, ids);

	c->type = (enum col_type)rnd(r, T_TYPE_COUNT);
	if (c->type == T_ENUM && n == 0)
		c->type = T_TEXT;
	switch (c->type) {
	case T_VARCHAR: c->len = chance(r, 15) ? 0 : 8 + rnd(r, 60); break;
	case T_TEXT: break;
	case T_NUMERIC:
		c->prec = 6 + rnd(r, 10);
		c->scale = rnd(r, 4);
		break;
	case T_ENUM: c->enum_id = ids[rnd(r, n)]; break;
	default: break;
	}
}

/* Adds a column; has_rows says whether the table already holds rows. */
static struct column *add_column(struct schema *s, struct rng *r, struct table *t, bool has_rows)
{
	struct column *c;

	if (t->ncols >= MAX_COLS)
		return NULL;
	c = &t->cols[t->ncols++];
	memset(c, 0, sizeof(*c));
	c->alive = true;
	c->seq_id = -1;
	new_column_name(s, r, t, c->name);
	pick_type(s, r, c);
	c->collate_c = is_textual(c->type) && chance(r, 15);
	if (is_integer(c->type) && chance(r, 15)) {
		/* NOT NULL, DEFAULT nextval of an owned sequence <table>_<col>_seq */
		c->serial = true;
		c->not_null = true;
		if (chance(r, 15))
			snprintf(c->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
		return c;
	}
	if (chance(r, 40))
		pick_default(s, r, c);
	/* NOT NULL on a table with rows needs a default to fill them. */
	c->not_null = chance(r, 30) && (!has_rows || c->def[0]);
	if (chance(r, 15))
		snprintf(c->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
	return c;
}

/* Live columns of t satisfying pred (NULL: any), into ids. */
static int pick_cols(const struct table *t, bool (*pred)(const struct column *), int *ids)
{
	int i, n = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].alive && (!pred || pred(&t->cols[i])))
			ids[n++] = i;
	return n;
}

static bool col_uniqueable(const struct column *c)
{
	return is_uniqueable(c->type) && !c->is_fk;
}

static bool col_checkable(const struct column *c)
{
	return (is_integer(c->type) || c->type == T_NUMERIC || is_textual(c->type)) && !c->is_fk;
}

static bool col_plain_indexable(const struct column *c)
{
	return c->type != T_TEXTARR && c->type != T_JSONB;
}

static bool col_textual(const struct column *c)
{
	return is_textual(c->type);
}

static bool col_int(const struct column *c)
{
	return is_integer(c->type);
}

static bool col_gin(const struct column *c)
{
	return c->type == T_JSONB || c->type == T_TEXTARR;
}

static bool col_brin(const struct column *c)
{
	return is_integer(c->type) || c->type == T_DATE || c->type == T_TIMESTAMPTZ ||
	       c->type == T_TIMESTAMP;
}

/*
 * Drops from ids the columns whose rows may repeat a value: on a table with
 * rows, a column added after the rows were written holds its default (the
 * same in every row) or NULL; only the NULL case is safe.
 */
static int keep_distinct(const struct table *t, int *ids, int n)
{
	int i, m = 0;

	for (i = 0; i < n; i++) {
		const struct column *c = &t->cols[ids[i]];

		if (t->nrows && !c->has_data && c->def[0])
			continue;
		ids[m++] = ids[i];
	}
	return m;
}

static void add_unique(struct schema *s, struct rng *r, struct table *t)
{
	int ids[MAX_COLS], n = keep_distinct(t, ids, pick_cols(t, col_uniqueable, ids));
	struct constraint *k;

	if (!n || t->ncons >= MAX_CONS)
		return;
	k = &t->cons[t->ncons++];
	memset(k, 0, sizeof(*k));
	k->alive = true;
	k->kind = C_UNIQUE;
	new_name(s, k->name, "uq");
	k->cols[0] = ids[rnd(r, n)];
	k->ncols = 1;
	if (n > 1 && chance(r, 30)) {
		k->cols[1] = ids[rnd(r, n)];
		if (k->cols[1] != k->cols[0])
			k->ncols = 2;
	}
	/*
	 * CREATE TABLE silently merges identical unique constraints (only the
	 * first name survives), so never declare the same columns twice.
	 */
	{
		int i, j;

		for (i = 0; i < t->ncons - 1; i++) {
			const struct constraint *o = &t->cons[i];
			bool same = o->alive && o->kind == C_UNIQUE && o->ncols == k->ncols;

			for (j = 0; same && j < k->ncols; j++)
				same = o->cols[j] == k->cols[j];
			if (same) {
				t->ncons--;
				return;
			}
		}
	}
	/* NULLs count as equal then: only where no two rows hold NULL */
	k->nulls_not_distinct = chance(r, 15) &&
		(t->nrows <= 1 || (t->cols[k->cols[0]].has_data &&
				   t->cols[k->cols[k->ncols - 1]].has_data));	if (chance(r, 10))
		snprintf(k->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
}

static void add_check(struct schema *s, struct rng *r, struct table *t)
{
	int ids[MAX_COLS], n = pick_cols(t, col_checkable, ids);
	struct constraint *k;
	struct column *c;
	char q[NAME_LEN * 2 + 3];

	if (!n || t->ncons >= MAX_CONS)
		return;
	k = &t->cons[t->ncons++];
	memset(k, 0, sizeof(*k));
	k->alive = true;
	k->kind = C_CHECK;
	new_name(s, k->name, "ck");
	k->cols[0] = ids[rnd(r, n)];
	k->ncols = 1;
	c = &t->cols[k->cols[0]];
	ident(c->name, q, sizeof(q));
	/* Every value a row or a default holds passes these. */
	if (is_textual(c->type)) {
		switch (rnd(r, 5)) {
		case 0: snprintf(k->check, TEXT_LEN, "length(%s) < 1000", q); break;
		case 1: snprintf(k->check, TEXT_LEN, "%s <> 'forbidden'", q); break;
		case 2: snprintf(k->check, TEXT_LEN, "%s NOT LIKE 'zz%%'", q); break;
		case 3: snprintf(k->check, TEXT_LEN, "char_length(%s) <= 500 OR %s IS NULL", q, q); break;
		/*
		 * Not "c IN ('a', 'b')": on a varchar column PostgreSQL's own
		 * deparsed text of that parses to a different tree, so A and B
		 * would list different (equivalent) texts.
		 */
		default: snprintf(k->check, TEXT_LEN, "%s IS DISTINCT FROM 'zz' OR id > -1", q); break;
		}
	} else {
		switch (rnd(r, 5)) {
		case 0: snprintf(k->check, TEXT_LEN, "%s > -100", q); break;
		case 1: snprintf(k->check, TEXT_LEN, "%s BETWEEN -100 AND 1000000", q); break;
		case 2: snprintf(k->check, TEXT_LEN, "(%s + 0) <> -999 AND id >= 0", q); break;
		/* not "c IN (1, 2)": after a type change it lists differently */
		case 3: snprintf(k->check, TEXT_LEN, "%s <> 12345 OR id > 0", q); break;
		default: snprintf(k->check, TEXT_LEN, "%s IS NULL OR %s >= -50", q, q); break;
		}
	}
}

/* A new nullable column of t referencing target(id). */
static void add_fk(struct schema *s, struct rng *r, struct table *t, int target)
{
	struct table *to = &s->tables[target];
	struct constraint *k;
	struct column *c;

	if (t->ncons >= MAX_CONS || t->ncols >= MAX_COLS)
		return;
	c = &t->cols[t->ncols++];
	memset(c, 0, sizeof(*c));
	c->alive = true;
	c->seq_id = -1;
	new_name(s, c->name, "ref");
	c->type = to->id_type;
	c->is_fk = true;
	k = &t->cons[t->ncons++];
	memset(k, 0, sizeof(*k));
	k->alive = true;
	k->kind = C_FK;
	new_name(s, k->name, "fk");
	k->cols[0] = t->ncols - 1;
	k->ncols = 1;
	k->ref_table = target;
	k->on_delete = rnd(r, (int)(sizeof(fk_actions) / sizeof(fk_actions[0])));
	k->on_update = chance(r, 70) ? 0 : rnd(r, (int)(sizeof(fk_actions) / sizeof(fk_actions[0])));
	k->deferrable = chance(r, 15);
	k->initially_deferred = k->deferrable && chance(r, 50);
	k->match_full = chance(r, 10);
	if (chance(r, 10))
		snprintf(k->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
}

static void add_index(struct schema *s, struct rng *r, struct table *t)
{
	int ids[MAX_COLS], n;
	struct index *x;

	if (t->nidx >= MAX_IDX)
		return;
	x = &t->idx[t->nidx];
	memset(x, 0, sizeof(*x));
	x->alive = true;
	x->method = "btree";
	x->kind = (enum idx_kind)rnd(r, 5);
	switch (x->kind) {
	case I_UNIQUE:
		n = keep_distinct(t, ids, pick_cols(t, col_uniqueable, ids));
		break;
	case I_EXPR:
		n = pick_cols(t, chance(r, 70) ? col_textual : col_int, ids);
		break;
	case I_METHOD:
		if (chance(r, 50)) {
			n = pick_cols(t, col_gin, ids);
			x->method = "gin";
		} else if (chance(r, 50)) {
			n = pick_cols(t, col_brin, ids);
			x->method = "brin";
		} else {
			n = pick_cols(t, col_plain_indexable, ids);
			x->method = "hash";
		}
		break;
	default:
		n = pick_cols(t, col_plain_indexable, ids);
		break;
	}
	if (!n)
		return;
	new_name(s, x->name, "ix");
	x->cols[0] = ids[rnd(r, n)];
	x->ncols = 1;
	if ((x->kind == I_PLAIN || x->kind == I_UNIQUE) && n > 1 && chance(r, 30)) {
		x->cols[1] = ids[rnd(r, n)];
		if (x->cols[1] != x->cols[0])
			x->ncols = 2;
	}
	x->desc = x->kind == I_PLAIN && chance(r, 30);
	x->include_col = -1;
	if (x->kind == I_EXPR)
		x->form = is_textual(t->cols[x->cols[0]].type) ? rnd(r, 3) : 0;
	if (x->kind == I_PARTIAL)
		x->form = rnd(r, 3);
	if (strcmp(x->method, "btree") == 0) {
		int all[MAX_COLS], m = pick_cols(t, NULL, all);
		int inc = m ? all[rnd(r, m)] : -1;

		if (inc >= 0 && chance(r, 20) && inc != x->cols[0] &&
		    (x->ncols < 2 || inc != x->cols[1]))
			x->include_col = inc;
		if (chance(r, 10))
			x->fillfactor = 50 + rnd(r, 50);
		x->pattern_ops = x->kind == I_PLAIN && x->ncols == 1 && !x->desc &&
				 is_textual(t->cols[x->cols[0]].type) && chance(r, 30);
	}
	if (chance(r, 10))
		snprintf(x->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
	t->nidx++;
}

static int add_table(struct schema *s, struct rng *r, bool with_rows)
{
	struct table *t;
	int i, ncols;

	if (s->ntables >= MAX_TABLES)
		return -1;
	t = &s->tables[s->ntables];
	memset(t, 0, sizeof(*t));
	t->alive = true;
	t->schema = pick_schema(s, r);
	if (chance(r, 10))
		snprintf(t->name, NAME_LEN, "Tab %d", ++s->counter);
	else
		new_name(s, t->name, "t");
	t->id_type = chance(r, 50) ? T_INT : T_BIGINT;
	t->identity = chance(r, 25) ? (chance(r, 50) ? 'a' : 'd') : 0;
	ncols = 1 + rnd(r, 5);
	for (i = 0; i < ncols; i++)
		add_column(s, r, t, false);
	if (chance(r, 40))
		add_unique(s, r, t);
	if (chance(r, 30))
		add_check(s, r, t);
	for (i = rnd(r, 3); i > 0; i--)
		add_index(s, r, t);
	if (chance(r, 20))
		snprintf(t->comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
	t->nrows = with_rows ? 1 + rnd(r, 3) : 0;
	for (i = 0; i < t->ncols; i++)
		t->cols[i].has_data = t->nrows > 0 && !t->cols[i].is_fk;
	return s->ntables++;
}

/* Marks the enum labels the rows of t use (rows use the first label). */
static void mark_row_labels(struct schema *s, struct table *t)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (t->nrows && t->cols[i].alive && t->cols[i].type == T_ENUM)
			s->enums[t->cols[i].enum_id].used[0] = true;
}

static void generate(struct schema *s, struct rng *r, int ntables)
{
	int i, n, ids[MAX_TABLES];

	memset(s, 0, sizeof(*s));
	s->extra = chance(r, 40);
	snprintf(s->extra_name, NAME_LEN, "%s", chance(r, 20) ? "Extra Schema" : "extra");
	for (i = rnd(r, 3); i > 0; i--)
		add_enum(s, r);
	for (i = rnd(r, 2); i > 0; i--)
		add_sequence(s, r);
	for (i = 0; i < ntables; i++)
		add_table(s, r, chance(r, 50));
	/* foreign keys, cycles and self references included */
	n = live_tables(s, ids);
	for (i = 0; i < n; i++)
		if (chance(r, 40))
			add_fk(s, r, &s->tables[ids[i]], ids[rnd(r, n)]);
	for (i = 0; i < s->ntables; i++)
		mark_row_labels(s, &s->tables[i]);
}

/* ------------------------------------------------------------ edits */

/* Drops whatever depends on column ci of t. */
static void drop_column_dependents(struct table *t, int ci)
{
	int i, j;

	for (i = 0; i < t->ncons; i++)
		for (j = 0; j < t->cons[i].ncols; j++)
			if (t->cons[i].cols[j] == ci)
				t->cons[i].alive = false;
	for (i = 0; i < t->nidx; i++) {
		for (j = 0; j < t->idx[i].ncols; j++)
			if (t->idx[i].cols[j] == ci)
				t->idx[i].alive = false;
		if (t->idx[i].include_col == ci)
			t->idx[i].alive = false;
	}
}

/* A live table, or -1. */
static int random_table(struct schema *s, struct rng *r)
{
	int ids[MAX_TABLES], n = live_tables(s, ids);

	return n ? ids[rnd(r, n)] : -1;
}

static int random_column(struct rng *r, struct table *t, bool (*pred)(const struct column *))
{
	int ids[MAX_COLS], n = pick_cols(t, pred, ids);

	return n ? ids[rnd(r, n)] : -1;
}

static void note(char *log, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void note(char *log, size_t size, const char *fmt, ...)
{
	size_t len = strlen(log);
	va_list ap;

	if (len + 2 >= size)
		return;
	if (len)
		log[len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(log + len, size - len, fmt, ap);
	va_end(ap);
}

static bool edit_drop_table(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), i, j;

	if (ti < 0)
		return false;
	s->tables[ti].alive = false;
	for (i = 0; i < s->ntables; i++)
		for (j = 0; j < s->tables[i].ncons; j++)
			if (s->tables[i].cons[j].kind == C_FK && s->tables[i].cons[j].ref_table == ti)
				s->tables[i].cons[j].alive = false;
	note(log, lsz, "drop-table:%s", s->tables[ti].name);
	return true;
}

/* Is column ci of t part of a live unique constraint or unique index? */
static bool col_in_unique(const struct table *t, int ci)
{
	int i, j;

	for (i = 0; i < t->ncons; i++)
		for (j = 0; t->cons[i].alive && t->cons[i].kind == C_UNIQUE &&
			    j < t->cons[i].ncols; j++)
			if (t->cons[i].cols[j] == ci)
				return true;
	for (i = 0; i < t->nidx; i++)
		for (j = 0; t->idx[i].alive && t->idx[i].kind == I_UNIQUE && j < t->idx[i].ncols; j++)
			if (t->idx[i].cols[j] == ci)
				return true;
	return false;
}

static bool nullable_or_default(const struct column *c)
{
	return !c->not_null || c->def[0];
}

static bool edit_drop_column(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), ci;
	struct table *t;

	if (ti < 0)
		return false;
	t = &s->tables[ti];
	ci = random_column(r, t, NULL);
	if (ci < 0)
		return false;
	/*
	 * The downgrade adds the column back as it was before the edits, to a
	 * table with rows: it must be nullable or have a default, and since
	 * every row then holds the same default (or NULL), it must not be part
	 * of a unique constraint or index.
	 */
	if (t->nrows && s->orig && ti < s->orig->ntables && s->orig->tables[ti].alive &&
	    ci < s->orig->tables[ti].ncols && s->orig->tables[ti].cols[ci].alive) {
		const struct table *ot = &s->orig->tables[ti];

		if (!nullable_or_default(&ot->cols[ci]) || (ot->nrows > 1 && col_in_unique(ot, ci)))
			return false;
	}
	t->cols[ci].alive = false;
	drop_column_dependents(t, ci);
	note(log, lsz, "drop-column:%s.%s", t->name, t->cols[ci].name);
	return true;
}

static bool changeable(const struct column *c)
{
	return !c->is_fk;
}

/* serial brings its own NOT NULL and default: leave those alone */
static bool not_serial(const struct column *c)
{
	return !c->serial;
}

static bool default_changeable(const struct column *c)
{
	return !c->is_fk && !c->serial;
}

/* Widening changes (and text <-> varchar), valid for the rows' values. */
static bool edit_alter_type(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), ci;
	struct column *c;

	if (ti < 0)
		return false;
	ci = random_column(r, &s->tables[ti], changeable);
	if (ci < 0)
		return false;
	c = &s->tables[ti].cols[ci];
	if (is_textual(c->type) && chance(r, 30)) {
		c->collate_c = !c->collate_c;
		note(log, lsz, "collation:%s.%s", s->tables[ti].name, c->name);
		return true;
	}
	switch (c->type) {
	case T_SMALLINT: c->type = chance(r, 50) ? T_INT : T_BIGINT; break;
	case T_INT: c->type = T_BIGINT; break;
	case T_NUMERIC: c->prec += 1 + rnd(r, 6); break;
	case T_REAL: c->type = T_DOUBLE; break;
	case T_VARCHAR:
		if (c->len && chance(r, 60))
			c->len += 1 + rnd(r, 100);
		else
			c->type = T_TEXT;
		break;
	case T_TEXT:
		c->type = T_VARCHAR;
		c->len = chance(r, 50) ? 0 : 50 + rnd(r, 100);
		break;
	case T_TIMESTAMP: c->type = T_TIMESTAMPTZ; break;
	default: return false;
	}
	/* a literal default of the old type may not fit the new one: redo it */
	if (c->def[0] && c->seq_id < 0 && c->type != T_TIMESTAMPTZ)
		pick_default(s, r, c);
	else if (c->type == T_TIMESTAMPTZ && c->def[0])
		snprintf(c->def, TEXT_LEN, "now()");
	note(log, lsz, "alter-type:%s.%s", s->tables[ti].name, c->name);
	return true;
}

static bool edit_nullability(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), ci;
	struct table *t;
	struct column *c;

	if (ti < 0)
		return false;
	t = &s->tables[ti];
	ci = random_column(r, t, not_serial);
	if (ci < 0)
		return false;
	c = &t->cols[ci];
	if (c->not_null) {
		c->not_null = false;
	} else {
		if (t->nrows && !c->has_data)
			return false;
		c->not_null = true;
	}
	note(log, lsz, "%s:%s.%s", c->not_null ? "set-not-null" : "drop-not-null", t->name, c->name);
	return true;
}

static bool edit_default(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), ci;
	struct table *t;
	struct column *c;

	if (ti < 0)
		return false;
	t = &s->tables[ti];
	ci = random_column(r, t, default_changeable);
	if (ci < 0)
		return false;
	c = &t->cols[ci];
	if (c->def[0] && chance(r, 40)) {
		c->def[0] = '\0';
		c->seq_id = -1;
		note(log, lsz, "drop-default:%s.%s", t->name, c->name);
	} else {
		pick_default(s, r, c);
		note(log, lsz, "set-default:%s.%s", t->name, c->name);
	}
	return true;
}

static bool edit_drop_constraint(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), i, ids[MAX_CONS], n = 0;
	struct table *t;

	if (ti < 0)
		return false;
	t = &s->tables[ti];
	for (i = 0; i < t->ncons; i++)
		if (t->cons[i].alive)
			ids[n++] = i;
	if (!n)
		return false;
	i = ids[rnd(r, n)];
	t->cons[i].alive = false;
	note(log, lsz, "drop-constraint:%s.%s", t->name, t->cons[i].name);
	return true;
}

static bool edit_drop_index(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), i, ids[MAX_IDX], n = 0;
	struct table *t;

	if (ti < 0)
		return false;
	t = &s->tables[ti];
	for (i = 0; i < t->nidx; i++)
		if (t->idx[i].alive)
			ids[n++] = i;
	if (!n)
		return false;
	i = ids[rnd(r, n)];
	t->idx[i].alive = false;
	note(log, lsz, "drop-index:%s", t->idx[i].name);
	return true;
}

static bool edit_enum(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ids[MAX_ENUMS], n = live_enums(s, ids), i, j;
	struct enum_type *e;
	const int pool = (int)(sizeof(labels_pool) / sizeof(labels_pool[0]));

	if (!n)
		return false;
	e = &s->enums[ids[rnd(r, n)]];
	switch (rnd(r, 4)) {
	case 3:		/* drop the whole type when no column uses it */
		for (i = 0; i < s->ntables; i++)
			for (j = 0; s->tables[i].alive && j < s->tables[i].ncols; j++)
				if (s->tables[i].cols[j].alive && s->tables[i].cols[j].type == T_ENUM &&
				    &s->enums[s->tables[i].cols[j].enum_id] == e)
					return false;
		e->alive = false;
		note(log, lsz, "drop-enum:%s", e->name);
		return true;
	case 0: {	/* add a label at a random position */
		const char *lab = NULL;
		int pos;

		if (e->nlabels >= MAX_LABELS)
			return false;
		for (i = 0; i < pool && !lab; i++) {
			const char *cand = labels_pool[(i + rnd(r, pool)) % pool];
			bool dup = false;

			for (j = 0; j < e->nlabels; j++)
				dup |= strcmp(e->labels[j], cand) == 0;
			if (!dup)
				lab = cand;
		}
		if (!lab)
			return false;
		pos = rnd(r, e->nlabels + 1);
		for (j = e->nlabels; j > pos; j--) {
			memcpy(e->labels[j], e->labels[j - 1], NAME_LEN);
			e->used[j] = e->used[j - 1];
		}
		snprintf(e->labels[pos], NAME_LEN, "%s", lab);
		e->used[pos] = false;
		e->nlabels++;
		note(log, lsz, "enum-add:%s@%d", e->name, pos);
		return true;
	}
	case 1:		/* remove an unused label */
		for (i = 0; i < e->nlabels; i++) {
			if (e->used[i] || e->nlabels <= 1)
				continue;
			note(log, lsz, "enum-remove:%s:%s", e->name, e->labels[i]);
			for (j = i; j + 1 < e->nlabels; j++) {
				memcpy(e->labels[j], e->labels[j + 1], NAME_LEN);
				e->used[j] = e->used[j + 1];
			}
			e->nlabels--;
			return true;
		}
		return false;
	default:	/* reorder: rotate or swap two */
		if (e->nlabels < 2)
			return false;
		i = rnd(r, e->nlabels);
		j = (i + 1 + rnd(r, e->nlabels - 1)) % e->nlabels;
		{
			char tmp[NAME_LEN];
			bool u = e->used[i];

			memcpy(tmp, e->labels[i], NAME_LEN);
			memcpy(e->labels[i], e->labels[j], NAME_LEN);
			memcpy(e->labels[j], tmp, NAME_LEN);
			e->used[i] = e->used[j];
			e->used[j] = u;
		}
		note(log, lsz, "enum-reorder:%s", e->name);
		return true;
	}
}

static bool edit_sequence(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ids[MAX_SEQS], n = live_seqs(s, ids), qi, i, j;
	struct sequence *q;

	if (!n || chance(r, 30)) {
		if (add_sequence(s, r) < 0)
			return false;
		note(log, lsz, "add-sequence:%s", s->seqs[s->nseqs - 1].name);
		return true;
	}
	qi = ids[rnd(r, n)];
	q = &s->seqs[qi];
	if (chance(r, 30)) {
		q->alive = false;
		for (i = 0; i < s->ntables; i++)
			for (j = 0; j < s->tables[i].ncols; j++)
				if (s->tables[i].cols[j].seq_id == qi) {
					struct column *c = &s->tables[i].cols[j];

					/* keep NOT NULL columns fillable */
					snprintf(c->def, TEXT_LEN, "%d", 7);
					c->seq_id = -1;
				}
		note(log, lsz, "drop-sequence:%s", q->name);
		return true;
	}
	/* the current value (start) must stay within [min, max] */
	q->increment = 1 + rnd(r, 9);
	q->cache = 1 + rnd(r, 5);
	q->cycle = !q->cycle;
	if (chance(r, 50))
		q->max = q->start + 500 + rnd(r, 5000);
	note(log, lsz, "alter-sequence:%s", q->name);
	return true;
}

static void set_or_clear_comment(struct rng *r, char *comment)
{
	if (comment[0] && chance(r, 40))
		comment[0] = '\0';
	else
		snprintf(comment, TEXT_LEN, "%s", comments[rnd(r, 6)]);
}

static bool edit_comment(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r), ci, ids[MAX_ENUMS], n;
	struct table *t;

	switch (rnd(r, 5)) {
	case 4: {
		int k, ids2[MAX_CONS], m = 0;

		if (ti < 0)
			return false;
		t = &s->tables[ti];
		for (k = 0; k < t->ncons; k++)
			if (t->cons[k].alive)
				ids2[m++] = k;
		if (!m)
			return false;
		k = ids2[rnd(r, m)];
		set_or_clear_comment(r, t->cons[k].comment);
		note(log, lsz, "comment-constraint:%s.%s", t->name, t->cons[k].name);
		return true;
	}
	case 0:
		if (ti < 0)
			return false;
		set_or_clear_comment(r, s->tables[ti].comment);
		note(log, lsz, "comment-table:%s", s->tables[ti].name);
		return true;
	case 1:
		if (ti < 0)
			return false;
		t = &s->tables[ti];
		ci = random_column(r, t, NULL);
		if (ci < 0)
			return false;
		set_or_clear_comment(r, t->cols[ci].comment);
		note(log, lsz, "comment-column:%s.%s", t->name, t->cols[ci].name);
		return true;
	case 2:
		n = live_enums(s, ids);
		if (!n)
			return false;
		n = ids[rnd(r, n)];
		set_or_clear_comment(r, s->enums[n].comment);
		note(log, lsz, "comment-enum:%s", s->enums[n].name);
		return true;
	default: {
		int sq[MAX_SEQS], m = live_seqs(s, sq);

		if (!m)
			return false;
		m = sq[rnd(r, m)];
		set_or_clear_comment(r, s->seqs[m].comment);
		note(log, lsz, "comment-sequence:%s", s->seqs[m].name);
		return true;
	}
	}
}

static bool edit_identity(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti = random_table(s, r);
	struct table *t;

	if (ti < 0)
		return false;
	t = &s->tables[ti];
	switch (t->identity) {
	case 0: t->identity = chance(r, 50) ? 'a' : 'd'; break;
	case 'a': t->identity = chance(r, 50) ? 0 : 'd'; break;
	default: t->identity = chance(r, 50) ? 0 : 'a'; break;
	}
	note(log, lsz, "identity:%s", t->name);
	return true;
}

static bool edit_add_enum_column(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ei = add_enum(s, r), ti = random_table(s, r);
	struct table *t;
	struct column *c;

	if (ei < 0 || ti < 0)
		return false;
	t = &s->tables[ti];
	if (t->ncols >= MAX_COLS)
		return false;
	c = &t->cols[t->ncols++];
	memset(c, 0, sizeof(*c));
	c->alive = true;
	c->seq_id = -1;
	new_name(s, c->name, "c");
	c->type = T_ENUM;
	c->enum_id = ei;
	if (chance(r, 50))
		pick_default(s, r, c);
	note(log, lsz, "add-enum-column:%s.%s", t->name, c->name);
	return true;
}

static bool edit_schema(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int i;

	if (!s->extra) {
		s->extra = true;
		i = add_table(s, r, false);
		if (i >= 0)
			s->tables[i].schema = 1;
		note(log, lsz, "add-schema");
		return true;
	}
	/*
	 * Drop the extra schema with everything in it. Columns elsewhere of an
	 * enum type from it go too, which a table with rows allows only when
	 * the downgrade can add them back (nullable or with a default).
	 */
	for (i = 0; i < s->ntables; i++) {
		int j;

		for (j = 0; s->tables[i].alive && s->tables[i].schema == 0 &&
			    s->tables[i].nrows && j < s->tables[i].ncols; j++) {
			const struct column *c = &s->tables[i].cols[j];

			const struct column *oc = NULL;

			if (s->orig && i < s->orig->ntables && j < s->orig->tables[i].ncols &&
			    s->orig->tables[i].cols[j].alive)
				oc = &s->orig->tables[i].cols[j];
			if (c->alive && c->type == T_ENUM && s->enums[c->enum_id].schema == 1 &&
			    ((c->not_null && !c->def[0]) || (oc && oc->not_null && !oc->def[0])))
				return false;
		}
	}
	for (i = 0; i < s->ntables; i++) {
		int j, k;

		if (!s->tables[i].alive)
			continue;
		for (j = 0; j < s->tables[i].ncols; j++) {
			struct column *c = &s->tables[i].cols[j];

			if (!c->alive)
				continue;
			if (c->seq_id >= 0 && s->seqs[c->seq_id].schema == 1) {
				snprintf(c->def, TEXT_LEN, "%d", 3);
				c->seq_id = -1;
			}
			if (c->type == T_ENUM && s->enums[c->enum_id].schema == 1 &&
			    s->tables[i].schema == 0) {
				c->alive = false;
				drop_column_dependents(&s->tables[i], j);
			}
		}
		if (s->tables[i].schema == 1) {
			s->tables[i].alive = false;
			for (j = 0; j < s->ntables; j++)
				for (k = 0; k < s->tables[j].ncons; k++)
					if (s->tables[j].cons[k].kind == C_FK &&
					    s->tables[j].cons[k].ref_table == i)
						s->tables[j].cons[k].alive = false;
		}
	}
	for (i = 0; i < s->nenums; i++)
		if (s->enums[i].schema == 1)
			s->enums[i].alive = false;
	for (i = 0; i < s->nseqs; i++)
		if (s->seqs[i].schema == 1)
			s->seqs[i].alive = false;
	s->extra = false;
	note(log, lsz, "drop-schema");
	return true;
}

/* Applies one random edit; false when the chosen edit did not fit. */
static bool edit_once(struct schema *s, struct rng *r, char *log, size_t lsz)
{
	int ti, ci;
	struct table *t;

	switch (rnd(r, 18)) {
	case 0:
		if (add_table(s, r, false) < 0)
			return false;
		note(log, lsz, "add-table:%s", s->tables[s->ntables - 1].name);
		return true;
	case 1:
		return edit_drop_table(s, r, log, lsz);
	case 2: case 3: {
		struct column *c;

		ti = random_table(s, r);
		if (ti < 0)
			return false;
		t = &s->tables[ti];
		c = add_column(s, r, t, t->nrows > 0);
		if (!c)
			return false;
		note(log, lsz, "add-column:%s.%s", t->name, c->name);
		return true;
	}
	case 4:
		return edit_drop_column(s, r, log, lsz);
	case 5:
		return edit_alter_type(s, r, log, lsz);
	case 6:
		return edit_nullability(s, r, log, lsz);
	case 7:
		return edit_default(s, r, log, lsz);
	case 8:
		ti = random_table(s, r);
		if (ti < 0)
			return false;
		if (chance(r, 50))
			add_unique(s, r, &s->tables[ti]);
		else
			add_check(s, r, &s->tables[ti]);
		note(log, lsz, "add-constraint:%s", s->tables[ti].name);
		return true;
	case 9:
		ti = random_table(s, r);
		ci = random_table(s, r);
		if (ti < 0)
			return false;
		add_fk(s, r, &s->tables[ti], ci);
		note(log, lsz, "add-fk:%s->%s", s->tables[ti].name, s->tables[ci].name);
		return true;
	case 10:
		return edit_drop_constraint(s, r, log, lsz);
	case 11:
		ti = random_table(s, r);
		if (ti < 0)
			return false;
		add_index(s, r, &s->tables[ti]);
		note(log, lsz, "add-index:%s", s->tables[ti].name);
		return true;
	case 12:
		return edit_drop_index(s, r, log, lsz);
	case 13:
		return edit_enum(s, r, log, lsz);
	case 14:
		return edit_sequence(s, r, log, lsz);
	case 15:
		return edit_comment(s, r, log, lsz);
	case 16:
		return chance(r, 50) ? edit_identity(s, r, log, lsz)
				     : edit_add_enum_column(s, r, log, lsz);
	default:
		if (chance(r, 25))
			return edit_schema(s, r, log, lsz);
		return edit_comment(s, r, log, lsz);
	}
}

/* ------------------------------------------------------------ printing */

static void print_comment(struct out *o, const char *what, const char *target,
			  const char *comment)
{
	char lit[TEXT_LEN * 2 + 3];

	if (comment[0])
		emit(o, "COMMENT ON %s %s IS %s;\n", what, target, literal(comment, lit, sizeof(lit)));
}

static void print_schema(const struct schema *s, struct out *o)
{
	char q[NAME_LEN * 3], q2[NAME_LEN * 8], ty[NAME_LEN * 3], lit[NAME_LEN * 3];
	int i, j, k;
	bool extra_used = s->extra;

	if (extra_used)
		emit(o, "CREATE SCHEMA %s;\n", ident(s->extra_name, q, sizeof(q)));
	for (i = 0; i < s->nenums; i++) {
		const struct enum_type *e = &s->enums[i];

		if (!e->alive)
			continue;
		qualified(s, e->schema, e->name, q, sizeof(q));
		emit(o, "CREATE TYPE %s AS ENUM (", q);
		for (j = 0; j < e->nlabels; j++)
			emit(o, "%s%s", j ? ", " : "", literal(e->labels[j], lit, sizeof(lit)));
		emit(o, ");\n");
		print_comment(o, "TYPE", q, e->comment);
	}
	for (i = 0; i < s->nseqs; i++) {
		const struct sequence *sq = &s->seqs[i];

		if (!sq->alive)
			continue;
		qualified(s, sq->schema, sq->name, q, sizeof(q));
		emit(o, "CREATE SEQUENCE %s INCREMENT BY %d MINVALUE %lld MAXVALUE %lld START WITH %lld CACHE %d%s;\n",
		     q, sq->increment, sq->min, sq->max, sq->start, sq->cache,
		     sq->cycle ? " CYCLE" : "");
		print_comment(o, "SEQUENCE", q, sq->comment);
	}
	for (i = 0; i < s->ntables; i++) {
		const struct table *t = &s->tables[i];
		char tq[NAME_LEN * 3];

		if (!t->alive)
			continue;
		qualified(s, t->schema, t->name, tq, sizeof(tq));
		emit(o, "CREATE TABLE %s (\n    id %s%s PRIMARY KEY", tq,
		     t->id_type == T_INT ? "integer" : "bigint",
		     t->identity == 'a' ? " GENERATED ALWAYS AS IDENTITY"
		     : t->identity == 'd' ? " GENERATED BY DEFAULT AS IDENTITY" : "");
		for (j = 0; j < t->ncols; j++) {
			const struct column *c = &t->cols[j];

			if (!c->alive)
				continue;
			emit(o, ",\n    %s %s%s%s", ident(c->name, q, sizeof(q)),
			     type_sql(s, c, ty, sizeof(ty)),
			     c->collate_c && is_textual(c->type) ? " COLLATE \"C\"" : "",
			     c->not_null ? " NOT NULL" : "");
			if (c->def[0])
				emit(o, " DEFAULT %s", c->def);
		}
		for (j = 0; j < t->ncons; j++) {
			const struct constraint *k2 = &t->cons[j];

			if (!k2->alive || k2->kind == C_FK)
				continue;
			emit(o, ",\n    CONSTRAINT %s ", ident(k2->name, q, sizeof(q)));
			if (k2->kind == C_CHECK) {
				emit(o, "CHECK (%s)", k2->check);
			} else {
				emit(o, "UNIQUE %s(", k2->nulls_not_distinct ? "NULLS NOT DISTINCT " : "");
				for (k = 0; k < k2->ncols; k++)
					emit(o, "%s%s", k ? ", " : "",
					     ident(t->cols[k2->cols[k]].name, q, sizeof(q)));
				emit(o, ")");
			}
		}
		emit(o, "\n);\n");
		print_comment(o, "TABLE", tq, t->comment);
		for (j = 0; j < t->ncons; j++) {
			if (!t->cons[j].alive || t->cons[j].kind == C_FK || !t->cons[j].comment[0])
				continue;
			snprintf(q2, sizeof(q2), "%s ON %s", ident(t->cons[j].name, q, sizeof(q)), tq);
			print_comment(o, "CONSTRAINT", q2, t->cons[j].comment);
		}
		for (j = 0; j < t->ncols; j++) {
			const struct column *c = &t->cols[j];

			if (!c->alive || !c->comment[0])
				continue;
			snprintf(q2, sizeof(q2), "%s.%s", tq, ident(c->name, q, sizeof(q)));
			print_comment(o, "COLUMN", q2, c->comment);
		}
		for (j = 0; j < t->nidx; j++) {
			const struct index *x = &t->idx[j];
			const struct column *c0 = &t->cols[x->cols[0]];

			if (!x->alive)
				continue;
			emit(o, "CREATE %sINDEX %s ON %s USING %s (", x->kind == I_UNIQUE ? "UNIQUE " : "",
			     ident(x->name, q, sizeof(q)), tq, x->method);
			ident(c0->name, q, sizeof(q));
			if (x->kind == I_EXPR) {
				if (!is_textual(c0->type))
					emit(o, "(%s + 1)", q);
				else if (x->form == 0)
					emit(o, "lower(%s)", q);
				else if (x->form == 1)
					emit(o, "upper(%s)", q);
				else
					emit(o, "(%s || '!')", q);
			} else {
				for (k = 0; k < x->ncols; k++)
					emit(o, "%s%s%s%s", k ? ", " : "",
					     ident(t->cols[x->cols[k]].name, q, sizeof(q)),
					     x->pattern_ops ? " text_pattern_ops" : "",
					     x->desc ? " DESC NULLS LAST" : "");
			}
			emit(o, ")");
			if (x->include_col >= 0)
				emit(o, " INCLUDE (%s)", ident(t->cols[x->include_col].name, q, sizeof(q)));
			if (x->fillfactor)
				emit(o, " WITH (fillfactor = %d)", x->fillfactor);
			if (x->kind == I_PARTIAL) {
				ident(c0->name, q, sizeof(q));
				if (x->form == 0)
					emit(o, " WHERE %s IS NOT NULL", q);
				else if (x->form == 1 && is_integer(c0->type))
					emit(o, " WHERE %s > 0", q);
				else if (x->form == 1 && is_textual(c0->type))
					emit(o, " WHERE %s <> ''", q);
				else if (x->form == 1)
					emit(o, " WHERE %s IS NOT NULL AND id > 0", q);
				else
					emit(o, " WHERE id > 0 OR %s IS NULL", q);
			}
			emit(o, ";\n");
			qualified(s, t->schema, x->name, q2, sizeof(q2));
			print_comment(o, "INDEX", q2, x->comment);
		}
	}
	/* foreign keys last: they may form cycles */
	for (i = 0; i < s->ntables; i++) {
		const struct table *t = &s->tables[i];
		char tq[NAME_LEN * 3];

		if (!t->alive)
			continue;
		qualified(s, t->schema, t->name, tq, sizeof(tq));
		for (j = 0; j < t->ncons; j++) {
			const struct constraint *k2 = &t->cons[j];
			const struct table *to;

			if (!k2->alive || k2->kind != C_FK)
				continue;
			to = &s->tables[k2->ref_table];
			emit(o, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s ON DELETE %s ON UPDATE %s%s%s;\n",
			     tq, ident(k2->name, q, sizeof(q)),
			     ident(t->cols[k2->cols[0]].name, ty, sizeof(ty)),
			     qualified(s, to->schema, to->name, q2, sizeof(q2)),
			     k2->match_full ? " MATCH FULL" : "",
			     fk_actions[k2->on_delete], fk_actions[k2->on_update],
			     k2->deferrable ? " DEFERRABLE" : "",
			     k2->initially_deferred ? " INITIALLY DEFERRED" : "");
			if (k2->comment[0]) {
				snprintf(q2, sizeof(q2), "%s ON %s", ident(k2->name, q, sizeof(q)), tq);
				print_comment(o, "CONSTRAINT", q2, k2->comment);
			}
		}
	}
}

/* The value row r of a table holds in column ci (distinct per row). */
static void row_value(const struct schema *s, const struct column *c, int row, int ci,
		      char *buf, size_t size)
{
	char lit[NAME_LEN * 2 + 3];

	switch (c->type) {
	case T_SMALLINT: case T_INT: case T_BIGINT:
		snprintf(buf, size, "%d", row * 10 + ci + 1);
		break;
	case T_NUMERIC: snprintf(buf, size, "%d", row + ci + 1); break;
	case T_REAL: case T_DOUBLE: snprintf(buf, size, "%d.5", row); break;
	case T_TEXT: case T_VARCHAR: snprintf(buf, size, "'r%dc%d'", row, ci); break;
	case T_BOOL: snprintf(buf, size, "%s", row % 2 ? "true" : "false"); break;
	case T_DATE: snprintf(buf, size, "'2020-01-%02d'", row + 1); break;
	case T_TIMESTAMP: case T_TIMESTAMPTZ:
		snprintf(buf, size, "'2020-01-01 00:00:%02d'", row);
		break;
	case T_UUID: snprintf(buf, size, "'00000000-0000-0000-0000-%012x'", row * 256 + ci); break;
	case T_JSONB: snprintf(buf, size, "'{\"r\": %d}'", row); break;
	case T_TEXTARR: snprintf(buf, size, "'{a,b}'"); break;
	case T_ENUM:
		snprintf(buf, size, "%s", literal(s->enums[c->enum_id].labels[0], lit, sizeof(lit)));
		break;
	case T_TYPE_COUNT: buf[0] = '\0'; break;
	}
}

static void print_data(const struct schema *s, struct out *o)
{
	char q[NAME_LEN * 3], v[NAME_LEN * 3];
	int i, j, row;

	for (i = 0; i < s->ntables; i++) {
		const struct table *t = &s->tables[i];

		if (!t->alive || !t->nrows)
			continue;
		for (row = 0; row < t->nrows; row++) {
			emit(o, "INSERT INTO %s (id", qualified(s, t->schema, t->name, q, sizeof(q)));
			for (j = 0; j < t->ncols; j++)
				if (t->cols[j].alive && t->cols[j].has_data)
					emit(o, ", %s", ident(t->cols[j].name, q, sizeof(q)));
			emit(o, ")%s VALUES (%d", t->identity == 'a' ? " OVERRIDING SYSTEM VALUE" : "",
			     row + 1);
			for (j = 0; j < t->ncols; j++) {
				if (!t->cols[j].alive || !t->cols[j].has_data)
					continue;
				row_value(s, &t->cols[j], row, j, v, sizeof(v));
				emit(o, ", %s", v);
			}
			emit(o, ");\n");
		}
	}
}

/*
 * The text PostgreSQL prints for a row value (row_value) after the edits,
 * or false when it depends on more than the value (time zones) and is
 * better left unchecked.
 */
static bool expected_text(const struct schema *s, const struct column *before,
			  const struct column *after, int row, int ci, char *buf, size_t size)
{
	switch (after->type) {
	case T_SMALLINT: case T_INT: case T_BIGINT:
		snprintf(buf, size, "%d", row * 10 + ci + 1);
		return true;
	case T_NUMERIC:
		if (after->scale)
			snprintf(buf, size, "%d.%0*d", row + ci + 1, after->scale, 0);
		else
			snprintf(buf, size, "%d", row + ci + 1);
		return true;
	case T_REAL: case T_DOUBLE: snprintf(buf, size, "%d.5", row); return true;
	case T_TEXT: case T_VARCHAR: snprintf(buf, size, "r%dc%d", row, ci); return true;
	case T_BOOL: snprintf(buf, size, "%s", row % 2 ? "true" : "false"); return true;
	case T_DATE: snprintf(buf, size, "2020-01-%02d", row + 1); return true;
	case T_UUID: snprintf(buf, size, "00000000-0000-0000-0000-%012x", row * 256 + ci); return true;
	case T_JSONB: snprintf(buf, size, "{\"r\": %d}", row); return true;
	case T_TEXTARR: snprintf(buf, size, "{a,b}"); return true;
	case T_ENUM:
		/* rows hold the label that came first when they were written */
		snprintf(buf, size, "%s", s->enums[before->enum_id].labels[0]);
		return true;
	case T_TIMESTAMP:
		if (before->type != T_TIMESTAMP)
			return false;
		snprintf(buf, size, "2020-01-01 00:00:%02d", row);
		return true;
	case T_TIMESTAMPTZ: case T_TYPE_COUNT: return false;
	}
	return false;
}

/*
 * data_query.sql and data_expected.txt: for every table that has rows and
 * survives the edits, its row count and the values of each surviving
 * column that held data, in id order.
 */
static void write_data_check(const char *dir, const struct schema *before,
			     const struct schema *after)
{
	char qpath[4096], epath[4096], q[NAME_LEN * 3], v[NAME_LEN * 3];
	struct out oq, oe;
	int i, j, row, nchecks = 0;

	snprintf(qpath, sizeof(qpath), "%s/data_query.sql", dir);
	snprintf(epath, sizeof(epath), "%s/data_expected.txt", dir);
	oq.path = qpath;
	oe.path = epath;
	oq.f = fopen(qpath, "w");
	oe.f = fopen(epath, "w");
	if (!oq.f || !oe.f)
		die("could not create %s: %s", qpath, strerror(errno));
	for (i = 0; i < after->ntables && i < before->ntables; i++) {
		const struct table *tb = &before->tables[i], *ta = &after->tables[i];

		if (!tb->alive || !ta->alive || !tb->nrows)
			continue;
		emit(&oq, "SELECT count(*)");
		emit(&oe, "%d", tb->nrows);
		for (j = 0; j < ta->ncols && j < tb->ncols; j++) {
			const struct column *cb = &tb->cols[j], *ca = &ta->cols[j];

			if (!cb->alive || !ca->alive || !cb->has_data ||
			    !expected_text(before, cb, ca, 0, j, v, sizeof(v)))
				continue;
			emit(&oq, ", string_agg(%s::text, ',' ORDER BY id)", ident(ca->name, q, sizeof(q)));
			for (row = 0; row < tb->nrows; row++) {
				expected_text(before, cb, ca, row, j, v, sizeof(v));
				emit(&oe, "%s%s", row ? "," : "|", v);
			}
		}
		emit(&oq, " FROM %s;\n", qualified(after, ta->schema, ta->name, q, sizeof(q)));
		emit(&oe, "\n");
		nchecks++;
	}
	if (fclose(oq.f) != 0 || fclose(oe.f) != 0)
		die("could not write %s: %s", qpath, strerror(errno));
	if (!nchecks) {
		remove(qpath);
		remove(epath);
	}
}

static void write_file(const char *dir, const char *name, const struct schema *s,
		       void (*fn)(const struct schema *, struct out *))
{
	char path[4096];
	struct out o;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	o.path = path;
	o.f = fopen(path, "w");
	if (!o.f)
		die("could not create %s: %s", path, strerror(errno));
	fn(s, &o);
	if (fclose(o.f) != 0)
		die("could not write %s: %s", path, strerror(errno));
}

static long parse_num(const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0)
		die("bad %s '%s' (want a non-negative number)", what, s);
	return v;
}

int main(int argc, char **argv)
{
	static struct schema before, after;
	struct rng r;
	char log[2048] = "";
	long seed, edits = -1, tables = -1;
	int i, done, tries;

	if (argc < 3) {
		fputs("usage: e2e_gen SEED OUTDIR [--edits N] [--tables N]\n", stderr);
		return 2;
	}
	seed = parse_num(argv[1], "seed");
	for (i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--edits") == 0 && i + 1 < argc)
			edits = parse_num(argv[++i], "--edits");
		else if (strcmp(argv[i], "--tables") == 0 && i + 1 < argc)
			tables = parse_num(argv[++i], "--tables");
		else
			die("unknown argument '%s'", argv[i]);
	}
	r.state = (uint64_t)seed * 0x2545f4914f6cdd1dULL + 1;
	if (tables < 0)
		tables = 1 + rnd(&r, 4);
	if (tables > MAX_TABLES / 2)
		tables = MAX_TABLES / 2;
	if (edits < 0)
		edits = 1 + rnd(&r, 5);
	generate(&before, &r, (int)tables);
	after = before;
	after.orig = &before;
	for (done = 0, tries = 0; done < edits && tries < 200; tries++)
		if (edit_once(&after, &r, log, sizeof(log)))
			done++;
	write_file(argv[2], "before.sql", &before, print_schema);
	write_file(argv[2], "data.sql", &before, print_data);
	write_file(argv[2], "after.sql", &after, print_schema);
	write_data_check(argv[2], &before, &after);
	printf("%s\n", log[0] ? log : "(no edit)");
	return 0;
}
