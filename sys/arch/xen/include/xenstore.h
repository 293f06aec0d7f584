/*	Petrel: xen/xenstore.h -- a xenstore client over the store ring.	*/
#ifndef _XEN_XENSTORE_H_
#define _XEN_XENSTORE_H_

#include <sys/types.h>

bool	xenstore_available(void);
int	xenstore_read(const char *, char *, size_t);
int	xenstore_write(const char *, const char *);
int	xenstore_directory(const char *, char *, size_t, int *);
int	xenstore_rm(const char *);

#endif
