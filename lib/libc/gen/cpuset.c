/*	Petrel libc: gen/cpuset.c -- cpuset(3) and pinning helpers.
 *
 * A set is a little-endian bitmap of CPUSET_BYTES bytes, the form both
 * Petrel's and Linux's affinity calls take.
 */
#include <sys/types.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

/*
 * The kernel's size, MAXCPUS (128) bits; Petrel's kernel takes longer
 * sets too (bits for CPUs it does not have count for nothing), as Linux
 * does any length that covers its CPUs (nr_cpu_ids).
 */
#define	CPUSET_BYTES	16

struct _cpuset {
	uint8_t	bits[CPUSET_BYTES];
};

cpuset_t *
cpuset_create(void)
{

	return calloc(1, sizeof(cpuset_t));
}

void
cpuset_destroy(cpuset_t *c)
{

	free(c);
}

void
cpuset_zero(cpuset_t *c)
{

	memset(c, 0, sizeof(*c));
}

int
cpuset_set(unsigned long i, cpuset_t *c)
{

	if (i >= CPUSET_BYTES * 8) {
		errno = EINVAL;
		return -1;
	}
	c->bits[i / 8] |= 1u << (i % 8);
	return 0;
}

int
cpuset_clr(unsigned long i, cpuset_t *c)
{

	if (i >= CPUSET_BYTES * 8) {
		errno = EINVAL;
		return -1;
	}
	c->bits[i / 8] &= ~(1u << (i % 8));
	return 0;
}

int
cpuset_isset(unsigned long i, const cpuset_t *c)
{

	if (i >= CPUSET_BYTES * 8) {
		errno = EINVAL;
		return -1;
	}
	return (c->bits[i / 8] >> (i % 8)) & 1;
}

size_t
cpuset_size(const cpuset_t *c)
{

	return sizeof(*c);
}

int
cpu_pin(unsigned long cpu)
{
	cpuset_t set;

	cpuset_zero(&set);
	if (cpuset_set(cpu, &set) == -1)
		return -1;
	return _sched_setaffinity(0, 0, sizeof(set), &set);
}

/* The lowest CPU of the calling process's affinity set, or -1. */
int
cpu_pinned(void)
{
	cpuset_t set;
	unsigned long i;

	cpuset_zero(&set);
	if (_sched_getaffinity(0, 0, sizeof(set), &set) == -1)
		return -1;
	for (i = 0; i < CPUSET_BYTES * 8; i++)
		if (cpuset_isset(i, &set))
			return (int)i;
	errno = ESRCH;
	return -1;
}
