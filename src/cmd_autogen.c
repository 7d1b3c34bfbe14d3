/* cmd_autogen.c - placeholder until its module lands. */
#include "commands.h"
#include "diag.h"
#include "banned.h"

int cmd_autogen(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_revision(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_diff(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_check(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

