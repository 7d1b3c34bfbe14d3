/*
 * names.c - predicting the names PostgreSQL chooses (see names.h).
 *
 * The rules mirror the server's C code: makeObjectName for the shape and
 * truncation, ChooseRelationName / ChooseConstraintName for the numbering,
 * ChooseIndexColumnNames and FigureColname for index keys. For CHECK and
 * expression keys the server looks at the parsed expression; we only have
 * the text, so a small tokenizer finds the few things that matter: the
 * function called at the top, and which columns are mentioned.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "banned.h"

/* Bytes in the UTF-8 character that starts with byte c (1 for stray bytes). */
static size_t utf8_len(unsigned char c)
{
	if (c < 0xc0)
		return 1;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return 4;
}

size_t names_clip(const char *s, size_t len, size_t limit)
{
	size_t pos = 0;

	while (pos < len) {
		size_t n = utf8_len((unsigned char)s[pos]);

		if (pos + n > limit || pos + n > len)
			break;
		pos += n;
	}
	return pos;
}

const char *names_abbrev(struct arena *a, const char *s, size_t max)
{
	size_t len = strlen(s);

	if (len <= max || max < 4)
		return s;
	return arena_printf(a, "%.*s...", (int)names_clip(s, len, max - 3), s);
}

const char *names_make(struct arena *a, const char *name1, const char *name2,
		       const char *label)
{
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = 0, avail;
	struct strbuf sb = STRBUF_INIT;
	const char *result;

	if (name2)
		overhead++;
	if (label)
		overhead += strlen(label) + 1;
	avail = overhead < NAMES_MAX_BYTES ? NAMES_MAX_BYTES - overhead : 0;
	/* Shorten the longer part first, one byte at a time, as the server does. */
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	n1 = names_clip(name1, n1, n1);
	if (name2)
		n2 = names_clip(name2, n2, n2);
	strbuf_add(&sb, name1, n1);
	if (name2) {
		strbuf_addch(&sb, '_');
		strbuf_add(&sb, name2, n2);
	}
	if (label) {
		strbuf_addch(&sb, '_');
		strbuf_addstr(&sb, label);
	}
	result = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return result;
}

const char *names_choose(struct arena *a, const char *name1, const char *name2,
			 const char *label, names_taken_fn taken, void *arg)
{
	const char *name = names_make(a, name1, name2, label);
	int pass = 0;

	while (taken && taken(arg, name)) {
		char modlabel[NAMES_MAX_BYTES + 1];

		snprintf(modlabel, sizeof(modlabel), "%s%d", label ? label : "", ++pass);
		name = names_make(a, name1, name2, modlabel);
	}
	return name;
}

const char *names_join(struct arena *a, const char *const *items, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *result;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(items[i]);

		if (sb.len)
			strbuf_addch(&sb, '_');
		/* The server copies at most NAMEDATALEN - 1 bytes of each. */
		strbuf_add(&sb, items[i], len < NAMES_MAX_BYTES ? len : NAMES_MAX_BYTES);
		if (sb.len > NAMES_MAX_BYTES)
			break;
	}
	result = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return result;
}

/* --- a tokenizer just good enough to look at expressions ------------- */

enum tok_kind { TOK_IDENT, TOK_QIDENT, TOK_STRING, TOK_NUMBER, TOK_OP, TOK_OPEN, TOK_CLOSE,
		TOK_LBRACK, TOK_RBRACK, TOK_COMMA, TOK_DOT, TOK_CAST, TOK_OTHER };

struct tok {
	enum tok_kind kind;
	const char *text;	/* identifiers: folded (unquoted) or unquoted; else NULL */
};

struct toklist {
	struct tok *items;
	size_t len;
	size_t *match;		/* for an opening bracket, its closing one; else len */
};

/* Nesting deeper than this in an expression is named "expr" (no server takes it). */
#define NAMES_MAX_DEPTH 100

static bool ident_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || isdigit(c) || c == '$';
}

/* Skips a '...' literal starting at s[i]; backslashes escape when escapes. */
static size_t skip_string(const char *s, size_t i, bool escapes)
{
	for (i++; s[i]; i++) {
		if (escapes && s[i] == '\\' && s[i + 1])
			i++;
		else if (s[i] == '\'' && s[i + 1] == '\'')
			i++;
		else if (s[i] == '\'')
			return i + 1;
	}
	return i;
}

/* Skips a $tag$...$tag$ literal, or returns 0 when s[i] does not start one. */
static size_t skip_dollar(const char *s, size_t i)
{
	size_t j = i + 1, taglen;
	const char *end;

	while (s[j] && s[j] != '$' && (isalnum((unsigned char)s[j]) || s[j] == '_'))
		j++;
	if (s[j] != '$')
		return 0;
	taglen = j - i + 1;
	end = s + j + 1;
	while ((end = strchr(end, '$')) != NULL) {
		if (strncmp(end, s + i, taglen) == 0)
			return (size_t)(end - s) + taglen;
		end++;
	}
	return strlen(s);
}

static void tok_push(struct arena *a, struct toklist *tl, size_t *cap,
		     enum tok_kind kind, const char *text)
{
	if (tl->len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct tok *items = arena_alloc(a, ncap * sizeof(*items));

		if (tl->len)
			memcpy(items, tl->items, tl->len * sizeof(*items));
		tl->items = items;
		*cap = ncap;
	}
	tl->items[tl->len].kind = kind;
	tl->items[tl->len].text = text;
	tl->len++;
}

/* An unquoted identifier as the server folds it: ASCII lower case. */
static const char *fold_ident(struct arena *a, const char *s, size_t n)
{
	char *r = arena_strndup(a, s, n);
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i] >= 'A' && r[i] <= 'Z')
			r[i] = (char)(r[i] - 'A' + 'a');
	return r;
}

static const char *unquote_ident(struct arena *a, const char *s, size_t start, size_t *end)
{
	struct strbuf sb = STRBUF_INIT;
	const char *r;
	size_t i;

	for (i = start + 1; s[i]; i++) {
		if (s[i] == '"' && s[i + 1] == '"')
			strbuf_addch(&sb, s[i++]);
		else if (s[i] == '"')
			break;
		else
			strbuf_addch(&sb, s[i]);
	}
	*end = s[i] ? i + 1 : i;
	r = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return r;
}

static size_t scan_operator(const char *s, size_t i)
{
	static const char opchars[] = "+-*/<>=~!@#%^&|`?";
	size_t j = i;

	while (s[j] && strchr(opchars, s[j]))
		j++;
	return j > i ? j : i + 1;
}

/* Fills tl->match in one pass with a stack, so bracket lookups cost nothing. */
static void pair_brackets(struct arena *a, struct toklist *tl)
{
	size_t *stack = arena_alloc(a, (tl->len + 1) * sizeof(*stack));
	size_t depth = 0, i;

	tl->match = arena_alloc(a, (tl->len + 1) * sizeof(*tl->match));
	for (i = 0; i < tl->len; i++) {
		enum tok_kind k = tl->items[i].kind;

		tl->match[i] = tl->len;
		if (k == TOK_OPEN || k == TOK_LBRACK)
			stack[depth++] = i;
		else if ((k == TOK_CLOSE || k == TOK_RBRACK) && depth)
			tl->match[stack[--depth]] = i;
	}
}

static struct toklist tokenize(struct arena *a, const char *s)
{
	struct toklist tl = { NULL, 0, NULL };
	size_t cap = 0, i = 0;

	while (s[i]) {
		unsigned char c = (unsigned char)s[i];
		size_t j;

		if (isspace(c)) {
			i++;
		} else if ((c == 'E' || c == 'e') && s[i + 1] == '\'') {
			tok_push(a, &tl, &cap, TOK_STRING, NULL);
			i = skip_string(s, i + 1, true);
		} else if (c == '\'') {
			tok_push(a, &tl, &cap, TOK_STRING, NULL);
			i = skip_string(s, i, false);
		} else if (c == '$' && (j = skip_dollar(s, i)) != 0) {
			tok_push(a, &tl, &cap, TOK_STRING, NULL);
			i = j;
		} else if (c == '"') {
			const char *id = unquote_ident(a, s, i, &j);

			tok_push(a, &tl, &cap, TOK_QIDENT, id);
			i = j;
		} else if (ident_start(c)) {
			for (j = i; ident_char((unsigned char)s[j]); j++)
				;
			tok_push(a, &tl, &cap, TOK_IDENT, fold_ident(a, s + i, j - i));
			i = j;
		} else if (isdigit(c) || (c == '.' && isdigit((unsigned char)s[i + 1]))) {
			for (j = i; isalnum((unsigned char)s[j]) || s[j] == '.' || s[j] == '_'; j++)
				;
			tok_push(a, &tl, &cap, TOK_NUMBER, NULL);
			i = j;
		} else if (c == ':' && s[i + 1] == ':') {
			tok_push(a, &tl, &cap, TOK_CAST, NULL);
			i += 2;
		} else if (strchr("()[],.", c)) {
			static const enum tok_kind kinds[] = { TOK_OPEN, TOK_CLOSE, TOK_LBRACK,
							       TOK_RBRACK, TOK_COMMA, TOK_DOT };
			tok_push(a, &tl, &cap, kinds[strchr("()[],.", c) - "()[],."], NULL);
			i++;
		} else if (c == ';' || c == ':') {
			tok_push(a, &tl, &cap, TOK_OTHER, NULL);
			i++;
		} else {
			tok_push(a, &tl, &cap, TOK_OP, NULL);
			i = scan_operator(s, i);
		}
	}
	pair_brackets(a, &tl);
	return tl;
}

static bool is_ident(const struct tok *t)
{
	return t->kind == TOK_IDENT || t->kind == TOK_QIDENT;
}

static bool is_word(const struct tok *t, const char *word)
{
	return t->kind == TOK_IDENT && strcmp(t->text, word) == 0;
}

/* Index of the token closing the bracket opened at i, or hi when unbalanced. */
static size_t match_close(const struct toklist *tl, size_t i, size_t hi)
{
	return tl->match[i] < hi ? tl->match[i] : hi;
}

/* Words that make a top-level expression an operator expression (no name). */
static bool is_operator_word(const struct tok *t)
{
	static const char *const words[] = {
		"and", "or", "not", "is", "in", "between", "like", "ilike", "similar",
		"isnull", "notnull", "at", "overlaps", "escape",
	};
	size_t i;

	if (t->kind != TOK_IDENT)
		return false;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(t->text, words[i]) == 0)
			return true;
	return false;
}

/* The internal name the grammar gives a type written with SQL keywords. */
static const char *type_internal_name(const char *last, const char *first)
{
	static const struct { const char *word, *name; } map[] = {
		{ "int", "int4" }, { "integer", "int4" }, { "smallint", "int2" },
		{ "bigint", "int8" }, { "real", "float4" }, { "float", "float8" },
		{ "precision", "float8" }, { "boolean", "bool" }, { "decimal", "numeric" },
		{ "dec", "numeric" }, { "varchar", "varchar" }, { "char", "bpchar" },
		{ "character", "bpchar" }, { "nchar", "bpchar" },
	};
	size_t i;

	if (strcmp(last, "varying") == 0)
		return strcmp(first, "bit") == 0 ? "varbit" : "varchar";
	if (strcmp(last, "zone") == 0)
		return strcmp(first, "time") == 0 ? "timetz" : "timestamptz";
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(last, map[i].word) == 0)
			return map[i].name;
	return last;
}

/* Name of the type written in tokens [lo, hi): the last identifier, mapped. */
static const char *type_name(const struct toklist *tl, size_t lo, size_t hi)
{
	const char *first = NULL, *last = NULL;
	size_t i;

	for (i = lo; i < hi; i++) {
		if (tl->items[i].kind == TOK_OPEN || tl->items[i].kind == TOK_LBRACK)
			break;
		if (is_ident(&tl->items[i])) {
			if (!first)
				first = tl->items[i].text;
			last = tl->items[i].text;
		}
	}
	if (!last)
		return NULL;
	if (tl->items[lo].kind == TOK_QIDENT || tl->items[hi - 1].kind == TOK_QIDENT)
		return last;
	/* "timestamp with time zone", "character varying", "double precision" */
	return type_internal_name(last, first);
}

static int figure_name(const struct toklist *tl, size_t lo, size_t hi, const char **name,
		       unsigned depth);

/* CAST(x AS type) in tokens [lo, hi), lo at "cast": the inner name, else the type. */
static int figure_cast_call(const struct toklist *tl, size_t lo, size_t hi, const char **name,
			    unsigned depth)
{
	size_t open = lo + 1, close = hi - 1, as = 0, i;
	int strength;

	for (i = open + 1; i < close; i++) {
		if (tl->items[i].kind == TOK_OPEN || tl->items[i].kind == TOK_LBRACK)
			i = match_close(tl, i, close);
		else if (is_word(&tl->items[i], "as"))
			as = i;
	}
	if (!as)
		return 0;
	strength = figure_name(tl, open + 1, as, name, depth + 1);
	if (strength <= 1) {
		const char *tn = type_name(tl, as + 1, close);

		if (tn) {
			*name = tn;
			return 1;
		}
	}
	return strength;
}

/*
 * Expressions without a top-level operator or cast: a column reference, a
 * function call, a CASE, a constant. Returns the strength as figure_name.
 * Bare words name themselves, value functions (current_date) included.
 */
static int figure_simple(const struct toklist *tl, size_t lo, size_t hi, const char **name,
			 unsigned depth)
{
	const struct tok *first = &tl->items[lo];
	size_t i = lo, last_ident;

	if (is_word(first, "case")) {
		*name = "case";
		return 1;
	}
	if (is_word(first, "array") && hi > lo + 1 && tl->items[lo + 1].kind == TOK_LBRACK) {
		*name = "array";
		return 2;
	}
	if (!is_ident(first))
		return 0;
	/* A dotted name: column reference or (schema-qualified) function. */
	last_ident = i;
	while (i + 2 < hi && tl->items[i + 1].kind == TOK_DOT && is_ident(&tl->items[i + 2])) {
		i += 2;
		last_ident = i;
	}
	i++;
	if (i < hi && tl->items[i].kind == TOK_OPEN) {
		size_t close = match_close(tl, i, hi);

		if (is_word(first, "cast") && last_ident == lo && close == hi - 1)
			return figure_cast_call(tl, lo, hi, name, depth);
		*name = tl->items[last_ident].text;
		return 2;
	}
	if (i < hi && tl->items[i].kind == TOK_STRING && last_ident == lo) {
		/* A typed literal: interval '1 day'. */
		*name = type_name(tl, lo, i);
		return 1;
	}
	if (last_ident == lo && first->kind == TOK_IDENT &&
	    (is_word(first, "true") || is_word(first, "false") || is_word(first, "null")))
		return 0;
	*name = tl->items[last_ident].text;
	return 2;
}

/*
 * FigureColnameInternal over tokens [lo, hi): sets *name and returns the
 * strength (0 nothing, 1 a weak guess such as a cast's type, 2 a real name).
 */
static int figure_name(const struct toklist *tl, size_t lo, size_t hi, const char **name,
		       unsigned depth)
{
	size_t i, last_cast = 0, collate = 0;
	bool has_cast = false;

	if (depth > NAMES_MAX_DEPTH)
		return 0;
	/* Strip parentheses around the whole expression. */
	while (hi > lo + 1 && tl->items[lo].kind == TOK_OPEN &&
	       match_close(tl, lo, hi) == hi - 1) {
		lo++;
		hi--;
	}
	if (lo >= hi)
		return 0;
	for (i = lo; i < hi; i++) {
		const struct tok *t = &tl->items[i];

		if (t->kind == TOK_OPEN || t->kind == TOK_LBRACK) {
			i = match_close(tl, i, hi);
			continue;
		}
		if (is_word(t, "case")) {
			/* CASE ... END as a whole; anything after it is an operator. */
			int open_cases = 0;

			for (; i < hi; i++) {
				if (is_word(&tl->items[i], "case"))
					open_cases++;
				else if (is_word(&tl->items[i], "end") && --open_cases == 0)
					break;
			}
			continue;
		}
		if (t->kind == TOK_OP || is_operator_word(t))
			return 0;
		if (t->kind == TOK_CAST) {
			has_cast = true;
			last_cast = i;
		}
		if (is_word(t, "collate") && !collate)
			collate = i;
	}
	if (collate && (!has_cast || collate > last_cast))
		return figure_name(tl, lo, collate, name, depth + 1);
	if (has_cast) {
		int strength = figure_name(tl, lo, last_cast, name, depth + 1);
		const char *tn;

		if (strength > 1)
			return strength;
		tn = type_name(tl, last_cast + 1, hi);
		if (tn) {
			*name = tn;
			return 1;
		}
		return strength;
	}
	return figure_simple(tl, lo, hi, name, depth);
}

const char *names_expr_key(struct arena *a, const char *expr)
{
	struct toklist tl = tokenize(a, expr);
	const char *name = NULL;

	if (figure_name(&tl, 0, tl.len, &name, 0) == 0 || !name)
		return "expr";
	return name;
}

/* True when token i names a column rather than a function, type or qualifier. */
static bool is_column_ref(const struct toklist *tl, size_t i)
{
	if (!is_ident(&tl->items[i]))
		return false;
	if (i + 1 < tl->len && (tl->items[i + 1].kind == TOK_OPEN ||
				 tl->items[i + 1].kind == TOK_DOT ||
				 tl->items[i + 1].kind == TOK_STRING))
		return false;
	return true;
}

const char *names_check_column(const struct table *t, const char *expr)
{
	struct arena scratch = ARENA_INIT;
	struct toklist tl = tokenize(&scratch, expr);
	const struct column *found = NULL;
	bool skip_type = false, several = false;
	size_t i;

	for (i = 0; i < tl.len && !several; i++) {
		const struct tok *tk = &tl.items[i];
		const struct column *col;

		/* The words of a type name after :: or AS are not columns. */
		if (tk->kind == TOK_CAST || is_word(tk, "as")) {
			skip_type = true;
			continue;
		}
		if (skip_type && is_ident(tk))
			continue;
		skip_type = false;
		if (!is_column_ref(&tl, i) || (i > 0 && tl.items[i - 1].kind == TOK_DOT &&
					       !(i > 1 && is_ident(&tl.items[i - 2]))))
			continue;
		col = table_find_column(t, tk->text);
		if (!col)
			continue;
		if (found && found != col)
			several = true;
		found = col;
	}
	arena_release(&scratch);
	return found && !several ? found->o.name : NULL;
}

const char *names_for_constraint(struct arena *a, const struct table *t,
				 const struct constraint *con,
				 names_taken_fn taken, void *arg)
{
	const char *tab = t->o.name;

	switch (con->type) {
	case CON_PRIMARY:
		return names_choose(a, tab, NULL, "pkey", taken, arg);
	case CON_UNIQUE:
		return names_choose(a, tab, names_join(a, con->columns, con->ncolumns),
				    "key", taken, arg);
	case CON_FOREIGN:
		return names_choose(a, tab, names_join(a, con->columns, con->ncolumns),
				    "fkey", taken, arg);
	case CON_CHECK:
	default:
		return names_choose(a, tab, con->check_expr ?
				    names_check_column(t, con->check_expr) : NULL,
				    "check", taken, arg);
	}
}

/*
 * ChooseIndexColumnNames: each key's name, made unique within the index by
 * appending 1, 2, ... (clipped so the result stays under 64 bytes).
 */
static const char *unique_key_name(struct arena *a, const char *orig,
				   const char **done, size_t ndone)
{
	const char *cur = orig;
	int n;

	for (n = 1;; n++) {
		char num[16];
		size_t i, keep;

		for (i = 0; i < ndone; i++)
			if (strcmp(done[i], cur) == 0)
				break;
		if (i == ndone)
			return cur;
		snprintf(num, sizeof(num), "%d", n);
		keep = names_clip(orig, strlen(orig), NAMES_MAX_BYTES - strlen(num));
		cur = arena_printf(a, "%.*s%s", (int)keep, orig, num);
	}
}

const char *names_for_index(struct arena *a, const struct table *t,
			    const struct index *ix, names_taken_fn taken, void *arg)
{
	size_t n = ix->nelems + ix->ninclude, i;
	const char **keys = arena_alloc(a, (n ? n : 1) * sizeof(*keys));

	for (i = 0; i < n; i++) {
		const char *orig;

		if (i < ix->nelems)
			orig = ix->elems[i].column ? ix->elems[i].column
				: names_expr_key(a, ix->elems[i].expr ? ix->elems[i].expr : "");
		else
			orig = ix->include[i - ix->nelems];
		keys[i] = unique_key_name(a, orig, keys, i);
	}
	return names_choose(a, t->o.name, names_join(a, keys, n), "idx", taken, arg);
}
