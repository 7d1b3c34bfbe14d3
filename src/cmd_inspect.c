/*
 * cmd_inspect.c - `retort inspect`: the database's schema as a model file.
 *
 * Connects, introspects (introspect.h), warns once about objects of kinds
 * retort does not manage, and writes the model (model_write) to standard
 * output or to a file. A file is written under a temporary name and renamed
 * into place, so a failure never leaves a truncated model behind.
 */
#include <errno.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "db.h"
#include "diag.h"
#include "introspect.h"
#include "model.h"
#include "banned.h"

enum { OPT_SCHEMA = 256 };

static const struct option inspect_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ NULL, 0, NULL, 0 },
};

/* Writes data to an open stream and closes it: 0, or -1 with a message. */
static int write_and_close(FILE *f, const char *name, const struct strbuf *data, bool sync)
{
	int err;

	if (fwrite(data->buf, 1, data->len, f) != data->len || fflush(f) != 0 ||
	    (sync && fsync(fileno(f)) != 0)) {
		err = errno;
		fclose(f);
		msg_error("could not write '%s': %s", name, strerror(err));
		return -1;
	}
	if (fclose(f) != 0) {
		msg_error("could not write '%s': %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Writes data to path. A regular file (or a new one) is replaced through a
 * temporary file in the same folder and a rename, so a failure never leaves
 * a truncated model. Anything else (/dev/null, a pipe) is written in place:
 * renaming over it would replace the device with a plain file.
 */
static int write_file_atomically(struct arena *a, const char *path, const struct strbuf *data)
{
	char *tmp = arena_printf(a, "%s.XXXXXX", path);
	struct stat st;
	FILE *f;
	int fd, err;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		f = fopen(path, "w");
		if (!f) {
			msg_error("could not open '%s': %s", path, strerror(errno));
			return -1;
		}
		return write_and_close(f, path, data, false);
	}
	fd = mkstemp(tmp);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		msg_error("could not create a file next to '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (write_and_close(f, tmp, data, true) < 0) {
		unlink(tmp);
		return -1;
	}
	/* mkstemp makes the file private; a model is an ordinary project file. */
	chmod(tmp, 0644);
	if (rename(tmp, path) != 0) {
		err = errno;
		unlink(tmp);
		msg_error("could not rename '%s' to '%s': %s", tmp, path, strerror(err));
		return -1;
	}
	return 0;
}

/*
 * Foreign keys to tables that were not read (another schema, a filtered
 * table) make a model that does not validate on its own: say so once.
 */
static void warn_outside_references(const struct catalog *c)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, n = 0;

	for (i = 0; i < c->tables.len; i++) {
		const struct table *t = c->tables.items[i];

		for (j = 0; j < t->constraints.len; j++) {
			const struct constraint *con = t->constraints.items[j];

			if (con->type != CON_FOREIGN ||
			    catalog_find_table(c, con->ref_schema, con->ref_table))
				continue;
			if (n++ < 10)
				strbuf_addf(&sb, "%s%s.%s -> %s.%s", n > 1 ? ", " : "", t->o.schema,
					    t->o.name, con->ref_schema, con->ref_table);
		}
	}
	if (n > 10)
		strbuf_addf(&sb, " and %zu more", n - 10);
	if (n) {
		msg_warning("%zu foreign %s to tables left out of this inspection: %s", n,
			    n == 1 ? "key refers" : "keys refer", sb.buf);
		msg_hint("The model validates once those tables are modelled too.");
	}
	strbuf_release(&sb);
}

int cmd_inspect(struct retort_ctx *ctx, int argc, char **argv)
{
	struct ptrvec schemas = PTRVEC_INIT;
	struct introspect_opts opts;
	struct catalog *c = NULL;
	struct strbuf out = STRBUF_INIT;
	const char *output = NULL;
	PGconn *conn;
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "o:", inspect_options, NULL)) != -1) {
		switch (opt) {
		case 'o':
			output = optarg;
			break;
		case OPT_SCHEMA:
			ptrvec_push(&ctx->arena, &schemas, optarg);
			break;
		default:
			return command_usage_error("inspect", "unknown option for 'inspect'");
		}
	}
	if (optind < argc)
		return command_usage_error("inspect", "unexpected argument '%s'", argv[optind]);
	if (output && !*output)
		return command_usage_error("inspect", "the output file name is empty");
	/* --schema after the command replaces the configured list. */
	if (!schemas.len)
		schemas = ctx->cfg.schemas;

	conn = ctx_connect(ctx);
	if (!conn)
		return EXIT_DATABASE;
	opts.schemas = (const char *const *)schemas.items;
	opts.nschemas = schemas.len;
	opts.filter = ctx->cfg.filter;
	opts.version_table = ctx->cfg.version_table;
	opts.one_connection = ctx->cfg.read_connections == 1;
	rc = introspect(conn, &ctx->arena, &opts, &c);
	db_close(conn);
	if (rc != EXIT_OK)
		return rc;

	introspect_warn_unmanaged(c);
	warn_outside_references(c);
	model_write(c, &out);
	if (output) {
		if (write_file_atomically(&ctx->arena, output, &out) < 0)
			rc = EXIT_USAGE;
		else
			msg_info("wrote %zu %s to '%s'", c->tables.len,
				 c->tables.len == 1 ? "table" : "tables", output);
	} else {
		fwrite(out.buf, 1, out.len, stdout);
	}
	strbuf_release(&out);
	catalog_free(c);
	return rc;
}
