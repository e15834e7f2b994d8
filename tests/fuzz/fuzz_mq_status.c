/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The text a read() of /dev/mqueue/NAME gives, through mq_status_parse(). */
#include "fuzz_input.h"
#include "mq_status.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct mq_status st;

	if (mq_status_parse(text, &st) == 0 && (st.notify_pid < 0 || st.notify_pid > INT32_MAX))
		abort();
	free(text);
	return 0;
}
