/*	Petrel: sys/device.h -- autoconfiguration, NetBSD-shaped.	*/
#ifndef _SYS_DEVICE_H_
#define _SYS_DEVICE_H_

#include <sys/types.h>

typedef struct device *device_t;
typedef struct cfdata *cfdata_t;

/* One line of the kernel configuration: "name* at parent?" */
struct cfdata {
	const char	*cf_name;	/* driver name */
	int		 cf_unit;	/* fixed unit or CFUNIT_STAR */
	const char	*cf_parent;	/* parent driver, NULL for root */
};
#define CFUNIT_STAR	(-1)

/* A driver's autoconf entry points. */
struct cfattach {
	const char	*ca_name;
	size_t		 ca_devsize;	/* softc size */
	int		(*ca_match)(device_t, cfdata_t, void *);
	void		(*ca_attach)(device_t, device_t, void *);
	int		(*ca_detach)(device_t, int);
	int		(*ca_activate)(device_t, int);
	int		(*ca_rescan)(device_t, const char *, const int *);
	void		(*ca_childdetached)(device_t, device_t);
};

#define CFATTACH_DECL2_NEW(name, ssize, match, attach, detach, activate, \
	    rescan, chdet) \
	struct cfattach name##_ca = { #name, ssize, match, attach, detach, \
	    activate, rescan, chdet }
#define CFATTACH_DECL_NEW(name, ssize, match, attach, detach, activate) \
	CFATTACH_DECL2_NEW(name, ssize, match, attach, detach, activate, \
	    NULL, NULL)

#define DEVICE_XNAME_SIZE	16

struct device {
	char		 dv_xname[DEVICE_XNAME_SIZE];	/* "vcpu1" */
	int		 dv_unit;
	device_t	 dv_parent;
	const struct cfattach *dv_cfattach;
	cfdata_t	 dv_cfdata;
	void		*dv_private;	/* softc */
	device_t	 dv_next;	/* all devices, attach order */
};

typedef int (*cfprint_t)(void *, const char *);
#define UNCONF	1
#define QUIET	0

extern struct cfdata cfdata[];
extern struct cfattach *const cfattach_list[];

device_t config_rootfound(const char *, void *);
device_t config_found(device_t, void *, cfprint_t);
int	 config_detach(device_t, int);
void	*device_private(device_t);
const char *device_xname(device_t);
int	 device_unit(device_t);
device_t device_parent(device_t);
device_t device_find_by_xname(const char *);
bool	 device_is_a(device_t, const char *);

/* Autoconf messages, as NetBSD's aprint(9). */
void	aprint_normal(const char *, ...) __printflike(1, 2);
void	aprint_verbose(const char *, ...) __printflike(1, 2);
void	aprint_debug(const char *, ...) __printflike(1, 2);
void	aprint_error(const char *, ...) __printflike(1, 2);
void	aprint_naive(const char *, ...) __printflike(1, 2);
void	aprint_normal_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_verbose_dev(device_t, const char *, ...) __printflike(2, 3);
void	aprint_error_dev(device_t, const char *, ...) __printflike(2, 3);
int	aprint_get_error_count(void);

#endif /* _SYS_DEVICE_H_ */
