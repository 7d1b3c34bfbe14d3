/*
 * model_writer.c - writing a catalog as a model document (see model.h).
 *
 * This is what `retort inspect` prints, so the output is meant to be read
 * and kept: idiomatic (shorthands where they apply, names left out when
 * PostgreSQL would derive them, serial columns written as serial, defaults
 * left out) and deterministic (the same catalog always gives the same
 * bytes: objects by schema then name, columns in table order).
 *
 * Public objects sit directly under <model>; every other schema gets a
 * <schema> element holding its objects. A shorthand or an omitted name is
 * used only when reading the document back gives exactly the same catalog;
 * otherwise the long form is written.
 *
 * Escaping: attribute values and text escape & < > " and write tab, newline
 * and carriage return as character references. XML 1.0 cannot carry the
 * other control characters nor invalid UTF-8 at all; they become U+FFFD.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "names.h"
#include "quote.h"
#include "banned.h"

struct writer {
	const struct catalog *c;
	struct strbuf *out;
	struct arena scratch;
	struct strmap con_names;	/* "schema\x1fname" of constraints -> count */
	int depth;			/* indentation level */
};

/* --- escaping --------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, and U+FFFE/U+FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

static void add_escaped(struct strbuf *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s) {
		size_t n = utf8_len(s);

		if (n == 0) {
			strbuf_addstr(out, "\xef\xbf\xbd");
			s++;
			continue;
		}
		if (n > 1) {
			strbuf_add(out, s, n);
			s += n;
			continue;
		}
		switch (*s) {
		case '&': strbuf_addstr(out, "&amp;"); break;
		case '<': strbuf_addstr(out, "&lt;"); break;
		case '>': strbuf_addstr(out, "&gt;"); break;
		case '"': strbuf_addstr(out, "&quot;"); break;
		case '\t': strbuf_addstr(out, "&#9;"); break;
		case '\n': strbuf_addstr(out, "&#10;"); break;
		case '\r': strbuf_addstr(out, "&#13;"); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				strbuf_addstr(out, "\xef\xbf\xbd");
			else
				strbuf_addch(out, *s);
		}
		s++;
	}
}

/* --- element helpers -------------------------------------------------- */

static void open_tag(struct writer *w, const char *name)
{
	strbuf_addchars(w->out, ' ', (size_t)w->depth * 2);
	strbuf_addch(w->out, '<');
	strbuf_addstr(w->out, name);
}

/* Appends name="value"; a NULL value writes nothing. */
static void attr(struct writer *w, const char *name, const char *value)
{
	if (!value)
		return;
	strbuf_addch(w->out, ' ');
	strbuf_addstr(w->out, name);
	strbuf_addstr(w->out, "=\"");
	add_escaped(w->out, value);
	strbuf_addch(w->out, '"');
}

static void attr_true(struct writer *w, const char *name, bool set)
{
	if (set)
		attr(w, name, "true");
}

static void attr_ll(struct writer *w, const char *name, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	attr(w, name, buf);
}

/* Ends the start tag: "/>" for an empty element, ">" for one with content. */
static void end_tag(struct writer *w, bool empty)
{
	strbuf_addstr(w->out, empty ? "/>\n" : ">\n");
	if (!empty)
		w->depth++;
}

static void close_tag(struct writer *w, const char *name)
{
	w->depth--;
	strbuf_addchars(w->out, ' ', (size_t)w->depth * 2);
	strbuf_addf(w->out, "</%s>\n", name);
}

/* "a, b" with names quoted where the model's list syntax needs it. */
static const char *name_list(struct writer *w, const char *const *names, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		sb_add_ident(&sb, names[i]);
	}
	s = arena_strdup(&w->scratch, sb.buf);
	strbuf_release(&sb);
	return s;
}

static const char *fk_action_name(char action)
{
	switch (action) {
	case FK_RESTRICT: return "restrict";
	case FK_CASCADE: return "cascade";
	case FK_SET_NULL: return "set null";
	case FK_SET_DEFAULT: return "set default";
	default: return NULL;	/* no action: the default, left out */
	}
}

static bool is_public(const char *schema)
{
	return !schema || strcmp(schema, "public") == 0;
}

static bool same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* --- derived names ---------------------------------------------------- */

static const char *con_key(struct arena *a, const char *schema, const char *name)
{
	return arena_printf(a, "%s\x1f%s", schema ? schema : "", name);
}

static void count_constraint_names(struct writer *w)
{
	size_t i, j;

	for (i = 0; i < w->c->tables.len; i++) {
		const struct table *t = w->c->tables.items[i];

		for (j = 0; j < t->constraints.len; j++) {
			const struct constraint *con = t->constraints.items[j];
			const char *key = con_key(&w->scratch, t->o.schema, con->o.name);
			uintptr_t n = (uintptr_t)strmap_get(&w->con_names, key);

			strmap_put(&w->con_names, key, (void *)(n + 1));
		}
	}
}

/*
 * True when an object of the schema other than the one being named holds
 * name: a relation (table, sequence, index) or a constraint. This is
 * stricter than any of PostgreSQL's per-kind rules, so a name is left out
 * only when every reader must derive it back.
 */
static bool taken_by_other(struct writer *w, const char *schema, const char *name,
			   bool self_is_constraint)
{
	uintptr_t ncons = (uintptr_t)strmap_get(&w->con_names,
						con_key(&w->scratch, schema, name));

	if (ncons > (self_is_constraint ? 1u : 0u))
		return true;
	if (catalog_find_table(w->c, schema, name) || catalog_find_sequence(w->c, schema, name))
		return true;
	/* An index of that name is the object itself when naming an index. */
	return self_is_constraint && catalog_find_index(w->c, schema, name);
}

/*
 * A name can be left out when it is the one PostgreSQL derives without
 * any numbering and nothing else claims it; suffixed names ("t_a_key1")
 * depend on what else exists and are always written.
 */
static bool constraint_name_derived(struct writer *w, const struct table *t,
				    const struct constraint *con)
{
	return strcmp(names_for_constraint(&w->scratch, t, con, NULL, NULL), con->o.name) == 0 &&
	       !taken_by_other(w, t->o.schema, con->o.name, true);
}

static bool index_name_derived(struct writer *w, const struct table *t, const struct index *ix)
{
	return strcmp(names_for_index(&w->scratch, t, ix, NULL, NULL), ix->o.name) == 0 &&
	       !taken_by_other(w, t->o.schema, ix->o.name, false);
}

/* --- serial columns --------------------------------------------------- */

static const char *serial_type(const char *type)
{
	if (!type)
		return NULL;
	if (strcmp(type, "integer") == 0)
		return "serial";
	if (strcmp(type, "bigint") == 0)
		return "bigserial";
	if (strcmp(type, "smallint") == 0)
		return "smallserial";
	return NULL;
}

/* True when s has PostgreSQL's defaults for its type. */
static bool sequence_is_default(const struct sequence *s)
{
	struct sequence d = *s;

	d.increment = 1;
	sequence_set_defaults(&d);
	return s->increment == 1 && s->start == d.start && s->min_value == d.min_value &&
	       s->max_value == d.max_value && s->cache == d.cache && s->cycle == d.cycle;
}

/*
 * The sequence a serial column would have made, when col is exactly such a
 * column: integer/bigint/smallint NOT NULL, DEFAULT nextval('<t>_<c>_seq'),
 * that sequence owned by the column, of the column's type, with default
 * parameters and no comment. NULL otherwise.
 */
static const struct sequence *serial_sequence(struct writer *w, const struct column *col)
{
	const struct table *t = col->table;
	const char *seqname, *schema = t->o.schema;
	const struct sequence *s;
	struct strbuf want = STRBUF_INIT, ref = STRBUF_INIT;
	bool ok;

	if (!serial_type(col->type) || !col->not_null || !col->default_expr || col->identity ||
	    col->generated || col->collation)
		return NULL;
	seqname = names_make(&w->scratch, t->o.name, col->o.name, "seq");
	s = catalog_find_sequence(w->c, schema, seqname);
	if (!s || !same_str(s->owned_by_table, t->o.name) ||
	    !same_str(s->owned_by_column, col->o.name) || strcmp(s->type, col->type) != 0 ||
	    !sequence_is_default(s) || s->o.comment)
		return NULL;
	sb_add_qualified(&ref, is_public(schema) ? NULL : schema, seqname);
	strbuf_addstr(&want, "nextval(");
	sb_add_literal(&want, ref.buf);
	strbuf_addstr(&want, "::regclass)");
	ok = strcmp(want.buf, col->default_expr) == 0;
	strbuf_release(&want);
	strbuf_release(&ref);
	return ok ? s : NULL;
}

/* --- tables ----------------------------------------------------------- */

/* How a table's constraints are written: on the column, or as elements. */
struct table_plan {
	const struct constraint *pk_inline;	/* single-column PK as primary-key="true" */
	const struct constraint **unique_inline;	/* per column, or NULL */
	const struct constraint **fk_inline;	/* per column, or NULL */
	bool *inlined;				/* per constraint index */
};

static size_t column_index(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->columns.len; i++)
		if (strcmp(((const struct column *)t->columns.items[i])->o.name, name) == 0)
			return i;
	return SIZE_MAX;
}

static bool constraint_plain(const struct constraint *con)
{
	return !con->deferrable && !con->initially_deferred && !con->o.comment;
}

static void plan_table(struct writer *w, const struct table *t, struct table_plan *p)
{
	size_t ncols = t->columns.len, i;

	p->pk_inline = NULL;
	p->unique_inline = arena_alloc(&w->scratch, (ncols + 1) * sizeof(*p->unique_inline));
	p->fk_inline = arena_alloc(&w->scratch, (ncols + 1) * sizeof(*p->fk_inline));
	p->inlined = arena_alloc(&w->scratch, (t->constraints.len + 1) * sizeof(*p->inlined));
	for (i = 0; i < t->constraints.len; i++) {
		const struct constraint *con = t->constraints.items[i];
		size_t col;

		if (con->ncolumns != 1 || !constraint_plain(con) ||
		    !constraint_name_derived(w, t, con))
			continue;
		col = column_index(t, con->columns[0]);
		if (col == SIZE_MAX)
			continue;
		if (con->type == CON_PRIMARY) {
			p->pk_inline = con;
			p->inlined[i] = true;
		} else if (con->type == CON_UNIQUE && !con->nulls_not_distinct &&
			   !p->unique_inline[col]) {
			p->unique_inline[col] = con;
			p->inlined[i] = true;
		} else if (con->type == CON_FOREIGN && con->match == 's' &&
			   con->nref_columns == 1 && !p->fk_inline[col]) {
			p->fk_inline[col] = con;
			p->inlined[i] = true;
		}
	}
}

/* "crews(id)" or "billing.crews(id)": qualified unless both sides are public. */
static const char *reference_text(struct writer *w, const struct table *t,
				  const struct constraint *con)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	if (is_public(t->o.schema) && is_public(con->ref_schema))
		sb_add_ident(&sb, con->ref_table);
	else
		sb_add_qualified(&sb, con->ref_schema ? con->ref_schema : "public", con->ref_table);
	strbuf_addf(&sb, "(%s)", name_list(w, con->ref_columns, con->nref_columns));
	s = arena_strdup(&w->scratch, sb.buf);
	strbuf_release(&sb);
	return s;
}

/*
 * identity-start, identity-increment, ...: the identity sequence's options
 * that are not PostgreSQL's defaults for the column's type and direction
 * (the reader fills the same defaults in; start defaults to min or max).
 */
static void write_identity_options(struct writer *w, const struct column *col)
{
	const char *seqtype = strcmp(col->type, "integer") == 0    ? "integer"
			      : strcmp(col->type, "smallint") == 0 ? "smallint"
								   : "bigint";
	struct column d;

	column_identity_defaults(&d, seqtype, col->identity_increment);
	if (col->identity_start != (col->identity_increment > 0 ? col->identity_min
								 : col->identity_max))
		attr_ll(w, "identity-start", col->identity_start);
	if (col->identity_increment != 1)
		attr_ll(w, "identity-increment", col->identity_increment);
	if (col->identity_min != d.identity_min)
		attr_ll(w, "identity-min", col->identity_min);
	if (col->identity_max != d.identity_max)
		attr_ll(w, "identity-max", col->identity_max);
	if (col->identity_cache != d.identity_cache)
		attr_ll(w, "identity-cache", col->identity_cache);
	attr_true(w, "identity-cycle", col->identity_cycle);
}

static void write_column(struct writer *w, const struct table *t, const struct column *col,
			 const struct table_plan *p, size_t idx)
{
	const struct sequence *serial = serial_sequence(w, col);
	const struct constraint *fk = p->fk_inline[idx];
	bool inline_pk = p->pk_inline && strcmp(p->pk_inline->columns[0], col->o.name) == 0;
	/*
	 * NOT NULL goes without saying with primary-key="true", identity and
	 * serial. Columns of a <primary-key> element keep nullable="false": it
	 * is what PostgreSQL stores, and says so whichever way a reader takes it.
	 */
	bool implied = inline_pk || col->identity || serial;

	open_tag(w, "column");
	attr(w, "name", col->o.name);
	attr(w, "type", serial ? serial_type(col->type) : col->type);
	if (col->not_null && !implied)
		attr(w, "nullable", "false");
	if (!serial)
		attr(w, "default", col->default_expr);
	attr(w, "collation", col->collation);
	if (col->identity == IDENTITY_ALWAYS)
		attr(w, "identity", "always");
	else if (col->identity == IDENTITY_BY_DEFAULT)
		attr(w, "identity", "by-default");
	if (col->identity && col->type && col->identity_increment)
		write_identity_options(w, col);
	attr(w, "generated", col->generated);
	attr_true(w, "primary-key", inline_pk);
	attr_true(w, "unique", p->unique_inline[idx] != NULL);
	if (fk) {
		attr(w, "references", reference_text(w, t, fk));
		attr(w, "on-delete", fk_action_name(fk->on_delete));
		attr(w, "on-update", fk_action_name(fk->on_update));
	}
	attr(w, "comment", col->o.comment);
	end_tag(w, true);
}

static const char *constraint_element(char type)
{
	switch (type) {
	case CON_PRIMARY: return "primary-key";
	case CON_UNIQUE: return "unique";
	case CON_CHECK: return "check";
	case CON_FOREIGN: return "foreign-key";
	default: return NULL;
	}
}

static void write_constraint(struct writer *w, const struct table *t, const struct constraint *con)
{
	const char *elem = constraint_element(con->type);

	if (!elem)
		return;
	open_tag(w, elem);
	if (!constraint_name_derived(w, t, con))
		attr(w, "name", con->o.name);
	if (con->type == CON_CHECK) {
		attr(w, "expression", con->check_expr);
	} else {
		attr(w, "columns", name_list(w, con->columns, con->ncolumns));
	}
	if (con->type == CON_FOREIGN) {
		attr(w, "references", reference_text(w, t, con));
		attr(w, "on-delete", fk_action_name(con->on_delete));
		attr(w, "on-update", fk_action_name(con->on_update));
		if (con->match == 'f')
			attr(w, "match", "full");
	}
	attr_true(w, "nulls-not-distinct", con->nulls_not_distinct);
	/* The model has DEFERRABLE for foreign keys only. */
	if (con->type == CON_FOREIGN) {
		attr_true(w, "deferrable", con->deferrable);
		attr_true(w, "initially-deferred", con->initially_deferred);
	}
	attr(w, "comment", con->o.comment);
	end_tag(w, true);
}

/* Constraint elements by kind (primary key, unique, check, foreign key), then name. */
static int constraint_rank(char type)
{
	switch (type) {
	case CON_PRIMARY: return 0;
	case CON_UNIQUE: return 1;
	case CON_CHECK: return 2;
	default: return 3;
	}
}

static int cmp_constraint(const void *pa, const void *pb)
{
	const struct constraint *a = *(const struct constraint *const *)pa;
	const struct constraint *b = *(const struct constraint *const *)pb;
	int r = constraint_rank(a->type) - constraint_rank(b->type);

	return r ? r : strcmp(a->o.name, b->o.name);
}

static int cmp_obj_name(const void *pa, const void *pb)
{
	const struct obj *a = *(const struct obj *const *)pa;
	const struct obj *b = *(const struct obj *const *)pb;
	int r = strcmp(a->schema ? a->schema : "", b->schema ? b->schema : "");

	return r ? r : strcmp(a->name, b->name);
}

/* Extensions are database-wide: by name alone. */
static int cmp_extension(const void *pa, const void *pb)
{
	const struct obj *a = *(const struct obj *const *)pa;
	const struct obj *b = *(const struct obj *const *)pb;

	return strcmp(a->name, b->name);
}

static void **sorted(struct writer *w, const struct ptrvec *v,
		     int (*cmp)(const void *, const void *))
{
	void **items = arena_alloc(&w->scratch, (v->len ? v->len : 1) * sizeof(*items));

	if (v->len) {
		memcpy(items, v->items, v->len * sizeof(*items));
		qsort(items, v->len, sizeof(*items), cmp);
	}
	return items;
}

/* A key can go in columns="..." when it is a plain column with defaults. */
static bool index_keys_simple(const struct index *ix)
{
	size_t i;

	for (i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];
		if (!e->column || e->opclass || e->collation)
			return false;
	}
	return ix->nelems > 0;
}

static const char *nulls_name(char nulls)
{
	return nulls == 'f' ? "first" : nulls == 'l' ? "last" : NULL;
}

static const char *index_columns_text(struct writer *w, const struct index *ix)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];

		if (i)
			strbuf_addstr(&sb, ", ");
		sb_add_ident(&sb, e->column);
		if (e->desc)
			strbuf_addstr(&sb, " DESC");
		if (e->nulls == 'f')
			strbuf_addstr(&sb, " NULLS FIRST");
		else if (e->nulls == 'l')
			strbuf_addstr(&sb, " NULLS LAST");
	}
	s = arena_strdup(&w->scratch, sb.buf);
	strbuf_release(&sb);
	return s;
}

static void write_index(struct writer *w, const struct table *t, const struct index *ix)
{
	bool simple = index_keys_simple(ix);
	size_t i;

	open_tag(w, "index");
	if (!index_name_derived(w, t, ix))
		attr(w, "name", ix->o.name);
	if (simple)
		attr(w, "columns", index_columns_text(w, ix));
	attr_true(w, "unique", ix->unique);
	if (ix->method && strcmp(ix->method, "btree") != 0)
		attr(w, "using", ix->method);
	attr(w, "where", ix->predicate);
	if (ix->ninclude)
		attr(w, "include", name_list(w, ix->include, ix->ninclude));
	attr_true(w, "nulls-not-distinct", ix->nulls_not_distinct);
	attr(w, "with", ix->with);
	attr(w, "comment", ix->o.comment);
	end_tag(w, simple);
	if (simple)
		return;
	for (i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];

		open_tag(w, "key");
		attr(w, "column", e->column);
		if (!e->column)
			attr(w, "expression", e->expr ? e->expr : "");
		if (e->desc)
			attr(w, "order", "desc");
		attr(w, "nulls", nulls_name(e->nulls));
		attr(w, "opclass", e->opclass);
		attr(w, "collation", e->collation);
		end_tag(w, true);
	}
	close_tag(w, "index");
}

static void write_table(struct writer *w, const struct table *t)
{
	struct table_plan p;
	void **items;
	size_t i;

	plan_table(w, t, &p);
	open_tag(w, "table");
	attr(w, "name", t->o.name);
	attr(w, "comment", t->o.comment);
	attr(w, "renamed-from", t->renamed_from);
	end_tag(w, false);
	for (i = 0; i < t->columns.len; i++)
		write_column(w, t, t->columns.items[i], &p, i);

	items = sorted(w, &t->constraints, cmp_constraint);
	for (i = 0; i < t->constraints.len; i++) {
		size_t k;

		/* p.inlined is indexed by the table's own order. */
		for (k = 0; k < t->constraints.len; k++)
			if (t->constraints.items[k] == items[i])
				break;
		if (!p.inlined[k])
			write_constraint(w, t, items[i]);
	}
	items = sorted(w, &t->indexes, cmp_obj_name);
	for (i = 0; i < t->indexes.len; i++)
		write_index(w, t, items[i]);
	close_tag(w, "table");
}

/* --- enums, sequences, extensions ------------------------------------- */

static void write_enum(struct writer *w, const struct enum_type *e)
{
	size_t i;

	open_tag(w, "enum");
	attr(w, "name", e->o.name);
	attr(w, "comment", e->o.comment);
	end_tag(w, e->nvalues == 0);
	if (!e->nvalues)
		return;
	for (i = 0; i < e->nvalues; i++) {
		strbuf_addchars(w->out, ' ', (size_t)w->depth * 2);
		strbuf_addstr(w->out, "<value>");
		add_escaped(w->out, e->values[i]);
		strbuf_addstr(w->out, "</value>\n");
	}
	close_tag(w, "enum");
}

/* True when s is the sequence of a column written as serial. */
static bool sequence_is_serial(struct writer *w, const struct sequence *s)
{
	const struct table *t;
	const struct column *col;

	if (!s->owned_by_table || !s->owned_by_column)
		return false;
	t = catalog_find_table(w->c, s->o.schema, s->owned_by_table);
	col = t ? table_find_column(t, s->owned_by_column) : NULL;
	return col && serial_sequence(w, col) == s;
}

static void write_sequence(struct writer *w, const struct sequence *s)
{
	struct sequence d = *s;

	sequence_set_defaults(&d);
	open_tag(w, "sequence");
	attr(w, "name", s->o.name);
	if (strcmp(s->type, "bigint") != 0)
		attr(w, "type", s->type);
	if (s->start != d.start)
		attr_ll(w, "start", s->start);
	if (s->increment != 1)
		attr_ll(w, "increment", s->increment);
	if (s->min_value != d.min_value)
		attr_ll(w, "min", s->min_value);
	if (s->max_value != d.max_value)
		attr_ll(w, "max", s->max_value);
	if (s->cache != d.cache)
		attr_ll(w, "cache", s->cache);
	attr_true(w, "cycle", s->cycle);
	if (s->owned_by_table && s->owned_by_column) {
		struct strbuf sb = STRBUF_INIT;

		sb_add_ident(&sb, s->owned_by_table);
		strbuf_addch(&sb, '.');
		sb_add_ident(&sb, s->owned_by_column);
		attr(w, "owned-by", sb.buf);
		strbuf_release(&sb);
	}
	attr(w, "comment", s->o.comment);
	end_tag(w, true);
}

static void write_extension(struct writer *w, const struct extension *e)
{
	open_tag(w, "extension");
	attr(w, "name", e->o.name);
	attr(w, "schema", e->o.schema);
	/* The version is left out on purpose: the model then follows upgrades. */
	end_tag(w, true);
}

/* --- the document ----------------------------------------------------- */

static bool in_schema(const struct obj *o, const char *schema)
{
	return schema ? same_str(o->schema, schema) : is_public(o->schema);
}

/* Writes the enums, sequences and tables of one schema (NULL: public). */
static void write_schema_objects(struct writer *w, const char *schema, void **enums,
				 void **seqs, void **tables)
{
	size_t i;

	for (i = 0; i < w->c->enums.len; i++)
		if (in_schema(enums[i], schema))
			write_enum(w, enums[i]);
	for (i = 0; i < w->c->sequences.len; i++)
		if (in_schema(seqs[i], schema) && !sequence_is_serial(w, seqs[i]))
			write_sequence(w, seqs[i]);
	for (i = 0; i < w->c->tables.len; i++)
		if (in_schema(tables[i], schema))
			write_table(w, tables[i]);
}

static int cmp_cstr(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Every non-public schema named by a schema object or holding an object, sorted. */
static const char **schema_names(struct writer *w, size_t *n)
{
	const struct ptrvec *lists[] = { &w->c->schemas, &w->c->enums, &w->c->sequences,
					 &w->c->tables };
	struct strmap seen = STRMAP_INIT;
	struct ptrvec names = PTRVEC_INIT;
	size_t i, j;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		for (j = 0; j < lists[i]->len; j++) {
			const struct obj *o = lists[i]->items[j];
			const char *name = o->kind == OBJ_SCHEMA ? o->name : o->schema;

			if (is_public(name) || strmap_get(&seen, name))
				continue;
			strmap_put(&seen, name, (void *)name);
			ptrvec_push(&w->scratch, &names, (void *)name);
		}
	}
	strmap_release(&seen);
	if (names.len > 1)
		qsort(names.items, names.len, sizeof(void *), cmp_cstr);
	*n = names.len;
	return (const char **)names.items;
}

void model_write(const struct catalog *c, struct strbuf *out)
{
	struct writer w;
	void **exts, **enums, **seqs, **tables;
	const char **schemas;
	size_t i, nschemas;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.out = out;
	arena_init(&w.scratch);
	count_constraint_names(&w);
	exts = sorted(&w, &c->extensions, cmp_extension);
	enums = sorted(&w, &c->enums, cmp_obj_name);
	seqs = sorted(&w, &c->sequences, cmp_obj_name);
	tables = sorted(&w, &c->tables, cmp_obj_name);

	strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_addstr(out, "<model xmlns=\"urn:retort:model:1\">\n");
	w.depth = 1;
	for (i = 0; i < c->extensions.len; i++)
		write_extension(&w, exts[i]);
	write_schema_objects(&w, NULL, enums, seqs, tables);
	schemas = schema_names(&w, &nschemas);
	for (i = 0; i < nschemas; i++) {
		const struct schema *s = catalog_find_schema(c, schemas[i]);
		bool empty = true;
		size_t k;

		for (k = 0; empty && k < c->enums.len; k++)
			empty = !in_schema(enums[k], schemas[i]);
		for (k = 0; empty && k < c->sequences.len; k++)
			empty = !in_schema(seqs[k], schemas[i]) || sequence_is_serial(&w, seqs[k]);
		for (k = 0; empty && k < c->tables.len; k++)
			empty = !in_schema(tables[k], schemas[i]);
		open_tag(&w, "schema");
		attr(&w, "name", schemas[i]);
		attr(&w, "comment", s ? s->o.comment : NULL);
		end_tag(&w, empty);
		if (empty)
			continue;
		write_schema_objects(&w, schemas[i], enums, seqs, tables);
		close_tag(&w, "schema");
	}
	strbuf_addstr(out, "</model>\n");
	strmap_release(&w.con_names);
	arena_release(&w.scratch);
}
