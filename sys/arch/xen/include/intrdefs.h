/*	Petrel: xen/intrdefs.h -- the kinds of IPI one event channel carries.	*/
#ifndef _XEN_INTRDEFS_H_
#define _XEN_INTRDEFS_H_
#define XEN_IPI_KICK	0x01	/* just wake it (out of SCHEDOP_block) */
#define XEN_IPI_HALT	0x02	/* stop the CPU */
#define XEN_IPI_XCALL	0x04	/* run the pending cross-call */
#define XEN_IPI_DDB	0x08	/* report state (debugger entry) */
/*
 * A ping and its answer, a full round trip through two handlers: for
 * the tests and the benchmarks only (options KTEST, KBENCH).
 */
#if defined(KTEST) || defined(KBENCH)
#define XEN_IPI_PING	0x10	/* count it; answer who asked (xen_ping) */
#define XEN_IPI_PONG	0x20	/* the answer to a ping: count it */
#endif
#define XEN_NIPIS	6
#define XEN_IPI_NAMES	{ "kick", "halt", "xcall", "ddb", "ping", "pong" }
#endif
