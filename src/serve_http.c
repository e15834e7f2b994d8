/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * serve's HTTP server, on libmicrohttpd: GET or HEAD of /metrics and of /,
 * nothing else.  The socket is bound here rather than by the library, so
 * that a port in use and an address that is not ours each get a message
 * of their own; the library then bounds the connections, the memory for
 * a request line and headers, and the time a connection may stay idle.
 */
#include "serve.h"
#include "util.h"

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CONTENT_TEXT "text/plain; version=0.0.4; charset=utf-8"
#define CONTENT_OPENMETRICS "application/openmetrics-text; version=1.0.0; charset=utf-8"

static const char index_page[] =
	"<!DOCTYPE html>\n<html><head><title>ipcscope exporter</title></head>\n"
	"<body><h1>ipcscope exporter</h1>\n"
	"<p>IPC objects, their kernel limits and stale objects, for Prometheus: "
	"<a href=\"/metrics\">/metrics</a></p>\n</body></html>\n";

static struct MHD_Daemon *daemon_running;

int serve_http_address(const char *text, struct sockaddr_storage *addr, socklen_t *len)
{
	const char *colon = strrchr(text, ':');
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res = NULL;
	uint64_t port;
	char *host;
	int err;

	if (!colon || colon == text || parse_u64(colon + 1, &port) < 0 || port == 0 || port > 65535) {
		msg_error("invalid --listen '%s': give ADDRESS:PORT, e.g. 127.0.0.1:9877, [::]:9877 or "
			  "0.0.0.0:9877, with a port from 1 to 65535", text);
		return -1;
	}
	/* "[::1]:9877": an IPv6 address in brackets, as in a URL. */
	if (text[0] == '[' && colon[-1] == ']')
		host = xasprintf("%.*s", (int)(colon - text - 2), text + 1);
	else
		host = xasprintf("%.*s", (int)(colon - text), text);
	err = getaddrinfo(host, colon + 1, &hints, &res);
	if (err || !res || res->ai_addrlen > sizeof(*addr)) {
		msg_error("invalid --listen '%s': address '%s': %s", text, host,
			  err ? gai_strerror(err) : "not an address to listen on");
		free(host);
		if (res)
			freeaddrinfo(res);
		return -1;
	}
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	free(host);
	return 0;
}

int serve_http_listen(const struct sockaddr_storage *addr, socklen_t len, const char *text)
{
	int one = 1;
	int fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		msg_error("cannot listen on %s: %s", text, strerror(errno));
		return -1;
	}
	/* A restart finds the port free while the last run's connections linger in TIME_WAIT. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)addr, len) < 0 || listen(fd, 64) < 0) {
		if (errno == EADDRINUSE)
			msg_error("cannot listen on %s: the port is in use by another program", text);
		else
			msg_error("cannot listen on %s: %s", text, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static enum MHD_Result answer_with(struct MHD_Connection *c, unsigned status, const char *type,
				   void *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
	enum MHD_Result result;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	result = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return result;
}

static enum MHD_Result answer_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return answer_with(c, status, "text/plain; charset=utf-8", (void *)text, strlen(text),
			   MHD_RESPMEM_PERSISTENT);
}

/* Whether the client asks for OpenMetrics, as Prometheus does first in its Accept header. */
static bool wants_openmetrics(struct MHD_Connection *c)
{
	const char *accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);

	return accept && strstr(accept, "application/openmetrics-text");
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)version, (void)upload_data, (void)upload_data_size, (void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n");
	if (strcmp(url, "/metrics") == 0) {
		bool om = wants_openmetrics(c);
		size_t len;
		char *text = serve_refresh_metrics(om, &len);
		return answer_with(c, MHD_HTTP_OK, om ? CONTENT_OPENMETRICS : CONTENT_TEXT, text, len,
				   MHD_RESPMEM_MUST_FREE);
	}
	if (strcmp(url, "/") == 0)
		return answer_with(c, MHD_HTTP_OK, "text/html; charset=utf-8", (void *)index_page,
				   strlen(index_page), MHD_RESPMEM_PERSISTENT);
	return answer_text(c, MHD_HTTP_NOT_FOUND, "not found: try /metrics\n");
}

int serve_http_start(int fd, int family)
{
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | (family == AF_INET6 ? MHD_USE_IPv6 : 0);

	daemon_running = MHD_start_daemon(
		flags, 0, NULL, NULL, answer, NULL, MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_REQUEST_MEMORY, MHD_OPTION_END);
	if (!daemon_running) {
		msg_error("cannot start the HTTP server");
		return -1;
	}
	return 0;
}

void serve_http_stop(void)
{
	if (daemon_running)
		MHD_stop_daemon(daemon_running);
	daemon_running = NULL;
}
