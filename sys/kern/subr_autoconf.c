/*	Petrel: kern/subr_autoconf.c -- autoconfiguration.
 *
 * The kernel configuration (ioconf.c, generated from the config file)
 * lists "child at parent" lines.  config_found() offers the attach
 * arguments to every driver configured under the parent; the best
 * match attaches as the next unit of its driver.
 */

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>

#define NDEVICES_MAX	(MAXCPUS * 2 + 32)

static struct device device_store[NDEVICES_MAX];
static uint64_t softc_store[16384] __aligned(64);	/* 128 KiB */
static size_t softc_used;
static int ndevices;
static device_t alldevs, alldevs_tail;

static const struct cfattach *
cfattach_lookup(const char *name)
{
	int i;

	for (i = 0; cfattach_list[i] != NULL; i++)
		if (strcmp(cfattach_list[i]->ca_name, name) == 0)
			return cfattach_list[i];
	return NULL;
}

static int
next_unit(const char *name)
{
	device_t d;
	int unit = 0;

	for (d = alldevs; d != NULL; d = d->dv_next)
		if (strcmp(d->dv_cfattach->ca_name, name) == 0 &&
		    d->dv_unit >= unit)
			unit = d->dv_unit + 1;
	return unit;
}

static void *
softc_alloc(size_t size)
{
	void *p;

	size = roundup(size, 64);
	if (softc_used + size > sizeof(softc_store))
		return NULL;
	p = (char *)softc_store + softc_used;
	softc_used += size;
	memset(p, 0, size);
	return p;
}

static device_t
config_attach(device_t parent, cfdata_t cf, const struct cfattach *ca,
    void *aux, cfprint_t print)
{
	device_t dev;

	if (ndevices == NDEVICES_MAX) {
		aprint_error("autoconf: device table full, %s not attached\n",
		    cf->cf_name);
		return NULL;
	}
	dev = &device_store[ndevices++];
	dev->dv_unit = cf->cf_unit == CFUNIT_STAR ? next_unit(cf->cf_name) :
	    cf->cf_unit;
	snprintf(dev->dv_xname, sizeof(dev->dv_xname), "%s%d", cf->cf_name,
	    dev->dv_unit);
	dev->dv_parent = parent;
	dev->dv_cfattach = ca;
	dev->dv_cfdata = cf;
	dev->dv_private = ca->ca_devsize ? softc_alloc(ca->ca_devsize) : NULL;
	if (ca->ca_devsize != 0 && dev->dv_private == NULL) {
		aprint_error("autoconf: out of softc space for %s\n",
		    dev->dv_xname);
		ndevices--;
		return NULL;
	}
	if (alldevs == NULL)
		alldevs = dev;
	else
		alldevs_tail->dv_next = dev;
	alldevs_tail = dev;

	if (parent == NULL)
		aprint_normal("%s (root)", dev->dv_xname);
	else {
		aprint_normal("%s at %s", dev->dv_xname, parent->dv_xname);
		if (print != NULL)
			(*print)(aux, NULL);
	}
	(*ca->ca_attach)(parent, dev, aux);
	return dev;
}

/* Try every configured child of "parent" (NULL: the root). */
static device_t
config_search(device_t parent, void *aux, cfprint_t print)
{
	const char *pname = parent ? parent->dv_cfattach->ca_name : NULL;
	const struct cfattach *ca, *best_ca = NULL;
	cfdata_t cf, best = NULL;
	int pri, best_pri = 0;

	for (cf = cfdata; cf->cf_name != NULL; cf++) {
		if (pname == NULL ? cf->cf_parent != NULL :
		    cf->cf_parent == NULL || strcmp(cf->cf_parent, pname) != 0)
			continue;
		if ((ca = cfattach_lookup(cf->cf_name)) == NULL)
			continue;
		pri = (*ca->ca_match)(parent, cf, aux);
		if (pri > best_pri) {
			best = cf;
			best_ca = ca;
			best_pri = pri;
		}
	}
	if (best == NULL)
		return NULL;
	return config_attach(parent, best, best_ca, aux, print);
}

device_t
config_rootfound(const char *name, void *aux)
{
	device_t dev = config_search(NULL, aux, NULL);

	if (dev != NULL && strcmp(dev->dv_cfattach->ca_name, name) != 0)
		panic("root device is %s, not %s", dev->dv_xname, name);
	return dev;
}

device_t
config_found(device_t parent, void *aux, cfprint_t print)
{
	device_t dev = config_search(parent, aux, print);

	if (dev == NULL && print != NULL) {
		(*print)(aux, parent->dv_xname);
		aprint_normal(" not configured\n");
	}
	return dev;
}

/* Detach: the driver lets go, the device leaves the tree. */
int
config_detach(device_t dev, int flags)
{
	const struct cfattach *ca = dev->dv_cfattach;
	device_t *pp;
	int error = 0;

	if (ca->ca_detach == NULL)
		return -1;
	if ((error = (*ca->ca_detach)(dev, flags)) != 0)
		return error;
	if (dev->dv_parent != NULL &&
	    dev->dv_parent->dv_cfattach->ca_childdetached != NULL)
		(*dev->dv_parent->dv_cfattach->ca_childdetached)(
		    dev->dv_parent, dev);
	for (pp = &alldevs; *pp != NULL; pp = &(*pp)->dv_next)
		if (*pp == dev) {
			*pp = dev->dv_next;
			break;
		}
	alldevs_tail = NULL;
	for (pp = &alldevs; *pp != NULL; pp = &(*pp)->dv_next)
		alldevs_tail = *pp;
	return 0;
}

void *
device_private(device_t dev)
{
	return dev->dv_private;
}

const char *
device_xname(device_t dev)
{
	return dev->dv_xname;
}

int
device_unit(device_t dev)
{
	return dev->dv_unit;
}

device_t
device_parent(device_t dev)
{
	return dev->dv_parent;
}

bool
device_is_a(device_t dev, const char *name)
{
	return dev != NULL && strcmp(dev->dv_cfattach->ca_name, name) == 0;
}

device_t
device_find_by_xname(const char *name)
{
	device_t d;

	for (d = alldevs; d != NULL; d = d->dv_next)
		if (strcmp(d->dv_xname, name) == 0)
			return d;
	return NULL;
}
