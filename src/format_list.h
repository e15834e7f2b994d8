#ifndef IPCSCOPE_FORMAT_LIST_H
#define IPCSCOPE_FORMAT_LIST_H

/*
 * The output formats each command takes, as "table, json, ndjson"; NULL
 * for a name that is no command.  For --list-formats and the completion
 * scripts that ask it.
 */
const char *format_names_of(const char *command);

#endif
