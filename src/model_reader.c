/*
 * model_reader.c - XML model files into a catalog (see model.h).
 *
 * model_xml.c gets each file safely through libxml2 and validates it
 * against the RELAX NG schema, handing over one object (a table, an enum,
 * ...) at a time as the file streams by, so the walker here can trust the
 * element structure and report only what a schema cannot express (bad
 * column lists, duplicates, conflicting attributes). What it reports and
 * builds is the same as if whole files were checked first and then read
 * with <extension> and <schema> elements before the objects directly
 * under <model>: messages are held per file until the file is known to be
 * valid, the catalog's lists are put in that order, and a bad file found
 * bad only after part of it was read makes model_load read again without
 * it (read_files). One difference remains, in files that are already in
 * error: when an object directly under <model> and one inside a later
 * <schema> claim the same name, the clash is reported at the later one,
 * in document order (whole-file reading reported it at the other). Semantic
 * checks over the merged catalog live in model_check.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>

#include "model.h"
#include "model_xml.h"
#include "names.h"
#include "quote.h"
#include "banned.h"

/* PostgreSQL's limits (INDEX_MAX_KEYS, MaxHeapAttributeNumber). */
#define MODEL_MAX_KEY_COLUMNS 32
#define MODEL_MAX_COLUMNS 1600
/*
 * No server limit, but checks over a table's keys are quadratic, and no
 * real table comes close: past this a model is refused, not slowly read.
 */
#define MODEL_MAX_TABLE_ITEMS 1000

/* User text quoted in a message is cut to this many bytes. */
#define MODEL_QUOTE_MAX 80

/* State while reading one file. */
struct reader {
	struct catalog *c;
	struct diags *d;	/* where messages go now: one of the two below */
	const char *file;	/* arena copy, stored in every object's o.file */
	const char *schema;	/* schema of the objects being read */
	bool in_schema;		/* inside a <schema> element */
	bool schema_ok;		/* ... whose name was good: its objects are read */
	bool read_any;		/* something went into the catalog */
	/*
	 * Objects are read in document order, but messages come out in the
	 * order of a reader that takes <extension> and <schema> elements first
	 * and the objects directly under <model> after them.
	 */
	struct diags declared;	/* from <extension>, <schema> and what it holds */
	struct diags top;	/* from objects directly under <model> */
	struct ptrvec runs;	/* struct run *: where each run of either kind starts */
};

/*
 * A run of objects read in one mode, from where it starts in the catalog's
 * lists of tables, enums and sequences: the reader's order is restored
 * there too (put_declared_first).
 */
enum { RUN_TABLES, RUN_ENUMS, RUN_SEQUENCES, RUN_LISTS };
struct run {
	size_t at[RUN_LISTS];
	bool top;
};

/* --- small readers for attribute values -------------------------------- */

static int line_of(xmlNodePtr n)
{
	long l = model_xml_line(n);

	return l > 0 && l < 0x7fffffff ? (int)l : 0;
}

/* The attribute's value copied into the arena, or NULL when absent. */
static const char *attr(struct reader *r, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	const char *s;

	if (!v)
		return NULL;
	s = arena_strdup(r->c->arena, (const char *)v);
	xmlFree(v);
	return s;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static bool has_attr(xmlNodePtr n, const char *name)
{
	return xmlHasNsProp(n, BAD_CAST name, NULL) != NULL;
}

/*
 * The attribute's value without surrounding white space, or NULL when it
 * is absent or blank (blank is reported: SQL text cannot be empty).
 */
static const char *attr_trim(struct reader *r, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	const char *s = (const char *)v, *trimmed = NULL;
	size_t len;

	if (!v)
		return NULL;
	while (is_space(*s))
		s++;
	len = strlen(s);
	while (len && is_space(s[len - 1]))
		len--;
	if (len)
		trimmed = arena_strndup(r->c->arena, s, len);
	else
		diag_error(r->d, r->file, line_of(n), "attribute '%s' of <%s> is empty", name,
			   (const char *)n->name);
	xmlFree(v);
	return trimmed;
}

/*
 * The value of an attribute with a fixed set of values, normalized as the
 * schema compares it (RELAX NG tokens: no leading or trailing white space,
 * inner runs collapsed to one space), so " set  null " means "set null".
 */
static const char *attr_token(struct reader *r, xmlNodePtr n, const char *name)
{
	xmlChar *value = xmlGetNoNsProp(n, BAD_CAST name);
	const char *v = (const char *)value;
	char *out, *o;

	if (!value)
		return NULL;
	out = o = arena_alloc(r->c->arena, strlen(v) + 1);
	for (; *v; v++) {
		if (!is_space(*v))
			*o++ = *v;
		else if (o > out && v[1] && !is_space(v[1]))
			*o++ = ' ';
	}
	*o = '\0';
	xmlFree(value);
	return out;
}

/* Whether the attribute, read as a token (see attr_token), is word (no spaces). */
static bool attr_is(xmlNodePtr n, const char *name, const char *word)
{
	xmlChar *value = xmlGetNoNsProp(n, BAD_CAST name);
	const char *v = (const char *)value;
	size_t len = strlen(word);
	bool is;

	if (!value)
		return false;
	while (is_space(*v))
		v++;
	is = strncmp(v, word, len) == 0;
	for (v += is ? len : 0; is && *v; v++)
		is = is_space(*v);
	xmlFree(value);
	return is;
}

static bool attr_true(xmlNodePtr n, const char *name)
{
	return attr_is(n, name, "true");
}

static bool attr_false(xmlNodePtr n, const char *name)
{
	return attr_is(n, name, "false");
}

/*
 * A comment, taken exactly as written; an empty one is no comment, as
 * COMMENT ON ... IS '' removes a comment in PostgreSQL.
 */
static const char *attr_comment(struct reader *r, xmlNodePtr n)
{
	const char *v = attr(r, n, "comment");

	return v && *v ? v : NULL;
}

static bool is_element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

/*
 * A name the model gives an object: not blank, and short enough that
 * PostgreSQL keeps it as written (it cuts longer names to 63 bytes).
 */
static const char *object_name(struct reader *r, xmlNodePtr n, const char *attrname,
			       const char *what)
{
	const char *name = attr(r, n, attrname);
	const char *p;

	if (!name)
		return NULL;
	for (p = name; *p && is_space(*p); p++)
		;
	if (!*p) {
		diag_error(r->d, r->file, line_of(n), "%s name is empty", what);
		return NULL;
	}
	if (strlen(name) > NAMES_MAX_BYTES) {
		diag_error(r->d, r->file, line_of(n), "%s name '%s' is longer than %d bytes\n"
			   "hint: PostgreSQL would truncate it, so the database could never match "
			   "the model.", what, names_abbrev(r->c->arena, name, MODEL_QUOTE_MAX),
			   NAMES_MAX_BYTES);
		return NULL;
	}
	return name;
}

static void set_origin(struct reader *r, struct obj *o, xmlNodePtr n)
{
	o->file = r->file;
	o->line = line_of(n);
}

/* "at models/core.xml:12" for messages about a second definition. */
static const char *where(struct reader *r, const struct obj *o)
{
	if (!o->file)
		return "";
	return arena_printf(r->c->arena, " (first defined at %s:%d)", o->file, o->line);
}

/* --- column lists and references --------------------------------------- */

/* One item of a column list: "a", "\"My Col\" DESC NULLS LAST". */
struct list_item {
	const char *name;
	bool desc;
	char nulls;		/* 0, 'f' or 'l' */
	bool has_options;	/* ASC/DESC/NULLS given */
};

struct list_scan {
	const char *s;
	size_t pos;
	const char *error;	/* first problem found, or NULL */
};

static void scan_space(struct list_scan *ls)
{
	while (is_space(ls->s[ls->pos]))
		ls->pos++;
}

static bool bare_char(char ch)
{
	return ch && !is_space(ch) && !strchr(",().\"", ch);
}

/*
 * A name: "quoted" (with "" for a quote) taken as is, or bare, folded to
 * lower case as PostgreSQL folds unquoted names. NULL on a syntax error.
 */
static const char *scan_name(struct arena *a, struct list_scan *ls)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name;

	scan_space(ls);
	if (ls->s[ls->pos] == '"') {
		for (ls->pos++; ls->s[ls->pos]; ls->pos++) {
			if (ls->s[ls->pos] == '"' && ls->s[ls->pos + 1] == '"')
				strbuf_addch(&sb, ls->s[ls->pos++]);
			else if (ls->s[ls->pos] == '"')
				break;
			else
				strbuf_addch(&sb, ls->s[ls->pos]);
		}
		if (ls->s[ls->pos] != '"') {
			ls->error = "unterminated quoted name";
			strbuf_release(&sb);
			return NULL;
		}
		ls->pos++;
		if (!sb.len) {
			ls->error = "empty quoted name";
			strbuf_release(&sb);
			return NULL;
		}
	} else {
		while (bare_char(ls->s[ls->pos])) {
			char ch = ls->s[ls->pos++];

			strbuf_addch(&sb, ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
		}
		if (!sb.len) {
			ls->error = "a name is missing";
			strbuf_release(&sb);
			return NULL;
		}
	}
	name = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return name;
}

/* A bare word at the scan position, compared case-insensitively. */
static bool scan_word(struct list_scan *ls, const char *word)
{
	size_t n = strlen(word);

	scan_space(ls);
	if (strncasecmp(ls->s + ls->pos, word, n) != 0 || bare_char(ls->s[ls->pos + n]))
		return false;
	ls->pos += n;
	return true;
}

static void scan_options(struct list_scan *ls, struct list_item *it)
{
	if (scan_word(ls, "desc")) {
		it->desc = true;
		it->has_options = true;
	} else if (scan_word(ls, "asc")) {
		it->has_options = true;
	}
	if (scan_word(ls, "nulls")) {
		it->has_options = true;
		if (scan_word(ls, "first"))
			it->nulls = 'f';
		else if (scan_word(ls, "last"))
			it->nulls = 'l';
		else
			ls->error = "NULLS must be followed by FIRST or LAST";
	}
}

/*
 * Parses a comma-separated list of names up to the end of the text or a
 * ')' (left unconsumed). With options, each name may carry ASC/DESC and
 * NULLS FIRST/LAST. Returns the number of items, -1 on a syntax error.
 */
static int scan_list(struct arena *a, struct list_scan *ls, bool options,
		     struct list_item **out)
{
	struct ptrvec items = PTRVEC_INIT;
	size_t i;

	for (;;) {
		struct list_item *it = arena_alloc(a, sizeof(*it));

		it->name = scan_name(a, ls);
		if (!it->name)
			return -1;
		if (options)
			scan_options(ls, it);
		if (ls->error)
			return -1;
		ptrvec_push(a, &items, it);
		scan_space(ls);
		if (ls->s[ls->pos] != ',')
			break;
		ls->pos++;
	}
	*out = arena_alloc(a, (items.len ? items.len : 1) * sizeof(**out));
	for (i = 0; i < items.len; i++)
		(*out)[i] = *(struct list_item *)items.items[i];
	return (int)items.len;
}

static void list_error(struct reader *r, xmlNodePtr n, const char *attrname,
		       const char *value, const struct list_scan *ls)
{
	diag_error(r->d, r->file, line_of(n), "invalid %s=\"%s\": %s", attrname,
		   names_abbrev(r->c->arena, value, MODEL_QUOTE_MAX),
		   ls->error ? ls->error : "unexpected text after the list");
}

/* Names of a plain column list attribute; -1 after reporting an error. */
static int read_names(struct reader *r, xmlNodePtr n, const char *attrname,
		      const char ***names)
{
	const char *value = attr(r, n, attrname);
	struct list_scan ls = { value, 0, NULL };
	struct list_item *items;
	int count, i;

	if (!value)
		return 0;
	count = scan_list(r->c->arena, &ls, false, &items);
	scan_space(&ls);
	if (count < 0 || ls.s[ls.pos]) {
		list_error(r, n, attrname, value, &ls);
		return -1;
	}
	if (count > MODEL_MAX_KEY_COLUMNS) {
		diag_error(r->d, r->file, line_of(n), "%s= lists %d columns; PostgreSQL allows at "
			   "most %d in a key or index", attrname, count, MODEL_MAX_KEY_COLUMNS);
		return -1;
	}
	*names = arena_alloc(r->c->arena, (size_t)count * sizeof(**names));
	for (i = 0; i < count; i++)
		(*names)[i] = items[i].name;
	return count;
}

/*
 * references="table", "schema.table", "table(a, b)": fills the FK target.
 * Columns left out are resolved to the target's primary key later.
 */
static bool read_reference(struct reader *r, xmlNodePtr n, const char *value,
			   struct constraint *con)
{
	struct arena *a = r->c->arena;
	struct list_scan ls = { value, 0, NULL };
	const char *first;

	if (!value)
		return false;	/* blank, and reported as such */
	first = scan_name(a, &ls);

	if (!first)
		goto bad;
	scan_space(&ls);
	if (ls.s[ls.pos] == '.') {
		ls.pos++;
		con->ref_schema = first;
		con->ref_table = scan_name(a, &ls);
		if (!con->ref_table)
			goto bad;
	} else {
		con->ref_table = first;
	}
	scan_space(&ls);
	if (ls.s[ls.pos] == '(') {
		struct list_item *items;
		int count, i;

		ls.pos++;
		count = scan_list(a, &ls, false, &items);
		if (count < 0)
			goto bad;
		if (count > MODEL_MAX_KEY_COLUMNS) {
			ls.error = "more than 32 columns";
			goto bad;
		}
		scan_space(&ls);
		if (ls.s[ls.pos] != ')') {
			ls.error = "missing ')'";
			goto bad;
		}
		ls.pos++;
		con->ref_columns = arena_alloc(a, (size_t)count * sizeof(*con->ref_columns));
		for (i = 0; i < count; i++)
			con->ref_columns[i] = items[i].name;
		con->nref_columns = (size_t)count;
	}
	scan_space(&ls);
	if (ls.s[ls.pos]) {
		if (!ls.error)
			ls.error = "expected table(columns)";
		goto bad;
	}
	return true;
bad:
	list_error(r, n, "references", value, &ls);
	return false;
}

static char fk_action_code(const char *v)
{
	static const struct { const char *word; char code; } actions[] = {
		{ "no action", FK_NO_ACTION }, { "restrict", FK_RESTRICT },
		{ "cascade", FK_CASCADE }, { "set null", FK_SET_NULL },
		{ "set default", FK_SET_DEFAULT },
	};
	size_t i;

	for (i = 0; v && i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(v, actions[i].word) == 0)
			return actions[i].code;
	return FK_NO_ACTION;
}

/* --- objects ------------------------------------------------------------ */

/*
 * A constraint for t: registered under name, or, when name is NULL, added
 * with an empty name that model_check replaces by the derived one. A
 * duplicate name is reported and yields a constraint outside the table,
 * so reading can go on.
 */
static struct constraint *new_constraint(struct reader *r, struct table *t, xmlNodePtr n,
					 const char *name, char type)
{
	struct constraint *con = NULL;

	if (name) {
		con = table_add_constraint(r->c, t, name, type);
		if (!con) {
			diag_error(r->d, r->file, line_of(n),
				   "constraint '%s' is defined twice in table '%s'%s", name,
				   t->o.name, where(r, &table_find_constraint(t, name)->o));
		}
	}
	if (!con) {
		con = arena_alloc(r->c->arena, sizeof(*con));
		con->o.kind = OBJ_CONSTRAINT;
		con->o.schema = t->o.schema;
		con->o.name = name ? name : "";
		con->table = t;
		con->type = type;
		con->on_delete = FK_NO_ACTION;
		con->on_update = FK_NO_ACTION;
		con->match = 's';
		if (!name) {
			con->name_derived = true;
			ptrvec_push(r->c->arena, &t->constraints, con);
		}
	}
	set_origin(r, &con->o, n);
	/* Shorthand constraints come from a <column>, whose comment is its own. */
	if (!is_element(n, "column"))
		con->o.comment = attr_comment(r, n);
	return con;
}

static void read_extension(struct reader *r, xmlNodePtr n)
{
	const char *name = object_name(r, n, "name", "extension");
	struct extension *e;

	if (!name)
		return;
	e = catalog_add_extension(r->c, name);
	if (!e) {
		diag_error(r->d, r->file, line_of(n), "extension '%s' is declared twice%s", name,
			   where(r, &catalog_find_extension(r->c, name)->o));
		return;
	}
	set_origin(r, &e->o, n);
	e->o.schema = attr_trim(r, n, "schema");
	e->version = attr_trim(r, n, "version");
	e->o.comment = attr_comment(r, n);
}

/*
 * The <value> labels of an enum, in order. Collected first and stored at
 * once, with a map for the duplicate check, so a huge enum reads in linear
 * time.
 */
static void read_enum_values(struct reader *r, xmlNodePtr n, struct enum_type *e)
{
	struct ptrvec values = PTRVEC_INIT;
	struct strmap seen = STRMAP_INIT;
	xmlNodePtr v;

	for (v = n->children; v; v = v->next) {
		xmlChar *text;
		const char *label;

		if (!is_element(v, "value"))
			continue;
		text = xmlNodeGetContent(v);
		label = arena_strdup(r->c->arena, text ? (const char *)text : "");
		xmlFree(text);
		if (strmap_get(&seen, label))
			diag_error(r->d, r->file, line_of(v), "enum '%s' lists value '%s' twice",
				   e->o.name, label);
		else if (strlen(label) > NAMES_MAX_BYTES)
			diag_error(r->d, r->file, line_of(v), "enum value '%s' is longer than %d bytes",
				   names_abbrev(r->c->arena, label, MODEL_QUOTE_MAX), NAMES_MAX_BYTES);
		else {
			strmap_put(&seen, label, (void *)label);
			ptrvec_push(r->c->arena, &values, (void *)label);
		}
	}
	e->values = catalog_strlist(r->c, (const char *const *)values.items, values.len);
	e->nvalues = values.len;
	strmap_release(&seen);
}

static void read_enum(struct reader *r, xmlNodePtr n)
{
	const char *name = object_name(r, n, "name", "enum");
	struct enum_type *e;

	if (!name)
		return;
	e = catalog_add_enum(r->c, r->schema, name);
	if (!e) {
		diag_error(r->d, r->file, line_of(n), "enum '%s.%s' is defined twice%s", r->schema,
			   name, where(r, &catalog_find_enum(r->c, r->schema, name)->o));
		return;
	}
	set_origin(r, &e->o, n);
	e->o.comment = attr_comment(r, n);
	read_enum_values(r, n, e);
}

/* An integer attribute the schema has already checked; false when absent. */
static bool attr_ll(struct reader *r, xmlNodePtr n, const char *name, long long *out)
{
	const char *v = attr_trim(r, n, name);
	char *end;

	if (!v)
		return false;
	errno = 0;
	*out = strtoll(v, &end, 10);
	if (errno || *end || end == v) {
		diag_error(r->d, r->file, line_of(n), "%s=\"%s\" is not a 64-bit integer", name,
			   names_abbrev(r->c->arena, v, MODEL_QUOTE_MAX));
		return false;
	}
	return true;
}

/* what names the sequence in messages: "sequence 'x'", "identity column 'id'". */
static void check_sequence(struct reader *r, xmlNodePtr n, const struct sequence *s,
			   const char *what)
{
	long long lo = -9223372036854775807LL - 1, hi = 9223372036854775807LL;

	if (strcmp(s->type, "integer") == 0)
		lo = -2147483648LL, hi = 2147483647LL;
	else if (strcmp(s->type, "smallint") == 0)
		lo = -32768, hi = 32767;
	if (s->increment == 0)
		diag_error(r->d, r->file, line_of(n), "%s: increment must not be zero", what);
	if (s->min_value < lo || s->max_value > hi)
		diag_error(r->d, r->file, line_of(n), "%s: min and max must fit type %s", what,
			   s->type);
	if (s->min_value >= s->max_value)
		diag_error(r->d, r->file, line_of(n), "%s: min (%lld) must be less than "
			   "max (%lld)", what, s->min_value, s->max_value);
	else if (s->start < s->min_value || s->start > s->max_value)
		diag_error(r->d, r->file, line_of(n), "%s: start (%lld) must lie between "
			   "min and max", what, s->start);
	if (s->cache < 1)
		diag_error(r->d, r->file, line_of(n), "%s: cache must be at least 1", what);
}

/* prefix + attr in sb, e.g. "identity-" "start". */
static const char *option_name(struct strbuf *sb, const char *prefix, const char *attr)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s%s", prefix, attr);
	return sb->buf;
}

/*
 * The options of a sequence, from attributes named prefix + "start",
 * "increment", ...: the defaults for min, max and start depend on the type
 * (s->type, set by the caller) and the direction.
 */
static void read_sequence_options(struct reader *r, xmlNodePtr n, struct sequence *s,
				  const char *prefix)
{
	struct strbuf name = STRBUF_INIT;
	long long v, min = 0, max = 0;
	bool has_min, has_max;

	if (attr_ll(r, n, option_name(&name, prefix, "increment"), &v))
		s->increment = v;
	v = s->increment;
	sequence_set_defaults(s);
	s->increment = v;
	has_min = attr_ll(r, n, option_name(&name, prefix, "min"), &min);
	has_max = attr_ll(r, n, option_name(&name, prefix, "max"), &max);
	if (has_min)
		s->min_value = min;
	if (has_max)
		s->max_value = max;
	if (attr_ll(r, n, option_name(&name, prefix, "start"), &v))
		s->start = v;
	else
		s->start = s->increment > 0 ? s->min_value : s->max_value;
	if (attr_ll(r, n, option_name(&name, prefix, "cache"), &v))
		s->cache = v;
	s->cycle = attr_true(n, option_name(&name, prefix, "cycle"));
	strbuf_release(&name);
}

/* owned-by="table.column" (quoted parts allowed). */
static void read_owned_by(struct reader *r, xmlNodePtr n, struct sequence *s)
{
	const char *value = attr(r, n, "owned-by");
	struct list_scan ls = { value, 0, NULL };

	if (!value)
		return;
	s->owned_by_table = scan_name(r->c->arena, &ls);
	if (s->owned_by_table && (scan_space(&ls), ls.s[ls.pos] == '.')) {
		ls.pos++;
		s->owned_by_column = scan_name(r->c->arena, &ls);
		scan_space(&ls);
		if (s->owned_by_column && !ls.s[ls.pos])
			return;
	}
	if (!ls.error)
		ls.error = "expected table.column";
	list_error(r, n, "owned-by", value, &ls);
	s->owned_by_table = s->owned_by_column = NULL;
}

static const char *relation_owner_text(struct reader *r, const char *schema, const char *name)
{
	const struct obj *o = (struct obj *)catalog_find_table(r->c, schema, name);

	if (!o)
		o = (struct obj *)catalog_find_sequence(r->c, schema, name);
	if (!o)
		o = (struct obj *)catalog_find_index(r->c, schema, name);
	if (!o)
		return "";
	return arena_printf(r->c->arena, "; %s '%s' has that name%s", obj_kind_names[o->kind],
			    name, where(r, o));
}

static void read_sequence(struct reader *r, xmlNodePtr n)
{
	const char *name = object_name(r, n, "name", "sequence");
	struct sequence *s;
	const char *type;

	if (!name)
		return;
	s = catalog_add_sequence(r->c, r->schema, name);
	if (!s) {
		diag_error(r->d, r->file, line_of(n), "relation name '%s.%s' is already taken%s",
			   r->schema, name, relation_owner_text(r, r->schema, name));
		return;
	}
	set_origin(r, &s->o, n);
	s->o.comment = attr_comment(r, n);
	type = attr_token(r, n, "type");
	if (type)
		s->type = type;
	read_sequence_options(r, n, s, "");
	read_owned_by(r, n, s);
	check_sequence(r, n, s, arena_printf(r->c->arena, "sequence '%s'", s->o.name));
}

/* The type serial columns stand for, or NULL when type is no serial. */
static const char *serial_base(const char *type)
{
	static const struct { const char *serial, *base; } map[] = {
		{ "serial", "integer" }, { "serial4", "integer" }, { "bigserial", "bigint" },
		{ "serial8", "bigint" }, { "smallserial", "smallint" }, { "serial2", "smallint" },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcasecmp(type, map[i].serial) == 0)
			return map[i].base;
	return NULL;
}

/*
 * type="serial": integer NOT NULL DEFAULT nextval('t_col_seq'::regclass)
 * plus the sequence, owned by the column, as PostgreSQL creates them.
 */
static void expand_serial(struct reader *r, xmlNodePtr n, struct table *t,
			  struct column *col, const char *base)
{
	const char *seqname = names_make(r->c->arena, t->o.name, col->o.name, "seq");
	struct strbuf ident = STRBUF_INIT, expr = STRBUF_INIT;
	struct sequence *s;

	col->type = base;
	col->not_null = true;
	if (col->default_expr || col->identity || col->generated) {
		diag_error(r->d, r->file, line_of(n), "column '%s' is serial and so cannot have a "
			   "default, identity or generated expression of its own", col->o.name);
		return;
	}
	s = catalog_add_sequence(r->c, t->o.schema, seqname);
	if (!s) {
		diag_error(r->d, r->file, line_of(n), "the sequence '%s' of serial column '%s' "
			   "clashes with another relation%s", seqname, col->o.name,
			   relation_owner_text(r, t->o.schema, seqname));
		return;
	}
	set_origin(r, &s->o, n);
	s->type = base;
	sequence_set_defaults(s);
	s->owned_by_table = t->o.name;
	s->owned_by_column = col->o.name;
	/* nextval('name'::regclass), as pg_get_expr prints it */
	sb_add_qualified(&ident, strcmp(t->o.schema, "public") == 0 ? NULL : t->o.schema, seqname);
	strbuf_addstr(&expr, "nextval(");
	sb_add_literal(&expr, ident.buf);
	strbuf_addstr(&expr, "::regclass)");
	col->default_expr = arena_strdup(r->c->arena, expr.buf);
	strbuf_release(&ident);
	strbuf_release(&expr);
}

/* What the column shorthands collect while a table is read. */
struct table_state {
	struct ptrvec pk_columns;	/* names with primary-key="true" */
	xmlNodePtr pk_shorthand;	/* first such column */
	xmlNodePtr pk_element;		/* <primary-key>, if any */
	size_t ncolumns, nitems;	/* <column> and other elements so far */
};

/* True (after an error) once a table outgrows what can be checked. */
static bool too_big(struct reader *r, xmlNodePtr n, const struct table *t,
		    struct table_state *ts)
{
	bool column = is_element(n, "column");

	if (column ? ++ts->ncolumns <= MODEL_MAX_COLUMNS : ++ts->nitems <= MODEL_MAX_TABLE_ITEMS)
		return false;
	if (column)
		diag_error(r->d, r->file, line_of(n), "table '%s' has more than %d columns, "
			   "PostgreSQL's limit", t->o.name, MODEL_MAX_COLUMNS);
	else
		diag_error(r->d, r->file, line_of(n), "table '%s' has more than %d keys, checks and "
			   "indexes; retort does not read tables this big", t->o.name,
			   MODEL_MAX_TABLE_ITEMS);
	return true;
}

static void read_column_fk(struct reader *r, xmlNodePtr n, struct table *t,
			   struct column *col)
{
	const char *ref = attr_trim(r, n, "references");
	struct constraint *con;

	if (!ref) {
		if (has_attr(n, "on-delete") || has_attr(n, "on-update"))
			diag_error(r->d, r->file, line_of(n), "column '%s' has on-delete/on-update "
				   "but no references", col->o.name);
		return;
	}
	con = new_constraint(r, t, n, NULL, CON_FOREIGN);
	con->columns = catalog_strlist(r->c, &col->o.name, 1);
	con->ncolumns = 1;
	con->on_delete = fk_action_code(attr_token(r, n, "on-delete"));
	con->on_update = fk_action_code(attr_token(r, n, "on-update"));
	read_reference(r, n, ref, con);
}

/* The spellings of the types PostgreSQL allows for identity columns. */
static bool is_integer_type(const char *type)
{
	static const char *const names[] = {
		"smallint", "int2", "integer", "int", "int4", "bigint", "int8",
		"pg_catalog.int2", "pg_catalog.int4", "pg_catalog.int8",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(type, names[i]) == 0)
			return true;
	return false;
}

static void column_conflicts(struct reader *r, xmlNodePtr n, const struct column *col)
{
	if (col->identity && col->default_expr)
		diag_error(r->d, r->file, line_of(n), "column '%s' has both identity and a default",
			   col->o.name);
	if (col->identity && col->generated)
		diag_error(r->d, r->file, line_of(n), "column '%s' has both identity and generated",
			   col->o.name);
	if (col->generated && col->default_expr)
		diag_error(r->d, r->file, line_of(n), "column '%s' has both generated and a default",
			   col->o.name);
	if (col->identity && col->type && !is_integer_type(col->type))
		diag_error(r->d, r->file, line_of(n), "identity column '%s' has type '%s'; it must "
			   "be smallint, integer or bigint", col->o.name, col->type);
}

/* The sequence type of an identity column of the given type (as the model spells it). */
static const char *identity_sequence_type(const char *type)
{
	if (!type)
		return "bigint";
	if (strcasecmp(type, "smallint") == 0 || strcasecmp(type, "int2") == 0 ||
	    strcasecmp(type, "pg_catalog.int2") == 0)
		return "smallint";
	if (strcasecmp(type, "integer") == 0 || strcasecmp(type, "int") == 0 ||
	    strcasecmp(type, "int4") == 0 || strcasecmp(type, "pg_catalog.int4") == 0)
		return "integer";
	return "bigint";
}

/*
 * identity-start, identity-increment, ...: the options of an identity
 * column's sequence, resolved against PostgreSQL's defaults for its type.
 */
static void read_identity_options(struct reader *r, xmlNodePtr n, struct column *col)
{
	static const char *const names[] = { "identity-start", "identity-increment",
					     "identity-min", "identity-max", "identity-cache",
					     "identity-cycle" };
	struct sequence s;
	size_t i;

	if (!col->identity) {
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (has_attr(n, names[i]))
				diag_error(r->d, r->file, line_of(n), "column '%s' has %s but no identity",
					   col->o.name, names[i]);
		return;
	}
	memset(&s, 0, sizeof(s));
	s.type = identity_sequence_type(col->type);
	s.increment = 1;
	read_sequence_options(r, n, &s, "identity-");
	check_sequence(r, n, &s, arena_printf(r->c->arena, "identity column '%s'", col->o.name));
	column_identity_from(col, &s);
}

static void read_column(struct reader *r, xmlNodePtr n, struct table *t, struct table_state *ts)
{
	const char *name = object_name(r, n, "name", "column");
	const char *identity, *base;
	struct column *col;
	bool pk;

	if (!name)
		return;
	col = table_add_column(r->c, t, name);
	if (!col) {
		diag_error(r->d, r->file, line_of(n), "column '%s' is defined twice in table '%s'%s",
			   name, t->o.name, where(r, &table_find_column(t, name)->o));
		return;
	}
	set_origin(r, &col->o, n);
	col->type = attr_trim(r, n, "type");
	col->not_null = attr_false(n, "nullable");
	col->default_expr = attr_trim(r, n, "default");
	col->collation = attr_trim(r, n, "collation");
	col->generated = attr_trim(r, n, "generated");
	col->renamed_from = attr_trim(r, n, "renamed-from");
	col->o.comment = attr_comment(r, n);
	identity = attr_token(r, n, "identity");
	if (identity) {
		col->identity = strcmp(identity, "always") == 0 ? IDENTITY_ALWAYS : IDENTITY_BY_DEFAULT;
		col->not_null = true;
	}
	read_identity_options(r, n, col);
	column_conflicts(r, n, col);
	base = col->type ? serial_base(col->type) : NULL;
	if (base)
		expand_serial(r, n, t, col, base);

	pk = attr_true(n, "primary-key");
	if (pk) {
		if (attr_true(n, "nullable"))
			diag_error(r->d, r->file, line_of(n), "column '%s' is a primary key and so "
				   "cannot be nullable", name);
		col->not_null = true;
		ptrvec_push(r->c->arena, &ts->pk_columns, (void *)col->o.name);
		if (!ts->pk_shorthand)
			ts->pk_shorthand = n;
	}
	if (attr_true(n, "unique")) {
		if (pk) {
			diag_error(r->d, r->file, line_of(n), "column '%s' is both primary-key and "
				   "unique\nhint: A primary key is unique already; drop unique=\"true\".",
				   name);
		} else {
			struct constraint *con = new_constraint(r, t, n, NULL, CON_UNIQUE);

			con->columns = catalog_strlist(r->c, &col->o.name, 1);
			con->ncolumns = 1;
		}
	}
	read_column_fk(r, n, t, col);
}

static void read_key_constraint(struct reader *r, xmlNodePtr n, struct table *t, char type)
{
	const char *name = object_name(r, n, "name", "constraint");
	struct constraint *con;
	int count;

	if (!name && has_attr(n, "name"))
		return;		/* a bad name was reported */
	con = new_constraint(r, t, n, name, type);
	count = read_names(r, n, "columns", &con->columns);
	con->ncolumns = count > 0 ? (size_t)count : 0;
	con->nulls_not_distinct = attr_true(n, "nulls-not-distinct");
}

static void read_primary_key(struct reader *r, xmlNodePtr n, struct table *t,
			     struct table_state *ts)
{
	if (ts->pk_element) {
		diag_error(r->d, r->file, line_of(n), "table '%s' has a second <primary-key> (the "
			   "first is at line %d)", t->o.name, line_of(ts->pk_element));
		return;
	}
	ts->pk_element = n;
	read_key_constraint(r, n, t, CON_PRIMARY);
}

static void read_check(struct reader *r, xmlNodePtr n, struct table *t)
{
	const char *name = object_name(r, n, "name", "constraint");
	struct constraint *con;

	if (!name && has_attr(n, "name"))
		return;
	con = new_constraint(r, t, n, name, CON_CHECK);
	con->check_expr = attr_trim(r, n, "expression");
}

static void read_foreign_key(struct reader *r, xmlNodePtr n, struct table *t)
{
	const char *name = object_name(r, n, "name", "constraint");
	struct constraint *con;
	int count;

	if (!name && has_attr(n, "name"))
		return;
	con = new_constraint(r, t, n, name, CON_FOREIGN);
	count = read_names(r, n, "columns", &con->columns);
	con->ncolumns = count > 0 ? (size_t)count : 0;
	read_reference(r, n, attr_trim(r, n, "references"), con);
	con->on_delete = fk_action_code(attr_token(r, n, "on-delete"));
	con->on_update = fk_action_code(attr_token(r, n, "on-update"));
	con->match = attr_is(n, "match", "full") ? 'f' : 's';
	con->initially_deferred = attr_true(n, "initially-deferred");
	/* PostgreSQL: INITIALLY DEFERRED implies DEFERRABLE. */
	con->deferrable = attr_true(n, "deferrable") || con->initially_deferred;
	if (con->initially_deferred && attr_false(n, "deferrable"))
		diag_error(r->d, r->file, line_of(n), "a constraint that is initially-deferred must "
			   "be deferrable");
}

/* columns="a, b DESC NULLS LAST" into index keys. */
static void read_index_columns(struct reader *r, xmlNodePtr n, struct index *ix)
{
	const char *value = attr(r, n, "columns");
	struct list_scan ls = { value, 0, NULL };
	struct list_item *items;
	int count, i;

	count = scan_list(r->c->arena, &ls, true, &items);
	scan_space(&ls);
	if (count < 0 || ls.s[ls.pos]) {
		list_error(r, n, "columns", value, &ls);
		return;
	}
	ix->elems = arena_alloc(r->c->arena, (size_t)count * sizeof(*ix->elems));
	for (i = 0; i < count; i++) {
		ix->elems[i].column = items[i].name;
		ix->elems[i].desc = items[i].desc;
		ix->elems[i].nulls = items[i].nulls;
	}
	ix->nelems = (size_t)count;
}

static void read_index_keys(struct reader *r, xmlNodePtr n, struct index *ix)
{
	xmlNodePtr k;
	size_t count = 0;

	for (k = n->children; k; k = k->next)
		if (is_element(k, "key"))
			count++;
	ix->elems = arena_alloc(r->c->arena, (count ? count : 1) * sizeof(*ix->elems));
	for (k = n->children; k; k = k->next) {
		struct index_elem *e;
		const char *order, *nulls;

		if (!is_element(k, "key"))
			continue;
		e = &ix->elems[ix->nelems++];
		e->column = attr(r, k, "column");
		e->expr = attr_trim(r, k, "expression");
		e->opclass = attr_trim(r, k, "opclass");
		e->collation = attr_trim(r, k, "collation");
		order = attr_token(r, k, "order");
		e->desc = order && strcmp(order, "desc") == 0;
		nulls = attr_token(r, k, "nulls");
		e->nulls = !nulls ? 0 : strcmp(nulls, "first") == 0 ? 'f' : 'l';
	}
}

/* A named index is registered (names are relation names); others wait. */
static struct index *new_index(struct reader *r, struct table *t, xmlNodePtr n,
			       const char *name, bool table_registered)
{
	struct index *ix = NULL;

	if (name && table_registered) {
		ix = table_add_index(r->c, t, name);
		if (!ix)
			diag_error(r->d, r->file, line_of(n), "relation name '%s.%s' is already taken%s",
				   t->o.schema, name, relation_owner_text(r, t->o.schema, name));
	}
	if (!ix) {
		ix = arena_alloc(r->c->arena, sizeof(*ix));
		ix->o.kind = OBJ_INDEX;
		ix->o.schema = t->o.schema;
		ix->o.name = name ? name : "";
		ix->table = t;
		ix->method = "btree";
		if (!name) {
			ix->name_derived = true;
			ptrvec_push(r->c->arena, &t->indexes, ix);
		}
	}
	set_origin(r, &ix->o, n);
	return ix;
}

static void read_index(struct reader *r, xmlNodePtr n, struct table *t, bool registered)
{
	const char *name = object_name(r, n, "name", "index");
	struct index *ix;
	const char *method;
	int count;

	if (!name && has_attr(n, "name"))
		return;
	ix = new_index(r, t, n, name, registered);
	ix->unique = attr_true(n, "unique");
	method = attr_trim(r, n, "using");
	if (method)
		ix->method = method;
	ix->predicate = attr_trim(r, n, "where");
	ix->nulls_not_distinct = attr_true(n, "nulls-not-distinct");
	ix->with = attr_trim(r, n, "with");
	ix->o.comment = attr_comment(r, n);
	if (has_attr(n, "columns"))
		read_index_columns(r, n, ix);
	else
		read_index_keys(r, n, ix);
	count = read_names(r, n, "include", &ix->include);
	ix->ninclude = count > 0 ? (size_t)count : 0;
	if (ix->nelems + ix->ninclude > MODEL_MAX_KEY_COLUMNS)
		diag_error(r->d, r->file, line_of(n), "index has %zu columns; PostgreSQL allows at "
			   "most %d, INCLUDE columns counted", ix->nelems + ix->ninclude,
			   MODEL_MAX_KEY_COLUMNS);
}

/* The PRIMARY KEY that primary-key="true" columns stand for. */
static void finish_table(struct reader *r, struct table *t, struct table_state *ts)
{
	struct constraint *con;

	if (!ts->pk_columns.len)
		return;
	if (ts->pk_element) {
		diag_error(r->d, r->file, line_of(ts->pk_element), "table '%s' has two primary keys: "
			   "<primary-key> and primary-key=\"true\" on column '%s' (line %d)",
			   t->o.name, (const char *)ts->pk_columns.items[0], line_of(ts->pk_shorthand));
		return;
	}
	con = new_constraint(r, t, ts->pk_shorthand, NULL, CON_PRIMARY);
	con->columns = catalog_strlist(r->c, (const char *const *)ts->pk_columns.items,
				       ts->pk_columns.len);
	con->ncolumns = ts->pk_columns.len;
}

static void read_table(struct reader *r, xmlNodePtr n)
{
	const char *name = object_name(r, n, "name", "table");
	struct table_state ts = { PTRVEC_INIT, NULL, NULL, 0, 0 };
	struct table *t;
	bool registered = true;
	xmlNodePtr k;

	if (!name)
		return;
	t = catalog_add_table(r->c, r->schema, name);
	if (!t) {
		diag_error(r->d, r->file, line_of(n), "relation name '%s.%s' is already taken%s",
			   r->schema, name, relation_owner_text(r, r->schema, name));
		/* Read it anyway, outside the catalog, to report what is inside. */
		t = arena_alloc(r->c->arena, sizeof(*t));
		t->o.kind = OBJ_TABLE;
		t->o.schema = arena_strdup(r->c->arena, r->schema);
		t->o.name = name;
		registered = false;
	}
	set_origin(r, &t->o, n);
	t->o.comment = attr_comment(r, n);
	t->renamed_from = attr_trim(r, n, "renamed-from");
	for (k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (too_big(r, k, t, &ts))
			break;
		if (is_element(k, "column"))
			read_column(r, k, t, &ts);
		else if (is_element(k, "primary-key"))
			read_primary_key(r, k, t, &ts);
		else if (is_element(k, "unique"))
			read_key_constraint(r, k, t, CON_UNIQUE);
		else if (is_element(k, "check"))
			read_check(r, k, t);
		else if (is_element(k, "foreign-key"))
			read_foreign_key(r, k, t);
		else if (is_element(k, "index"))
			read_index(r, k, t, registered);
	}
	finish_table(r, t, &ts);
}

static void read_schema_object(struct reader *r, xmlNodePtr n)
{
	if (is_element(n, "enum"))
		read_enum(r, n);
	else if (is_element(n, "sequence"))
		read_sequence(r, n);
	else if (is_element(n, "table"))
		read_table(r, n);
}

/*
 * <schema> declares the schema (public is implicit) and holds its objects;
 * false when its name is bad, and its objects are not read.
 */
static bool read_schema(struct reader *r, xmlNodePtr n)
{
	const char *name = object_name(r, n, "name", "schema");
	const char *comment = attr_comment(r, n);

	if (!name)
		return false;
	if (strcmp(name, "public") == 0 && comment)
		diag_warning(r->d, r->file, line_of(n), "the comment on schema 'public' is ignored: "
			     "retort does not manage schema public");
	if (strcmp(name, "public") != 0) {
		struct schema *s = catalog_find_schema(r->c, name);

		if (!s) {
			s = catalog_add_schema(r->c, name);
			set_origin(r, &s->o, n);
		}
		if (comment && s->o.comment && strcmp(comment, s->o.comment) != 0)
			diag_error(r->d, r->file, line_of(n), "schema '%s' has two different "
				   "comments%s", name, where(r, &s->o));
		else if (comment)
			s->o.comment = comment;
	}
	r->schema = name;
	return true;
}

static struct ptrvec *run_list(struct catalog *c, int which)
{
	return which == RUN_TABLES ? &c->tables : which == RUN_ENUMS ? &c->enums : &c->sequences;
}

/* Objects directly under <model> go to r->top, all others to r->declared. */
static void set_mode(struct reader *r, bool top)
{
	struct run *last = r->runs.len ? r->runs.items[r->runs.len - 1] : NULL;
	struct run *run;
	int i;

	r->d = top ? &r->top : &r->declared;
	if (last && last->top == top)
		return;
	run = arena_alloc(r->c->arena, sizeof(*run));
	for (i = 0; i < RUN_LISTS; i++)
		run->at[i] = run_list(r->c, i)->len;
	run->top = top;
	ptrvec_push(r->c->arena, &r->runs, run);
}

/*
 * Reorders what this file added to one of the catalog's lists as a reader
 * taking <extension> and <schema> elements first would have added it
 * (model_check derives names in list order).
 */
static void put_declared_first(struct reader *r, int which)
{
	struct ptrvec *v = run_list(r->c, which);
	size_t start, k = 0, i;
	void **order;
	int pass;

	if (r->runs.len < 2)
		return;
	start = ((struct run *)r->runs.items[0])->at[which];
	if (v->len == start)
		return;
	order = arena_alloc(r->c->arena, (v->len - start) * sizeof(*order));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < r->runs.len; i++) {
			const struct run *run = r->runs.items[i];
			size_t end = i + 1 < r->runs.len ?
				((struct run *)r->runs.items[i + 1])->at[which] : v->len;

			if (run->top != (pass == 1))
				continue;
			memcpy(order + k, v->items + run->at[which], (end - run->at[which]) * sizeof(*order));
			k += end - run->at[which];
		}
	}
	memcpy(v->items + start, order, k * sizeof(*order));
}

/* model_xml_stream's visitor: each object as soon as it is complete. */
static void on_model_node(void *arg, enum model_xml_event ev, xmlNodePtr n)
{
	struct reader *r = arg;

	r->read_any = true;
	switch (ev) {
	case MODEL_XML_SCHEMA_BEGIN:
		set_mode(r, false);
		r->in_schema = true;
		r->schema_ok = read_schema(r, n);
		break;
	case MODEL_XML_SCHEMA_END:
		r->in_schema = false;
		r->schema = "public";
		break;
	case MODEL_XML_OBJECT:
		if (r->in_schema) {
			if (r->schema_ok)
				read_schema_object(r, n);
		} else if (is_element(n, "extension")) {
			set_mode(r, false);
			read_extension(r, n);
		} else {
			/* Objects directly under <model> are in public. */
			set_mode(r, true);
			read_schema_object(r, n);
		}
		break;
	}
}

/* --- entry points ------------------------------------------------------- */

/* How reading one file went. */
enum file_result {
	FILE_OK,		/* read, maybe with errors in what it says */
	FILE_BAD,		/* not well-formed or not valid; nothing read */
	FILE_BAD_PART_READ,	/* ... found after some of its objects were read */
};

/*
 * Reads one document into c (into nothing when walk is false: it is only
 * checked). Messages go to d; those of the objects read only when the
 * document is well-formed and valid, as they would say little otherwise.
 */
static enum file_result parse_with_schema(struct catalog *c, xmlRelaxNGPtr schema,
					  const char *data, size_t len, const char *filename,
					  bool walk, struct diags *d)
{
	struct reader r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	r.file = arena_strdup(c->arena, filename);
	r.schema = "public";
	r.d = &r.top;
	rc = model_xml_stream(schema, data, len, r.file, walk ? on_model_node : NULL, &r, d);
	if (rc == 0) {
		int i;

		for (i = 0; i < RUN_LISTS; i++)
			put_declared_first(&r, i);
		model_xml_move_diags(d, &r.declared);
		model_xml_move_diags(d, &r.top);
	}
	diag_release(&r.declared);
	diag_release(&r.top);
	if (rc == 0)
		return FILE_OK;
	return r.read_any ? FILE_BAD_PART_READ : FILE_BAD;
}

int model_parse_buffer(struct catalog *c, const char *data, size_t len,
		       const char *filename, struct diags *d)
{
	xmlRelaxNGPtr schema = model_xml_schema(d);
	size_t errors_before = d->nerrors;

	if (!schema)
		return -1;
	parse_with_schema(c, schema, data, len, filename, true, d);
	xmlRelaxNGFree(schema);
	return d->nerrors > errors_before ? -1 : 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool has_xml_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

/* The *.xml files of dir, sorted; hidden files are editor leftovers. */
static int list_model_files(struct arena *a, const char *dir, struct ptrvec *files,
			    struct diags *d)
{
	DIR *dh = opendir(dir);
	struct dirent *de;
	size_t errors_before = d->nerrors;

	if (!dh) {
		diag_error(d, dir, 0, "cannot open model folder: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(dh)) != NULL) {
		const char *path;
		struct stat st;

		if (de->d_name[0] == '.' || !has_xml_suffix(de->d_name))
			continue;
		path = arena_printf(a, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
				    de->d_name);
		if (stat(path, &st) < 0)	/* a dangling symlink, say: not silently */
			diag_error(d, path, 0, "cannot read model file: %s", strerror(errno));
		else if (S_ISREG(st.st_mode))
			ptrvec_push(a, files, (void *)path);
		else if (!S_ISDIR(st.st_mode))	/* a FIFO would block, a device never end */
			diag_error(d, path, 0, "cannot read model file: not a regular file");
	}
	if (d->nerrors > errors_before && !files->len) {
		closedir(dh);
		return -1;	/* reported; "no model files" would only add noise */
	}
	closedir(dh);
	if (files->len > 1)
		qsort(files->items, files->len, sizeof(files->items[0]), cmp_names);
	if (!files->len) {
		diag_error(d, dir, 0, "no *.xml model files in this folder\n"
			   "hint: 'retort init' creates a starter model; 'retort inspect -o "
			   "FILE' writes one from an existing database.");
		return -1;
	}
	return 0;
}

static enum file_result read_one_file(struct catalog *c, xmlRelaxNGPtr schema,
				      const char *path, bool walk, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	enum file_result res = FILE_BAD;

	/* One byte over the limit is enough to know the file is too big. */
	if (strbuf_read_file(&sb, path, MODEL_MAX_BYTES + 1) < 0) {
		if (errno == EFBIG)
			diag_error(d, path, 1, "file is larger than %zu MiB; model files this big "
				   "are not supported", MODEL_MAX_BYTES >> 20);
		else
			diag_error(d, path, 0, "cannot read model file: %s", strerror(errno));
	} else {
		res = parse_with_schema(c, schema, sb.buf, sb.len, path, walk, d);
	}
	strbuf_release(&sb);
	return res;
}

/*
 * Reads the files into a new catalog, skipping those marked bad. A file
 * found bad only after part of it was read leaves that part behind, where
 * it would change what later files are told ("defined twice"): then the
 * remaining files are only checked, every bad file is marked, and *again
 * asks for a second round, in which bad files contribute only their own
 * errors, as if they had been checked before anything was read.
 */
static struct catalog *read_files(struct arena *a, xmlRelaxNGPtr schema,
				  const struct ptrvec *files, bool *bad, bool *again,
				  struct diags *d)
{
	struct catalog *c = catalog_new(a);
	size_t i;

	*again = false;
	for (i = 0; i < files->len; i++) {
		enum file_result res = read_one_file(c, schema, files->items[i],
						     !bad[i] && !*again, d);

		if (res != FILE_OK)
			bad[i] = true;
		if (res == FILE_BAD_PART_READ)
			*again = true;
	}
	return c;
}

struct catalog *model_load(struct arena *a, const char *path,
			   const struct filter *f, struct diags *d)
{
	struct ptrvec files = PTRVEC_INIT;
	struct diags round = DIAGS_INIT;
	struct catalog *c, *wanted;
	xmlRelaxNGPtr schema;
	struct stat st;
	size_t errors_before = d->nerrors;
	bool *bad, again;

	if (stat(path, &st) < 0) {
		diag_error(d, path, 0, "cannot read models: %s", strerror(errno));
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		if (list_model_files(a, path, &files, d) < 0)
			return NULL;
	} else if (S_ISREG(st.st_mode)) {
		ptrvec_push(a, &files, (void *)path);
	} else {
		/* A FIFO or device could block or never end. */
		diag_error(d, path, 0, "cannot read models: not a regular file or folder");
		return NULL;
	}
	schema = model_xml_schema(d);
	if (!schema)
		return NULL;
	bad = arena_alloc(a, files.len * sizeof(*bad));
	c = read_files(a, schema, &files, bad, &again, &round);
	if (again) {
		catalog_free(c);
		diag_release(&round);
		memset(&round, 0, sizeof(round));
		c = read_files(a, schema, &files, bad, &again, &round);
	}
	xmlRelaxNGFree(schema);
	model_xml_move_diags(d, &round);
	/* Semantic checks on a partly read model would mostly repeat the errors. */
	if (d->nerrors > errors_before || model_check(c, d) < 0) {
		catalog_free(c);
		return NULL;
	}
	wanted = model_filter(c, f);
	if (wanted != c)
		catalog_free(c);
	return wanted;
}
