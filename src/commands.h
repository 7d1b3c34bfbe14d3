/*
 * commands.h - the command table and what every command receives.
 *
 * The dispatcher (commands.c) parses global options, loads configuration in
 * its documented order, handles --help for every command, then calls the
 * command function. A command returns its exit status (enum exit_code);
 * it owns nothing beyond the run: everything it allocates for the run goes
 * into ctx->arena, released by the dispatcher.
 */
#ifndef RETORT_COMMANDS_H
#define RETORT_COMMANDS_H

#include <libpq-fe.h>

#include "arena.h"
#include "catalog.h"
#include "config.h"
#include "model_async.h"

struct retort_ctx {
	struct config cfg;
	struct arena arena;
	struct arena models_arena;	/* the models, which may load on a thread of their own */
};

typedef int (*command_fn)(struct retort_ctx *ctx, int argc, char **argv);

struct command {
	const char *name;
	command_fn fn;
	const char *synopsis;	/* after "retort NAME " */
	const char *summary;	/* one line for "retort --help" */
	const char *options;	/* the command's own options, for "retort NAME --help" */
};

/* Entry point used by main(); returns the process exit status. */
int retort_main(int argc, char **argv);

/*
 * Connects to the configured database, printing a clear error on failure
 * (then the command returns EXIT_DATABASE).
 */
PGconn *ctx_connect(struct retort_ctx *ctx);

/*
 * Loads, validates and filters the models named by the configuration.
 * Diagnostics are printed; NULL means the command should return EXIT_USAGE.
 */
struct catalog *ctx_load_models(struct retort_ctx *ctx);

/*
 * ctx_load_models in two halves, with the database read in between
 * (model_async.h): ctx_models_start returns at once; ctx_models_finish
 * waits, then prints and returns as ctx_load_models does.
 */
void ctx_models_start(struct retort_ctx *ctx, struct model_async *ma);
struct catalog *ctx_models_finish(struct retort_ctx *ctx, struct model_async *ma);

/* Prints "usage: retort NAME SYNOPSIS" and a hint to stderr; returns EXIT_USAGE. */
int command_usage_error(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Resets getopt so a command can parse its own argv (argv[0] is its name). */
void command_getopt_reset(void);

/* Command functions, one module per area. */
int cmd_init(struct retort_ctx *ctx, int argc, char **argv);
int cmd_validate(struct retort_ctx *ctx, int argc, char **argv);
int cmd_inspect(struct retort_ctx *ctx, int argc, char **argv);
int cmd_autogen(struct retort_ctx *ctx, int argc, char **argv);
int cmd_revision(struct retort_ctx *ctx, int argc, char **argv);
int cmd_diff(struct retort_ctx *ctx, int argc, char **argv);
int cmd_check(struct retort_ctx *ctx, int argc, char **argv);
int cmd_apply(struct retort_ctx *ctx, int argc, char **argv);
int cmd_upgrade(struct retort_ctx *ctx, int argc, char **argv);
int cmd_downgrade(struct retort_ctx *ctx, int argc, char **argv);
int cmd_current(struct retort_ctx *ctx, int argc, char **argv);
int cmd_history(struct retort_ctx *ctx, int argc, char **argv);
int cmd_heads(struct retort_ctx *ctx, int argc, char **argv);
int cmd_branches(struct retort_ctx *ctx, int argc, char **argv);
int cmd_show(struct retort_ctx *ctx, int argc, char **argv);
int cmd_merge(struct retort_ctx *ctx, int argc, char **argv);
int cmd_stamp(struct retort_ctx *ctx, int argc, char **argv);

#endif
