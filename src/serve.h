/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SERVE_H
#define IPCSCOPE_SERVE_H

/*
 * ipcscope serve: a Prometheus exporter.  One thread builds a snapshot
 * every --interval seconds and renders it to text once
 * (serve_refresh.c, serve_metrics.c); the HTTP server (serve_http.c) hands
 * out copies of that text, so a scrape never walks /proc and many
 * scrapers cost no more than one.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

struct selection;
struct snapshot;

#define SERVE_DEFAULT_LISTEN "127.0.0.1:9877"
#define SERVE_DEFAULT_INTERVAL 15
#define SERVE_DEFAULT_TOP 10
/* Fixed bounds on what clients may take, documented in the man page. */
#define SERVE_MAX_CONNECTIONS 32
#define SERVE_IDLE_TIMEOUT_S 10
#define SERVE_REQUEST_MEMORY 16384 /* request line and headers of one connection */

/* The metrics of one snapshot: summary's families and the exporter's own (serve_metrics.c). */
void serve_metrics_write(FILE *out, const struct snapshot *snap, unsigned top);

/*
 * The refreshes (serve_refresh.c).  serve_refresh_first() builds the first
 * snapshot, reporting its warnings on stderr; serve_refresh_loop() then
 * refreshes every `interval` seconds in the calling thread, or at once after
 * serve_refresh_now(), until serve_refresh_stop() (from another thread).
 */
void serve_refresh_first(const struct selection *sel, unsigned interval, unsigned top);
void serve_refresh_loop(void);
void serve_refresh_now(void);
void serve_refresh_stop(void);
void serve_refresh_free(void);
/* A copy of the latest metrics text (malloc'd), `openmetrics` with its "# EOF". */
char *serve_refresh_metrics(bool openmetrics, size_t *len);

/*
 * The HTTP side (serve_http.c).  serve_http_address() reads "ADDR:PORT"
 * ("127.0.0.1:9877", "[::]:9877", "localhost:9877"): -1 after a usage
 * message.  serve_http_listen() binds and listens: the socket, or -1 after
 * a message.  serve_http_start() answers on it in a thread of its own.
 */
int serve_http_address(const char *text, struct sockaddr_storage *addr, socklen_t *len);
int serve_http_listen(const struct sockaddr_storage *addr, socklen_t len, const char *text);
int serve_http_start(int fd, int family);
void serve_http_stop(void);

#endif
