/*
 * cmd_autogen.c - `retort autogen`, `revision`, `diff` and `check`.
 *
 * All four share one pipeline: load the models, introspect the database,
 * bring the model's texts to the database's canonical form, diff both
 * ways (upgrade and downgrade), order the changes and emit SQL. autogen
 * writes the result as a migration file (only when the database is at
 * the folder's heads, so the new file applies on top of what is there);
 * diff prints the upgrade SQL; check only reports. revision writes an
 * empty migration for hand-written SQL and needs no database.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "db.h"
#include "diag.h"
#include "diff.h"
#include "emit.h"
#include "introspect.h"
#include "migfile.h"
#include "normalize.h"
#include "order.h"
#include "runner.h"
#include "banned.h"

/* The changes that bring the database to the models, and back. */
struct plan {
	struct catalog *model, *db;
	struct change_list up, down;
};

static void plan_release(struct plan *p)
{
	catalog_free(p->model);
	catalog_free(p->db);
	p->model = p->db = NULL;
}

static bool schema_is_managed(const struct config *cfg, const char *schema)
{
	size_t i;

	if (!cfg->schemas.len || !schema)
		return true;
	for (i = 0; i < cfg->schemas.len; i++)
		if (strcmp(cfg->schemas.items[i], schema) == 0)
			return true;
	return false;
}

/*
 * With `schemas` configured only those schemas are read from the database,
 * so a model object elsewhere would be "created" on every run. Says which
 * and returns false.
 */
static bool models_within_schemas(const struct config *cfg, const struct catalog *model)
{
	const struct ptrvec *lists[] = { &model->schemas, &model->enums, &model->sequences,
					 &model->tables };
	size_t i, j;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		for (j = 0; j < lists[i]->len; j++) {
			const struct obj *o = lists[i]->items[j];
			const char *schema = o->kind == OBJ_SCHEMA ? o->name : o->schema;

			if (schema_is_managed(cfg, schema))
				continue;
			msg_error("the models declare %s '%s%s%s' in schema '%s', which is not managed",
				  obj_kind_names[o->kind], o->kind == OBJ_SCHEMA ? "" : schema,
				  o->kind == OBJ_SCHEMA ? "" : ".", o->name, schema);
			msg_hint("Add '%s' to 'schemas' in retort.conf (or --schema), or remove the object "
				 "from the models.", schema);
			return false;
		}
	}
	return true;
}

/* Reads the database's catalog as the configuration says (schemas, filter). */
static int read_database(struct retort_ctx *ctx, PGconn *conn, struct catalog **out)
{
	struct introspect_opts o;

	memset(&o, 0, sizeof(o));
	o.schemas = (const char *const *)ctx->cfg.schemas.items;
	o.nschemas = ctx->cfg.schemas.len;
	o.filter = ctx->cfg.filter;
	o.version_table = ctx->cfg.version_table;
	o.one_connection = ctx->cfg.read_connections == 1;
	return introspect(conn, &ctx->arena, &o, out);
}

/* Seconds on a monotonic clock, for -v's account of where the time went. */
static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Diffs the loaded models against the database's catalog. Returns
 * EXIT_OK with p filled, or an exit status after printing why.
 */
static int plan_compare(struct retort_ctx *ctx, PGconn *conn, struct plan *p)
{
	double t0, t1;
	int rc;

	if (!models_within_schemas(&ctx->cfg, p->model))
		return EXIT_USAGE;
	introspect_warn_unmanaged(p->db);
	t0 = now_s();
	rc = normalize_model(p->model, p->db, conn);
	if (rc != EXIT_OK)
		return rc;
	t1 = now_s();
	diff_both(&ctx->arena, p->model, p->db, &p->up, &p->down);
	if (order_changes(&ctx->arena, &p->up) < 0 || order_changes(&ctx->arena, &p->down) < 0)
		return EXIT_USAGE;
	msg_verbose("normalized in %.3f s, diffed and ordered in %.3f s", t1 - t0, now_s() - t1);
	return EXIT_OK;
}

/*
 * Loads the models and reads the database at the same time (the models on
 * a second thread, model_async.h), then compares them; conn is left open
 * for the caller. autogen passes parents: the database must be at the
 * heads of the migration folder, which is checked once the models are
 * known to be good. The models speak first: with broken models nothing is
 * said about the database (unless reading it failed, which is said as it
 * happens).
 */
static int plan_load_and_build(struct retort_ctx *ctx, PGconn **conn, struct plan *p,
			       const char ***parents, size_t *nparents)
{
	double t0 = now_s(), t1;
	struct model_async ma;
	PGconn *c;
	int rc = EXIT_DATABASE;

	memset(p, 0, sizeof(*p));
	*conn = NULL;
	ctx_models_start(ctx, &ma);
	c = db_connect_quiet(ctx->cfg.database);
	if (c && PQstatus(c) == CONNECTION_OK)
		rc = read_database(ctx, c, &p->db);
	t1 = now_s();
	p->model = ctx_models_finish(ctx, &ma);
	if (!p->model) {
		db_close(c);
		return EXIT_USAGE;
	}
	*conn = db_connect_report(c);
	if (!*conn || rc != EXIT_OK)
		return rc;
	msg_verbose("read the database in %.3f s; the models were ready %.3f s later",
		    t1 - t0, now_s() - t1);
	if (parents) {
		rc = history_parents_for_new_revision(ctx, *conn, parents, nparents);
		if (rc != EXIT_OK)
			return rc;
	}
	return plan_compare(ctx, *conn, p);
}

static void print_report(const struct change_list *list, FILE *f)
{
	struct strbuf sb = STRBUF_INIT;

	emit_report(list, &sb);
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

static char *sql_text(const struct change_list *list)
{
	struct strbuf sb = STRBUF_INIT;

	emit_sql(list, &sb);
	strbuf_rtrim(&sb);
	return strbuf_detach(&sb);
}

/* Parses "-m MESSAGE" and, when empty_flag is not NULL, "--empty". */
static int parse_message_options(const char *cmd, int argc, char **argv,
				 const char **message, bool *empty_flag)
{
	static const struct option opts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "empty", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*message = NULL;
	while ((c = getopt_long(argc, argv, "+m:", opts, NULL)) != -1) {
		if (c == 'm')
			*message = optarg;
		else if (c == 'e' && empty_flag)
			*empty_flag = true;
		else
			return command_usage_error(cmd, "unknown option for '%s'", cmd);
	}
	if (optind < argc)
		return command_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!*message || !**message)
		return command_usage_error(cmd, "a message is required (-m MESSAGE)");
	return EXIT_OK;
}

static int parse_no_options(const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };

	if (getopt_long(argc, argv, "+", opts, NULL) != -1)
		return command_usage_error(cmd, "unknown option for '%s'", cmd);
	if (optind < argc)
		return command_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return EXIT_OK;
}

static int write_migration(struct retort_ctx *ctx, const char *const *parents, size_t nparents,
			   const char *message, const char *up, const char *down)
{
	const char *path = NULL;
	int rc = migfile_write(&ctx->arena, ctx->cfg.migrations, ctx->cfg.templates, parents,
			       nparents, message, up, down, &path);

	if (rc == EXIT_OK)
		printf("Generating %s ... done\n", path);
	return rc;
}

/* True when a change uses an enum value that an ADD VALUE of the same list adds. */
static bool needs_enum_split(const struct change_list *list)
{
	size_t i;

	for (i = 0; i < list->items.len; i++)
		if (((const struct change *)list->items.items[i])->uses_new_enum_value)
			return true;
	return false;
}

/* The revision id in a migration file name: YYYYMMDD_HHMMSS_<rev>_slug.sql. */
static const char *revision_of_path(struct arena *a, const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if (strlen(base) < 16 + MIGFILE_REV_LEN || base[8] != '_' || base[15] != '_')
		return NULL;
	return arena_strndup(a, base + 16, MIGFILE_REV_LEN);
}

/*
 * PostgreSQL refuses an enum value before the transaction that added it
 * commits, and the runner applies a migration in one transaction. So when
 * the upgrade uses a value it adds, autogen writes two migrations: the
 * first only adds the values (the database with those values is the
 * state in between, read once more and given the model's value lists),
 * the second does the rest. Each gets its own exact downgrade.
 */
static int write_split_migrations(struct retort_ctx *ctx, PGconn *conn, struct plan *p,
				  const char *const *parents, size_t nparents, const char *message)
{
	struct catalog *mid = NULL;
	struct change_list up1, down1, up2, down2;
	const char *path = NULL, *rev;
	char *sql[4];
	size_t i;
	int rc;

	rc = read_database(ctx, conn, &mid);
	if (rc != EXIT_OK)
		return rc;
	for (i = 0; i < p->up.items.len; i++) {
		const struct change *ch = p->up.items.items[i];
		const struct enum_type *want = (const struct enum_type *)ch->obj;
		struct enum_type *e;

		if (ch->kind != CH_ENUM_ADD_VALUE)
			continue;
		e = catalog_find_enum(mid, want->o.schema, want->o.name);
		if (e) {
			e->values = want->values;
			e->nvalues = want->nvalues;
		}
	}
	memset(&up1, 0, sizeof(up1));
	memset(&down1, 0, sizeof(down1));
	memset(&up2, 0, sizeof(up2));
	memset(&down2, 0, sizeof(down2));
	diff_both(&ctx->arena, mid, p->db, &up1, &down1);
	diff_both(&ctx->arena, p->model, mid, &up2, &down2);
	if (order_changes(&ctx->arena, &up1) < 0 || order_changes(&ctx->arena, &down1) < 0 ||
	    order_changes(&ctx->arena, &up2) < 0 || order_changes(&ctx->arena, &down2) < 0) {
		catalog_free(mid);
		return EXIT_USAGE;
	}
	sql[0] = sql_text(&up1);
	sql[1] = sql_text(&down1);
	sql[2] = sql_text(&up2);
	sql[3] = sql_text(&down2);
	msg_info("the upgrade uses enum values it adds, which PostgreSQL allows only after they "
		 "are committed: writing two migrations");
	rc = migfile_write(&ctx->arena, ctx->cfg.migrations, ctx->cfg.templates, parents, nparents,
			   arena_printf(&ctx->arena, "%s (new enum values)", message),
			   sql[0], sql[1], &path);
	if (rc == EXIT_OK) {
		printf("Generating %s ... done\n", path);
		rev = revision_of_path(&ctx->arena, path);
		rc = rev ? write_migration(ctx, &rev, 1, message, sql[2], sql[3]) : EXIT_USAGE;
	}
	for (i = 0; i < 4; i++)
		free(sql[i]);
	catalog_free(mid);
	return rc;
}

int cmd_autogen(struct retort_ctx *ctx, int argc, char **argv)
{
	const char *message, **parents = NULL;
	size_t nparents = 0, ndestroy;
	bool empty = false;
	PGconn *conn = NULL;
	struct plan p;
	char *up, *down;
	int rc;

	rc = parse_message_options("autogen", argc, argv, &message, &empty);
	if (rc != EXIT_OK)
		return rc;
	rc = plan_load_and_build(ctx, &conn, &p, &parents, &nparents);
	if (rc != EXIT_OK || (!p.up.items.len && !empty)) {
		if (rc == EXIT_OK)
			printf("No changes detected\n");
		db_close(conn);
		plan_release(&p);
		return rc;
	}
	if (msg_verbosity > 0)
		print_report(&p.up, stdout);
	up = sql_text(&p.up);
	down = sql_text(&p.down);
	if (needs_enum_split(&p.up))
		rc = write_split_migrations(ctx, conn, &p, parents, nparents, message);
	else
		rc = write_migration(ctx, parents, nparents, message, up, down);
	db_close(conn);
	ndestroy = emit_count_destructive(&p.up);
	if (rc == EXIT_OK && ndestroy)
		msg_warning("%zu statement%s of the upgrade destroy%s data (marked '-- destroys data'); "
			    "review the migration before applying it",
			    ndestroy, ndestroy == 1 ? "" : "s", ndestroy == 1 ? "s" : "");
	free(up);
	free(down);
	plan_release(&p);
	return rc;
}

int cmd_revision(struct retort_ctx *ctx, int argc, char **argv)
{
	const char *message, **parents = NULL;
	size_t nparents = 0;
	int rc;

	rc = parse_message_options("revision", argc, argv, &message, NULL);
	if (rc != EXIT_OK)
		return rc;
	rc = history_parents_for_new_revision(ctx, NULL, &parents, &nparents);
	if (rc != EXIT_OK)
		return rc;
	return write_migration(ctx, parents, nparents, message, "", "");
}

int cmd_diff(struct retort_ctx *ctx, int argc, char **argv)
{
	PGconn *conn = NULL;
	struct plan p;
	int rc;

	rc = parse_no_options("diff", argc, argv);
	if (rc != EXIT_OK)
		return rc;
	rc = plan_load_and_build(ctx, &conn, &p, NULL, NULL);
	db_close(conn);
	if (rc == EXIT_OK) {
		struct strbuf sb = STRBUF_INIT;

		emit_sql(&p.up, &sb);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
		if (!p.up.items.len)
			msg_info("No changes detected");
	}
	plan_release(&p);
	return rc;
}

int cmd_check(struct retort_ctx *ctx, int argc, char **argv)
{
	PGconn *conn = NULL;
	struct plan p;
	int rc;

	rc = parse_no_options("check", argc, argv);
	if (rc != EXIT_OK)
		return rc;
	rc = plan_load_and_build(ctx, &conn, &p, NULL, NULL);
	db_close(conn);
	if (rc == EXIT_OK) {
		if (p.up.items.len) {
			print_report(&p.up, stdout);
			rc = EXIT_DIFFERENCES;
		} else if (msg_verbosity > 0) {
			printf("No differences\n");
		}
	}
	plan_release(&p);
	return rc;
}
