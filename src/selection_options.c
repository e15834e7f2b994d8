/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "selection_options.h"

int selection_apply_kinds(void *sel, const char *arg)
{
	return selection_add_kinds(sel, arg);
}

int selection_apply_pids(void *sel, const char *arg)
{
	return selection_add_pids(sel, arg);
}

int selection_apply_user(void *sel, const char *arg)
{
	return selection_set_user(sel, arg);
}

int selection_apply_name(void *sel, const char *arg)
{
	return selection_set_name(sel, arg);
}

int selection_apply_ports(void *sel, const char *arg)
{
	return selection_add_ports(sel, arg);
}

int selection_apply_netns(void *sel, const char *arg)
{
	return selection_set_netns(sel, arg);
}

int selection_apply_ipcns(void *sel, const char *arg)
{
	return selection_set_ipcns(sel, arg);
}

int selection_apply_container(void *sel, const char *arg)
{
	return selection_set_container(sel, arg);
}

int selection_apply_filter(void *sel, const char *arg)
{
	return selection_set_filter(sel, arg);
}

int selection_apply_ns(void *sel, const char *arg)
{
	return selection_set_ns(sel, arg);
}

int selection_add_kind_operands(struct selection *sel, int argc, char **argv, int first)
{
	for (int i = first; i < argc; i++)
		if (selection_add_kinds(sel, argv[i]) < 0)
			return -1;
	return 0;
}
