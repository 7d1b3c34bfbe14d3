/*
 * quote.c - identifier and literal quoting (see quote.h).
 */
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "banned.h"

/*
 * PostgreSQL's keywords in the reserved, column-name and type/function-name
 * categories: the ones that cannot always stand bare as a table, column or
 * type name. Sorted, for bsearch.
 */
static const char *const keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "between", "bigint", "binary", "bit",
	"boolean", "both", "case", "cast", "char", "character", "check",
	"coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time", "current_timestamp",
	"current_user", "dec", "decimal", "default", "deferrable", "desc",
	"distinct", "do", "else", "end", "except", "exists", "extract", "false",
	"fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
	"greatest", "group", "grouping", "having", "ilike", "in", "initially",
	"inner", "inout", "int", "integer", "intersect", "interval", "into", "is",
	"isnull", "join", "lateral", "leading", "least", "left", "like", "limit",
	"localtime", "localtimestamp", "national", "natural", "nchar", "none",
	"normalize", "not", "notnull", "null", "nullif", "numeric", "offset",
	"on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
	"placing", "position", "precision", "primary", "real", "references",
	"returning", "right", "row", "select", "session_user", "setof",
	"similar", "smallint", "some", "substring", "symmetric", "system_user",
	"table", "tablesample", "then", "time", "timestamp", "to", "trailing",
	"treat", "trim", "true", "union", "unique", "user", "using", "values",
	"varchar", "variadic", "verbose", "when", "where", "window", "with",
	"xmlattributes", "xmlconcat", "xmlelement", "xmlexists", "xmlforest",
	"xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
	"xmltable",
};

static int keyword_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool is_sql_keyword(const char *word)
{
	return bsearch(&word, keywords, sizeof(keywords) / sizeof(keywords[0]),
		       sizeof(keywords[0]), keyword_cmp) != NULL;
}

bool ident_needs_quotes(const char *ident)
{
	const char *p = ident;

	if (!*p || !((*p >= 'a' && *p <= 'z') || *p == '_'))
		return true;
	for (; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return true;
	}
	return is_sql_keyword(ident);
}

void sb_add_ident(struct strbuf *sb, const char *ident)
{
	const char *p;

	if (!ident_needs_quotes(ident)) {
		strbuf_addstr(sb, ident);
		return;
	}
	strbuf_addch(sb, '"');
	for (p = ident; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

void sb_add_qualified(struct strbuf *sb, const char *schema, const char *name)
{
	if (schema && *schema) {
		sb_add_ident(sb, schema);
		strbuf_addch(sb, '.');
	}
	sb_add_ident(sb, name);
}

void sb_add_literal(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_addch(sb, '\'');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '\'');
}
