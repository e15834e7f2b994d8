/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The text of a holder of a /dev/shm file through devshm_file_of(): a
 * name it gives is one component, and the text is "/dev/shm/" and it,
 * with at most the kernel's " (deleted)" after it.
 */
#include "devshm.h"
#include "fuzz_input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char *file = devshm_file_of(text);

	if (file) {
		size_t len = strlen(file);
		if (!len || strchr(file, '/') || strncmp(text, "/dev/shm/", 9) != 0 ||
		    strncmp(text + 9, file, len) != 0 ||
		    (text[9 + len] && strcmp(text + 9 + len, " (deleted)") != 0))
			abort();
		(void)devshm_is_temporary_sem(file);
	}
	free(file);
	free(text);
	return 0;
}
