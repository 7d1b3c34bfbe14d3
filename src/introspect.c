/*
 * introspect.c - reading a live database's schema into a catalog (see
 * introspect.h).
 *
 * Modelled on pg_dump's getTables/getIndexes: one query per object kind,
 * each covering every wanted schema through a bound oid[] parameter, run in
 * one REPEATABLE READ READ ONLY snapshot with search_path = pg_catalog,
 * public so that format_type() and pg_get_expr() print names in public
 * unqualified and every other name schema-qualified (the canonical text of
 * catalog.h). Rows that describe one object in several parts (index keys,
 * constraint columns, enum labels) come ordered and are grouped here.
 * Tables are found again by oid through a hash map built while reading
 * them, so the cost is linear in the size of the schema; values are copied
 * into the catalog's arena and each result is freed at once.
 *
 * Server-version differences (NULLS NOT DISTINCT, PostgreSQL 15) live in
 * the query text, so every row has the same shape on 12 to 17.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "diag.h"
#include "introspect.h"
#include "quote.h"
#include "banned.h"

/*
 * A second connection reading in the same snapshot (see start_side): the
 * statements queued on it, in order, and how many were taken back.
 */
struct side {
	PGconn *conn;
	char *sql[2];
	size_t nqueued, ntaken;
};

struct reader {
	PGconn *conn;
	struct side side;
	bool may_split;			/* a top-level read: a second connection may help */
	bool retry_on_one;		/* trying for one spoiled the read: read again without */
	struct catalog *c;
	const struct introspect_opts *o;
	int server_version;
	struct strbuf schema_oids;	/* "{2200,16385}": the $1 of every query */
	struct strmap tables;		/* table oid (text, in the arena) -> struct table * */
	const char *vt_schema;		/* the version table, left out */
	const char *vt_name;
};

/* --- small helpers over PGresult ------------------------------------- */

/* The value at (row, col), or NULL for SQL NULL. Points into res. */
static const char *get(const PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static const char *copy(struct reader *r, const PGresult *res, int row, int col)
{
	return arena_strdup(r->c->arena, get(res, row, col));
}

static bool get_bool(const PGresult *res, int row, int col)
{
	const char *v = get(res, row, col);
	return v && v[0] == 't';
}

static char get_char(const PGresult *res, int row, int col)
{
	const char *v = get(res, row, col);
	return v ? v[0] : 0;
}

static long long get_ll(const PGresult *res, int row, int col)
{
	const char *v = get(res, row, col);
	return v ? strtoll(v, NULL, 10) : 0;
}

static int get_int(const PGresult *res, int row, int col)
{
	return (int)get_ll(res, row, col);
}

/*
 * Column numbers looked up once per result. A missing column means the
 * query and this file disagree: a bug, reported with the caller's line.
 */
static bool find_fields_at(const PGresult *res, const char *const *names, int *cols, size_t n,
			   int line)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cols[i] = PQfnumber(res, names[i]);
		if (cols[i] < 0) {
			msg_error("%s:%d: query result has no column '%s'", __FILE__, line, names[i]);
			return false;
		}
	}
	return true;
}

#define find_fields(res, names, cols, n) find_fields_at((res), (names), (cols), (n), __LINE__)
#define FIELDS(res, names, cols) \
	find_fields((res), (names), (cols), sizeof(names) / sizeof((names)[0]))

static void side_close(struct reader *r);

/*
 * The next result of the side connection, which ends the statement's
 * results. Should the side connection fail (killed, cancelled, its server
 * gone), the statement runs again here: the side only ever saves time.
 */
static PGresult *side_result(struct reader *r, const char *what, const char *sql)
{
	const char *params[1] = { r->schema_oids.buf };
	PGresult *res = PQgetResult(r->side.conn), *extra;
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	struct strbuf sb = STRBUF_INIT;

	/* In pipeline mode each statement's results end with a NULL. */
	while (res && (extra = PQgetResult(r->side.conn)) != NULL)
		PQclear(extra);
	r->side.ntaken++;
	if (st == PGRES_TUPLES_OK)
		return res;
	db_format_error(&sb, r->side.conn, res);
	msg_verbose("the second connection failed (%s); reading on one", sb.buf);
	strbuf_release(&sb);
	PQclear(res);
	side_close(r);
	return db_query(r->conn, what, sql, 1, params);
}

/*
 * Waits for r->conn's statement while reading whatever the side connection
 * sends meanwhile: left unread, its server would stop as soon as the
 * socket's buffer is full, and the two would not run in parallel.
 */
static void wait_draining_side(struct reader *r)
{
	struct pollfd fds[2];

	fds[0].fd = PQsocket(r->conn);
	fds[1].fd = PQsocket(r->side.conn);
	while (PQisBusy(r->conn)) {
		int n;

		fds[0].events = fds[1].events = POLLIN;
		fds[0].revents = fds[1].revents = 0;
		/*
		 * Not forever: with TLS or GSS encryption libpq may hold bytes
		 * already read from the socket, which poll() cannot see.
		 */
		n = poll(fds, 2, 100);
		if (n < 0 && errno != EINTR)
			return;	/* PQgetResult then waits on r->conn alone */
		if (((n == 0 || fds[0].revents) && !PQconsumeInput(r->conn)) ||
		    ((n == 0 || fds[1].revents) && !PQconsumeInput(r->side.conn)))
			return;	/* the error comes with the result */
	}
}

/* db_query while the side connection works too. */
static PGresult *query_draining_side(struct reader *r, const char *what, const char *sql,
				     const char *const *params)
{
	PGresult *res, *extra;

	if (!PQsendQueryParams(r->conn, sql, 1, NULL, params, NULL, NULL, 0))
		return db_query(r->conn, what, sql, 1, params);	/* reports the error */
	wait_draining_side(r);
	res = PQgetResult(r->conn);
	while ((extra = PQgetResult(r->conn)) != NULL)
		PQclear(extra);
	return db_result_ok(r->conn, res, what);
}

/*
 * Runs one catalog query with the wanted schema oids as $1, or takes its
 * result from the side connection when it was queued there.
 */
static PGresult *run(struct reader *r, const char *what, const char *sql)
{
	const char *params[1] = { r->schema_oids.buf };
	struct side *sd = &r->side;

	if (!sd->conn || sd->ntaken == sd->nqueued)
		return db_query(r->conn, what, sql, 1, params);
	if (strcmp(sql, sd->sql[sd->ntaken]) == 0)
		return side_result(r, what, sql);
	return query_draining_side(r, what, sql, params);
}

/*
 * A sequence's options from six consecutive fields of a row (start,
 * increment, min, max, cache, cycle), whose column numbers begin at col.
 * Sequences and identity columns read theirs the same way.
 */
static void sequence_options_from_row(struct sequence *s, const PGresult *res, int row,
				      const int *col)
{
	s->start = get_ll(res, row, col[0]);
	s->increment = get_ll(res, row, col[1]);
	s->min_value = get_ll(res, row, col[2]);
	s->max_value = get_ll(res, row, col[3]);
	s->cache = get_ll(res, row, col[4]);
	s->cycle = get_bool(res, row, col[5]);
}

static struct table *table_by_oid(const struct reader *r, const char *oid)
{
	return oid ? strmap_get(&r->tables, oid) : NULL;
}

/*
 * Every ASCII character is escaped with a backslash, so nothing can be
 * taken for array syntax, whitespace to trim or NULL. Bytes of multibyte
 * characters are never special and go as they are.
 */
void introspect_add_array_elem(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		if (!((unsigned char)*s & 0x80))
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s);
	}
}

const char *strip_outer_parens(struct arena *a, const char *expr)
{
	size_t len = expr ? strlen(expr) : 0, i;
	int depth = 0;

	if (len < 2 || expr[0] != '(' || expr[len - 1] != ')')
		return expr;
	for (i = 0; i < len; i++) {
		char ch = expr[i];

		if (ch == '\'' || ch == '"') {
			/* Skip a literal or quoted name; E'' strings use backslashes. */
			bool backslash = ch == '\'' && i > 0 && (expr[i - 1] == 'E' || expr[i - 1] == 'e');
			for (i++; i < len; i++) {
				if (backslash && expr[i] == '\\' && i + 1 < len) {
					i++;
				} else if (expr[i] == ch) {
					if (i + 1 < len && expr[i + 1] == ch)
						i++;
					else
						break;
				}
			}
		} else if (ch == '(') {
			depth++;
		} else if (ch == ')') {
			depth--;
			/* The first parenthesis closed before the end: not enclosing. */
			if (depth == 0 && i != len - 1)
				return expr;
		}
	}
	if (depth != 0)
		return expr;
	/* PostgreSQL puts a multi-line CASE on lines of its own: not part of the text. */
	for (i = 1; i < len - 1 && isspace((unsigned char)expr[i]); i++)
		;
	while (len - 1 > i && isspace((unsigned char)expr[len - 2]))
		len--;
	return arena_strndup(a, expr + i, len - 1 - i);
}

/* "<pg_catalog test> AND not a member of an extension", per system catalog. */
#define NOT_EXTENSION_MEMBER(catalog, oidexpr) \
	"NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '" catalog "'::regclass" \
	" AND x.objid = " oidexpr " AND x.deptype = 'e')"

/* The comment on an object, looked up through pg_description's index. */
#define DESCRIPTION(catalog, oidexpr, subid) \
	"(SELECT d.description FROM pg_description d WHERE d.objoid = " oidexpr \
	" AND d.classoid = '" catalog "'::regclass AND d.objsubid = " subid ") AS description"

/* --- schemas ---------------------------------------------------------- */

static const char schemas_sql[] =
	"SELECT n.oid, n.nspname, " DESCRIPTION("pg_namespace", "n.oid", "0") "\n"
	"FROM pg_namespace n\n"
	"WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
	"  AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_namespace", "n.oid") "\n"
	"ORDER BY n.nspname";

static int read_schemas(struct reader *r)
{
	static const char *const names[] = { "oid", "nspname", "description" };
	struct strbuf wanted = STRBUF_INIT;
	const char *params[1] = { NULL };
	int col[3], i, n;
	size_t k;
	PGresult *res;

	if (r->o->nschemas) {
		strbuf_addch(&wanted, '{');
		for (k = 0; k < r->o->nschemas; k++) {
			if (k)
				strbuf_addch(&wanted, ',');
			introspect_add_array_elem(&wanted, r->o->schemas[k]);
		}
		strbuf_addch(&wanted, '}');
		params[0] = wanted.buf;
	}
	res = db_query(r->conn, "could not read the schemas", schemas_sql, 1, params);
	strbuf_release(&wanted);
	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	strbuf_addch(&r->schema_oids, '{');
	for (i = 0; i < n; i++) {
		struct schema *s = catalog_add_schema(r->c, get(res, i, col[1]));

		if (s)
			s->o.comment = copy(r, res, i, col[2]);
		if (i)
			strbuf_addch(&r->schema_oids, ',');
		strbuf_addstr(&r->schema_oids, get(res, i, col[0]));
	}
	strbuf_addch(&r->schema_oids, '}');
	PQclear(res);
	return 0;
}

/* --- extensions ------------------------------------------------------- */

/*
 * Extensions installed into a wanted schema, or into pg_catalog (where some
 * must live); plpgsql comes with every database and is not the user's.
 */
static const char extensions_sql[] =
	"SELECT e.extname, n.nspname, e.extversion, " DESCRIPTION("pg_extension", "e.oid", "0") "\n"
	"FROM pg_extension e\n"
	"JOIN pg_namespace n ON n.oid = e.extnamespace\n"
	"WHERE e.extname <> 'plpgsql'\n"
	"  AND (n.oid = ANY($1::oid[]) OR n.nspname = 'pg_catalog')\n"
	"ORDER BY e.extname";

static int read_extensions(struct reader *r)
{
	static const char *const names[] = { "extname", "nspname", "extversion", "description" };
	int col[4], i, n;
	PGresult *res = run(r, "could not read the extensions", extensions_sql);

	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		struct extension *e = catalog_add_extension(r->c, get(res, i, col[0]));
		const char *schema = get(res, i, col[1]);

		if (!e)
			continue;
		/*
		 * public is where CREATE EXTENSION puts an extension by default:
		 * record it as the default, the way a model that names no schema
		 * reads.
		 */
		if (strcmp(schema, "public") != 0)
			e->o.schema = arena_strdup(r->c->arena, schema);
		e->version = copy(r, res, i, col[2]);
		e->o.comment = copy(r, res, i, col[3]);
	}
	PQclear(res);
	return 0;
}

/* --- enums ------------------------------------------------------------ */

static const char enums_sql[] =
	"SELECT t.oid, n.nspname, t.typname, e.enumlabel, " DESCRIPTION("pg_type", "t.oid", "0") "\n"
	"FROM pg_type t\n"
	"JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"LEFT JOIN pg_enum e ON e.enumtypid = t.oid\n"
	"WHERE t.typtype = 'e' AND n.oid = ANY($1::oid[])\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_type", "t.oid") "\n"
	"ORDER BY t.oid, e.enumsortorder";

static int read_enums(struct reader *r)
{
	static const char *const names[] = { "oid", "nspname", "typname", "enumlabel", "description" };
	struct enum_type *e = NULL;
	const char *prev = NULL;
	int col[5], i, n;
	PGresult *res = run(r, "could not read the enum types", enums_sql);

	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		const char *oid = get(res, i, col[0]), *label = get(res, i, col[3]);

		if (!prev || strcmp(prev, oid) != 0) {
			const char *schema = get(res, i, col[1]), *name = get(res, i, col[2]);

			prev = oid;
			e = NULL;
			if (!filter_wants(r->o->filter, schema, name))
				continue;
			e = catalog_add_enum(r->c, schema, name);
			if (e)
				e->o.comment = copy(r, res, i, col[4]);
		}
		if (e && label)
			enum_add_value(r->c, e, label);
	}
	PQclear(res);
	return 0;
}

/* --- tables ----------------------------------------------------------- */

/* Plain and partitioned tables; partitions are listed as unmanaged. */
static const char tables_sql[] =
	"SELECT c.oid, n.nspname, c.relname, " DESCRIPTION("pg_class", "c.oid", "0") "\n"
	"FROM pg_class c\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition\n"
	"  AND n.oid = ANY($1::oid[])\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_class", "c.oid") "\n"
	"ORDER BY n.nspname, c.relname";

static bool is_version_table(const struct reader *r, const char *schema, const char *name)
{
	return strcmp(schema, r->vt_schema) == 0 && strcmp(name, r->vt_name) == 0;
}

static int read_tables(struct reader *r)
{
	static const char *const names[] = { "oid", "nspname", "relname", "description" };
	int col[4], i, n;
	PGresult *res = run(r, "could not read the tables", tables_sql);

	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		const char *schema = get(res, i, col[1]), *name = get(res, i, col[2]);
		struct table *t;

		if (is_version_table(r, schema, name) || !filter_wants(r->o->filter, schema, name))
			continue;
		t = catalog_add_table(r->c, schema, name);
		if (!t)
			continue;
		t->o.comment = copy(r, res, i, col[3]);
		strmap_put(&r->tables, copy(r, res, i, col[0]), t);
	}
	PQclear(res);
	return 0;
}

/* --- columns ---------------------------------------------------------- */

/*
 * A collation is recorded only when it is not the type's own; its name is
 * qualified unless it lives in pg_catalog or public, as format_type would.
 * A default cannot refer to columns, so it is deparsed without its table:
 * the same text, without opening every table (a quarter of the query's
 * time on 10,000 tables). Generated expressions do refer to columns.
 * An identity column's sequence is the one depending on it internally
 * (pg_depend deptype 'i'); its options come in the same row. Sequences
 * and comments are joined as whole sets rather than looked up per column:
 * a lookup per row was a third of the query's time at 10,000 tables.
 */
static const char columns_sql[] =
	"SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod) AS type,\n"
	"  a.attnotnull, a.attidentity,\n"
	"  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END AS def,\n"
	"  CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS gen,\n"
	"  co.collname, CASE WHEN cn.nspname NOT IN ('pg_catalog', 'public') THEN cn.nspname END\n"
	"    AS collschema,\n"
	"  d.description,\n"
	"  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle\n"
	"FROM pg_attribute a\n"
	"JOIN pg_class c ON c.oid = a.attrelid\n"
	"JOIN pg_type t ON t.oid = a.atttypid\n"
	"LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n"
	"LEFT JOIN (pg_depend sd JOIN pg_sequence s ON s.seqrelid = sd.objid)\n"
	"  ON sd.refclassid = 'pg_class'::regclass AND sd.refobjid = a.attrelid\n"
	"  AND sd.refobjsubid = a.attnum AND sd.classid = 'pg_class'::regclass AND sd.deptype = 'i'\n"
	"LEFT JOIN pg_description d ON d.objoid = a.attrelid\n"
	"  AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum\n"
	"LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> t.typcollation\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	"WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition\n"
	"  AND c.relnamespace = ANY($1::oid[])\n"
	"  AND a.attnum > 0 AND NOT a.attisdropped\n"
	"ORDER BY a.attrelid, a.attnum";

/* "name" or "schema.name" for a collation or operator class. */
static const char *qualified_text(struct reader *r, const char *schema, const char *name)
{
	if (!name)
		return NULL;
	if (!schema)
		return arena_strdup(r->c->arena, name);
	return arena_printf(r->c->arena, "%s.%s", schema, name);
}

static int read_columns(struct reader *r)
{
	static const char *const names[] = {
		"attrelid", "attname", "type", "attnotnull", "attidentity", "def", "gen",
		"collname", "collschema", "description", "seqstart", "seqincrement", "seqmin",
		"seqmax", "seqcache", "seqcycle",
	};
	int col[16], i, n;
	PGresult *res = run(r, "could not read the columns", columns_sql);

	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		struct table *t = table_by_oid(r, get(res, i, col[0]));
		struct column *c;

		if (!t)
			continue;
		c = table_add_column(r->c, t, get(res, i, col[1]));
		if (!c)
			continue;
		c->type = copy(r, res, i, col[2]);
		c->not_null = get_bool(res, i, col[3]);
		c->identity = get_char(res, i, col[4]);
		c->default_expr = copy(r, res, i, col[5]);
		c->generated = copy(r, res, i, col[6]);
		c->collation = qualified_text(r, get(res, i, col[8]), get(res, i, col[7]));
		c->o.comment = copy(r, res, i, col[9]);
		if (c->identity) {
			struct sequence s;

			sequence_options_from_row(&s, res, i, &col[10]);
			column_identity_from(c, &s);
		}
	}
	PQclear(res);
	return 0;
}

/* --- constraints ------------------------------------------------------ */

/*
 * One row per key column of each constraint (one row for a CHECK), in key
 * order. Constraints cloned from a parent (conparentid, e.g. the extra rows
 * an FK to a partitioned table makes) are the parent's business. Key
 * column names are looked up one by one through pg_attribute's index:
 * joined instead, the planner hashes the whole of pg_attribute twice
 * (it holds every column of every relation, system catalogs included).
 */
static const char constraints_sql_fmt[] =
	"SELECT con.oid, con.conrelid, con.conname, con.contype,\n"
	"  CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS checkexpr,\n"
	"  con.condeferrable, con.condeferred, con.confupdtype, con.confdeltype, con.confmatchtype,\n"
	"  rn.nspname AS refschema, rc.relname AS reftable,\n"
	"  (SELECT a.attname FROM pg_attribute a\n"
	"    WHERE a.attrelid = con.conrelid AND a.attnum = k.attnum) AS colname,\n"
	"  (SELECT ra.attname FROM pg_attribute ra\n"
	"    WHERE ra.attrelid = con.confrelid AND ra.attnum = k.refattnum) AS refcolname,\n"
	"  %s AS nullsnotdistinct,\n"
	"  " DESCRIPTION("pg_constraint", "con.oid", "0") "\n"
	"FROM pg_constraint con\n"
	"JOIN pg_class c ON c.oid = con.conrelid\n"
	"LEFT JOIN pg_class rc ON rc.oid = con.confrelid\n"
	"LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace\n"
	"LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'\n"
	"LEFT JOIN LATERAL unnest(CASE WHEN con.contype IN ('p', 'u', 'f') THEN con.conkey END,\n"
	"    CASE WHEN con.contype = 'f' THEN con.confkey END)\n"
	"  WITH ORDINALITY AS k(attnum, refattnum, ord) ON true\n"
	"WHERE con.contype IN ('p', 'u', 'c', 'f') AND con.conparentid = 0\n"
	"  AND c.relkind IN ('r', 'p') AND NOT c.relispartition\n"
	"  AND c.relnamespace = ANY($1::oid[])\n"
	"ORDER BY con.oid, k.ord";

enum { CF_OID, CF_REL, CF_NAME, CF_TYPE, CF_CHECK, CF_DEFERRABLE, CF_DEFERRED,
       CF_UPD, CF_DEL, CF_MATCH, CF_REFSCHEMA, CF_REFTABLE, CF_COL, CF_REFCOL,
       CF_NND, CF_COMMENT, CF_NFIELDS };

static const char *const constraint_fields[CF_NFIELDS] = {
	"oid", "conrelid", "conname", "contype", "checkexpr", "condeferrable", "condeferred",
	"confupdtype", "confdeltype", "confmatchtype", "refschema", "reftable", "colname",
	"refcolname", "nullsnotdistinct", "description",
};

static void constraints_sql(const struct reader *r, struct strbuf *sb)
{
	strbuf_addf(sb, constraints_sql_fmt,
		    r->server_version >= 150000 ? "i.indnullsnotdistinct" : "false");
}

/* Fills con from the first row of its group. */
static void constraint_from_row(struct reader *r, struct constraint *con,
				const PGresult *res, int i, const int *col)
{
	con->check_expr = strip_outer_parens(r->c->arena, copy(r, res, i, col[CF_CHECK]));
	con->deferrable = get_bool(res, i, col[CF_DEFERRABLE]);
	con->initially_deferred = get_bool(res, i, col[CF_DEFERRED]);
	con->nulls_not_distinct = get_bool(res, i, col[CF_NND]);
	con->o.comment = copy(r, res, i, col[CF_COMMENT]);
	if (con->type == CON_FOREIGN) {
		con->on_update = get_char(res, i, col[CF_UPD]);
		con->on_delete = get_char(res, i, col[CF_DEL]);
		con->match = get_char(res, i, col[CF_MATCH]);
		con->ref_schema = copy(r, res, i, col[CF_REFSCHEMA]);
		con->ref_table = copy(r, res, i, col[CF_REFTABLE]);
	}
}

/* Turns a temporary list of names into the constraint's arena list. */
static const char **finish_list(struct reader *r, struct ptrvec *v, size_t *n)
{
	*n = v->len;
	return catalog_strlist(r->c, (const char *const *)v->items, v->len);
}

static int read_constraints(struct reader *r)
{
	struct arena scratch = ARENA_INIT;
	struct ptrvec cols = PTRVEC_INIT, refcols = PTRVEC_INIT;
	struct constraint *con = NULL;
	struct strbuf sql = STRBUF_INIT;
	const char *prev = NULL;
	int col[CF_NFIELDS], i, n;
	PGresult *res;

	constraints_sql(r, &sql);
	res = run(r, "could not read the constraints", sql.buf);
	strbuf_release(&sql);
	if (!res || !find_fields(res, constraint_fields, col, CF_NFIELDS)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i <= n; i++) {
		const char *oid = i < n ? get(res, i, col[CF_OID]) : NULL;

		if (!oid || !prev || strcmp(prev, oid) != 0) {
			/* A new group: finish the previous constraint's lists. */
			if (con) {
				con->columns = finish_list(r, &cols, &con->ncolumns);
				con->ref_columns = finish_list(r, &refcols, &con->nref_columns);
			}
			cols.len = refcols.len = 0;
			con = NULL;
			prev = oid;
			if (!oid)
				break;
			struct table *t = table_by_oid(r, get(res, i, col[CF_REL]));
			if (t)
				con = table_add_constraint(r->c, t, get(res, i, col[CF_NAME]),
							   get_char(res, i, col[CF_TYPE]));
			if (con)
				constraint_from_row(r, con, res, i, col);
		}
		if (con && get(res, i, col[CF_COL]))
			ptrvec_push(&scratch, &cols, (void *)get(res, i, col[CF_COL]));
		if (con && get(res, i, col[CF_REFCOL]))
			ptrvec_push(&scratch, &refcols, (void *)get(res, i, col[CF_REFCOL]));
	}
	PQclear(res);
	arena_release(&scratch);
	return 0;
}

/* --- indexes ---------------------------------------------------------- */

/*
 * One row per key (and INCLUDE column) of every index that does not back a
 * constraint of its table. pg_get_indexdef(oid, k, true) prints the k-th key
 * alone; indoption bit 1 is DESC, bit 2 NULLS FIRST. An opclass is shown
 * when it is not its type's default, a collation when it is not the key's
 * own (the column's, or the expression type's). What belongs to the whole
 * index (predicate, options, comment) comes with its first key only, so
 * that pg_get_expr runs once per index. The key's column comes from a
 * lateral lookup fenced with OFFSET 0, which keeps the planner to index
 * probes instead of hashing all of pg_attribute (half the query's time at
 * 10,000 tables).
 */
static const char indexes_sql_fmt[] =
	"SELECT i.indexrelid, i.indrelid, ic.relname, am.amname, i.indisunique,\n"
	"  i.indnkeyatts, k.n, a.attname AS colname,\n"
	"  CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n::int, true) END\n"
	"    AS keyexpr,\n"
	"  i.indoption[k.n - 1] AS option,\n"
	"  CASE WHEN NOT opc.opcdefault THEN opc.opcname END AS opcname,\n"
	"  CASE WHEN NOT opc.opcdefault AND opn.nspname NOT IN ('pg_catalog', 'public')\n"
	"    THEN opn.nspname END AS opcschema,\n"
	"  CASE WHEN i.indcollation[k.n - 1] <> 0\n"
	"    AND i.indcollation[k.n - 1] <> COALESCE(a.attcollation, ka.typcollation)\n"
	"    THEN co.collname END AS collname,\n"
	"  CASE WHEN cn.nspname NOT IN ('pg_catalog', 'public') THEN cn.nspname END AS collschema,\n"
	"  CASE WHEN k.n = 1 THEN pg_get_expr(i.indpred, i.indrelid) END AS pred,\n"
	"  CASE WHEN k.n = 1 THEN array_to_string(ic.reloptions, ', ') END AS options,\n"
	"  %s AS nullsnotdistinct,\n"
	"  CASE WHEN k.n = 1 THEN (SELECT d.description FROM pg_description d\n"
	"    WHERE d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass\n"
	"      AND d.objsubid = 0) END AS description\n"
	"FROM pg_index i\n"
	"JOIN pg_class ic ON ic.oid = i.indexrelid\n"
	"JOIN pg_class c ON c.oid = i.indrelid\n"
	"JOIN pg_am am ON am.oid = ic.relam\n"
	"CROSS JOIN LATERAL generate_series(1, i.indnatts::int) AS k(n)\n"
	"LEFT JOIN LATERAL (SELECT x.attname, x.attcollation FROM pg_attribute x\n"
	"    WHERE x.attrelid = i.indrelid AND x.attnum = i.indkey[k.n - 1]\n"
	"      AND i.indkey[k.n - 1] <> 0 OFFSET 0) a ON true\n"
	"LEFT JOIN LATERAL (SELECT t.typcollation FROM pg_attribute y\n"
	"    JOIN pg_type t ON t.oid = y.atttypid\n"
	"    WHERE y.attrelid = i.indexrelid AND y.attnum = k.n\n"
	"      AND i.indkey[k.n - 1] = 0 OFFSET 0) ka ON true\n"
	"LEFT JOIN pg_opclass opc ON opc.oid = i.indclass[k.n - 1] AND k.n <= i.indnkeyatts\n"
	"LEFT JOIN pg_namespace opn ON opn.oid = opc.opcnamespace\n"
	"LEFT JOIN pg_collation co ON co.oid = i.indcollation[k.n - 1] AND k.n <= i.indnkeyatts\n"
	"LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace\n"
	"WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition\n"
	"  AND c.relnamespace = ANY($1::oid[])\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_constraint b WHERE b.conrelid = i.indrelid\n"
	"    AND b.conindid = i.indexrelid AND b.contype IN ('p', 'u', 'x'))\n"
	"ORDER BY i.indexrelid, k.n";

enum { XF_OID, XF_REL, XF_NAME, XF_METHOD, XF_UNIQUE, XF_NKEYS, XF_N, XF_COL, XF_EXPR,
       XF_OPTION, XF_OPC, XF_OPCSCHEMA, XF_COLL, XF_COLLSCHEMA, XF_PRED, XF_OPTIONS, XF_NND,
       XF_COMMENT, XF_NFIELDS };

static const char *const index_fields[XF_NFIELDS] = {
	"indexrelid", "indrelid", "relname", "amname", "indisunique", "indnkeyatts", "n",
	"colname", "keyexpr", "option", "opcname", "opcschema", "collname", "collschema", "pred",
	"options", "nullsnotdistinct", "description",
};

static void indexes_sql(const struct reader *r, struct strbuf *sb)
{
	strbuf_addf(sb, indexes_sql_fmt,
		    r->server_version >= 150000 ? "i.indnullsnotdistinct" : "false");
}

static void index_from_row(struct reader *r, struct index *ix, const PGresult *res, int i,
			   const int *col)
{
	const char *with = get(res, i, col[XF_OPTIONS]);

	ix->unique = get_bool(res, i, col[XF_UNIQUE]);
	ix->method = copy(r, res, i, col[XF_METHOD]);
	ix->predicate = strip_outer_parens(r->c->arena, copy(r, res, i, col[XF_PRED]));
	ix->nulls_not_distinct = get_bool(res, i, col[XF_NND]);
	ix->with = with && *with ? arena_strdup(r->c->arena, with) : NULL;
	ix->o.comment = copy(r, res, i, col[XF_COMMENT]);
}

/* One key row into e; the defaults are ASC NULLS LAST and DESC NULLS FIRST. */
static void index_elem_from_row(struct reader *r, struct index_elem *e, const PGresult *res,
				int i, const int *col)
{
	int option = get_int(res, i, col[XF_OPTION]);
	bool nulls_first = (option & 2) != 0;

	e->column = copy(r, res, i, col[XF_COL]);
	if (!e->column)
		e->expr = strip_outer_parens(r->c->arena, copy(r, res, i, col[XF_EXPR]));
	e->desc = (option & 1) != 0;
	if (nulls_first != e->desc)
		e->nulls = nulls_first ? 'f' : 'l';
	e->opclass = qualified_text(r, get(res, i, col[XF_OPCSCHEMA]), get(res, i, col[XF_OPC]));
	e->collation = qualified_text(r, get(res, i, col[XF_COLLSCHEMA]), get(res, i, col[XF_COLL]));
}

static int read_indexes(struct reader *r)
{
	struct arena scratch = ARENA_INIT;
	struct ptrvec elems = PTRVEC_INIT, include = PTRVEC_INIT;
	struct index *ix = NULL;
	struct strbuf sql = STRBUF_INIT;
	const char *prev = NULL;
	int col[XF_NFIELDS], i, n, nkeys = 0;
	PGresult *res;

	indexes_sql(r, &sql);
	res = run(r, "could not read the indexes", sql.buf);
	strbuf_release(&sql);
	if (!res || !find_fields(res, index_fields, col, XF_NFIELDS)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i <= n; i++) {
		const char *oid = i < n ? get(res, i, col[XF_OID]) : NULL;

		if (!oid || !prev || strcmp(prev, oid) != 0) {
			if (ix) {
				size_t k;

				ix->nelems = elems.len;
				ix->elems = arena_alloc(r->c->arena,
							(elems.len ? elems.len : 1) * sizeof(*ix->elems));
				for (k = 0; k < elems.len; k++)
					ix->elems[k] = *(struct index_elem *)elems.items[k];
				ix->include = finish_list(r, &include, &ix->ninclude);
			}
			elems.len = include.len = 0;
			ix = NULL;
			prev = oid;
			if (!oid)
				break;
			struct table *t = table_by_oid(r, get(res, i, col[XF_REL]));
			if (t)
				ix = table_add_index(r->c, t, get(res, i, col[XF_NAME]));
			if (ix)
				index_from_row(r, ix, res, i, col);
			nkeys = get_int(res, i, col[XF_NKEYS]);
		}
		if (!ix)
			continue;
		if (get_int(res, i, col[XF_N]) > nkeys) {
			ptrvec_push(&scratch, &include, (void *)get(res, i, col[XF_COL]));
		} else {
			struct index_elem *e = arena_alloc(&scratch, sizeof(*e));

			index_elem_from_row(r, e, res, i, col);
			ptrvec_push(&scratch, &elems, e);
		}
	}
	PQclear(res);
	arena_release(&scratch);
	return 0;
}

/* --- sequences -------------------------------------------------------- */

/* Identity sequences (deptype 'i') belong to their column. */
static const char sequences_sql[] =
	"SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL) AS type,\n"
	"  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,\n"
	"  dep.refobjid AS ownerrel, own.relname AS ownertable, att.attname AS ownercolumn,\n"
	"  " DESCRIPTION("pg_class", "c.oid", "0") "\n"
	"FROM pg_sequence s\n"
	"JOIN pg_class c ON c.oid = s.seqrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid\n"
	"  AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')\n"
	"LEFT JOIN pg_class own ON own.oid = dep.refobjid\n"
	"LEFT JOIN pg_attribute att ON att.attrelid = dep.refobjid AND att.attnum = dep.refobjsubid\n"
	"WHERE n.oid = ANY($1::oid[]) AND dep.deptype IS DISTINCT FROM 'i'\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_class", "c.oid") "\n"
	"ORDER BY n.nspname, c.relname";

static int read_sequences(struct reader *r)
{
	static const char *const names[] = {
		"nspname", "relname", "type", "seqstart", "seqincrement", "seqmin", "seqmax",
		"seqcache", "seqcycle", "ownerrel", "ownertable", "ownercolumn", "description",
	};
	int col[13], i, n;
	PGresult *res = run(r, "could not read the sequences", sequences_sql);

	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		const char *schema = get(res, i, col[0]), *name = get(res, i, col[1]);
		const char *owner = get(res, i, col[9]);
		struct sequence *s;

		/* A sequence goes with its table when that is left out. */
		if (!filter_wants(r->o->filter, schema, name) || (owner && !table_by_oid(r, owner)))
			continue;
		s = catalog_add_sequence(r->c, schema, name);
		if (!s)
			continue;
		s->type = copy(r, res, i, col[2]);
		sequence_options_from_row(s, res, i, &col[3]);
		s->owned_by_table = copy(r, res, i, col[10]);
		s->owned_by_column = copy(r, res, i, col[11]);
		s->o.comment = copy(r, res, i, col[12]);
	}
	PQclear(res);
	return 0;
}

/* --- objects retort does not manage ----------------------------------- */

/*
 * Every object of a kind retort leaves alone, so the commands can say what
 * they did not compare. Columns: kind, schema, rel (the object's name, or
 * the table it hangs on), sub (trigger/policy/rule/constraint name), args.
 * Functions that exist only for a type (a range's constructors) depend on
 * it internally and are not listed. Partitioned and inheriting tables are
 * read as plain tables; their partitioning or inheritance is listed here.
 */
static const char unmanaged_sql[] =
	"SELECT * FROM (\n"
	"SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'\n"
	"    WHEN 'f' THEN 'foreign table' ELSE 'partition' END AS kind,\n"
	"  n.nspname AS schema, c.relname AS rel, NULL::name AS sub, NULL::text AS args\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.oid = ANY($1::oid[])\n"
	"  AND (c.relkind IN ('v', 'm', 'f') OR (c.relkind IN ('r', 'p') AND c.relispartition))\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_class", "c.oid") "\n"
	"UNION ALL\n"
	"SELECT CASE c.relkind WHEN 'p' THEN 'partitioning of table'\n"
	"    ELSE 'inheritance of table' END, n.nspname, c.relname, NULL, NULL\n"
	"FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.oid = ANY($1::oid[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition\n"
	"  AND (c.relkind = 'p' OR EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = c.oid))\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_class", "c.oid") "\n"
	"UNION ALL\n"
	"SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'\n"
	"    ELSE 'function' END, n.nspname, p.proname, NULL,\n"
	"  pg_get_function_identity_arguments(p.oid)\n"
	"FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
	"WHERE n.oid = ANY($1::oid[])\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass\n"
	"    AND x.objid = p.oid AND x.deptype IN ('e', 'i'))\n"
	"UNION ALL\n"
	"SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname, t.typname,\n"
	"  NULL, NULL\n"
	"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace\n"
	"LEFT JOIN pg_class tc ON tc.oid = t.typrelid\n"
	"WHERE n.oid = ANY($1::oid[]) AND t.typcategory <> 'A'\n"
	"  AND (t.typtype IN ('b', 'd', 'r') OR (t.typtype = 'c' AND tc.relkind = 'c'))\n"
	"  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass\n"
	"    AND x.objid = t.oid AND x.deptype IN ('e', 'i'))\n"
	"UNION ALL\n"
	"SELECT 'trigger', n.nspname, c.relname, t.tgname, NULL\n"
	"FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.oid = ANY($1::oid[]) AND NOT t.tgisinternal AND NOT c.relispartition\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_trigger", "t.oid") "\n"
	"UNION ALL\n"
	"SELECT 'policy', n.nspname, c.relname, p.polname, NULL\n"
	"FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.oid = ANY($1::oid[])\n"
	"UNION ALL\n"
	"SELECT 'rule', n.nspname, c.relname, r.rulename, NULL\n"
	"FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.oid = ANY($1::oid[]) AND r.rulename <> '_RETURN'\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_rewrite", "r.oid") "\n"
	"UNION ALL\n"
	"SELECT 'exclusion constraint', n.nspname, c.relname, con.conname, NULL\n"
	"FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid\n"
	"JOIN pg_namespace n ON n.oid = c.relnamespace\n"
	"WHERE n.oid = ANY($1::oid[]) AND con.contype = 'x' AND NOT c.relispartition\n"
	"UNION ALL\n"
	"SELECT 'collation', n.nspname, co.collname, NULL, NULL\n"
	"FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace\n"
	"WHERE n.oid = ANY($1::oid[])\n"
	"  AND " NOT_EXTENSION_MEMBER("pg_collation", "co.oid") "\n"
	"UNION ALL\n"
	"SELECT 'statistics object', n.nspname, s.stxname, NULL, NULL\n"
	"FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace\n"
	"WHERE n.oid = ANY($1::oid[])\n"
	"UNION ALL\n"
	"SELECT 'event trigger', NULL, e.evtname, NULL, NULL\n"
	"FROM pg_event_trigger e\n"
	"WHERE " NOT_EXTENSION_MEMBER("pg_event_trigger", "e.oid") "\n"
	") u ORDER BY 1, 2, 3, 4";

/* "view public.v", "function public.f(integer)", "trigger t on public.x". */
static const char *unmanaged_text(struct arena *a, const char *kind, const char *schema,
				  const char *rel, const char *sub, const char *args)
{
	struct strbuf sb = STRBUF_INIT;
	const char *text;

	strbuf_addstr(&sb, kind);
	strbuf_addch(&sb, ' ');
	if (sub) {
		sb_add_ident(&sb, sub);
		strbuf_addstr(&sb, " on ");
	}
	sb_add_qualified(&sb, schema, rel);
	if (args)
		strbuf_addf(&sb, "(%s)", args);
	text = arena_strdup(a, sb.buf);
	strbuf_release(&sb);
	return text;
}

static int read_unmanaged(struct reader *r)
{
	static const char *const names[] = { "kind", "schema", "rel", "sub", "args" };
	int col[5], i, n;
	PGresult *res = run(r, "could not list the other objects", unmanaged_sql);

	if (!res || !FIELDS(res, names, col)) {
		PQclear(res);
		return -1;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		const char *schema = get(res, i, col[1]), *rel = get(res, i, col[2]);

		if (schema && (is_version_table(r, schema, rel) ||
			       !filter_wants(r->o->filter, schema, rel)))
			continue;
		ptrvec_push(r->c->arena, &r->c->unmanaged,
			    (void *)unmanaged_text(r->c->arena, get(res, i, col[0]), schema, rel,
						   get(res, i, col[3]), get(res, i, col[4])));
	}
	PQclear(res);
	return 0;
}

/* --- the whole read --------------------------------------------------- */

static void reader_set_version_table(struct reader *r, const char *vt)
{
	const char *dot;

	if (!vt || !*vt)
		vt = "retort_version";
	dot = strchr(vt, '.');
	if (dot) {
		r->vt_schema = arena_strndup(r->c->arena, vt, (size_t)(dot - vt));
		r->vt_name = dot + 1;
	} else {
		r->vt_schema = "public";
		r->vt_name = vt;
	}
}

static const char begin_sql[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
/*
 * search_path makes the canonical text. The rest are for speed, and all
 * end with the transaction: JIT compilation of these catalog queries
 * costs far more than it saves (seconds on a large schema); parallel
 * workers take longer to start than they save and compete with the
 * model being read on the client; and the default work_mem makes the
 * sorts of a 10,000-table schema spill to disk.
 */
static const char search_path_sql[] =
	"SELECT set_config('search_path', 'pg_catalog, public', true),\n"
	"  set_config('jit', 'off', true),\n"
	"  set_config('max_parallel_workers_per_gather', '0', true),\n"
	"  set_config('work_mem', '64MB', true)";

/* --- a second connection on big schemas -------------------------------- */

/* Below this many tables a second connection costs more than it saves. */
enum { SIDE_MIN_TABLES = 100 };
/* How long the second connection may take to join the snapshot: a pooler may queue it. */
enum { SIDE_JOIN_MS = 5000 };

static void cancel_statement(PGconn *conn)
{
	PGcancel *c = PQgetCancel(conn);
	char err[256];

	if (c) {
		PQcancel(c, err, sizeof(err));
		PQfreeCancel(c);
	}
}

static void side_close(struct reader *r)
{
	struct side *sd = &r->side;

	/* Left alone, a statement there would run on until it tries to send. */
	if (sd->conn && PQtransactionStatus(sd->conn) == PQTRANS_ACTIVE)
		cancel_statement(sd->conn);
	/* Closing ends its read-only transaction; queued results are dropped. */
	PQfinish(sd->conn);
	free(sd->sql[0]);
	free(sd->sql[1]);
	memset(sd, 0, sizeof(*sd));
}

/*
 * Whether this session may call what hands its snapshot over. Asked in a
 * statement that cannot fail, because a failed one would abort the read:
 * a server may revoke pg_export_snapshot from PUBLIC. (EXECUTE rights are
 * checked before a CASE is evaluated, so guarding the call inside the
 * exporting statement is not enough.)
 */
static bool may_export_snapshot(struct reader *r)
{
	PGresult *res = PQexec(r->conn,
		"SELECT coalesce(has_function_privilege("
		"to_regprocedure('pg_catalog.pg_export_snapshot()'), 'EXECUTE') AND "
		"has_function_privilege(to_regprocedure('pg_catalog.pg_is_in_recovery()'), "
		"'EXECUTE'), false)");
	bool ok = res && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
		  get_bool(res, 0, 0);

	PQclear(res);
	return ok;
}

/* Waits up to ms for conn's statement; false when it is still running. */
static bool wait_for(PGconn *conn, int ms)
{
	struct pollfd fd;

	fd.fd = PQsocket(conn);
	while (ms > 0 && PQisBusy(conn)) {
		fd.events = POLLIN;
		fd.revents = 0;
		if (poll(&fd, 1, 100) < 0 && errno != EINTR)
			return false;
		if (!PQconsumeInput(conn))
			return true;	/* the error comes with the result */
		ms -= 100;
	}
	return !PQisBusy(conn);
}

/* Starts the side's transaction in snapshot; false on any failure or delay. */
static bool side_join(struct reader *r, const char *snapshot)
{
	struct strbuf sb = STRBUF_INIT;
	PGresult *res;
	bool ok;

	strbuf_addf(&sb, "%s; SET TRANSACTION SNAPSHOT ", begin_sql);
	sb_add_literal(&sb, snapshot);
	strbuf_addf(&sb, "; %s", search_path_sql);
	ok = PQsendQuery(r->side.conn, sb.buf) == 1 && wait_for(r->side.conn, SIDE_JOIN_MS);
	strbuf_release(&sb);
	if (!ok)
		return false;
	while ((res = PQgetResult(r->side.conn)) != NULL) {
		ok = ok && (PQresultStatus(res) == PGRES_COMMAND_OK ||
			    PQresultStatus(res) == PGRES_TUPLES_OK);
		PQclear(res);
	}
	return ok;
}

/*
 * Opens the side connection in the snapshot of r->conn. Returns NULL, or
 * why not (for -v).
 */
static const char *side_open(struct reader *r)
{
	PGresult *res;
	const char *why = NULL;

	if (!may_export_snapshot(r))
		return "this session has no right to pg_export_snapshot()";
	/* Both rights are checked: this cannot fail. */
	res = PQexec(r->conn, "SELECT CASE WHEN NOT pg_is_in_recovery() "
			      "THEN pg_export_snapshot() END");
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		why = "pg_export_snapshot() failed";
	else if (PQgetisnull(res, 0, 0))
		why = "a standby cannot export its snapshot";
	else if (!(r->side.conn = db_connect_twin(r->conn)))
		why = "it could not connect";
	else if (!side_join(r, PQgetvalue(res, 0, 0)))
		why = "it could not join the snapshot in time";
	PQclear(res);
	return why;
}

static bool side_queue(struct reader *r, void (*make_sql)(const struct reader *, struct strbuf *))
{
	const char *params[1] = { r->schema_oids.buf };
	struct side *sd = &r->side;
	struct strbuf sb = STRBUF_INIT;

	make_sql(r, &sb);
	sd->sql[sd->nqueued] = strbuf_detach(&sb);
	return PQsendQueryParams(sd->conn, sd->sql[sd->nqueued++], 1, NULL, params, NULL, NULL,
				 0) == 1;
}

/*
 * On a big schema the constraint and index queries go to a second
 * connection, reading the same snapshot (pg_export_snapshot), while this
 * one reads the columns: the server works on two cores, as pg_dump -j
 * does. Nothing here is an error: when the second connection cannot be
 * had (a standby, no right to export, no connection slot left, a pooler
 * that makes it wait), everything is read on one. Should the attempt have
 * spoiled this connection's transaction after all, introspect() starts
 * the read again on one connection.
 */
static int start_side(struct reader *r)
{
	const char *why;

	if (!r->may_split || r->tables.len < SIDE_MIN_TABLES)
		return 0;
#ifdef LIBPQ_HAS_PIPELINING
	why = side_open(r);
	if (!why && (PQenterPipelineMode(r->side.conn) != 1 ||
		     !side_queue(r, constraints_sql) || !side_queue(r, indexes_sql) ||
		     PQpipelineSync(r->side.conn) != 1))
		why = "it could not queue its statements";
#else
	why = "this libpq is older than 14 (no pipeline mode)";
#endif
	if (!why)
		return 0;
	msg_verbose("reading the schema on one connection; a second one was not used: %s", why);
	side_close(r);
	if (PQtransactionStatus(r->conn) != PQTRANS_INERROR)
		return 0;
	r->retry_on_one = true;
	return -1;
}

typedef int (*read_fn)(struct reader *r);

/* In dependency order: sequences need the tables to find their owners. */
static const read_fn readers[] = {
	read_schemas, read_extensions, read_enums, read_tables, start_side, read_columns,
	read_constraints, read_indexes, read_sequences, read_unmanaged,
};

/* Begins the read, runs every reader, ends the read; EXIT_OK or EXIT_DATABASE. */
static int read_all(struct reader *r, bool in_tx)
{
	size_t i;
	int rc = EXIT_OK;

	if (db_exec(r->conn, "could not start reading the database schema",
		    in_tx ? "SAVEPOINT retort_introspect" : begin_sql) < 0 ||
	    db_exec(r->conn, "could not start reading the database schema", search_path_sql) < 0) {
		rc = EXIT_DATABASE;
	} else {
		for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
			if (readers[i](r) < 0) {
				rc = EXIT_DATABASE;
				break;
			}
		}
	}
	side_close(r);
	/* Read-only: COMMIT and ROLLBACK are the same; ROLLBACK also ends a failed one. */
	if (PQstatus(r->conn) == CONNECTION_OK && in_tx)
		PQclear(PQexec(r->conn, "ROLLBACK TO SAVEPOINT retort_introspect; "
					"RELEASE SAVEPOINT retort_introspect"));
	else if (PQstatus(r->conn) == CONNECTION_OK &&
		 PQtransactionStatus(r->conn) != PQTRANS_IDLE)
		PQclear(PQexec(r->conn, "ROLLBACK"));
	return rc;
}

/* A reader with nothing read yet, into a new catalog in a. */
static void reader_start(struct reader *r, PGconn *conn, struct arena *a,
			 const struct introspect_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->conn = conn;
	r->o = o;
	r->c = catalog_new(a);
	r->server_version = db_server_version(conn);
	strbuf_init(&r->schema_oids);
	reader_set_version_table(r, o->version_table);
}

static void reader_end(struct reader *r)
{
	strmap_release(&r->tables);
	strbuf_release(&r->schema_oids);
}

int introspect(PGconn *conn, struct arena *a, const struct introspect_opts *o,
	       struct catalog **out)
{
	static const struct introspect_opts none = { NULL, 0, NULL, NULL, false };
	struct reader r;
	bool in_tx;
	int rc;

	o = o ? o : &none;
	reader_start(&r, conn, a, o);
	/* Inside the caller's transaction, a savepoint keeps its state as it was. */
	in_tx = PQtransactionStatus(conn) != PQTRANS_IDLE;
	/* Another session cannot see what the caller's transaction changed. */
	r.may_split = !in_tx && !o->one_connection;
	rc = read_all(&r, in_tx);
	if (rc != EXIT_OK && r.retry_on_one) {
		reader_end(&r);
		catalog_free(r.c);
		reader_start(&r, conn, a, o);
		rc = read_all(&r, in_tx);
	}
	reader_end(&r);
	if (rc != EXIT_OK) {
		catalog_free(r.c);
		return rc;
	}
	catalog_sort(r.c);
	*out = r.c;
	return EXIT_OK;
}

int introspect_relations(PGconn *conn, struct catalog *c, const char *schema_oid)
{
	static const read_fn relation_readers[] = {
		read_tables, read_columns, read_constraints, read_indexes,
	};
	static const struct introspect_opts none = { NULL, 0, NULL, NULL, false };
	struct reader r;
	size_t i;
	int rc = EXIT_OK;

	memset(&r, 0, sizeof(r));
	r.conn = conn;
	r.o = &none;
	r.c = c;
	r.server_version = db_server_version(conn);
	strbuf_init(&r.schema_oids);
	strbuf_addf(&r.schema_oids, "{%s}", schema_oid);
	reader_set_version_table(&r, NULL);
	for (i = 0; i < sizeof(relation_readers) / sizeof(relation_readers[0]); i++) {
		if (relation_readers[i](&r) < 0) {
			rc = EXIT_DATABASE;
			break;
		}
	}
	strmap_release(&r.tables);
	strbuf_release(&r.schema_oids);
	return rc;
}

/* How many unmanaged objects the warning names before it just counts. */
enum { UNMANAGED_NAMED = 20 };

void introspect_warn_unmanaged(const struct catalog *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = c->unmanaged.len;

	if (!n)
		return;
	for (i = 0; i < n && i < UNMANAGED_NAMED; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		strbuf_addstr(&sb, c->unmanaged.items[i]);
	}
	if (n > UNMANAGED_NAMED)
		strbuf_addf(&sb, " and %zu more", n - UNMANAGED_NAMED);
	msg_warning("the database has %zu %s of kinds retort does not manage yet, "
		    "left out of the comparison: %s", n, n == 1 ? "object" : "objects", sb.buf);
	strbuf_release(&sb);
}
