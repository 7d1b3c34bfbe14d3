/*
 * commands.c - global options, configuration order and the command table.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "db.h"
#include "diag.h"
#include "filter.h"
#include "model.h"
#include "banned.h"

#ifndef RETORT_VERSION
#define RETORT_VERSION "0.1.0"
#endif

static const struct command commands[] = {
	{ "init", cmd_init, "[DIR]",
	  "create retort.conf, models/, generated/ and templates/ for a new project",
	  "" },
	{ "validate", cmd_validate, "[PATH]",
	  "check the model files against the schema and for consistency",
	  "" },
	{ "inspect", cmd_inspect, "[-o FILE] [--schema NAME]...",
	  "write the database's schema as a model file",
	  "  -o, --output FILE     write to FILE instead of standard output\n"
	  "      --schema NAME     read only schema NAME (repeatable)\n" },
	{ "autogen", cmd_autogen, "-m MESSAGE [--empty]",
	  "write a migration that brings the database to the models",
	  "  -m, --message TEXT    what the migration does (required)\n"
	  "      --empty           write a migration even when nothing changed\n" },
	{ "revision", cmd_revision, "-m MESSAGE",
	  "write an empty migration for hand-written SQL",
	  "  -m, --message TEXT    what the migration does (required)\n" },
	{ "diff", cmd_diff, "",
	  "print the upgrade SQL autogen would write, without writing a file",
	  "" },
	{ "check", cmd_check, "",
	  "exit 0 when the database matches the models, 1 with the differences otherwise",
	  "" },
	{ "apply", cmd_apply, "[--single-transaction] [--lock-timeout SECONDS]",
	  "apply every pending migration (upgrade heads); safe on every deploy",
	  "      --single-transaction  run the whole batch in one transaction\n"
	  "      --lock-timeout SECS   wait at most SECS for another runner\n"
	  "      --allow-changed       apply even if an applied file was edited\n" },
	{ "upgrade", cmd_upgrade, "[--sql] [FROM:]TARGET",
	  "apply migrations up to TARGET (head, heads, REV, +N)",
	  "      --sql                 print the SQL script instead of running it\n"
	  "      --single-transaction  run the whole batch in one transaction\n"
	  "      --lock-timeout SECS   wait at most SECS for another runner\n"
	  "      --allow-changed       apply even if an applied file was edited\n" },
	{ "downgrade", cmd_downgrade, "[--sql] [FROM:]TARGET",
	  "revert migrations down to TARGET (REV, -N, base)",
	  "      --sql                 print the SQL script instead of running it\n"
	  "      --lock-timeout SECS   wait at most SECS for another runner\n" },
	{ "current", cmd_current, "[--verbose]",
	  "show the revisions applied to the database",
	  "      --verbose             show checksums and apply times\n" },
	{ "history", cmd_history, "[-r RANGE] [--verbose] [--indicate-current]",
	  "list revisions, newest first",
	  "  -r, --rev-range RANGE     e.g. base:head, abc:, -3:current\n"
	  "      --verbose             show parents, dates and files\n"
	  "  -i, --indicate-current    mark the revisions applied to the database\n" },
	{ "heads", cmd_heads, "",
	  "list the revisions nothing builds on yet",
	  "" },
	{ "branches", cmd_branches, "",
	  "list the revisions where history forks",
	  "" },
	{ "show", cmd_show, "REV",
	  "show one revision's header and SQL",
	  "" },
	{ "merge", cmd_merge, "-m MESSAGE REV REV...",
	  "write a migration that joins several heads",
	  "  -m, --message TEXT    what the merge is for (required)\n" },
	{ "stamp", cmd_stamp, "[--purge] [--lock-timeout SECONDS] REV...",
	  "record REVs and their ancestors as applied without running SQL (base clears)",
	  "      --purge               replace the whole record, even unknown revisions\n"
	  "      --lock-timeout SECS   wait at most SECS for another runner\n" },
};

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_usage(FILE *f)
{
	size_t i;

	fputs("usage: retort [options] COMMAND [args]\n\n"
	      "Keeps a PostgreSQL schema in step with XML model files.\n\n"
	      "Commands:\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\nOptions:\n"
	      "  -d, --database CONNINFO  libpq URI or key=value string (default: DATABASE_URL,\n"
	      "                           retort.conf, then libpq's PG* environment)\n"
	      "      --models PATH        model folder or file (default: models)\n"
	      "      --migrations DIR     migration folder (default: generated)\n"
	      "      --templates DIR      template folder (default: templates)\n"
	      "      --schema NAME        manage only schema NAME (repeatable)\n"
	      "      --include REGEX      compare only matching schema.name objects (repeatable)\n"
	      "      --exclude REGEX      leave matching schema.name objects out (repeatable)\n"
	      "      --version-table NAME bookkeeping table (default: retort_version)\n"
	      "  -c, --config FILE        configuration file (default: ./retort.conf)\n"
	      "  -q, --quiet              print only errors and requested output\n"
	      "  -v, --verbose            print more detail\n"
	      "  -h, --help               show this help; 'retort COMMAND --help' for a command\n"
	      "  -V, --version            show the version\n\n"
	      "See retort(1) and retort-model(5).\n", f);
}

static void print_command_help(const struct command *cmd)
{
	printf("usage: retort %s%s%s\n\n%s\n", cmd->name, *cmd->synopsis ? " " : "",
	       cmd->synopsis, cmd->summary);
	if (*cmd->options)
		printf("\nOptions:\n%s", cmd->options);
	printf("\nGlobal options (before the command) are listed by 'retort --help'.\n");
}

int command_usage_error(const char *name, const char *fmt, ...)
{
	const struct command *cmd = find_command(name);
	va_list ap;

	fputs("retort: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "usage: retort %s %s\n", cmd->name, cmd->synopsis);
	fprintf(stderr, "hint: 'retort %s --help' lists the options.\n", name);
	return EXIT_USAGE;
}

void command_getopt_reset(void)
{
	optind = 0;	/* GNU getopt: 0 re-initialises, including "+" handling */
	opterr = 1;
}

PGconn *ctx_connect(struct retort_ctx *ctx)
{
	return db_connect(ctx->cfg.database);
}

/* Prints the loader's diagnostics; the models, or NULL when they have errors. */
static struct catalog *report_models(struct retort_ctx *ctx, struct catalog *c, struct diags *d)
{
	diag_print(d);
	if (c && d->nerrors) {
		catalog_free(c);
		c = NULL;
	}
	if (!c)
		msg_error("the models in '%s' have errors; nothing was done", ctx->cfg.models);
	diag_release(d);
	return c;
}

struct catalog *ctx_load_models(struct retort_ctx *ctx)
{
	struct diags d = DIAGS_INIT;
	struct catalog *c = model_load(&ctx->models_arena, ctx->cfg.models, ctx->cfg.filter, &d);

	return report_models(ctx, c, &d);
}

void ctx_models_start(struct retort_ctx *ctx, struct model_async *ma)
{
	model_load_start(ma, &ctx->models_arena, ctx->cfg.models, ctx->cfg.filter);
}

struct catalog *ctx_models_finish(struct retort_ctx *ctx, struct model_async *ma)
{
	struct catalog *c = model_load_wait(ma);

	return report_models(ctx, c, &ma->diags);
}

/* Options given on the command line, applied after file and environment. */
struct cli_settings {
	const char *config, *database, *models, *migrations, *templates, *version_table;
	struct ptrvec schemas, include, exclude;
};

enum {
	OPT_MODELS = 256, OPT_MIGRATIONS, OPT_TEMPLATES, OPT_SCHEMA, OPT_INCLUDE,
	OPT_EXCLUDE, OPT_VERSION_TABLE,
};

static const struct option global_options[] = {
	{ "database", required_argument, NULL, 'd' },
	{ "config", required_argument, NULL, 'c' },
	{ "models", required_argument, NULL, OPT_MODELS },
	{ "migrations", required_argument, NULL, OPT_MIGRATIONS },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "version-table", required_argument, NULL, OPT_VERSION_TABLE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to continue, or an exit status. */
static int parse_global(struct retort_ctx *ctx, struct cli_settings *cli, int argc, char **argv)
{
	struct arena *a = &ctx->arena;
	int c;

	command_getopt_reset();
	while ((c = getopt_long(argc, argv, "+d:c:qvhV", global_options, NULL)) != -1) {
		switch (c) {
		case 'd': cli->database = optarg; break;
		case 'c': cli->config = optarg; break;
		case OPT_MODELS: cli->models = optarg; break;
		case OPT_MIGRATIONS: cli->migrations = optarg; break;
		case OPT_TEMPLATES: cli->templates = optarg; break;
		case OPT_VERSION_TABLE: cli->version_table = optarg; break;
		case OPT_SCHEMA: ptrvec_push(a, &cli->schemas, optarg); break;
		case OPT_INCLUDE: ptrvec_push(a, &cli->include, optarg); break;
		case OPT_EXCLUDE: ptrvec_push(a, &cli->exclude, optarg); break;
		case 'q': msg_verbosity = 0; break;
		case 'v': msg_verbosity = 2; break;
		case 'h': print_usage(stdout); return EXIT_OK;
		case 'V': printf("retort %s\n", RETORT_VERSION); return EXIT_OK;
		default:
			fputs("hint: 'retort --help' lists the options.\n", stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

static void apply_cli(struct config *cfg, const struct cli_settings *cli)
{
	if (cli->database)
		cfg->database = cli->database;
	if (cli->models)
		cfg->models = cli->models;
	if (cli->migrations)
		cfg->migrations = cli->migrations;
	if (cli->templates)
		cfg->templates = cli->templates;
	if (cli->version_table)
		cfg->version_table = cli->version_table;
	/* Lists from the command line replace the file's, as single values do. */
	if (cli->schemas.len)
		cfg->schemas = cli->schemas;
	if (cli->include.len)
		cfg->include = cli->include;
	if (cli->exclude.len)
		cfg->exclude = cli->exclude;
}

static int load_config(struct retort_ctx *ctx, const struct cli_settings *cli)
{
	struct diags d = DIAGS_INIT;
	int rc = EXIT_OK;

	config_defaults(&ctx->cfg);
	if (config_read_file(&ctx->cfg, &ctx->arena, cli->config ? cli->config : "retort.conf",
			     cli->config != NULL, &d) < 0)
		rc = EXIT_USAGE;
	config_apply_env(&ctx->cfg);
	apply_cli(&ctx->cfg, cli);
	if (rc == EXIT_OK && config_compile_filter(&ctx->cfg, &d) < 0)
		rc = EXIT_USAGE;
	diag_print(&d);
	diag_release(&d);
	return rc;
}

static bool wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

static int finish_output(int rc)
{
	/* A full disk or closed pipe must not pass for success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_error("could not write to standard output");
		return rc ? rc : EXIT_USAGE;
	}
	return rc;
}

static int run_command(struct retort_ctx *ctx, int argc, char **argv)
{
	struct cli_settings cli;
	const struct command *cmd;
	int rc;

	memset(&cli, 0, sizeof(cli));
	rc = parse_global(ctx, &cli, argc, argv);
	if (rc >= 0)
		return rc;
	if (optind >= argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	if (strcmp(argv[0], "help") == 0) {
		if (argc < 2) {
			print_usage(stdout);
			return EXIT_OK;
		}
		argv++;
		argc--;
		if (!find_command(argv[0])) {
			msg_error("unknown command '%s'", argv[0]);
			return EXIT_USAGE;
		}
		print_command_help(find_command(argv[0]));
		return EXIT_OK;
	}
	cmd = find_command(argv[0]);
	if (!cmd) {
		const char *names[sizeof(commands) / sizeof(commands[0])];
		const char *near;
		size_t i;

		for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			names[i] = commands[i].name;
		near = nearest_name(argv[0], names, sizeof(commands) / sizeof(commands[0]));
		msg_error("unknown command '%s'", argv[0]);
		if (near)
			msg_hint("Did you mean '%s'?", near);
		else
			msg_hint("'retort --help' lists the commands.");
		return EXIT_USAGE;
	}
	if (wants_help(argc, argv)) {
		print_command_help(cmd);
		return EXIT_OK;
	}
	rc = load_config(ctx, &cli);
	if (rc != EXIT_OK)
		return rc;
	command_getopt_reset();
	return cmd->fn(ctx, argc, argv);
}

int retort_main(int argc, char **argv)
{
	struct retort_ctx ctx;
	int rc;

	memset(&ctx, 0, sizeof(ctx));
	arena_init(&ctx.arena);
	arena_init(&ctx.models_arena);
	rc = run_command(&ctx, argc, argv);
	filter_free(ctx.cfg.filter);
	arena_release(&ctx.models_arena);
	arena_release(&ctx.arena);
	return finish_output(rc);
}
