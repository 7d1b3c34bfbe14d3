/*
 * normalize.c - making model text comparable with database text (see
 * normalize.h and doc/normalization.md).
 *
 * Two passes. The pure-C pass knows PostgreSQL's spellings of the built-in
 * types and tidies expressions only in ways that cannot change their
 * meaning. What still differs from the database afterwards is given to the
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "diag.h"
#include "introspect.h"
#include "normalize.h"
#include "quote.h"
#include "banned.h"

/* --- types ------------------------------------------------------------ */

enum ttok_kind { TT_WORD, TT_QUOTED, TT_NUM, TT_PUNCT };

struct ttok {
	enum ttok_kind kind;
	char *text;		/* words lower-cased; quoted names without quotes */
};

/* How a known type takes its modifier. */
enum typmod_mode {
	TM_PLAIN,	/* name(mods) */
	TM_INFIX,	/* after the first word: timestamp(3) with time zone */
	TM_ONE,		/* character, bit: (1) when none is given */
	TM_NUMERIC,	/* numeric(p) means numeric(p,0) */
	TM_FLOAT,	/* float(p): real up to 24 bits, else double precision */
	TM_BPCHAR,	/* bpchar(n) is character(n); bare bpchar stays */
};

static const struct {
	const char *in, *out;
	enum typmod_mode mode;
} type_names[] = {
	{ "int", "integer", TM_PLAIN },
	{ "int4", "integer", TM_PLAIN },
	{ "integer", "integer", TM_PLAIN },
	{ "int2", "smallint", TM_PLAIN },
	{ "smallint", "smallint", TM_PLAIN },
	{ "int8", "bigint", TM_PLAIN },
	{ "bigint", "bigint", TM_PLAIN },
	{ "bool", "boolean", TM_PLAIN },
	{ "boolean", "boolean", TM_PLAIN },
	{ "float4", "real", TM_PLAIN },
	{ "real", "real", TM_PLAIN },
	{ "float8", "double precision", TM_PLAIN },
	{ "double", "double precision", TM_PLAIN },
	{ "double precision", "double precision", TM_PLAIN },
	{ "float", "double precision", TM_FLOAT },
	{ "varchar", "character varying", TM_PLAIN },
	{ "character varying", "character varying", TM_PLAIN },
	{ "char varying", "character varying", TM_PLAIN },
	{ "char", "character", TM_ONE },
	{ "character", "character", TM_ONE },
	{ "nchar", "character", TM_ONE },
	{ "national char", "character", TM_ONE },
	{ "national character", "character", TM_ONE },
	{ "nchar varying", "character varying", TM_PLAIN },
	{ "national char varying", "character varying", TM_PLAIN },
	{ "national character varying", "character varying", TM_PLAIN },
	{ "bpchar", "character", TM_BPCHAR },
	{ "decimal", "numeric", TM_NUMERIC },
	{ "dec", "numeric", TM_NUMERIC },
	{ "numeric", "numeric", TM_NUMERIC },
	{ "timestamp", "timestamp without time zone", TM_INFIX },
	{ "timestamp without time zone", "timestamp without time zone", TM_INFIX },
	{ "timestamptz", "timestamp with time zone", TM_INFIX },
	{ "timestamp with time zone", "timestamp with time zone", TM_INFIX },
	{ "time", "time without time zone", TM_INFIX },
	{ "time without time zone", "time without time zone", TM_INFIX },
	{ "timetz", "time with time zone", TM_INFIX },
	{ "time with time zone", "time with time zone", TM_INFIX },
	{ "bit", "bit", TM_ONE },
	{ "varbit", "bit varying", TM_PLAIN },
	{ "bit varying", "bit varying", TM_PLAIN },
	{ "interval", "interval", TM_PLAIN },
};

static bool is_ident_start(int ch)
{
	return isalpha(ch) || ch == '_' || (ch & 0x80);
}

static bool is_ident_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '$' || (ch & 0x80);
}

/* Splits a type name into tokens; false on anything unexpected. */
static bool type_tokenize(struct arena *a, const char *s, struct ttok *toks, size_t max,
			  size_t *n)
{
	*n = 0;
	while (*s) {
		struct ttok *t = &toks[*n];
		const char *start = s;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		if (*n == max)
			return false;
		if (is_ident_start((unsigned char)*s)) {
			size_t i;
			while (is_ident_char((unsigned char)*s))
				s++;
			t->kind = TT_WORD;
			t->text = arena_strndup(a, start, (size_t)(s - start));
			for (i = 0; t->text[i]; i++)
				t->text[i] = (char)tolower((unsigned char)t->text[i]);
		} else if (*s == '"') {
			struct strbuf sb = STRBUF_INIT;
			for (s++;; s++) {
				if (!*s) {
					strbuf_release(&sb);
					return false;
				}
				if (*s == '"') {
					if (s[1] != '"')
						break;
					s++;
				}
				strbuf_addch(&sb, *s);
			}
			s++;
			t->kind = TT_QUOTED;
			t->text = arena_strdup(a, sb.buf);
			strbuf_release(&sb);
			if (!*t->text)
				return false;
		} else if (isdigit((unsigned char)*s)) {
			while (isdigit((unsigned char)*s))
				s++;
			t->kind = TT_NUM;
			t->text = arena_strndup(a, start, (size_t)(s - start));
		} else if (strchr("(),.[]", *s)) {
			t->kind = TT_PUNCT;
			t->text = arena_strndup(a, s, 1);
			s++;
		} else {
			return false;
		}
		(*n)++;
	}
	return *n > 0;
}

static bool tok_is(const struct ttok *t, enum ttok_kind kind, const char *text)
{
	return t->kind == kind && strcmp(t->text, text) == 0;
}

/* The parts of a type name. */
struct type_parts {
	const struct ttok *schema;	/* or NULL */
	const char *words[8];
	size_t nwords;
	bool name_quoted;		/* a single quoted name */
	long mods[2];
	size_t nmods;
	size_t mods_after;		/* number of words before the modifier */
	bool array;
};

static bool parse_mods(const struct ttok *toks, size_t n, size_t *i, struct type_parts *p)
{
	(*i)++;		/* "(" */
	for (;;) {
		if (*i >= n || toks[*i].kind != TT_NUM || p->nmods == 2)
			return false;
		p->mods[p->nmods++] = strtol(toks[*i].text, NULL, 10);
		(*i)++;
		if (*i < n && tok_is(&toks[*i], TT_PUNCT, ",")) {
			(*i)++;
			continue;
		}
		if (*i < n && tok_is(&toks[*i], TT_PUNCT, ")")) {
			(*i)++;
			return true;
		}
		return false;
	}
}

/* "[]", "[3][4]", "ARRAY", "ARRAY[3]" at the end. */
static bool parse_array(const struct ttok *toks, size_t n, size_t *i)
{
	if (tok_is(&toks[*i], TT_WORD, "array")) {
		(*i)++;
		if (*i == n)
			return true;
	}
	while (*i < n) {
		if (!tok_is(&toks[*i], TT_PUNCT, "["))
			return false;
		(*i)++;
		if (*i < n && toks[*i].kind == TT_NUM)
			(*i)++;
		if (*i >= n || !tok_is(&toks[*i], TT_PUNCT, "]"))
			return false;
		(*i)++;
	}
	return true;
}

static bool type_parse(const struct ttok *toks, size_t n, struct type_parts *p)
{
	size_t i = 0;

	memset(p, 0, sizeof(*p));
	if (n >= 3 && tok_is(&toks[1], TT_PUNCT, ".") &&
	    (toks[0].kind == TT_WORD || toks[0].kind == TT_QUOTED)) {
		p->schema = &toks[0];
		i = 2;
	}
	while (i < n) {
		const struct ttok *t = &toks[i];

		if (t->kind == TT_WORD && strcmp(t->text, "array") != 0) {
			if (p->nwords == sizeof(p->words) / sizeof(p->words[0]) || p->name_quoted)
				return false;
			p->words[p->nwords++] = t->text;
			i++;
		} else if (t->kind == TT_QUOTED) {
			if (p->nwords)
				return false;
			p->words[p->nwords++] = t->text;
			p->name_quoted = true;
			i++;
		} else if (tok_is(t, TT_PUNCT, "(") && p->nwords && !p->nmods) {
			p->mods_after = p->nwords;
			if (!parse_mods(toks, n, &i, p))
				return false;
		} else if (p->nwords && (tok_is(t, TT_PUNCT, "[") || tok_is(t, TT_WORD, "array"))) {
			if (!parse_array(toks, n, &i))
				return false;
			p->array = true;
		} else {
			return false;
		}
	}
	return p->nwords > 0;
}

static void add_mods(struct strbuf *sb, const long *mods, size_t n)
{
	size_t i;

	if (!n)
		return;
	strbuf_addch(sb, '(');
	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%ld", i ? "," : "", mods[i]);
	strbuf_addch(sb, ')');
}

/* Writes a known built-in type; false when the words name none. */
static bool add_builtin(struct strbuf *sb, const char *words, const struct type_parts *p)
{
	const char *space;
	long mods[2];
	size_t i, nmods = p->nmods;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i].in, words) == 0)
			break;
	if (i == sizeof(type_names) / sizeof(type_names[0]))
		return false;
	memcpy(mods, p->mods, sizeof(mods));
	switch (type_names[i].mode) {
	case TM_INFIX:
		space = strchr(type_names[i].out, ' ');
		strbuf_add(sb, type_names[i].out, (size_t)(space - type_names[i].out));
		add_mods(sb, mods, nmods);
		strbuf_addstr(sb, space);
		return true;
	case TM_ONE:
		if (!nmods)
			mods[nmods++] = 1;
		break;
	case TM_NUMERIC:
		if (nmods == 1)
			mods[nmods++] = 0;
		break;
	case TM_FLOAT:
		strbuf_addstr(sb, nmods && mods[0] >= 1 && mods[0] <= 24 ? "real" : "double precision");
		return true;
	case TM_BPCHAR:
		if (!nmods) {
			strbuf_addstr(sb, "bpchar");
			return true;
		}
		break;
	case TM_PLAIN:
		break;
	}
	strbuf_addstr(sb, type_names[i].out);
	add_mods(sb, mods, nmods);
	return true;
}

static bool schema_is_implicit(const struct ttok *schema)
{
	return schema && (strcmp(schema->text, "public") == 0 ||
			  strcmp(schema->text, "pg_catalog") == 0);
}

/* Whitespace collapsed and trimmed: the fallback for what cannot be parsed. */
static const char *collapse_space(struct arena *a, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;

	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				strbuf_addch(&sb, ' ');
		} else {
			strbuf_addch(&sb, *s);
		}
	}
	strbuf_rtrim(&sb);
	r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

const char *normalize_type(struct arena *a, const char *type)
{
	struct arena tmp = ARENA_INIT;
	struct ttok toks[32];
	struct type_parts p;
	struct strbuf sb = STRBUF_INIT, words = STRBUF_INIT;
	const char *result;
	size_t n, i;

	if (!type)
		return NULL;
	if (!type_tokenize(&tmp, type, toks, sizeof(toks) / sizeof(toks[0]), &n) ||
	    !type_parse(toks, n, &p)) {
		arena_release(&tmp);
		return collapse_space(a, type);
	}
	for (i = 0; i < p.nwords; i++) {
		if (i)
			strbuf_addch(&words, ' ');
		strbuf_addstr(&words, p.words[i]);
	}
	if (p.schema && !schema_is_implicit(p.schema)) {
		sb_add_ident(&sb, p.schema->text);
		strbuf_addch(&sb, '.');
	}
	if (p.name_quoted || (p.schema && !schema_is_implicit(p.schema)) ||
	    !add_builtin(&sb, words.buf, &p)) {
		if (p.name_quoted || p.nwords == 1)
			sb_add_ident(&sb, words.buf);
		else
			strbuf_addstr(&sb, words.buf);	/* "interval day to second" */
		add_mods(&sb, p.mods, p.nmods);
	}
	if (p.array)
		strbuf_addstr(&sb, "[]");
	result = strcmp(sb.buf, type) == 0 ? type : arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&words);
	arena_release(&tmp);
	return result;
}

const char *normalize_collation(struct arena *a, const char *collation)
{
	size_t len;

	if (!collation)
		return NULL;
	if (strncmp(collation, "pg_catalog.", 11) == 0)
		collation += 11;
	len = strlen(collation);
	if (len >= 2 && collation[0] == '"' && collation[len - 1] == '"' &&
	    !memchr(collation + 1, '"', len - 2))
		return arena_strndup(a, collation + 1, len - 2);
	return collation;
}

/* --- expressions ------------------------------------------------------ */

/*
 * Keywords PostgreSQL's deparser prints in upper case. Only reserved and
 * column-name keywords: those can never stand bare for a column, so
 * upper-casing them cannot change a canonical text. Sorted for bsearch.
 */
static const char *const upper_words[] = {
	"all", "and", "any", "array", "asymmetric", "between", "both", "case", "cast",
	"coalesce", "collate", "collation", "current_catalog", "current_date", "current_role",
	"current_schema", "current_time", "current_timestamp", "current_user", "distinct", "else",
	"end", "exists", "extract", "for", "from", "greatest", "grouping", "ilike", "in", "is",
	"isnull", "leading", "least", "like", "localtime", "localtimestamp", "normalize", "not",
	"notnull", "null", "nullif", "or", "overlay", "placing", "position", "session_user",
	"similar", "some", "substring", "symmetric", "system_user", "then", "trailing", "treat",
	"trim", "values", "when", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
	"xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
	"xmltable",
};

/* Words that may follow the first word of a type name after "::". */
static const char *const type_words[] = {
	"day", "hour", "minute", "month", "precision", "second", "time", "to", "varying",
	"with", "without", "year", "zone",
};

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_list(const char *w, const char *const *list, size_t n)
{
	return bsearch(&w, list, n, sizeof(list[0]), cmp_word) != NULL;
}

static bool is_upper_word(const char *w)
{
	return in_list(w, upper_words, sizeof(upper_words) / sizeof(upper_words[0]));
}

/* Upper-case words written like calls, without a space: COALESCE(a, b), ARRAY[1]. */
static bool is_function_word(const char *w)
{
	static const char *const calls[] = {
		"array", "cast", "coalesce", "current_time", "current_timestamp", "extract",
		"greatest", "grouping", "least", "localtime", "localtimestamp", "normalize",
		"nullif", "overlay", "position", "substring", "treat", "trim", "xmlattributes",
		"xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlparse", "xmlpi",
		"xmlroot", "xmlserialize",
	};
	return in_list(w, calls, sizeof(calls) / sizeof(calls[0]));
}

/*
 * Calls PostgreSQL prints in upper case although they are no reserved
 * words (ROW(...), the SQL/JSON constructors of PostgreSQL 16+): written
 * in upper case, they stay so.
 */
static bool is_upper_call(const char *w)
{
	static const char *const calls[] = {
		"json", "json_array", "json_arrayagg", "json_exists", "json_object",
		"json_objectagg", "json_query", "json_scalar", "json_serialize", "json_table",
		"json_value", "merge_action", "row",
	};
	return in_list(w, calls, sizeof(calls) / sizeof(calls[0]));
}

/*
 * The case a word is printed in. Mixed- or lower-case words are safe to
 * fold (PostgreSQL folds them itself, and prints no unquoted name with
 * upper case); an all-upper-case word is left as written unless it is a
 * known keyword, a call ("NOW()" is now()), or a boolean constant, because
 * it may be a keyword this list does not know.
 */
static void word_case(struct strbuf *w, bool call, bool in_cast, const char *prev_word)
{
	bool has_lower = false, upper;
	struct strbuf lower = STRBUF_INIT;
	size_t i;

	for (i = 0; i < w->len; i++)
		if (islower((unsigned char)w->buf[i]))
			has_lower = true;
	strbuf_addstr(&lower, w->buf);
	for (i = 0; i < lower.len; i++)
		lower.buf[i] = (char)tolower((unsigned char)lower.buf[i]);
	upper = !in_cast && is_upper_word(lower.buf);
	if (upper) {
		for (i = 0; i < w->len; i++)
			w->buf[i] = (char)toupper((unsigned char)w->buf[i]);
	} else if (in_cast || has_lower || (call && !is_upper_call(lower.buf)) ||
		   ((!strcmp(lower.buf, "true") || !strcmp(lower.buf, "false")) &&
		    strcmp(prev_word, "IS") != 0 && strcmp(prev_word, "NOT") != 0)) {
		strbuf_reset(w);
		strbuf_addstr(w, lower.buf);
	}
	strbuf_release(&lower);
}

/* Sets tmp to w lower-cased and returns its text. */
static const char *strbuf_lower_tmp(const struct strbuf *w, struct strbuf *tmp)
{
	size_t i;

	strbuf_reset(tmp);
	strbuf_addstr(tmp, w->buf);
	for (i = 0; i < tmp->len; i++)
		tmp->buf[i] = (char)tolower((unsigned char)tmp->buf[i]);
	return tmp->buf;
}

enum etok { ET_NONE, ET_OPERAND, ET_OPEN, ET_CLOSE, ET_COMMA, ET_OP, ET_CAST, ET_DOT };

/* Length of the quoted token at s ('...', E'...', "...", $tag$...$tag$), or 0 if unterminated. */
static size_t quoted_len(const char *s)
{
	const char *p = s;
	char q;

	if (*p == '$') {
		const char *end = strchr(p + 1, '$');
		size_t taglen;

		if (!end)
			return 0;
		taglen = (size_t)(end - p) + 1;
		for (p = end + 1; *p; p++)
			if (*p == '$' && strncmp(p, s, taglen) == 0)
				return (size_t)(p - s) + taglen;
		return 0;
	}
	if ((*p == 'E' || *p == 'e') && p[1] == '\'') {
		for (p += 2; *p; p++) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				return (size_t)(p - s) + 1;
		}
		return 0;
	}
	q = *p;
	for (p++; *p; p++) {
		if (*p == q && p[1] == q)
			p++;
		else if (*p == q)
			return (size_t)(p - s) + 1;
	}
	return 0;
}

static bool is_dollar_quote(const char *s)
{
	const char *p = s + 1;

	if (*s != '$')
		return false;
	while (is_ident_char((unsigned char)*p) && *p != '$')
		p++;
	return *p == '$' && !isdigit((unsigned char)s[1]);
}

static bool is_op_char(int ch)
{
	return ch && strchr("+-*/<>=~!@#%^&|`?", ch) != NULL;
}

/* Adds the space a token needs before it, given the previous token. */
static void expr_space(struct strbuf *sb, enum etok prev, enum etok cur)
{
	if (prev == ET_NONE || prev == ET_OPEN || prev == ET_CAST || prev == ET_DOT ||
	    cur == ET_CLOSE || cur == ET_COMMA || cur == ET_CAST || cur == ET_DOT)
		return;
	if (cur == ET_OPEN && prev == ET_OPERAND)
		return;		/* a call: f(x) */
	/* Operators, prefix ones too ("- x"), stand between spaces, as deparsed. */
	strbuf_addch(sb, ' ');
}

/*
 * The space before a token. A line break in the text is kept as written:
 * PostgreSQL prints CASE over several indented lines, and a text it
 * printed must come out unchanged.
 */
static void token_space(struct strbuf *sb, enum etok prev, enum etok cur, bool after_keyword,
			const char *ws, size_t wslen)
{
	if (ws && memchr(ws, '\n', wslen))
		strbuf_add(sb, ws, wslen);
	else if (cur == ET_OPEN && after_keyword)
		strbuf_addch(sb, ' ');	/* IN (...), ANY (...) */
	else
		expr_space(sb, prev, cur);
}

const char *normalize_expr(struct arena *a, const char *expr)
{
	struct strbuf sb = STRBUF_INIT;
	struct strbuf prev_word = STRBUF_INIT, lower = STRBUF_INIT;
	enum etok prev = ET_NONE;
	bool prev_keyword = false, keyword, in_cast = false;
	const char *s = expr, *result, *ws = NULL;
	size_t wslen = 0;

	if (!expr)
		return NULL;
	while (*s) {
		const char *start = s;
		enum etok cur;
		size_t len;

		if (isspace((unsigned char)*s)) {
			ws = s;
			while (isspace((unsigned char)*s))
				s++;
			wslen = (size_t)(s - ws);
			continue;
		}
		if ((s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*'))
			goto verbatim;	/* comments: not worth the risk */
		if (prev == ET_DOT && ws)
			goto verbatim;	/* "x. 5": as odd as a space before a dot */
		if (*s == '\'' || *s == '"' || ((*s == 'E' || *s == 'e') && s[1] == '\'') ||
		    is_dollar_quote(s)) {
			len = quoted_len(s);
			if (!len)
				goto verbatim;
			cur = ET_OPERAND;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_add(&sb, s, len);
			s += len;
		} else if (is_ident_start((unsigned char)*s)) {
			struct strbuf w = STRBUF_INIT;
			const char *next;
			bool type_word;

			while (is_ident_char((unsigned char)*s))
				s++;
			/* B'..', X'..', U&'..', "typed" quotes glued to a word: leave alone. */
			if (*s == '\'' || *s == '"' || *s == '&')
				goto verbatim;
			strbuf_add(&w, start, (size_t)(s - start));
			for (next = s; isspace((unsigned char)*next); next++)
				;
			/* After "::" come the words of a type name, printed in lower case. */
			strbuf_lower_tmp(&w, &lower);
			type_word = prev == ET_CAST ||
				    (in_cast && in_list(lower.buf, type_words,
							 sizeof(type_words) / sizeof(type_words[0])));
			in_cast = type_word;
			word_case(&w, *next == '(', type_word, prev_word.buf);
			cur = ET_OPERAND;
			token_space(&sb, prev, cur, false, ws, wslen);
			ws = NULL;
			strbuf_addstr(&sb, w.buf);
			keyword = !type_word && is_upper_word(lower.buf) &&
				  !is_function_word(lower.buf);
			strbuf_reset(&prev_word);
			strbuf_addstr(&prev_word, w.buf);
			strbuf_release(&w);
			prev = cur;
			prev_keyword = keyword;
			continue;
		} else if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
			while (isalnum((unsigned char)*s) || *s == '.' ||
			       ((*s == '+' || *s == '-') && (s[-1] == 'e' || s[-1] == 'E')))
				s++;
			cur = ET_OPERAND;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_add(&sb, start, (size_t)(s - start));
		} else if (s[0] == ':' && s[1] == ':') {
			cur = ET_CAST;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_addstr(&sb, "::");
			s += 2;
		} else if (*s == '(' || *s == '[') {
			cur = ET_OPEN;
			token_space(&sb, prev, cur, prev_keyword, ws, wslen);
			strbuf_addch(&sb, *s++);
		} else if (*s == ')' || *s == ']') {
			cur = ET_CLOSE;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_addch(&sb, *s++);
		} else if (*s == ',') {
			cur = ET_COMMA;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_addch(&sb, *s++);
		} else if (*s == '.') {
			/* "1 .5" is not "1.5": a dot after a space is too odd to touch. */
			if (ws)
				goto verbatim;
			cur = ET_DOT;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_addch(&sb, *s++);
		} else if (is_op_char((unsigned char)*s)) {
			while (is_op_char((unsigned char)*s))
				s++;
			cur = ET_OP;
			token_space(&sb, prev, cur, false, ws, wslen);
			strbuf_add(&sb, start, (size_t)(s - start));
		} else {
			goto verbatim;
		}
		ws = NULL;
		prev = cur;
		prev_keyword = false;
		if (cur != ET_DOT)
			in_cast = false;
		strbuf_reset(&prev_word);
	}
	if (ws && memchr(ws, '\n', wslen))
		strbuf_add(&sb, ws, wslen);
	result = strcmp(sb.buf, expr) == 0 ? expr : arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	strbuf_release(&prev_word);
	strbuf_release(&lower);
	return result;
verbatim:
	strbuf_release(&sb);
	strbuf_release(&prev_word);
	strbuf_release(&lower);
	return expr;
}

/* --- the pure-C pass over a catalog ----------------------------------- */

/* An expression key that is a bare column name is a column key, as in PostgreSQL. */
static void index_elem_plain_column(struct arena *a, const struct table *t, struct index_elem *e)
{
	struct ttok toks[2];
	struct arena tmp = ARENA_INIT;
	size_t n;

	if (e->expr && type_tokenize(&tmp, e->expr, toks, 2, &n) && n == 1 &&
	    (toks[0].kind == TT_WORD || toks[0].kind == TT_QUOTED) &&
	    table_find_column(t, toks[0].text)) {
		e->column = arena_strdup(a, toks[0].text);
		e->expr = NULL;
	}
	arena_release(&tmp);
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
