/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_CONTAINER_H
#define IPCSCOPE_CONTAINER_H

#include <stdbool.h>

/*
 * Whose a process is: the container or systemd service it runs in, named
 * from its /proc/PID/cgroup as "RUNTIME:ID" or "RUNTIME:NAME":
 *
 *   docker:<64 hex>      /docker/ID, docker-ID.scope
 *   containerd:<64 hex>  cri-containerd-ID.scope, /kubepods/.../ID
 *   crio:<64 hex>        crio-ID.scope
 *   podman:<64 hex>      libpod-ID.scope, /libpod_parent/libpod-ID
 *   lxc:<name>           /lxc/NAME, /lxc.payload.NAME, /lxc.payload/NAME
 *   systemd:<unit>       the innermost *.service of the path
 *
 * A container beats a service (a service inside an LXC container is the
 * container's), the innermost container beats the ones around it, and the
 * cgroup v2 line beats the v1 name=systemd line, which beats the other v1
 * controllers.  Container runtimes' helpers (conmon, LXC's monitor) and
 * login sessions (session-N.scope) are in none: NULL.
 */

/* The container named by the text of a /proc/PID/cgroup (malloc'd), or NULL. */
char *container_from_cgroup(const char *text);
/* The same from /proc/PID/cgroup, opened at the /proc directory procfd: one
 * open, read and close.  NULL when it names none or cannot be read. */
char *container_of_process(int procfd, int pid);
/* For tables: an id cut to its first 12 hex digits, "docker:0123456789ab";
 * a name as it is (malloc'd). */
char *container_short(const char *container);
/*
 * Whether --container NAME names the container: its full value, its short
 * form, its id or name without the runtime ("0123456789ab", "web1",
 * "cron.service"), an id's first 4 or more hex digits with or without the
 * runtime ("docker:0123"), or a service's unit name without ".service".
 */
bool container_matches(const char *container, const char *name);

#endif
