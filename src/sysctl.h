/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SYSCTL_H
#define IPCSCOPE_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

/*
 * The numbers of a /proc/sys file by its sysctl name, "kernel.sem" for
 * /proc/sys/kernel/sem: how many there were (at most `max` are kept), or -1
 * when the file cannot be read or holds anything but unsigned decimals.
 */
int sysctl_numbers(const char *name, uint64_t *values, size_t max);

/* The same for text such as "32000\t1024000000\t500\t32000\n". */
int sysctl_parse_numbers(const char *text, uint64_t *values, size_t max);

#endif
