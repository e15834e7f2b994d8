/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_PROMETHEUS_H
#define IPCSCOPE_PROMETHEUS_H

/*
 * The Prometheus text exposition format, shared by summary --format
 * prometheus and the serve command's /metrics: every family is a gauge.
 */

#include <stdbool.h>
#include <stdio.h>

struct summary;

/* A label value (quote true) or HELP text, escaped and made valid UTF-8. */
void prometheus_put_escaped(FILE *out, const char *s, bool quote);
/* A family's HELP and TYPE lines, before its samples. */
void prometheus_family(FILE *out, const char *name, const char *help);
/* Every family summary --format prometheus writes: objects, bytes, limits, unreadable. */
void prometheus_write_summary(const struct summary *sum, FILE *out);

#endif
