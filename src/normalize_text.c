/*
 * normalize_text.c - PostgreSQL's spellings of types, collations and
 * expressions, in pure C: the first pass of the normalizer (normalize.c,
 * doc/normalization.md). Only rewrites that cannot change the meaning;
 * what they cannot settle is left for the server pass.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

const char *normalize_bare_name(struct arena *a, const char *expr)
{
	struct ttok toks[2];
	struct arena tmp = ARENA_INIT;
	const char *name = NULL;
	size_t n;

	if (expr && type_tokenize(&tmp, expr, toks, 2, &n) && n == 1 &&
	    (toks[0].kind == TT_WORD || toks[0].kind == TT_QUOTED))
		name = arena_strdup(a, toks[0].text);
	arena_release(&tmp);
	return name;
}
