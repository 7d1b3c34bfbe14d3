/* cmd_inspect.c - placeholder until its module lands. */
#include "commands.h"
#include "diag.h"
#include "banned.h"

int cmd_inspect(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

