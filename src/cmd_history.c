/* cmd_history.c - placeholder until its module lands. */
#include "commands.h"
#include "diag.h"
#include "banned.h"

int cmd_apply(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_upgrade(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_downgrade(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_current(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_history(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_heads(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_branches(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_show(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_merge(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

int cmd_stamp(struct retort_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	msg_error("'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

