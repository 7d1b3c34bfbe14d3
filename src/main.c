/*
 * main.c - retort's entry point. Everything else lives in the library that
 * the tests link too.
 */
#include "commands.h"

int main(int argc, char **argv)
{
	return retort_main(argc, argv);
}
