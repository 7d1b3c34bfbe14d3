/*
 * gen_schema.c - deterministic synthetic schemas and migration folders for
 * `make bench` (bench/run.sh) and its smoke test.
 *
 *   gen_schema [-s SEED] N before|after   SQL that builds the "before" or the
 *                                         "after" database of size N
 *   gen_schema migrations DIR COUNT       COUNT trivial migrations (a linear
 *                                         chain, each "SELECT 1;") in DIR
 *
 * The schema has N tables of 6-14 columns (uuid, integer, bigint, text,
 * varchar(n), numeric(p,s), timestamptz, boolean, jsonb and enum types),
 * 4 + N/250 enums, foreign keys to earlier tables, unique constraints,
 * plain, composite, partial and unique expression indexes, checks and
 * comments. Every table is drawn from its own pseudo-random stream seeded
 * by (SEED, table number), and every "after" decision from a hash of
 * (SEED, object, purpose), so the two outputs share everything except the
 * changes, and any N gives the same first tables.
 *
 * "after" differs from "before" in about 5% of the objects: columns added,
 * dropped, retyped (widened), given another default or nullability; indexes
 * added and dropped; table comments changed; enum values appended; tables
 * added and dropped. Both modes print the same counts to stderr as
 * "key=value" lines (objects in this mode, and the planned changes), which
 * bench/run.sh reads.
 *
 * No Python or other runtime: a fresh machine with a C compiler runs it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "banned.h"

#define MAX_COLS 20		/* 14 drawn + 2 foreign keys + 1 added, with room */
#define MAX_INDEXES 8
#define MAX_ENUM_VALUES 8
#define NAME_LEN 64

enum coltype {
	T_UUID, T_INT, T_BIGINT, T_TEXT, T_VARCHAR, T_NUMERIC, T_TSTZ, T_BOOL,
	T_JSONB, T_ENUM, T_COUNT
};

/* Column name stems per type, so the schema reads like an application's. */
static const char *const type_words[T_COUNT][4] = {
	[T_UUID] = { "token", "ext_ref", "trace", "nonce" },
	[T_INT] = { "qty", "rank", "score", "attempts" },
	[T_BIGINT] = { "total", "views", "bytes", "counter" },
	[T_TEXT] = { "name", "note", "title", "body" },
	[T_VARCHAR] = { "code", "email", "label", "slug" },
	[T_NUMERIC] = { "amount", "price", "rate", "weight" },
	[T_TSTZ] = { "created_at", "updated_at", "due_at", "seen_at" },
	[T_BOOL] = { "active", "archived", "flagged", "verified" },
	[T_JSONB] = { "attrs", "meta", "payload", "extra" },
	[T_ENUM] = { "status", "kind", "state", "phase" },
};
_Static_assert(sizeof(type_words) / sizeof(type_words[0]) == T_COUNT, "type_words");

static const char *const table_words[] = {
	"account", "order", "invoice", "item", "shipment", "customer", "ticket",
	"project", "task", "payment", "device", "session", "report", "message",
};

static const char *const enum_values[MAX_ENUM_VALUES] = {
	"draft", "open", "pending", "active", "closed", "archived", "failed", "held",
};

/* What the "after" schema does to an object. */
enum change {
	CH_NONE, CH_RETYPE, CH_DEFAULT, CH_NULLABILITY, CH_DROP
};

struct column {
	char name[NAME_LEN];
	enum coltype type;
	int p1, p2;		/* varchar length / numeric precision, scale / enum no. */
	bool not_null;
	bool has_default;
	bool comment;
	bool pinned;		/* key, FK, index or check column: never dropped */
	int fk_table;		/* > 0: REFERENCES that table's id */
	const char *on_delete;
	enum change change;
	bool added;		/* exists only in "after" */
};

enum index_kind { IX_PLAIN, IX_COMPOSITE, IX_PARTIAL, IX_UNIQUE_EXPR };

struct index {
	char name[NAME_LEN];
	enum index_kind kind;
	int col, col2;		/* column numbers; col2 < 0: none */
	int where_col;		/* partial: boolean column, or < 0 for IS NOT NULL */
	bool added;		/* exists only in "after" */
	bool dropped;		/* exists only in "before" */
};

struct table {
	int no;
	char name[NAME_LEN];
	bool uuid_pk;
	struct column cols[MAX_COLS];
	int ncols;
	struct index idx[MAX_INDEXES];
	int nidx;
	int unique_col;		/* UNIQUE (col) constraint, or -1 */
	int check_col;		/* CHECK on that column, or -1 */
	bool comment, comment_changed;
	bool referenced;	/* some FK points here: never dropped */
	bool dropped;		/* exists only in "before" */
	bool added;		/* exists only in "after" */
};

struct counts {
	long tables, columns, constraints, indexes, enums, enum_values, comments;
};

struct changes {
	long col_added, col_dropped, col_retyped, col_default, col_null;
	long idx_added, idx_dropped, comment_changed, enum_value_added;
	long table_added, table_dropped;
};

struct schema {
	uint64_t seed;
	int n;			/* tables in "before" */
	int ntotal;		/* plus the tables "after" adds */
	struct table *tables;	/* [1..ntotal] */
	int nenums;
	int *enum_nvalues;	/* [0..nenums) values in "before" */
	bool *enum_grows;	/* "after" appends a value */
	struct changes ch;
};

/* ------------------------------------------------------------ randomness */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A uniform number in [0, 1) from a hash of (seed, a, b, purpose). */
static double hash01(uint64_t seed, uint64_t a, uint64_t b, uint64_t purpose)
{
	uint64_t s = seed;

	s = splitmix64(&s) ^ a;
	s = splitmix64(&s) ^ b;
	s = splitmix64(&s) ^ purpose;
	return (double)(splitmix64(&s) >> 11) / 9007199254740992.0;
}

struct rng {
	uint64_t state;
};

static int rng_below(struct rng *r, int n)
{
	return (int)(splitmix64(&r->state) % (uint64_t)n);
}

static bool rng_chance(struct rng *r, double p)
{
	return (double)(splitmix64(&r->state) >> 11) / 9007199254740992.0 < p;
}

/* Purposes for hash01, so no two decisions share a stream. */
enum purpose {
	P_COL_CHANGE = 1, P_ADD_COL, P_ADD_IDX, P_DROP_IDX, P_COMMENT, P_ENUM,
	P_DROP_TABLE, P_ADD_IDX_COL,
};

/* ------------------------------------------------------------ building */

/* snprintf into a NAME_LEN buffer; a name that does not fit is a bug here. */
static void set_name(char *dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_name(char *dst, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(dst, NAME_LEN, fmt, ap);
	va_end(ap);
	if (len < 0 || len >= NAME_LEN) {
		fprintf(stderr, "gen_schema: name too long: %s...\n", dst);
		exit(1);
	}
}

static void draw_type(struct rng *r, struct column *c, int nenums)
{
	static const int varchar_len[] = { 20, 40, 80, 120, 255 };
	static const int numeric_p[] = { 10, 12, 14 };

	c->type = (enum coltype)rng_below(r, T_COUNT);
	switch (c->type) {
	case T_VARCHAR:
		c->p1 = varchar_len[rng_below(r, 5)];
		break;
	case T_NUMERIC:
		c->p1 = numeric_p[rng_below(r, 3)];
		c->p2 = rng_chance(r, 0.5) ? 2 : 4;
		break;
	case T_ENUM:
		c->p1 = rng_below(r, nenums);
		break;
	default:
		break;
	}
}

/* Draws 0-2 foreign key columns to distinct earlier tables into fks[]. */
static int draw_fk_columns(struct schema *s, struct table *t, struct rng *r, struct column *fks)
{
	static const char *const actions[] = { "CASCADE", "RESTRICT", "SET NULL", "NO ACTION" };
	int nfk = 0, want, k, ref, prev = 0;

	if (t->no == 1)
		return 0;
	want = rng_chance(r, 0.4) ? 0 : rng_chance(r, 0.67) ? 1 : 2;
	for (k = 0; k < want; k++) {
		struct column *c = &fks[nfk];
		int lo = t->no > 200 ? t->no - 200 : 1;

		ref = lo + rng_below(r, t->no - lo);
		if (ref == prev || s->tables[ref].dropped)
			continue;
		prev = ref;
		memset(c, 0, sizeof(*c));
		set_name(c->name, "%s_id", s->tables[ref].name);
		c->type = s->tables[ref].uuid_pk ? T_UUID : T_BIGINT;
		c->fk_table = ref;
		c->on_delete = actions[rng_below(r, 4)];
		c->not_null = strcmp(c->on_delete, "SET NULL") != 0 && rng_chance(r, 0.6);
		c->pinned = true;
		s->tables[ref].referenced = true;
		nfk++;
	}
	return nfk;
}

static int find_col_of(const struct table *t, enum coltype type, int skip)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].type == type && !t->cols[i].fk_table && i != skip)
			return i;
	return -1;
}

static void add_index(struct table *t, enum index_kind kind, int col, int col2, int where_col,
		      const char *suffix)
{
	struct index *x = &t->idx[t->nidx++];

	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->col = col;
	x->col2 = col2;
	x->where_col = where_col;
	set_name(x->name, "%s_%d_%s", t->name, t->nidx, suffix);
	t->cols[col].pinned = true;
	if (col2 >= 0)
		t->cols[col2].pinned = true;
	if (where_col >= 0)
		t->cols[where_col].pinned = true;
}

static void draw_indexes(struct table *t, struct rng *r, int nfk)
{
	int i, c, b;

	for (i = t->ncols - nfk; i < t->ncols; i++)
		if (rng_chance(r, 0.7))
			add_index(t, IX_PLAIN, i, -1, -1, "idx");
	c = find_col_of(t, T_TSTZ, -1);
	if (c >= 0 && rng_chance(r, 0.3)) {
		b = find_col_of(t, T_BOOL, -1);
		add_index(t, IX_PARTIAL, c, -1, b, "part_idx");
	}
	if (c >= 0 && nfk > 0 && rng_chance(r, 0.3))
		add_index(t, IX_COMPOSITE, t->ncols - nfk, c, -1, "recent_idx");
	c = find_col_of(t, T_TEXT, -1);
	if (c >= 0 && rng_chance(r, 0.15))
		add_index(t, IX_UNIQUE_EXPR, c, -1, -1, "lower_key");
}

static void draw_table(struct schema *s, struct table *t, const char *word)
{
	struct rng r = { s->seed ^ ((uint64_t)t->no * UINT64_C(0xd1b54a32d192ed03)) };
	struct column fks[2];
	int ndrawn, i, nfk, c;

	splitmix64(&r.state);
	set_name(t->name, "%s_%05d", word, t->no);
	t->uuid_pk = rng_chance(&r, 0.4);
	t->unique_col = t->check_col = -1;
	nfk = draw_fk_columns(s, t, &r, fks);
	ndrawn = 5 + rng_below(&r, 9) - nfk;	/* with id and FKs: 6-14 columns */
	for (i = 0; i < ndrawn; i++) {
		struct column *col = &t->cols[i];

		memset(col, 0, sizeof(*col));
		draw_type(&r, col, s->nenums);
		set_name(col->name, "%s_%d", type_words[col->type][rng_below(&r, 4)], i + 1);
		col->not_null = rng_chance(&r, 0.4);
		col->has_default = rng_chance(&r, 0.3) || (col->not_null && rng_chance(&r, 0.5));
		col->comment = rng_chance(&r, 0.1);
	}
	/* Foreign key columns go last. */
	for (i = 0; i < nfk; i++)
		t->cols[ndrawn + i] = fks[i];
	t->ncols = ndrawn + nfk;
	t->comment = rng_chance(&r, 0.5);

	c = find_col_of(t, T_VARCHAR, -1);
	if (c >= 0 && rng_chance(&r, 0.3)) {
		t->unique_col = c;
		t->cols[c].pinned = true;
	}
	c = find_col_of(t, T_NUMERIC, -1);
	if (c < 0)
		c = find_col_of(t, T_INT, -1);
	if (c >= 0 && rng_chance(&r, 0.4)) {
		t->check_col = c;
		t->cols[c].pinned = true;
	}
	draw_indexes(t, &r, nfk);
}

/* A column that can widen its type in place: integer, varchar, numeric. */
static bool can_widen(const struct column *c)
{
	return c->type == T_INT || c->type == T_VARCHAR || c->type == T_NUMERIC;
}

static void plan_column_changes(struct schema *s, struct table *t)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		struct column *c = &t->cols[i];
		double u = hash01(s->seed, (uint64_t)t->no, (uint64_t)i, P_COL_CHANGE);

		if (c->fk_table || c->added)
			continue;
		if (u < 0.02 && can_widen(c)) {
			c->change = CH_RETYPE;
			s->ch.col_retyped++;
		} else if (u < 0.04) {
			c->change = CH_DEFAULT;
			s->ch.col_default++;
		} else if (u < 0.055) {
			c->change = CH_NULLABILITY;
			s->ch.col_null++;
		} else if (u < 0.07 && !c->pinned) {
			c->change = CH_DROP;
			s->ch.col_dropped++;
		}
	}
}

static void plan_table_changes(struct schema *s, struct table *t)
{
	uint64_t no = (uint64_t)t->no;
	int i;

	if (hash01(s->seed, no, 0, P_ADD_IDX) < 0.04 && t->nidx < MAX_INDEXES) {
		int c = (int)(hash01(s->seed, no, 0, P_ADD_IDX_COL) * t->ncols);

		add_index(t, IX_PLAIN, c, -1, -1, "new_idx");
		t->idx[t->nidx - 1].added = true;
		s->ch.idx_added++;
	}
	for (i = 0; i < t->nidx; i++) {
		if (!t->idx[i].added && hash01(s->seed, no, (uint64_t)i, P_DROP_IDX) < 0.03) {
			t->idx[i].dropped = true;
			s->ch.idx_dropped++;
		}
	}
	if (hash01(s->seed, no, 0, P_COMMENT) < 0.02) {
		t->comment_changed = true;
		s->ch.comment_changed++;
	}
	plan_column_changes(s, t);
	if (hash01(s->seed, no, 0, P_ADD_COL) < 0.05 && t->ncols < MAX_COLS) {
		struct column *c = &t->cols[t->ncols++];

		memset(c, 0, sizeof(*c));
		set_name(c->name, "added_%d", t->ncols);
		if (t->no % 2) {
			c->type = T_TEXT;
		} else {
			c->type = T_INT;
			c->not_null = true;
			c->has_default = true;
		}
		c->added = true;
		s->ch.col_added++;
	}
}

static void schema_build(struct schema *s, uint64_t seed, int n)
{
	int i, nadded = n / 50 > 0 ? n / 50 : 1;

	s->seed = seed;
	s->n = n;
	s->ntotal = n + nadded;
	s->nenums = 4 + n / 250;
	s->tables = calloc((size_t)s->ntotal + 1, sizeof(*s->tables));
	s->enum_nvalues = calloc((size_t)s->nenums, sizeof(int));
	s->enum_grows = calloc((size_t)s->nenums, sizeof(bool));
	if (!s->tables || !s->enum_nvalues || !s->enum_grows) {
		fprintf(stderr, "gen_schema: out of memory\n");
		exit(1);
	}
	for (i = 0; i < s->nenums; i++) {
		struct rng r = { seed ^ (UINT64_C(0xe7037ed1a0b428db) * (uint64_t)(i + 1)) };

		s->enum_nvalues[i] = 3 + rng_below(&r, MAX_ENUM_VALUES - 3);
		if (hash01(seed, (uint64_t)i, 0, P_ENUM) < 0.3) {
			s->enum_grows[i] = true;
			s->ch.enum_value_added++;
		}
	}
	for (i = 1; i <= s->ntotal; i++) {
		struct table *t = &s->tables[i];

		t->no = i;
		t->added = i > n;
		draw_table(s, t, table_words[(unsigned)i % (sizeof(table_words) / sizeof(table_words[0]))]);
		if (t->added)
			s->ch.table_added++;
	}
	/* Drop a few tables nothing references (known only once all are drawn). */
	for (i = 1; i <= n; i++) {
		struct table *t = &s->tables[i];

		if (!t->referenced && hash01(seed, (uint64_t)i, 0, P_DROP_TABLE) < 0.005) {
			t->dropped = true;
			s->ch.table_dropped++;
		}
	}
	for (i = 1; i <= n; i++)
		if (!s->tables[i].dropped)
			plan_table_changes(s, &s->tables[i]);
}

/* ------------------------------------------------------------ SQL output */

static void put_type(const struct column *c, bool after)
{
	bool wide = after && c->change == CH_RETYPE;

	switch (c->type) {
	case T_UUID: fputs("uuid", stdout); break;
	case T_INT: fputs(wide ? "bigint" : "integer", stdout); break;
	case T_BIGINT: fputs("bigint", stdout); break;
	case T_TEXT: fputs("text", stdout); break;
	case T_VARCHAR: printf("varchar(%d)", c->p1 + (wide ? 64 : 0)); break;
	case T_NUMERIC: printf("numeric(%d,%d)", c->p1 + (wide ? 4 : 0), c->p2); break;
	case T_TSTZ: fputs("timestamptz", stdout); break;
	case T_BOOL: fputs("boolean", stdout); break;
	case T_JSONB: fputs("jsonb", stdout); break;
	case T_ENUM: printf("state_%02d", c->p1 + 1); break;
	case T_COUNT: break;
	}
}

/* The default in this mode, or NULL; "alt" is the changed one. */
static const char *default_text(const struct column *c, bool alt, char *buf, size_t len)
{
	switch (c->type) {
	case T_UUID: return alt ? NULL : "gen_random_uuid()";
	case T_INT:
	case T_BIGINT: return alt ? "1" : "0";
	case T_TEXT: return alt ? "'none'" : "''";
	case T_VARCHAR: return alt ? "'unknown'" : "'n/a'";
	case T_NUMERIC: return alt ? "1.5" : "0";
	case T_TSTZ: return alt ? NULL : "now()";
	case T_BOOL: return alt ? "true" : "false";
	case T_JSONB: return alt ? "'[]'::jsonb" : "'{}'::jsonb";
	case T_ENUM:
		snprintf(buf, len, "'%s'::state_%02d", enum_values[alt ? 1 : 0], c->p1 + 1);
		return buf;
	case T_COUNT: break;
	}
	return NULL;
}

static void put_column(const struct schema *s, const struct column *c, bool after)
{
	bool changed_default = after && c->change == CH_DEFAULT;
	bool not_null = c->not_null != (after && c->change == CH_NULLABILITY);
	char buf[NAME_LEN * 2];
	const char *def;

	printf(",\n    %s ", c->name);
	put_type(c, after);
	if (not_null)
		fputs(" NOT NULL", stdout);
	if (c->has_default || changed_default) {
		/* A column without a default gets the first one when changed. */
		def = default_text(c, c->has_default && changed_default, buf, sizeof(buf));
		if (def)
			printf(" DEFAULT %s", def);
	}
	if (c->fk_table)
		printf(" REFERENCES public.%s (id) ON DELETE %s", s->tables[c->fk_table].name,
		       c->on_delete);
}

static bool column_exists(const struct column *c, bool after)
{
	return after ? c->change != CH_DROP : !c->added;
}

static void put_index(const struct table *t, const struct index *x)
{
	const char *col = t->cols[x->col].name;

	switch (x->kind) {
	case IX_PLAIN:
		printf("CREATE INDEX %s ON public.%s (%s);\n", x->name, t->name, col);
		break;
	case IX_COMPOSITE:
		printf("CREATE INDEX %s ON public.%s (%s, %s DESC);\n", x->name, t->name, col,
		       t->cols[x->col2].name);
		break;
	case IX_PARTIAL:
		if (x->where_col >= 0)
			printf("CREATE INDEX %s ON public.%s (%s) WHERE %s;\n", x->name, t->name,
			       col, t->cols[x->where_col].name);
		else
			printf("CREATE INDEX %s ON public.%s (%s) WHERE %s IS NOT NULL;\n", x->name,
			       t->name, col, col);
		break;
	case IX_UNIQUE_EXPR:
		printf("CREATE UNIQUE INDEX %s ON public.%s (lower(%s));\n", x->name, t->name, col);
		break;
	}
}

static void put_checks_and_keys(const struct table *t)
{
	if (t->unique_col >= 0)
		printf(",\n    CONSTRAINT %s_uq UNIQUE (%s)", t->name, t->cols[t->unique_col].name);
	if (t->check_col >= 0) {
		const struct column *c = &t->cols[t->check_col];

		if (c->type == T_NUMERIC)
			printf(",\n    CONSTRAINT %s_ck CHECK (%s >= 0)", t->name, c->name);
		else
			printf(",\n    CONSTRAINT %s_ck CHECK (%s >= 0 AND %s <= 1000000)", t->name,
			       c->name, c->name);
	}
}

static void put_comments(const struct table *t, bool after)
{
	int i;

	if (t->comment || (after && t->comment_changed))
		printf("COMMENT ON TABLE public.%s IS 'Synthetic table %d%s';\n", t->name, t->no,
		       after && t->comment_changed ? ", revised" : "");
	for (i = 0; i < t->ncols; i++)
		if (t->cols[i].comment && column_exists(&t->cols[i], after))
			printf("COMMENT ON COLUMN public.%s.%s IS 'The %s of a %s';\n", t->name,
			       t->cols[i].name, t->cols[i].name, t->name);
}

static void put_table(const struct schema *s, const struct table *t, bool after, struct counts *n)
{
	int i;

	printf("CREATE TABLE public.%s (\n    id %s", t->name,
	       t->uuid_pk ? "uuid DEFAULT gen_random_uuid() PRIMARY KEY"
			  : "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
	n->columns++;
	n->constraints++;
	for (i = 0; i < t->ncols; i++) {
		if (!column_exists(&t->cols[i], after))
			continue;
		put_column(s, &t->cols[i], after);
		n->columns++;
		n->constraints += t->cols[i].fk_table ? 1 : 0;
		n->comments += t->cols[i].comment;
	}
	put_checks_and_keys(t);
	n->constraints += (t->unique_col >= 0) + (t->check_col >= 0);
	fputs("\n);\n", stdout);
	for (i = 0; i < t->nidx; i++) {
		const struct index *x = &t->idx[i];

		if (after ? x->dropped : x->added)
			continue;
		put_index(t, x);
		n->indexes++;
	}
	put_comments(t, after);
	n->comments += t->comment || (after && t->comment_changed);
	n->tables++;
}

static void put_enums(const struct schema *s, bool after, struct counts *n)
{
	int i, k;

	for (i = 0; i < s->nenums; i++) {
		int nv = s->enum_nvalues[i];

		printf("CREATE TYPE public.state_%02d AS ENUM (", i + 1);
		for (k = 0; k < nv; k++)
			printf("%s'%s'", k ? ", " : "", enum_values[k]);
		if (after && s->enum_grows[i]) {
			fputs(", 'reviewed'", stdout);
			nv++;
		}
		fputs(");\n", stdout);
		n->enums++;
		n->enum_values += nv;
	}
}

static void schema_print(const struct schema *s, bool after)
{
	struct counts n;
	int i, in_batch = 0;

	memset(&n, 0, sizeof(n));
	printf("-- retort bench schema: seed %" PRIu64 ", %d tables, %s\n", s->seed, s->n,
	       after ? "after" : "before");
	fputs("SET client_min_messages = warning;\nBEGIN;\n", stdout);
	put_enums(s, after, &n);
	fputs("COMMIT;\n", stdout);
	/* Batches of 100 tables keep each transaction's lock count modest. */
	for (i = 1; i <= s->ntotal; i++) {
		const struct table *t = &s->tables[i];

		if (after ? t->dropped : t->added)
			continue;
		if (in_batch == 0)
			fputs("BEGIN;\n", stdout);
		put_table(s, t, after, &n);
		if (++in_batch == 100) {
			fputs("COMMIT;\n", stdout);
			in_batch = 0;
		}
	}
	if (in_batch)
		fputs("COMMIT;\n", stdout);

	fprintf(stderr, "tables=%ld\ncolumns=%ld\nconstraints=%ld\nindexes=%ld\nenums=%ld\n"
		"enum_values=%ld\ncomments=%ld\n", n.tables, n.columns, n.constraints, n.indexes,
		n.enums, n.enum_values, n.comments);
	fprintf(stderr, "objects=%ld\n", n.tables + n.columns + n.constraints + n.indexes +
		n.enums + n.enum_values + n.comments);
	fprintf(stderr, "change_col_added=%ld\nchange_col_dropped=%ld\nchange_col_retyped=%ld\n"
		"change_col_default=%ld\nchange_col_nullability=%ld\nchange_idx_added=%ld\n"
		"change_idx_dropped=%ld\nchange_comment=%ld\nchange_enum_value_added=%ld\n"
		"change_table_added=%ld\nchange_table_dropped=%ld\n",
		s->ch.col_added, s->ch.col_dropped, s->ch.col_retyped, s->ch.col_default,
		s->ch.col_null, s->ch.idx_added, s->ch.idx_dropped, s->ch.comment_changed,
		s->ch.enum_value_added, s->ch.table_added, s->ch.table_dropped);
	fprintf(stderr, "changes=%ld\n", s->ch.col_added + s->ch.col_dropped + s->ch.col_retyped +
		s->ch.col_default + s->ch.col_null + s->ch.idx_added + s->ch.idx_dropped +
		s->ch.comment_changed + s->ch.enum_value_added + s->ch.table_added +
		s->ch.table_dropped);
}

/* ------------------------------------------------------------ migrations */

static int write_migrations(const char *dir, long count)
{
	char path[4096], rev[17], parent[17] = "base", created[32], stamp[32];
	time_t base = 1767225600;	/* 2026-01-01 00:00:00 UTC */
	long i;

	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "gen_schema: could not create %s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 1; i <= count; i++) {
		uint64_t st = (uint64_t)i;
		time_t when = base + i;
		struct tm tm;
		FILE *f;

		/* Unique: the low 24 bits are i itself. */
		snprintf(rev, sizeof(rev), "%012" PRIx64,
			 ((splitmix64(&st) & UINT64_C(0xffffff000000)) | (uint64_t)i) & UINT64_C(0xffffffffffff));
		gmtime_r(&when, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d_%H%M%S", &tm);
		strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S UTC", &tm);
		snprintf(path, sizeof(path), "%s/%s_%s_step_%ld.sql", dir, stamp, rev, i);
		f = fopen(path, "w");
		if (!f) {
			fprintf(stderr, "gen_schema: could not create %s: %s\n", path, strerror(errno));
			return 1;
		}
		fprintf(f, "-- retort migration\n-- Revision: %s\n-- Parents: %s\n-- Created: %s\n"
			"-- Message: step %ld\n\n-- retort:upgrade\nSELECT 1;\n\n"
			"-- retort:downgrade\nSELECT 1;\n", rev, parent, created, i);
		if (fclose(f) != 0) {
			fprintf(stderr, "gen_schema: could not write %s: %s\n", path, strerror(errno));
			return 1;
		}
		snprintf(parent, sizeof(parent), "%s", rev);
	}
	printf("%s\n", parent);	/* the head */
	return 0;
}

/* ------------------------------------------------------------ main */

static int usage(void)
{
	fputs("usage: gen_schema [-s SEED] N before|after\n"
	      "       gen_schema migrations DIR COUNT\n", stderr);
	return 2;
}

static bool parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int main(int argc, char **argv)
{
	struct schema s;
	long n, seed = 42;
	int a = 1;

	if (argc == 4 && strcmp(argv[1], "migrations") == 0) {
		if (!parse_long(argv[3], 1, 1000000, &n))
			return usage();
		return write_migrations(argv[2], n);
	}
	if (argc == 5 && strcmp(argv[1], "-s") == 0) {
		if (!parse_long(argv[2], 0, 2147483647L, &seed))
			return usage();
		a = 3;
	}
	if (argc != a + 2 || !parse_long(argv[a], 1, 200000, &n))
		return usage();
	if (strcmp(argv[a + 1], "before") != 0 && strcmp(argv[a + 1], "after") != 0)
		return usage();
	memset(&s, 0, sizeof(s));
	schema_build(&s, (uint64_t)seed, (int)n);
	schema_print(&s, strcmp(argv[a + 1], "after") == 0);
	free(s.tables);
	free(s.enum_nvalues);
	free(s.enum_grows);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gen_schema: could not write the output\n");
		return 1;
	}
	return 0;
}
