/*
 * check_diff.c - the differ, ordering and emitter on catalogs built by hand.
 *
 * Each test builds a desired and a current catalog with the catalog.h
 * adders, runs diff_both + order_changes + emit_sql and compares the exact
 * upgrade and downgrade SQL (and report lines) with what a careful person
 * would write. The expected texts were written from PostgreSQL's grammar,
 * not copied from the output.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diff.h"
#include "emit.h"
#include "order.h"
#include "testutil.h"

struct result {
	struct strbuf up, down, report, down_report;
	size_t nup, ndown;
};

static void run_diff(struct arena *a, const struct catalog *want, const struct catalog *have,
		     struct result *r)
{
	struct change_list up, down;

	memset(r, 0, sizeof(*r));
	memset(&up, 0, sizeof(up));
	memset(&down, 0, sizeof(down));
	strbuf_init(&r->up);
	strbuf_init(&r->down);
	strbuf_init(&r->report);
	strbuf_init(&r->down_report);
	diff_both(a, want, have, &up, &down);
	ck_assert_int_eq(order_changes(a, &up), 0);
	ck_assert_int_eq(order_changes(a, &down), 0);
	emit_sql(&up, &r->up);
	emit_sql(&down, &r->down);
	emit_report(&up, &r->report);
	emit_report(&down, &r->down_report);
	r->nup = up.items.len;
	r->ndown = down.items.len;
}

static void result_release(struct result *r)
{
	strbuf_release(&r->up);
	strbuf_release(&r->down);
	strbuf_release(&r->report);
	strbuf_release(&r->down_report);
}

static struct column *col(struct catalog *c, struct table *t, const char *name,
			  const char *type, bool not_null, const char *def)
{
	struct column *cl = table_add_column(c, t, name);

	ck_assert_ptr_nonnull(cl);
	cl->type = type;
	cl->not_null = not_null;
	cl->default_expr = def;
	return cl;
}

static const char **list(struct catalog *c, const char *csv, size_t *n)
{
	const char *items[16];
	char *copy = strdup(csv), *p = copy, *save = NULL;
	const char **out;
	size_t k = 0;

	(void)save;
	while (p && *p && k < 16) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		while (*p == ' ')
			p++;
		items[k++] = p;
		p = comma ? comma + 1 : NULL;
	}
	out = catalog_strlist(c, items, k);
	*n = k;
	free(copy);
	return out;
}

static struct constraint *con(struct catalog *c, struct table *t, const char *name, char type,
			      const char *cols)
{
	struct constraint *k = table_add_constraint(c, t, name, type);

	ck_assert_ptr_nonnull(k);
	if (cols)
		k->columns = list(c, cols, &k->ncolumns);
	return k;
}

static struct constraint *fk(struct catalog *c, struct table *t, const char *name,
			     const char *cols, const char *ref_table, const char *ref_cols)
{
	struct constraint *k = con(c, t, name, CON_FOREIGN, cols);

	k->ref_schema = "public";
	k->ref_table = ref_table;
	k->ref_columns = list(c, ref_cols, &k->nref_columns);
	return k;
}

static struct index *idx(struct catalog *c, struct table *t, const char *name, const char *cols)
{
	struct index *ix = table_add_index(c, t, name);
	size_t n, i;
	const char **names = list(c, cols, &n);

	ck_assert_ptr_nonnull(ix);
	ix->elems = arena_alloc(c->arena, n * sizeof(*ix->elems));
	ix->nelems = n;
	for (i = 0; i < n; i++)
		ix->elems[i].column = names[i];
	return ix;
}

/* users(id bigint identity PK, email text NOT NULL, age integer) in public. */
static struct table *users_table(struct catalog *c)
{
	struct table *t = catalog_add_table(c, "public", "users");
	struct column *id = col(c, t, "id", "bigint", true, NULL);

	id->identity = IDENTITY_ALWAYS;
	col(c, t, "email", "text", true, NULL);
	col(c, t, "age", "integer", false, NULL);
	con(c, t, "users_pkey", CON_PRIMARY, "id");
	return t;
}

START_TEST(identical_catalogs_have_no_changes)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *tw, *th;
	struct result r;

	tw = users_table(w);
	th = users_table(h);
	/* Constraint and index list order must not matter, nor NULL vs "" comments. */
	con(w, tw, "users_email_key", CON_UNIQUE, "email");
	idx(w, tw, "users_age_idx", "age");
	idx(w, tw, "users_b_idx", "email");
	idx(h, th, "users_b_idx", "email");
	idx(h, th, "users_age_idx", "age");
	con(h, th, "users_email_key", CON_UNIQUE, "email");
	tw->o.comment = "";
	catalog_add_schema(w, "public");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf, "");
	ck_assert_str_eq(r.down.buf, "");
	ck_assert_uint_eq(r.nup, 0);
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(new_table_with_fk_index_and_comment)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *n;
	struct constraint *k;
	struct result r;

	users_table(w);
	users_table(h);
	n = catalog_add_table(w, "public", "notifications");
	col(w, n, "id", "bigint", true, NULL)->identity = IDENTITY_BY_DEFAULT;
	col(w, n, "user_id", "bigint", true, NULL);
	col(w, n, "message", "character varying(500)", true, NULL);
	col(w, n, "read", "boolean", true, "false");
	col(w, n, "created_at", "timestamp with time zone", false, "now()");
	con(w, n, "notifications_pkey", CON_PRIMARY, "id");
	k = fk(w, n, "notifications_user_id_fkey", "user_id", "users", "id");
	k->on_delete = FK_CASCADE;
	k = con(w, n, "message_not_blank", CON_CHECK, NULL);
	k->check_expr = "length(message) > 0";
	idx(w, n, "notifications_user_id_idx", "user_id");
	n->o.comment = "what users are told";
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE TABLE public.notifications (\n"
		"    id bigint GENERATED BY DEFAULT AS IDENTITY,\n"
		"    user_id bigint NOT NULL,\n"
		"    message character varying(500) NOT NULL,\n"
		"    read boolean DEFAULT false NOT NULL,\n"
		"    created_at timestamp with time zone DEFAULT now(),\n"
		"    PRIMARY KEY (id),\n"
		"    CONSTRAINT message_not_blank CHECK (length(message) > 0),\n"
		"    FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE\n"
		");\n"
		"CREATE INDEX notifications_user_id_idx ON public.notifications (user_id);\n"
		"COMMENT ON TABLE public.notifications IS 'what users are told';\n");
	ck_assert_str_eq(r.down.buf, "-- destroys data: drops table public.notifications\n"
				     "DROP TABLE public.notifications;\n");
	ck_assert_str_eq(r.report.buf,
			 "Detected added table 'notifications'\n"
			 "Detected added index 'notifications_user_id_idx' on 'notifications'\n");
	ck_assert_str_eq(r.down_report.buf, "Detected removed table 'notifications' (destroys data)\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(column_changes)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *tw = users_table(w), *th = users_table(h);
	struct result r;

	/* age: integer -> bigint, NOT NULL with a new default; email: text -> varchar(20). */
	((struct column *)tw->columns.items[2])->type = "bigint";
	((struct column *)tw->columns.items[2])->not_null = true;
	((struct column *)tw->columns.items[2])->default_expr = "0";
	((struct column *)tw->columns.items[1])->type = "character varying(20)";
	col(w, tw, "code", "integer", false, NULL);
	col(h, th, "code", "text", false, NULL);
	col(h, th, "legacy", "text", false, NULL);
	col(w, tw, "nickname", "text", true, NULL);
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"-- note: NOT NULL without a default fails on a table with rows: add a default or "
		"backfill the column before this statement\n"
		"ALTER TABLE public.users ADD COLUMN nickname text NOT NULL;\n"
		"-- destroys data: narrows column public.users.email from text to character varying(20)\n"
		"ALTER TABLE public.users ALTER COLUMN email TYPE character varying(20);\n"
		"ALTER TABLE public.users ALTER COLUMN age TYPE bigint;\n"
		"ALTER TABLE public.users ALTER COLUMN age SET DEFAULT 0;\n"
		"UPDATE public.users SET age = DEFAULT WHERE age IS NULL;\n"
		"ALTER TABLE public.users ALTER COLUMN age SET NOT NULL;\n"
		"ALTER TABLE public.users ALTER COLUMN code TYPE integer USING code::integer;\n"
		"\n"
		"-- destroys data: drops column public.users.legacy\n"
		"ALTER TABLE public.users DROP COLUMN legacy;\n");
	ck_assert_str_eq(r.down.buf,
		"ALTER TABLE public.users ADD COLUMN legacy text;\n"
		"ALTER TABLE public.users ALTER COLUMN email TYPE text;\n"
		"-- destroys data: narrows column public.users.age from bigint to integer\n"
		"ALTER TABLE public.users ALTER COLUMN age DROP DEFAULT;\n"
		"ALTER TABLE public.users ALTER COLUMN age TYPE integer;\n"
		"ALTER TABLE public.users ALTER COLUMN age DROP NOT NULL;\n"
		"ALTER TABLE public.users ALTER COLUMN code TYPE text;\n"
		"\n"
		"-- destroys data: drops column public.users.nickname\n"
		"ALTER TABLE public.users DROP COLUMN nickname;\n");
	ck_assert(strstr(r.report.buf, "Detected type change of column 'users.age' from integer to bigint\n"));
	ck_assert(strstr(r.report.buf, "Detected NOT NULL on column 'users.age'\n"));
	ck_assert(strstr(r.report.buf, "Detected removed column 'users.legacy' (destroys data)\n"));
	ck_assert(strstr(r.report.buf, "Detected default change of column 'users.age' from none to 0\n"));
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(enum_values)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct enum_type *ew = catalog_add_enum(w, "public", "run_status");
	struct enum_type *eh = catalog_add_enum(h, "public", "run_status");
	struct result r;

	enum_add_value(w, ew, "queued");
	enum_add_value(w, ew, "pending");
	enum_add_value(w, ew, "running");
	enum_add_value(w, ew, "paused");
	enum_add_value(w, ew, "done");
	enum_add_value(w, ew, "failed");
	enum_add_value(h, eh, "pending");
	enum_add_value(h, eh, "running");
	enum_add_value(h, eh, "done");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"ALTER TYPE public.run_status ADD VALUE 'queued' BEFORE 'pending';\n"
		"ALTER TYPE public.run_status ADD VALUE 'paused' AFTER 'running';\n"
		"ALTER TYPE public.run_status ADD VALUE 'failed';\n");
	ck_assert(strstr(r.report.buf, "Detected added value 'paused' to enum 'run_status'\n"));
	ck_assert(!strstr(r.up.buf, "-- note:"));
	/* Going back removes values: a rebuild, which can destroy data. */
	ck_assert(strstr(r.down.buf, "CREATE TYPE public.run_status_retort_new AS ENUM "
				     "('pending', 'running', 'done');\n"
				     "DROP TYPE public.run_status;\n"
				     "ALTER TYPE public.run_status_retort_new RENAME TO run_status;\n"));
	ck_assert(strstr(r.down_report.buf, "(destroys data)"));
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(new_enum_value_used_in_same_migration_is_flagged)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct enum_type *ew = catalog_add_enum(w, "public", "st");
	struct enum_type *eh = catalog_add_enum(h, "public", "st");
	struct table *tw = catalog_add_table(w, "public", "jobs");
	struct table *th = catalog_add_table(h, "public", "jobs");
	struct result r;

	enum_add_value(w, ew, "new");
	enum_add_value(w, ew, "queued");
	enum_add_value(h, eh, "new");
	col(w, tw, "s", "st", true, "'queued'::st");
	col(h, th, "s", "st", true, "'new'::st");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"ALTER TYPE public.st ADD VALUE 'queued';\n"
		"\n"
		"-- note: uses enum value 'queued' added in this migration; PostgreSQL refuses that "
		"before the ADD VALUE commits: move this statement to a later migration or mark this "
		"one -- retort:no-transaction\n"
		"ALTER TABLE public.jobs ALTER COLUMN s SET DEFAULT 'queued'::st;\n");
	result_release(&r);

	/* Not normalized yet (the value does not exist): the bare literal counts too. */
	((struct column *)tw->columns.items[0])->default_expr = "'queued'";
	run_diff(&a, w, h, &r);
	ck_assert(strstr(r.up.buf, "-- note: uses enum value 'queued'"));
	result_release(&r);
	/* A literal in a column of another type is no use of the value. */
	((struct column *)tw->columns.items[0])->type = "text";
	((struct column *)th->columns.items[0])->type = "text";
	run_diff(&a, w, h, &r);
	ck_assert(!strstr(r.up.buf, "-- note:"));
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(enum_rebuild_converts_columns)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct enum_type *ew = catalog_add_enum(w, "public", "mood");
	struct enum_type *eh = catalog_add_enum(h, "public", "mood");
	struct table *tw = catalog_add_table(w, "public", "people");
	struct table *th = catalog_add_table(h, "public", "people");
	struct result r;

	enum_add_value(w, ew, "sad");
	enum_add_value(w, ew, "happy");
	enum_add_value(h, eh, "happy");
	enum_add_value(h, eh, "sad");
	col(w, tw, "m", "mood", true, "'happy'::mood");
	col(h, th, "m", "mood", true, "'happy'::mood");
	col(w, tw, "ms", "mood[]", false, NULL);
	col(h, th, "ms", "mood[]", false, NULL);
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"-- rebuilds the enum through text: rows holding a value that is no longer\n"
		"-- in the list make this migration fail, which leaves the data untouched\n"
		"CREATE TYPE public.mood_retort_new AS ENUM ('sad', 'happy');\n"
		"ALTER TABLE public.people ALTER COLUMN m DROP DEFAULT;\n"
		"ALTER TABLE public.people ALTER COLUMN m TYPE public.mood_retort_new "
		"USING m::text::public.mood_retort_new;\n"
		"ALTER TABLE public.people ALTER COLUMN ms TYPE public.mood_retort_new[] "
		"USING ms::text[]::public.mood_retort_new[];\n"
		"DROP TYPE public.mood;\n"
		"ALTER TYPE public.mood_retort_new RENAME TO mood;\n"
		"ALTER TABLE public.people ALTER COLUMN m SET DEFAULT 'happy'::mood;\n");
	ck_assert_str_eq(r.report.buf, "Detected removed or reordered values of enum 'mood' "
					"from ('happy', 'sad') to ('sad', 'happy')\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(fk_cycle_and_self_reference)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *x = catalog_add_table(w, "public", "a_team");
	struct table *y = catalog_add_table(w, "public", "b_player");
	struct result r;

	col(w, x, "id", "integer", true, NULL);
	col(w, x, "captain_id", "integer", false, NULL);
	col(w, x, "parent_id", "integer", false, NULL);
	con(w, x, "a_team_pkey", CON_PRIMARY, "id");
	fk(w, x, "a_team_captain_id_fkey", "captain_id", "b_player", "id");
	fk(w, x, "a_team_parent_id_fkey", "parent_id", "a_team", "id");
	col(w, y, "id", "integer", true, NULL);
	col(w, y, "team_id", "integer", false, NULL);
	con(w, y, "b_player_pkey", CON_PRIMARY, "id");
	fk(w, y, "b_player_team_id_fkey", "team_id", "a_team", "id");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE TABLE public.a_team (\n"
		"    id integer NOT NULL,\n"
		"    captain_id integer,\n"
		"    parent_id integer,\n"
		"    PRIMARY KEY (id)\n"
		");\n"
		"ALTER TABLE public.a_team ADD CONSTRAINT a_team_parent_id_fkey FOREIGN KEY (parent_id) "
		"REFERENCES public.a_team (id);\n"
		"\n"
		"CREATE TABLE public.b_player (\n"
		"    id integer NOT NULL,\n"
		"    team_id integer,\n"
		"    PRIMARY KEY (id)\n"
		");\n"
		"ALTER TABLE public.b_player ADD CONSTRAINT b_player_team_id_fkey FOREIGN KEY (team_id) "
		"REFERENCES public.a_team (id);\n"
		"\n"
		"ALTER TABLE public.a_team ADD CONSTRAINT a_team_captain_id_fkey FOREIGN KEY (captain_id) "
		"REFERENCES public.b_player (id);\n");
	/* Dropping tables that reference each other: the FKs go first. */
	ck_assert_str_eq(r.down.buf,
		"ALTER TABLE public.a_team DROP CONSTRAINT a_team_captain_id_fkey;\n"
		"\n"
		"ALTER TABLE public.b_player DROP CONSTRAINT b_player_team_id_fkey;\n"
		"\n"
		"-- destroys data: drops table public.a_team\n"
		"DROP TABLE public.a_team;\n"
		"\n"
		"-- destroys data: drops table public.b_player\n"
		"DROP TABLE public.b_player;\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(referenced_table_created_first)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *x = catalog_add_table(w, "public", "a_runs");
	struct table *y = catalog_add_table(w, "public", "z_crews");
	struct result r;

	col(w, x, "crew_id", "integer", false, NULL);
	fk(w, x, "a_runs_crew_id_fkey", "crew_id", "z_crews", "id");
	col(w, y, "id", "integer", true, NULL);
	con(w, y, "z_crews_pkey", CON_PRIMARY, "id");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE TABLE public.z_crews (\n"
		"    id integer NOT NULL,\n"
		"    PRIMARY KEY (id)\n"
		");\n"
		"\n"
		"CREATE TABLE public.a_runs (\n"
		"    crew_id integer,\n"
		"    FOREIGN KEY (crew_id) REFERENCES public.z_crews (id)\n"
		");\n");
	/* Both go: the FK is dropped explicitly first (it also breaks cycles). */
	ck_assert_str_eq(r.down.buf,
		"ALTER TABLE public.a_runs DROP CONSTRAINT a_runs_crew_id_fkey;\n"
		"\n"
		"-- destroys data: drops table public.a_runs\n"
		"DROP TABLE public.a_runs;\n"
		"\n"
		"-- destroys data: drops table public.z_crews\n"
		"DROP TABLE public.z_crews;\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(renames_and_reverse)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *tw = catalog_add_table(w, "public", "members");
	struct table *th = catalog_add_table(h, "public", "users");
	struct column *c;
	struct result r;

	tw->renamed_from = "users";
	col(w, tw, "id", "integer", true, NULL);
	c = col(w, tw, "full_name", "text", false, NULL);
	c->renamed_from = "name";
	con(w, tw, "members_pkey", CON_PRIMARY, "id");
	idx(w, tw, "members_full_name_idx", "full_name");
	col(h, th, "id", "integer", true, NULL);
	col(h, th, "name", "text", false, NULL);
	con(h, th, "users_pkey", CON_PRIMARY, "id");
	idx(h, th, "users_name_idx", "name");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"ALTER TABLE public.users RENAME TO members;\n"
		"ALTER TABLE public.members RENAME COLUMN name TO full_name;\n"
		"ALTER TABLE public.members RENAME CONSTRAINT users_pkey TO members_pkey;\n"
		"ALTER INDEX public.users_name_idx RENAME TO members_full_name_idx;\n");
	ck_assert_str_eq(r.down.buf,
		"ALTER TABLE public.members RENAME TO users;\n"
		"ALTER TABLE public.users RENAME COLUMN full_name TO name;\n"
		"ALTER TABLE public.users RENAME CONSTRAINT members_pkey TO users_pkey;\n"
		"ALTER INDEX public.members_full_name_idx RENAME TO users_name_idx;\n");
	ck_assert(strstr(r.report.buf, "Detected renamed table 'users' to 'members'\n"));
	ck_assert(strstr(r.report.buf, "Detected renamed column 'members.name' to 'full_name'\n"));
	result_release(&r);

	/* Hint already applied: the old name is gone, the new one exists. */
	th = catalog_add_table(h, "public", "members");
	col(h, th, "id", "integer", true, NULL);
	col(h, th, "full_name", "text", false, NULL);
	con(h, th, "members_pkey", CON_PRIMARY, "id");
	idx(h, th, "members_full_name_idx", "full_name");
	{
		struct catalog *w2 = catalog_new(&a);
		struct table *t2 = catalog_add_table(w2, "public", "members");
		t2->renamed_from = "gone";
		col(w2, t2, "id", "integer", true, NULL);
		c = col(w2, t2, "full_name", "text", false, NULL);
		c->renamed_from = "name";
		con(w2, t2, "members_pkey", CON_PRIMARY, "id");
		idx(w2, t2, "members_full_name_idx", "full_name");
		struct catalog *h2 = catalog_new(&a);
		struct table *u2 = catalog_add_table(h2, "public", "members");
		col(h2, u2, "id", "integer", true, NULL);
		col(h2, u2, "full_name", "text", false, NULL);
		con(h2, u2, "members_pkey", CON_PRIMARY, "id");
		idx(h2, u2, "members_full_name_idx", "full_name");
		run_diff(&a, w2, h2, &r);
		ck_assert_uint_eq(r.nup, 0);
		ck_assert_uint_eq(r.ndown, 0);
		result_release(&r);
		catalog_free(w2);
		catalog_free(h2);
	}
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(constraint_and_index_changes)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *tw = users_table(w), *th = users_table(h);
	struct constraint *k;
	struct index *ix;
	struct result r;

	k = con(w, tw, "users_age_check", CON_CHECK, NULL);
	k->check_expr = "age >= 18";
	k = con(h, th, "users_age_check", CON_CHECK, NULL);
	k->check_expr = "age >= 0";
	ix = idx(w, tw, "users_email_idx", "email");
	ix->unique = true;
	ix->predicate = "age IS NOT NULL";
	ix->ninclude = 1;
	ix->include = list(w, "age", &ix->ninclude);
	ix = idx(w, tw, "users_lower_idx", "email");
	ix->elems[0].column = NULL;
	ix->elems[0].expr = "lower(email)";
	ix->elems[0].desc = true;
	ix->elems[0].nulls = 'l';
	ix->method = "hash";
	ix->elems[0].desc = false;
	ix->elems[0].nulls = 0;
	idx(h, th, "users_old_idx", "age");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"ALTER TABLE public.users DROP CONSTRAINT users_age_check;\n"
		"DROP INDEX public.users_old_idx;\n"
		"\n"
		"ALTER TABLE public.users ADD CONSTRAINT users_age_check CHECK (age >= 18);\n"
		"CREATE UNIQUE INDEX users_email_idx ON public.users (email) INCLUDE (age) "
		"WHERE age IS NOT NULL;\n"
		"CREATE INDEX users_lower_idx ON public.users USING hash (lower(email));\n");
	ck_assert(strstr(r.report.buf, "Detected removed index 'users_old_idx' on 'users'\n"));
	ck_assert(strstr(r.report.buf, "Detected added check constraint 'users_age_check' on 'users'\n"));
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(schemas_extensions_sequences_comments)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct schema *s;
	struct extension *e;
	struct sequence *q;
	struct table *t;
	struct result r;

	s = catalog_add_schema(w, "billing");
	s->o.comment = "money";
	catalog_add_schema(w, "public");
	catalog_add_schema(h, "public");
	catalog_add_schema(h, "old stuff");
	e = catalog_add_extension(w, "citext");
	e->version = NULL;
	e = catalog_add_extension(h, "pg_trgm");
	e->version = "1.6";
	e->o.schema = "public";
	q = catalog_add_sequence(w, "billing", "invoice_no");
	q->type = "integer";
	sequence_set_defaults(q);
	q->start = 1000;
	q->cache = 5;
	t = catalog_add_table(w, "billing", "invoices");
	col(w, t, "no", "integer", true, "nextval('billing.invoice_no'::regclass)");
	col(w, t, "email", "citext", false, NULL)->o.comment = "who pays";
	q->owned_by_table = "invoices";
	q->owned_by_column = "no";
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE SCHEMA billing;\n"
		"COMMENT ON SCHEMA billing IS 'money';\n"
		"CREATE EXTENSION citext;\n"
		"CREATE SEQUENCE billing.invoice_no AS integer START WITH 1000 CACHE 5;\n"
		"\n"
		"CREATE TABLE billing.invoices (\n"
		"    no integer DEFAULT nextval('billing.invoice_no'::regclass) NOT NULL,\n"
		"    email citext\n"
		");\n"
		"ALTER SEQUENCE billing.invoice_no OWNED BY billing.invoices.no;\n"
		"COMMENT ON COLUMN billing.invoices.email IS 'who pays';\n"
		"\n"
		"DROP EXTENSION pg_trgm;\n"
		"DROP SCHEMA \"old stuff\";\n");
	/* The owned sequence goes with its table; DROP SEQUENCE would fail after it. */
	ck_assert_str_eq(r.down.buf,
		"CREATE SCHEMA \"old stuff\";\n"
		"CREATE EXTENSION pg_trgm WITH SCHEMA public VERSION '1.6';\n"
		"\n"
		"-- destroys data: drops table billing.invoices\n"
		"DROP TABLE billing.invoices;\n"
		"\n"
		"DROP EXTENSION citext;\n"
		"DROP SCHEMA billing;\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(sequence_options)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct sequence *q;
	struct result r;

	q = catalog_add_sequence(w, "public", "countdown");
	q->increment = -1;
	sequence_set_defaults(q);
	q = catalog_add_sequence(w, "public", "by_ten");
	q->increment = 10;
	q->cycle = true;
	q = catalog_add_sequence(w, "public", "small");
	q->type = "smallint";
	sequence_set_defaults(q);
	q->max_value = 500;
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE SEQUENCE public.by_ten INCREMENT BY 10 CYCLE;\n"
		"CREATE SEQUENCE public.countdown INCREMENT BY -1;\n"
		"CREATE SEQUENCE public.small AS smallint MAXVALUE 500;\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(quoted_identifiers)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *t = catalog_add_table(w, "Sales Data", "Order");
	struct result r;

	catalog_add_schema(w, "Sales Data");
	col(w, t, "select", "text", false, NULL);
	col(w, t, "Mixed Case", "integer", false, NULL);
	con(w, t, "Order_pkey", CON_PRIMARY, "Mixed Case");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE SCHEMA \"Sales Data\";\n"
		"\n"
		"CREATE TABLE \"Sales Data\".\"Order\" (\n"
		"    \"select\" text,\n"
		"    \"Mixed Case\" integer,\n"
		"    PRIMARY KEY (\"Mixed Case\")\n"
		");\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(collation_names)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *t = catalog_add_table(w, "public", "words");
	struct result r;

	col(w, t, "a", "text", false, NULL)->collation = "C";
	col(w, t, "b", "text", false, NULL)->collation = "en_US.utf8";
	col(w, t, "c", "text", false, NULL)->collation = "C.utf8";
	col(w, t, "d", "text", false, NULL)->collation = "app.german";
	col(w, t, "e", "text", false, NULL)->collation = "de.utf8";
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"CREATE TABLE public.words (\n"
		"    a text COLLATE \"C\",\n"
		"    b text COLLATE \"en_US.utf8\",\n"
		"    c text COLLATE \"C.utf8\",\n"
		"    d text COLLATE app.german,\n"
		"    e text COLLATE \"de.utf8\"\n"
		");\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(output_is_deterministic)
{
	struct arena a = ARENA_INIT;
	struct catalog *w1 = catalog_new(&a), *w2 = catalog_new(&a), *h = catalog_new(&a);
	const char *names[] = { "delta", "alpha", "charlie", "bravo", "echo" };
	struct result r1, r2;
	size_t i;

	for (i = 0; i < 5; i++) {
		struct table *t1 = catalog_add_table(w1, "public", names[i]);
		struct table *t2 = catalog_add_table(w2, "public", names[4 - i]);
		col(w1, t1, "id", "integer", false, NULL);
		col(w2, t2, "id", "integer", false, NULL);
	}
	run_diff(&a, w1, h, &r1);
	run_diff(&a, w2, h, &r2);
	ck_assert_str_eq(r1.up.buf, r2.up.buf);
	ck_assert(strstr(r1.up.buf, "public.alpha") < strstr(r1.up.buf, "public.bravo"));
	result_release(&r1);
	result_release(&r2);
	catalog_free(w1);
	catalog_free(w2);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

START_TEST(drop_referenced_table_drops_fk_first)
{
	struct arena a = ARENA_INIT;
	struct catalog *w = catalog_new(&a), *h = catalog_new(&a);
	struct table *runs_w = catalog_add_table(w, "public", "a_runs");
	struct table *runs_h = catalog_add_table(h, "public", "a_runs");
	struct table *crews = catalog_add_table(h, "public", "b_crews");
	struct result r;

	col(w, runs_w, "crew_id", "integer", false, NULL);
	col(h, runs_h, "crew_id", "integer", false, NULL);
	col(h, crews, "id", "integer", true, NULL);
	con(h, crews, "b_crews_pkey", CON_PRIMARY, "id");
	fk(h, runs_h, "a_runs_crew_id_fkey", "crew_id", "b_crews", "id");
	run_diff(&a, w, h, &r);
	ck_assert_str_eq(r.up.buf,
		"ALTER TABLE public.a_runs DROP CONSTRAINT a_runs_crew_id_fkey;\n"
		"\n"
		"-- destroys data: drops table public.b_crews\n"
		"DROP TABLE public.b_crews;\n");
	ck_assert_str_eq(r.down.buf,
		"CREATE TABLE public.b_crews (\n"
		"    id integer NOT NULL,\n"
		"    PRIMARY KEY (id)\n"
		");\n"
		"\n"
		"ALTER TABLE public.a_runs ADD CONSTRAINT a_runs_crew_id_fkey FOREIGN KEY (crew_id) "
		"REFERENCES public.b_crews (id);\n");
	result_release(&r);
	catalog_free(w);
	catalog_free(h);
	arena_release(&a);
}
END_TEST

static Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, identical_catalogs_have_no_changes);
	tcase_add_test(tc, new_table_with_fk_index_and_comment);
	tcase_add_test(tc, column_changes);
	tcase_add_test(tc, enum_values);
	tcase_add_test(tc, enum_rebuild_converts_columns);
	tcase_add_test(tc, new_enum_value_used_in_same_migration_is_flagged);
	tcase_add_test(tc, fk_cycle_and_self_reference);
	tcase_add_test(tc, referenced_table_created_first);
	tcase_add_test(tc, renames_and_reverse);
	tcase_add_test(tc, constraint_and_index_changes);
	tcase_add_test(tc, schemas_extensions_sequences_comments);
	tcase_add_test(tc, sequence_options);
	tcase_add_test(tc, quoted_identifiers);
	tcase_add_test(tc, collation_names);
	tcase_add_test(tc, output_is_deterministic);
	tcase_add_test(tc, drop_referenced_table_drops_fk_first);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(diff_suite)
