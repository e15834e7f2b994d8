#ifndef IPCSCOPE_JSON_OBJECT_H
#define IPCSCOPE_JSON_OBJECT_H

struct ipc_object;
struct jsonw;
struct proc_info;
struct strvec;

/* The JSON form of one object, shared by every JSON-speaking format. */
void json_write_object(struct jsonw *w, const struct ipc_object *obj);
void json_write_unreadable(struct jsonw *w, const struct proc_info *proc);
/* "warnings": [...], the last member of every document. */
void json_write_warnings(struct jsonw *w, const struct strvec *warnings);

#endif
